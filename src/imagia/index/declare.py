"""Tools of the indexing domain (use case ``rushes-indexing``)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="index-add",
        usecase="rushes-indexing",
        status="partial",
        title_en="Index rushes: metadata, shots, transcript",
        title_fr="Indexer les rushes : métadonnées, plans, transcription",
        command="imagia index add PATH... [--engine content|scenedetect] [--no-transcribe]",
        scope_en=(
            "technical metadata (ffprobe), frame-exact shot cuts with a thumbnail per shot, "
            "transcript with word times (Whisper) searchable without accents, in a versioned "
            "SQLite index of the workspace; incremental by checksum, a failed file does not "
            "stop the batch; no faces, on-screen text or sound classes yet"
        ),
        scope_fr=(
            "métadonnées techniques (ffprobe), découpage en plans à l'image près avec une "
            "vignette par plan, transcription horodatée au mot (Whisper) cherchable sans "
            "accents, dans un index SQLite versionné de l'espace de travail ; incrémental par "
            "empreinte, un fichier en échec n'arrête pas le lot ; pas encore de visages, de "
            "texte à l'écran ni de classes de sons"
        ),
        entry="imagia.index.jobs:run_add",
        params=(
            Param("media", "file", "Video or audio file (or folder) to index", required=True),
            Param("engine", "choice", "Shot detector", default="content",
                  choices=("content", "scenedetect")),
            Param("threshold", "number", "Cut threshold (mean colour change, 0-255)",
                  default=27.0),
            Param("transcribe", "flag", "Transcribe speech (speech extra)", default=True),
            Param("model", "choice", "Speech model", default="base",
                  choices=("base", "tiny.en")),
            Param("language", "text", "Spoken language (empty: detect)", default=""),
        ),
        models=("whisper-base",),
        outputs=("report/json", "image/thumbnail"),
        demo="imagia.index.demo:add_example",
    )
)

register(
    Tool(
        id="index-search",
        usecase="rushes-indexing",
        status="partial",
        title_en="Search the rushes by what is said",
        title_fr="Chercher dans les rushes par les paroles",
        command="imagia index search TEXT [--format json]",
        scope_en=(
            "full-text search of the transcripts (accent and case insensitive, BM25 ranking) "
            "with the asset, timecode at its frame rate, the words and the shot's thumbnail; "
            "no semantic or cross-language search, no search by person or sound yet"
        ),
        scope_fr=(
            "recherche plein texte dans les transcriptions (sans accents ni casse, classement "
            "BM25) avec le média, le timecode à sa cadence, les paroles et la vignette du plan ; "
            "pas encore de recherche sémantique ou multilingue, ni par personne ou par son"
        ),
        entry="imagia.index.jobs:run_search",
        params=(
            Param("query", "text", "Words to find", required=True),
            Param("limit", "number", "Most hits", default=20),
        ),
        outputs=("report/json",),
        demo="imagia.index.demo:search_example",
    )
)
