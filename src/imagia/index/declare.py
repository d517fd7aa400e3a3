"""Tools of the indexing domain (use case ``rushes-indexing``)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="index-add",
        usecase="rushes-indexing",
        status="partial",
        title_en="Index rushes: metadata, shots, transcript, faces, text, sounds",
        title_fr="Indexer les rushes : métadonnées, plans, transcription, visages, texte, sons",
        command="imagia index add PATH... [--shots content|scenedetect|transnetv2] "
        "[--steps ...] [--workers N] [--engine local|ray]",
        scope_en=(
            "technical metadata (ffprobe), frame-exact shot cuts (colour change, PySceneDetect "
            "or the TransNetV2 network) with a thumbnail per shot, then the chosen analysis "
            "steps (transcript, faces, on-screen text, sound classes, transcript vectors) in a "
            "versioned SQLite index of the workspace; incremental by checksum, a failed file "
            "does not stop the batch, an interrupted batch resumes; runs serially, on N local "
            "processes or as Ray tasks on a cluster"
        ),
        scope_fr=(
            "métadonnées techniques (ffprobe), découpage en plans à l'image près (écart de "
            "couleur, PySceneDetect ou le réseau TransNetV2) avec une vignette par plan, puis "
            "les analyses choisies (transcription, visages, texte à l'écran, classes de sons, "
            "vecteurs de transcription) dans un index SQLite versionné de l'espace de travail ; "
            "incrémental par empreinte, un fichier en échec n'arrête pas le lot, un lot "
            "interrompu reprend ; en série, sur N processus locaux ou en tâches Ray sur une "
            "grappe"
        ),
        entry="imagia.index.jobs:run_add",
        params=(
            Param(
                "media",
                "files",
                "Video or audio files, or folders of them, to index",
                required=True,
                help_fr="Fichiers vidéo ou audio, ou dossiers qui en contiennent, à indexer",
            ),
            Param(
                "shots",
                "choice",
                "Shot detector",
                default="content",
                choices=("content", "scenedetect", "transnetv2"),
                help_fr="Détecteur de plans",
            ),
            Param(
                "threshold",
                "number",
                "Cut threshold (empty: 27 colour change for content "
                "and scenedetect, 0.5 probability for transnetv2)",
                default=None,
                minimum=0,
                maximum=255,
                help_fr="Seuil de coupe (vide : écart de couleur de 27 pour content et "
                "scenedetect, probabilité de 0,5 pour transnetv2)",
            ),
            Param(
                "steps",
                "text",
                "Steps, comma separated (empty: all): shots, transcript, "
                "faces, text, sounds, vectors",
                default="",
                help_fr="Étapes, séparées par des virgules (vide : toutes) : shots, "
                "transcript, faces, text, sounds, vectors",
            ),
            Param(
                "skip",
                "text",
                "Steps to leave out, comma separated",
                default="",
                help_fr="Étapes à omettre, séparées par des virgules",
            ),
            Param(
                "transcribe",
                "flag",
                "Transcribe speech (speech extra)",
                default=True,
                help_fr="Transcrire la parole (extra speech)",
            ),
            Param(
                "model",
                "choice",
                "Speech model",
                default="base",
                choices=("base", "tiny.en"),
                help_fr="Modèle de reconnaissance vocale",
            ),
            Param(
                "language",
                "text",
                "Spoken language (empty: detect)",
                default="",
                help_fr="Langue parlée (vide : détectée)",
            ),
            Param(
                "engine",
                "choice",
                "Where the analysis runs",
                default="local",
                choices=("local", "ray"),
                help_fr="Où l'analyse s'exécute",
            ),
            Param(
                "workers",
                "integer",
                "Worker processes (local) or CPUs (local Ray); empty: 1 "
                "for local, every CPU for Ray",
                default=None,
                minimum=1,
                maximum=1024,
                help_fr="Processus de calcul (local) ou CPU (Ray local) ; vide : 1 en local, "
                "tous les CPU pour Ray",
            ),
            Param(
                "ray_address",
                "text",
                "Ray cluster address (auto, ray://head:10001); empty: RAY_ADDRESS or a local Ray",
                default="",
                help_fr="Adresse de la grappe Ray (auto, ray://head:10001) ; vide : "
                "RAY_ADDRESS ou un Ray local",
            ),
        ),
        models=("whisper-base", "transnetv2"),
        outputs=("report/json", "image/thumbnail"),
        demo="imagia.index.demo:add_example",
    )
)

register(
    Tool(
        id="index-search",
        usecase="rushes-indexing",
        status="partial",
        title_en="Search the rushes by words, meaning, people, sounds and on-screen text",
        title_fr="Chercher dans les rushes par les paroles, le sens, les personnes, les sons "
        "et le texte à l'écran",
        command="imagia search [QUERY] [--person NAME] [--sound LABEL] [--asset GLOB] "
        "[--lang fr] [--selects FILE]",
        scope_en=(
            "transcript words (BM25) and meaning in 16 languages (USE multilingual), on-screen "
            "text (RapidOCR), filtered by named person, sound class (YAMNet), asset and "
            "language, fused by reciprocal rank, with timecode, reasons and shot thumbnail; "
            "selects as EDL/OTIO/FCPXML; exact vector search (no approximate index)"
        ),
        scope_fr=(
            "paroles (BM25) et sens en 16 langues (USE multilingue), texte à l'écran "
            "(RapidOCR), filtrés par personne nommée, classe de son (YAMNet), média et langue, "
            "fusion par rangs réciproques, avec timecode, raisons et vignette du plan ; "
            "sélections en EDL/OTIO/FCPXML ; recherche vectorielle exacte (sans index approché)"
        ),
        entry="imagia.index.search_jobs:run_search2",
        params=(
            Param(
                "query",
                "text",
                "Words or a phrase (any of 16 languages); empty with a person or a sound",
                default="",
                help_fr="Mots ou phrase (dans l'une des 16 langues) ; vide avec une personne "
                "ou un son",
            ),
            Param(
                "person",
                "text",
                "Only where this named person is seen",
                default="",
                help_fr="Seulement là où cette personne nommée est vue",
            ),
            Param(
                "sound",
                "choice",
                "Only where this sound is heard",
                default="",
                choices=(
                    "",
                    "speech",
                    "shouting",
                    "laughter",
                    "crying",
                    "singing",
                    "music",
                    "applause",
                    "crowd",
                    "footsteps",
                    "animal",
                    "vehicle",
                    "siren",
                    "alarm",
                    "tone",
                    "door",
                    "gunshot/explosion",
                    "weather/water",
                    "silence",
                ),
                help_fr="Seulement là où ce son est entendu",
            ),
            Param(
                "asset",
                "text",
                "Only in assets matching this name glob or SHA-256 prefix",
                default="",
                help_fr="Seulement dans les médias dont le nom correspond à ce motif glob ou "
                "à ce préfixe SHA-256",
            ),
            Param(
                "lang",
                "text",
                "Only in assets in this language (en, fr...)",
                default="",
                help_fr="Seulement dans les médias en cette langue (en, fr…)",
            ),
            Param(
                "limit",
                "integer",
                "Most moments",
                default=20,
                minimum=1,
                maximum=1000,
                help_fr="Nombre maximal de moments",
            ),
            Param(
                "semantic",
                "flag",
                "Also find by meaning (multilingual embeddings)",
                default=True,
                help_fr="Chercher aussi par le sens (plongements multilingues)",
            ),
        ),
        models=("use-multilingual",),
        outputs=("report/json",),
        demo="imagia.index.demo:search_example",
    )
)
