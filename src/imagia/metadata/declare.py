"""Tools of the metadata domain (use case ``metadata``)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="media-metadata",
        usecase="metadata",
        status="partial",
        title_en="Metadata of a programme as EBUCore XML or JSON",
        title_fr="Métadonnées d'un programme en EBUCore XML ou JSON",
        command="imagia metadata MEDIA --to ebucore|json",
        scope_en=(
            "technical metadata measured on the file (container, duration in frames, video and "
            "audio formats, loudness EBU R 128) and, when the file is in the workspace index, "
            "descriptive metadata found by the other tools (spoken language, transcript "
            "keywords, shots, named people, sound classes), written as EBUCore 1.10 XML checked "
            "against a schema, or JSON with provenance; no generated synopsis, genre or "
            "editorial classification"
        ),
        scope_fr=(
            "métadonnées techniques mesurées sur le fichier (conteneur, durée en images, formats "
            "vidéo et audio, loudness EBU R 128) et, si le fichier est dans l'index de l'espace "
            "de travail, métadonnées descriptives trouvées par les autres outils (langue parlée, "
            "mots-clés de la transcription, plans, personnes nommées, classes de sons), en XML "
            "EBUCore 1.10 vérifié par un schéma, ou en JSON avec la provenance ; pas de synopsis "
            "généré, de genre ni de classification éditoriale"
        ),
        entry="imagia.metadata.jobs:run_metadata",
        params=(
            Param(
                "media",
                "file",
                "Video or audio file",
                required=True,
                help_fr="Fichier vidéo ou audio",
                accept=("audio",),
            ),
            Param(
                "to",
                "choice",
                "Output format",
                default="ebucore",
                choices=("ebucore", "json"),
                help_fr="Format de sortie",
            ),
            Param(
                "loudness",
                "flag",
                "Measure loudness (EBU R 128)",
                default=True,
                help_fr="Mesurer la loudness (EBU R 128)",
            ),
        ),
        outputs=("metadata/ebucore", "report/json"),
        demo="imagia.metadata.demo:metadata_example",
    )
)
