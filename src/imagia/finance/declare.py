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

register(
    Tool(
        id="finance-issue",
        usecase="rights-accounting",
        status="runs",
        title_en="Issue numbered statements (closed periods)",
        title_fr="Émettre des relevés numérotés (périodes closes)",
        command="imagia finance issue WORK --period 2026-H1",
        scope_en=(
            "issuing freezes a period's statements: numbered, dated, their PDF/XLSX/JSON "
            "checksummed in the workspace's register; paid before read from the payments "
            "ledger; receipts reported late booked in the open period with their original "
            "date; a correction is a new statement naming the one it corrects"
        ),
        scope_fr=(
            "l'émission fige les relevés d'une période : numérotés, datés, leurs PDF, XLSX "
            "et JSON enregistrés avec leur empreinte dans le registre de l'espace de travail ; "
            "déjà réglé lu dans le registre des paiements ; recettes déclarées en retard "
            "imputées sur la période ouverte avec leur date d'origine ; une correction est un "
            "nouveau relevé qui renvoie à celui qu'il corrige"
        ),
        entry="imagia.finance.jobs:run_issue",
        params=(
            _WORK,
            Param(
                "period",
                "text",
                "Period to issue: 2026-H1, 2025, 2025-Q3...",
                required=True,
                help_fr="Période à émettre : 2026-H1, 2025, 2025-Q3…",
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
                "corrects",
                "text",
                "Number of the issued statement this one corrects",
                help_fr="Numéro du relevé émis que celui-ci corrige",
            ),
            Param(
                "date",
                "text",
                "Date of issue, YYYY-MM-DD (default: today)",
                help_fr="Date d'émission, AAAA-MM-JJ (par défaut : aujourd'hui)",
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
        demo="imagia.finance.demo:issue_example",
    )
)

register(
    Tool(
        id="finance-catalogue",
        usecase="rights-accounting",
        status="runs",
        title_en="Statements across a catalogue of works",
        title_fr="Relevés sur un catalogue d'œuvres",
        command="imagia finance catalogue CATALOGUE --period 2026-H1",
        scope_en=(
            "a beneficiary's statement over all their works of a catalogue: each work's "
            "entitlement, paid before and due, totals per currency, cross-collateralised "
            "remuneration pooled between works; statements received may cover many works "
            "(a work column)"
        ),
        scope_fr=(
            "le relevé d'un bénéficiaire sur toutes ses œuvres d'un catalogue : pour chaque "
            "œuvre ce qui lui revient, ce qui est déjà réglé et ce qui est dû, totaux par "
            "devise, rémunérations en compensation croisée mises en commun entre œuvres ; un "
            "relevé reçu peut couvrir plusieurs œuvres (une colonne œuvre)"
        ),
        entry="imagia.finance.jobs:run_catalogue",
        params=(
            Param(
                "catalogue",
                "file",
                "The catalogue file (catalogue.yaml, Catalogue.1) beside its work folders",
                required=True,
                help_fr="Fichier du catalogue (catalogue.yaml, Catalogue.1), à côté des "
                "dossiers de ses œuvres",
                accept=("text",),
            ),
            Param(
                "period",
                "text",
                "Period: 2026-H1, 2025, 2025-Q3...",
                required=True,
                help_fr="Période : 2026-H1, 2025, 2025-Q3…",
            ),
            Param(
                "beneficiary",
                "text",
                "Party id (default: every beneficiary of the catalogue)",
                help_fr="Identifiant de la partie (par défaut : tous les bénéficiaires du "
                "catalogue)",
            ),
            Param(
                "date",
                "text",
                "Date of the statements, YYYY-MM-DD (default: today)",
                help_fr="Date des relevés, AAAA-MM-JJ (par défaut : aujourd'hui)",
            ),
        ),
        outputs=("catalogue-statement/json", "catalogue-statements/csv"),
        demo="imagia.finance.demo:catalogue_example",
    )
)

register(
    Tool(
        id="finance-costs",
        usecase="rights-accounting",
        status="runs",
        title_en="Production cost account and financing plan",
        title_fr="Compte de production et plan de financement",
        command="imagia finance costs WORK",
        scope_en=(
            "the production cost account by heading and the financing plan by kind with each "
            "share and the gap, from a cost ledger (costs.csv) and a financing ledger "
            "(financing.csv); PDF, XLSX and JSON, French and English, numbered and checksummed"
        ),
        scope_fr=(
            "le compte de production par poste et le plan de financement par nature, avec la "
            "part de chacun et l'écart, à partir d'un registre des coûts (costs.csv) et d'un "
            "registre des financements (financing.csv) ; PDF, XLSX et JSON, en français et en "
            "anglais, numérotés et scellés par empreinte"
        ),
        entry="imagia.finance.jobs:run_costs",
        params=(
            _WORK,
            Param(
                "lang",
                "choice",
                "Language of the account (both: French and English)",
                default="fr",
                choices=("fr", "en", "both"),
                help_fr="Langue du compte (both : français et anglais)",
            ),
            Param(
                "date",
                "text",
                "Date the account is drawn up, YYYY-MM-DD (default: today)",
                help_fr="Date d'établissement du compte, AAAA-MM-JJ (par défaut : aujourd'hui)",
            ),
        ),
        outputs=("costs/json", "costs/pdf", "costs/xlsx"),
        demo="imagia.finance.demo:costs_example",
    )
)
