"""Tools of the broadcast domain: recommendation of works under editorial controls."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

_INTERACTIONS = Param(
    "interactions",
    "file",
    "Interactions CSV (user, item, rating, time); none: MovieLens 100k from the recbole package",
    help_fr=(
        "Interactions en CSV (utilisateur, œuvre, note, date) ; sans fichier : MovieLens 100k "
        "du paquet recbole"
    ),
    accept=("text",),
)
_CATALOGUE = Param(
    "catalogue",
    "file",
    "Catalogue CSV (id, title, genres, year, eof, european, age_rating...); with interactions",
    help_fr=(
        "Catalogue en CSV (id, title, genres, year, eof, european, age_rating...) ; "
        "avec les interactions"
    ),
    accept=("text",),
)
_MODEL = Param(
    "model",
    "choice",
    "Model: EASE (best measured), ItemKNN, implicit ALS or popularity",
    default="ease",
    choices=("ease", "itemknn", "als", "popularity"),
    help_fr="Modèle : EASE (le meilleur mesuré), ItemKNN, ALS implicite ou popularité",
)

register(
    Tool(
        id="recommend",
        usecase="recommendation",
        status="partial",
        title_en="Recommendations under editorial controls (French and European quotas)",
        title_fr="Recommandations sous contrôle éditorial (quotas français et européens)",
        command="imagia recommend for USER [--interactions F --catalogue F] --eof-share 0.4",
        scope_en=(
            "top-n works for a viewer from a model fitted on the platform's interactions, "
            "re-ranked to meet EOF/European quotas, pins, bans, age ratings and genre variety, "
            "each with its reason; no audio-visual content analysis, no live serving at scale"
        ),
        scope_fr=(
            "les n œuvres proposées à un spectateur par un modèle appris sur les interactions de "
            "la plateforme, reclassées pour tenir les quotas EOF/européens, les mises en avant, "
            "les exclusions, la signalétique et la variété des genres, chacune avec sa raison ; "
            "sans analyse des contenus ni service en ligne à grande échelle"
        ),
        entry="imagia.broadcast.jobs:run_recommend",
        params=(
            Param(
                "user",
                "text",
                "The viewer's id (an unknown id gets the popular works: cold start)",
                required=True,
                help_fr="Identifiant du spectateur (inconnu : les œuvres populaires)",
            ),
            _INTERACTIONS,
            _CATALOGUE,
            _MODEL,
            Param(
                "n",
                "integer",
                "How many works",
                default=10,
                minimum=1,
                maximum=100,
                help_fr="Nombre d'œuvres",
            ),
            Param(
                "eof_share",
                "number",
                "Minimum share of French original works (EOF) in the first positions",
                default=0.4,
                minimum=0,
                maximum=1,
                help_fr="Part minimale d'œuvres d'expression originale française (EOF) en tête",
            ),
            Param(
                "european_share",
                "number",
                "Minimum share of European works in the first positions",
                default=0.6,
                minimum=0,
                maximum=1,
                help_fr="Part minimale d'œuvres européennes en tête",
            ),
            Param(
                "within",
                "integer",
                "The quotas apply to this many first positions",
                default=10,
                minimum=1,
                maximum=100,
                help_fr="Les quotas portent sur ce nombre de premières positions",
            ),
            Param(
                "discovery_share",
                "number",
                "Minimum share of less-seen works (outside the 20 % most watched)",
                default=0.0,
                minimum=0,
                maximum=1,
                help_fr="Part minimale d'œuvres moins vues (hors des 20 % les plus vues)",
            ),
            Param(
                "new_share",
                "number",
                "Minimum share of new works nobody has watched yet, placed by their metadata",
                default=0.0,
                minimum=0,
                maximum=1,
                help_fr="Part minimale de nouveautés jamais vues, placées par leurs métadonnées",
            ),
            Param(
                "editorial_share",
                "number",
                "Minimum share of the catalogue's editorial picks (its editorial column)",
                default=0.0,
                minimum=0,
                maximum=1,
                help_fr="Part minimale des choix de la rédaction (colonne editorial du catalogue)",
            ),
            Param(
                "max_same_genre",
                "integer",
                "At most this many works of one main genre (0: no cap)",
                default=0,
                minimum=0,
                maximum=100,
                help_fr="Au plus ce nombre d'œuvres d'un même genre principal (0 : sans limite)",
            ),
            Param(
                "max_rating",
                "choice",
                "The profile's age rating: nothing rated above it is offered",
                default="-18",
                choices=("TP", "-10", "-12", "-16", "-18"),
                help_fr="Signalétique du profil : rien au-dessus n'est proposé",
            ),
            Param(
                "pins",
                "text",
                "Editorial picks shown first (catalogue ids, comma-separated)",
                default="",
                help_fr="Choix de la rédaction placés en tête (id du catalogue, par virgules)",
            ),
            Param(
                "bans",
                "text",
                "Works never offered (catalogue ids, comma-separated)",
                default="",
                help_fr="Œuvres jamais proposées (id du catalogue, séparés par des virgules)",
            ),
        ),
        models=("EASE / ItemKNN / ALS fitted on the given interactions",),
        outputs=("recommendations/json", "recommendations/csv"),
        demo="imagia.broadcast.demo:recommend_example",
    )
)

register(
    Tool(
        id="recommend-evaluate",
        usecase="recommendation",
        status="partial",
        title_en="Offline evaluation of recommenders and of what each editorial control costs",
        title_fr="Évaluation hors ligne des recommandations et du coût de chaque contrôle",
        command="imagia recommend evaluate [--interactions F --catalogue F] --split temporal",
        scope_en=(
            "RecBole's protocol (per-user 80/10/10 split, full ranking): NDCG, recall and MRR at "
            "k, catalogue coverage, Gini of exposure, EOF and European shares, for each model "
            "and under each editorial control"
        ),
        scope_fr=(
            "le protocole de RecBole (80/10/10 par utilisateur, classement complet) : NDCG, "
            "rappel et MRR à k, couverture du catalogue, Gini de l'exposition, parts EOF et "
            "européennes, pour chaque modèle et sous chaque contrôle éditorial"
        ),
        entry="imagia.broadcast.jobs:run_evaluate",
        params=(
            _INTERACTIONS,
            _CATALOGUE,
            Param(
                "split",
                "choice",
                "Split: temporal (the future is never used), random (RecBole's default) or "
                "leave-one-out",
                default="temporal",
                choices=("temporal", "random", "leave-one-out"),
                help_fr=(
                    "Découpage : temporel (le futur n'est jamais utilisé), aléatoire (celui de "
                    "RecBole) ou un-contre-tous"
                ),
            ),
            Param(
                "k",
                "integer",
                "Length of the lists measured",
                default=10,
                minimum=1,
                maximum=100,
                help_fr="Longueur des listes mesurées",
            ),
            Param(
                "models",
                "text",
                "Models to compare, comma-separated",
                default="popularity,itemknn,ease,als",
                help_fr="Modèles à comparer, séparés par des virgules",
            ),
            Param(
                "sample_users",
                "integer",
                "Measure on this many users drawn at random (0: every user); all users train",
                default=0,
                minimum=0,
                maximum=10_000_000,
                help_fr=(
                    "Mesurer sur ce nombre d'utilisateurs tirés au hasard (0 : tous) ; tous "
                    "servent à l'apprentissage"
                ),
            ),
        ),
        outputs=("recommend-evaluation/json", "recommend-evaluation/csv"),
        demo="imagia.broadcast.demo:evaluate_example",
    )
)

register(
    Tool(
        id="grid-plan",
        usecase="programme-grid",
        status="runs",
        title_en="Programme grid under French broadcasting rules (quotas, age ratings, cinema)",
        title_fr="Grille des programmes sous les règles françaises (quotas, signalétique, cinéma)",
        command="imagia grid plan [PROGRAMMES.csv] --first-day 2027-01-04 --days 7",
        scope_en=(
            "a week or a season of one channel: one programme per slot, maximising the expected "
            "audience (the channel's own history shrunk towards a documented synthetic model, "
            "or that model alone) under the European/EOF quotas overall and at peak hours "
            "(films at 20:30-22:30 apart), age-rating hours, Saturday cinema, advertising "
            "minutes per clock hour and per day and breaks inside works, rights windows, runs "
            "and repeats, with CP-SAT; each rule re-checked independently; XLSX, CSV, XMLTV, "
            "PDF (FR/EN)"
        ),
        scope_fr=(
            "une semaine ou une saison d'une chaîne : un programme par case, en maximisant "
            "l'audience attendue (l'historique de la chaîne rapproché d'un modèle fictif "
            "documenté, ou ce modèle seul) sous les quotas européens et EOF, y compris aux "
            "heures de grande écoute (films de 20 h 30 à 22 h 30 à part), les horaires de la "
            "signalétique, le cinéma du samedi soir, les minutes de publicité par heure "
            "d'horloge et par jour et les coupures des œuvres, les fenêtres de droits, les "
            "diffusions restantes et l'espacement des rediffusions, avec CP-SAT ; chaque règle "
            "revérifiée à part ; XLSX, CSV, XMLTV, PDF (FR/EN)"
        ),
        entry="imagia.broadcast.jobs:run_grid",
        params=(
            Param(
                "programmes",
                "file",
                "Programme catalogue CSV (id, title, duration, genre, kind, eof, european, "
                "age_rating, rights, runs...); none: a synthetic catalogue of 2,000",
                help_fr=(
                    "Catalogue des programmes en CSV (id, title, duration, genre, kind, eof, "
                    "european, age_rating, droits, diffusions...) ; sans fichier : un catalogue "
                    "fictif de 2 000 programmes"
                ),
                accept=("text",),
            ),
            Param(
                "rules",
                "file",
                "Rules (GridRules.1 YAML); none: French free-to-air defaults with their sources",
                help_fr=(
                    "Règles (YAML GridRules.1) ; sans fichier : celles d'une chaîne gratuite "
                    "française, avec leurs sources"
                ),
                accept=("text",),
            ),
            Param(
                "slots",
                "file",
                "Slot template (GridSlots.1 YAML); none: a generalist channel's day",
                help_fr="Modèle de cases (YAML GridSlots.1) ; sans fichier : journée généraliste",
                accept=("text",),
            ),
            Param(
                "history",
                "file",
                "The channel's audience history CSV (date, start, genre, audience in thousands); "
                "none: the documented synthetic audience model",
                help_fr=(
                    "Historique d'audience de la chaîne en CSV (date, start, genre, audience en "
                    "milliers) ; sans fichier : le modèle d'audience fictif documenté"
                ),
                accept=("text",),
            ),
            Param(
                "first_day",
                "text",
                "First broadcast day (YYYY-MM-DD)",
                default="2027-01-04",
                help_fr="Premier jour de diffusion (AAAA-MM-JJ)",
            ),
            Param(
                "days",
                "integer",
                "Number of broadcast days (7: a week, 91: a season)",
                default=7,
                minimum=1,
                maximum=400,
                help_fr="Nombre de jours de diffusion (7 : une semaine, 91 : une saison)",
            ),
            Param(
                "method",
                "choice",
                "cp-sat (the rules hold, best audience found) or greedy (the baseline)",
                default="cp-sat",
                choices=("cp-sat", "greedy"),
                help_fr="cp-sat (les règles tiennent, meilleure audience trouvée) ou glouton",
            ),
            Param(
                "time_limit",
                "number",
                "Seconds the solver may search",
                default=30,
                minimum=1,
                maximum=3600,
                help_fr="Secondes de recherche du solveur",
            ),
        ),
        models=("OR-Tools CP-SAT",),
        outputs=(
            "grid/json",
            "grid/csv",
            "grid/xlsx",
            "grid/xmltv",
            "grid-quotas/csv",
            "grid/pdf",
        ),
        demo="imagia.broadcast.demo:grid_example",
    )
)
