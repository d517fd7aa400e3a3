"""Tools of the schedule domain (use cases ``shooting-schedule`` and ``budgeting``).

Metadata only: the code behind each tool (ortools, openpyxl, reportlab) loads when it runs.
"""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

_LIMIT = Param(
    "time_limit",
    "number",
    "Solver time limit (seconds)",
    default=20,
    help_fr="Temps de calcul maximal du solveur (secondes)",
    minimum=1,
    maximum=3600,
)
_FORMATS = Param(
    "formats",
    "text",
    "Exports: json, xlsx, ics, pdf (comma-separated)",
    default="json,xlsx,ics,pdf",
    help_fr="Exports : json, xlsx, ics, pdf (séparés par des virgules)",
)

register(
    Tool(
        id="schedule-optimise",
        usecase="shooting-schedule",
        status="runs",
        title_en="Optimised shooting schedule (stripboard, DOOD, call sheets)",
        title_fr="Plan de travail optimisé (dépouillement en bandes, DOOD, feuilles de service)",
        command="imagia schedule optimise SCENES.csv --constraints CONSTRAINTS.yaml",
        scope_en=(
            "stripboard optimised with OR-Tools CP-SAT (large neighbourhood search from a "
            "constructive start, or the whole model) from a scene list (CSV, XLSX, JSON) and "
            "production constraints (calendar, capacity, cast availability and costs, location "
            "windows, day/night, must-shoot, together, order); cost = cast days + company moves "
            "+ day/night switches + overtime, gap reported; conflicting constraints named when "
            "infeasible; Day Out Of Days, draft call sheets; JSON, XLSX, ICS, PDF"
        ),
        scope_fr=(
            "plan de travail optimisé par OR-Tools CP-SAT (recherche à grand voisinage à partir "
            "d'un plan construit, ou modèle entier) à partir d'une liste de séquences "
            "(CSV, XLSX, JSON) et des contraintes de production (calendrier, capacité, "
            "disponibilités et coûts des comédiens, fenêtres des décors, jour/nuit, dates "
            "imposées, séquences groupées ou ordonnées) ; coût = jours comédiens + déplacements "
            "+ changements jour/nuit + heures supplémentaires, écart à l'optimum indiqué ; "
            "contraintes en conflit nommées ; DOOD, feuilles de service ; JSON, XLSX, ICS, PDF"
        ),
        entry="imagia.schedule.jobs:optimise_job",
        params=(
            Param(
                "scenes",
                "file",
                "Scene list (CSV, XLSX or JSON)",
                required=True,
                help_fr="Liste des séquences (CSV, XLSX ou JSON)",
                accept=("text", "xlsx"),
            ),
            Param(
                "constraints",
                "file",
                "Production constraints (YAML or JSON)",
                required=True,
                help_fr="Contraintes de production (YAML ou JSON)",
                accept=("text",),
            ),
            _LIMIT,
            Param(
                "strategy",
                "choice",
                "Search: lns (large neighbourhood search around CP-SAT from a constructive "
                "stripboard, made for large productions) or cpsat (the whole model at once)",
                default="lns",
                choices=("lns", "cpsat"),
                help_fr="Recherche : lns (recherche à grand voisinage autour de CP-SAT à partir "
                "d'un plan construit, faite pour les grandes productions) ou cpsat (le modèle "
                "entier d'un coup)",
            ),
            _FORMATS,
        ),
        outputs=("schedule/json", "schedule/xlsx", "schedule/ics", "schedule/pdf"),
        demo="imagia.schedule.demo:optimise_example",
    )
)

register(
    Tool(
        id="schedule-replan",
        usecase="shooting-schedule",
        status="partial",
        title_en="Re-plan a shooting schedule with minimal change",
        title_fr="Replanifier un plan de travail en changeant le moins possible",
        command="imagia schedule replan SCHEDULE.json --constraints NEW.yaml --shot-through DATE",
        scope_en=(
            "re-planning only: keeps the days already shot, moves the fewest scenes after a "
            "change (actor unavailable, location lost, day lost), reports the moves and the cost "
            "difference"
        ),
        scope_fr=(
            "replanification seulement : garde les jours tournés, déplace le moins de séquences "
            "possible après un changement (comédien indisponible, décor perdu, journée perdue), "
            "indique les déplacements et l'écart de coût"
        ),
        entry="imagia.schedule.jobs:replan_job",
        params=(
            Param(
                "schedule",
                "file",
                "Schedule to re-plan (.schedule.json)",
                required=True,
                help_fr="Plan de travail à replanifier (.schedule.json)",
                accept=("text",),
            ),
            Param(
                "constraints",
                "file",
                "Changed constraints (YAML or JSON); default: the schedule's own",
                help_fr="Contraintes modifiées (YAML ou JSON) ; par défaut : celles du plan de "
                "travail",
                accept=("text",),
            ),
            Param(
                "scenes",
                "file",
                "Changed scene list; default: the schedule's own",
                help_fr="Liste des séquences modifiée ; par défaut : celle du plan de travail",
                accept=("text", "xlsx"),
            ),
            Param(
                "shot_through",
                "text",
                "Last date already shot (YYYY-MM-DD)",
                help_fr="Dernière date déjà tournée (AAAA-MM-JJ)",
            ),
            _LIMIT,
            _FORMATS,
        ),
        outputs=("schedule/json", "schedule/xlsx", "schedule/ics", "schedule/pdf"),
        demo="imagia.schedule.demo:replan_example",
    )
)

register(
    Tool(
        id="schedule-talent",
        usecase="shooting-schedule",
        status="partial",
        title_en="Talent scheduling (scene order minimising cast waiting cost)",
        title_fr="Ordonnancement des comédiens (ordre des séquences minimisant l'attente payée)",
        command="imagia schedule solve-talent FILE --format json",
        scope_en=(
            "the classical talent-scheduling problem (CSPLib prob039; ddo and MiniZinc "
            "formats): exact DP proves the optimum up to about 24 distinct scenes; beyond, "
            "DP-window search and CP-SAT with a time limit, gap reported"
        ),
        scope_fr=(
            "le problème classique d'ordonnancement des comédiens (CSPLib prob039 ; formats "
            "ddo et MiniZinc) : optimum prouvé par programmation dynamique jusqu'à environ "
            "24 séquences distinctes ; au-delà, recherche par fenêtres et CP-SAT avec limite "
            "de temps, écart indiqué"
        ),
        entry="imagia.schedule.jobs:talent_job",
        params=(
            Param(
                "file",
                "file",
                "Instance (ddo/CSPLib text or MiniZinc .dzn)",
                required=True,
                help_fr="Instance (texte ddo/CSPLib ou .dzn MiniZinc)",
                accept=("text",),
            ),
            Param(
                "method",
                "choice",
                "Solver",
                default="auto",
                choices=("auto", "dp", "lns", "cpsat", "greedy", "script"),
                help_fr="Solveur",
            ),
            Param(
                "time_limit",
                "number",
                "CP-SAT time limit (seconds)",
                default=60,
                help_fr="Temps de calcul maximal de CP-SAT (secondes)",
                minimum=1,
                maximum=3600,
            ),
        ),
        outputs=("talent/json",),
        demo="imagia.schedule.demo:talent_example",
    )
)

register(
    Tool(
        id="budget-topsheet",
        usecase="budgeting",
        status="partial",
        title_en="Budget top sheet from the schedule and a rate card",
        title_fr="Devis (top sheet) à partir du plan de travail et d'une grille de tarifs",
        command="imagia schedule budget SCHEDULE.json --rate-card RATES.yaml",
        scope_en=(
            "top sheet by account numbered as the CNC's devis, with detail lines and a "
            "low/likely/high range, computed from the schedule (DOOD, shooting days, locations, "
            "moves) and an editable rate card; crew and cast paid on dated French minimum wages "
            "(each line with its source, date and whether it was verified) with overtime, night "
            "and Sunday premiums and social charges as parameters; the wage grids shipped are "
            "partial and dated, the other figures of the example card illustrative; no estimate "
            "learnt from past productions"
        ),
        scope_fr=(
            "devis par poste numéroté comme le devis du CNC, avec le détail et une fourchette "
            "basse/probable/haute, calculé à partir du plan de travail (DOOD, jours, décors, "
            "déplacements) et d'une grille de tarifs modifiable ; équipe et comédiens payés aux "
            "minima conventionnels datés (chaque ligne avec sa source, sa date et s'il a été "
            "vérifié) avec heures supplémentaires, majorations de nuit et du dimanche et charges "
            "sociales en paramètres ; les grilles de salaires fournies sont partielles et datées, "
            "les autres chiffres de la grille d'exemple indicatifs ; pas d'estimation apprise sur "
            "des productions passées"
        ),
        entry="imagia.schedule.jobs:budget_job",
        params=(
            Param(
                "schedule",
                "file",
                "Schedule (.schedule.json)",
                required=True,
                help_fr="Plan de travail (.schedule.json)",
                accept=("text",),
            ),
            Param(
                "rate_card",
                "file",
                "Rate card (YAML; wage: CARD/LINE refers to dated minimum wages, see imagia "
                "schedule wages); default: the example rate card",
                help_fr="Grille de tarifs (YAML ; wage: CARTE/LIGNE renvoie aux minima "
                "conventionnels datés, voir imagia schedule wages) ; par défaut : la grille "
                "d'exemple",
                accept=("text",),
            ),
        ),
        outputs=("budget/json", "budget/xlsx", "budget/pdf"),
        demo="imagia.schedule.demo:budget_example",
    )
)
