"""Tools of the screenplay domain (use cases ``script-analysis`` and ``budgeting``: the
breakdown is the script-reading part of budgeting; its scene list feeds the schedule tools).
Metadata only: nothing heavy is imported here."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

_FILE = Param(
    "file",
    "file",
    "Screenplay (.fountain, .fdx, .pdf, .txt)",
    required=True,
    help_fr="Scénario (.fountain, .fdx, .pdf, .txt)",
    accept=("text", "pdf"),
)

register(
    Tool(
        id="script-parse",
        usecase="script-analysis",
        status="partial",
        title_en="Read any screenplay draft",
        title_fr="Lire toute version d'un scénario",
        command="imagia script parse FILE --format json",
        scope_en=(
            "reads Fountain, Final Draft FDX, typeset PDF (US and French layouts) and plain "
            "text into one screenplay model (scenes, headings, characters, eighths) and "
            "converts between them; the reading step of script analysis"
        ),
        scope_fr=(
            "lit Fountain, Final Draft FDX, PDF mis en page (formats américain et français) et "
            "texte brut dans un modèle unique (séquences, en-têtes, personnages, huitièmes) et "
            "convertit de l'un à l'autre ; l'étape de lecture de l'analyse de scénario"
        ),
        entry="imagia.script.jobs:parse_job",
        params=(
            _FILE,
            Param(
                "to",
                "choice",
                "Also convert to",
                default="json",
                choices=("json", "fountain", "fdx", "pdf", "text"),
                help_fr="Convertir aussi en",
            ),
            Param(
                "layout",
                "choice",
                "Page layout for PDF/text",
                default="us",
                choices=("us", "fr"),
                help_fr="Mise en page pour PDF/texte",
            ),
            Param(
                "from",
                "choice",
                "Input format (empty: detected)",
                default="",
                choices=("", "fountain", "fdx", "pdf", "text"),
                help_fr="Format d'entrée (vide : détecté)",
            ),
        ),
        outputs=(
            "screenplay/json",
            "screenplay/fountain",
            "screenplay/fdx",
            "screenplay/pdf",
            "screenplay/text",
        ),
        demo="imagia.script.demo:parse_example",
    )
)

register(
    Tool(
        id="script-breakdown",
        usecase="budgeting",
        status="partial",
        title_en="Script breakdown",
        title_fr="Dépouillement du scénario",
        command="imagia script breakdown FILE --format xlsx",
        scope_en=(
            "per-scene breakdown sheets (cast, extras, stunts, vehicles, animals, props, "
            "wardrobe, make-up, SFX, VFX, sound, music, equipment) from lexicons, capitalisation "
            "rules and spaCy, with confidence; XLSX/CSV/JSON and the scene list the schedule "
            "and budget tools read; the script-reading part of budgeting, not the costing"
        ),
        scope_fr=(
            "dépouillement par séquence (rôles, figuration, cascades, véhicules, animaux, "
            "accessoires, costumes, maquillage, effets spéciaux et visuels, son, musique, "
            "matériel) par lexiques, règles de capitales et spaCy, avec confiance ; XLSX/CSV/JSON "
            "et la liste des séquences que lisent les outils de plan de travail et de budget ; "
            "la lecture du scénario pour le budget, pas le chiffrage"
        ),
        entry="imagia.script.jobs:breakdown_job",
        params=(
            _FILE,
            Param(
                "nlp",
                "flag",
                "Use spaCy (French/English) on top of the lexicons",
                default=True,
                help_fr="Utiliser spaCy (français/anglais) en plus des lexiques",
            ),
            Param(
                "corrections",
                "file",
                "A corrected breakdown JSON of an earlier draft",
                help_fr="Dépouillement corrigé (JSON) d'une version antérieure",
                accept=("text",),
            ),
        ),
        models=("spacy-fr-sm", "spacy-en-sm"),
        outputs=("breakdown/json", "scenes/csv", "breakdown/csv", "breakdown/xlsx"),
        demo="imagia.script.demo:breakdown_example",
    )
)

register(
    Tool(
        id="script-analysis",
        usecase="script-analysis",
        status="partial",
        title_en="Screenplay analysis report",
        title_fr="Rapport d'analyse de scénario",
        command="imagia script report FILE",
        scope_en=(
            "characters by weight, co-presence, parity (cast sheet or first names) and the "
            "Bechdel-Wallace test, locations, INT/EXT and day/night, scene lengths, "
            "dialogue/action ratio, a lexicon tension curve; HTML and JSON; no semantic "
            "reading of story or themes beyond frequent words"
        ),
        scope_fr=(
            "personnages par poids, co-présence, parité (fiche de distribution ou prénoms) et "
            "test de Bechdel-Wallace, décors, INT/EXT et jour/nuit, longueur des séquences, "
            "part du dialogue, courbe de tension par lexique ; HTML et JSON ; pas de lecture "
            "sémantique de l'histoire au-delà des mots fréquents"
        ),
        entry="imagia.script.jobs:report_job",
        params=(
            _FILE,
            Param(
                "cast",
                "file",
                "Cast sheet CSV (name,gender)",
                help_fr="Fiche de distribution en CSV (colonnes « name » et « gender »)",
                accept=("text",),
            ),
        ),
        outputs=("report/json", "report/html", "report/pdf"),
        demo="imagia.script.demo:report_example",
    )
)

register(
    Tool(
        id="script-compare",
        usecase="script-analysis",
        status="partial",
        title_en="Compare two drafts",
        title_fr="Comparer deux versions",
        command="imagia script compare A B",
        scope_en=(
            "aligns the scenes of two drafts by content (added, removed, moved, changed), "
            "renamed characters, changes in character weight, length, locations and parity"
        ),
        scope_fr=(
            "aligne les séquences de deux versions par leur contenu (ajoutées, supprimées, "
            "déplacées, modifiées), personnages renommés, évolution du poids des personnages, "
            "de la longueur, des décors et de la parité"
        ),
        entry="imagia.script.jobs:compare_job",
        params=(
            Param(
                "a",
                "file",
                "Earlier draft",
                required=True,
                help_fr="Version antérieure",
                accept=("text", "pdf"),
            ),
            Param(
                "b",
                "file",
                "Later draft",
                required=True,
                help_fr="Version postérieure",
                accept=("text", "pdf"),
            ),
        ),
        outputs=("diff/json", "diff/markdown", "diff/html"),
        demo="imagia.script.demo:compare_example",
    )
)
