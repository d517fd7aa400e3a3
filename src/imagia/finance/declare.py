"""Tools of the rights-accounting domain (use case ``rights-accounting``). Metadata only."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

_WORK = Param(
    "work",
    "file",
    "The work's contracts file (contracts.yaml, Contract.1) beside its "
    "received.yaml, mappings and statements",
    required=True,
    help_fr="Fichier des contrats de l'œuvre (contracts.yaml, Contract.1), à côté de "
    "son received.yaml, de ses correspondances et de ses relevés",
    accept=("text",),
)

register(
    Tool(
        id="finance-waterfall",
        usecase="rights-accounting",
        status="runs",
        title_en="Revenue waterfall with audit trail",
        title_fr="Cascade des recettes avec piste d'audit",
        command="imagia finance waterfall WORK --as-of 2026-H1",
        scope_en=(
            "contracts as data (fees by channel and tier, capped expenses, MGs, licences, "
            "authors' percentages with advances, corridors, pari passu shares, exclusions); "
            "distributors' CSV/XLSX statements through saved mappings; every figure traced "
            "to its clause and source rows"
        ),
        scope_fr=(
            "contrats en données (commissions par mode et palier, frais plafonnés, MG, "
            "licences, pourcentages d'auteurs avec avances, corridors, pari passu, "
            "exclusions) ; relevés CSV/XLSX des distributeurs via des correspondances "
            "enregistrées ; chaque montant relié à sa clause et à ses lignes"
        ),
        entry="imagia.finance.jobs:run_waterfall",
        params=(
            _WORK,
            Param(
                "as_of",
                "text",
                "Date or period (default: latest statement)",
                help_fr="Date ou période (par défaut : dernier relevé)",
            ),
        ),
        outputs=("waterfall/json", "figures/csv"),
        demo="imagia.finance.demo:waterfall_example",
    )
)

register(
    Tool(
        id="finance-statements",
        usecase="rights-accounting",
        status="runs",
        title_en="Statements to rights holders",
        title_fr="Redditions de comptes aux ayants droit",
        command="imagia finance statements WORK --period 2026-H1",
        scope_en=(
            "a statement per beneficiary and period, PDF, XLSX and JSON, French or English, "
            "even when nothing is due: receipts by channel and territory, deductions, "
            "recouped amounts, balance to recoup, amount due, audit trail"
        ),
        scope_fr=(
            "un relevé par bénéficiaire et période, en PDF, XLSX et JSON, en français ou en "
            "anglais, même sans somme due : recettes par mode et territoire, déductions, "
            "montants récupérés, reste à récupérer, montant dû, piste d'audit"
        ),
        entry="imagia.finance.jobs:run_statements",
        params=(
            _WORK,
            Param(
                "period",
                "text",
                "Period: 2026-H1, 2025, 2025-Q3... (default: the latest)",
                help_fr="Période : 2026-H1, 2025, 2025-Q3… (par défaut : la dernière)",
            ),
            Param(
                "beneficiary",
                "text",
                "Party id (default: every beneficiary)",
                help_fr="Identifiant de la partie (par défaut : tous les bénéficiaires)",
            ),
            Param(
                "lang",
                "choice",
                "Language (default: each party's)",
                choices=("fr", "en"),
                help_fr="Langue (par défaut : celle de chaque partie)",
            ),
            Param(
                "formats",
                "text",
                "Formats: pdf,xlsx,json",
                default="pdf,xlsx,json",
                help_fr="Formats : pdf,xlsx,json",
            ),
        ),
        outputs=("statement/pdf", "statement/xlsx", "statement/json"),
        demo="imagia.finance.demo:statements_example",
    )
)

register(
    Tool(
        id="finance-anomalies",
        usecase="rights-accounting",
        status="runs",
        title_en="Checks on distributors' statements",
        title_fr="Contrôles des relevés des distributeurs",
        command="imagia finance anomalies WORK",
        scope_en=(
            "missing statements, fees above the contract, expenses over their cap or charged "
            "twice, receipts outside the rights granted, overage paid before the MG is "
            "recouped, totals that do not add up, outliers against the work's history"
        ),
        scope_fr=(
            "relevés manquants, commissions au-delà du contrat, frais au-delà du plafond ou "
            "facturés deux fois, recettes hors des droits cédés, surplus versé avant "
            "récupération du MG, totaux faux, valeurs atypiques au regard de l'historique"
        ),
        entry="imagia.finance.jobs:run_anomalies",
        params=(
            _WORK,
            Param(
                "as_of",
                "text",
                "Date or period (default: latest statement)",
                help_fr="Date ou période (par défaut : dernier relevé)",
            ),
        ),
        outputs=("anomalies/json", "anomalies/csv"),
        demo="imagia.finance.demo:anomalies_example",
    )
)
