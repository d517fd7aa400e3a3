"""Tools of the speech and subtitles domain (use case ``subtitling``). Metadata only."""

from __future__ import annotations

import importlib.util
import os

from imagia.core.registry import Param, Tool, register

_PROFILES = (
    "netflix-en",
    "netflix-fr",
    "netflix-en-children",
    "netflix-fr-children",
    "sdh-en",
    "sdh-fr",
    "bbc",
)
_FORMATS = ("srt", "vtt", "ttml", "ass", "stl")
# Parameters several speech tools share, declared once.
_MEDIA = Param(
    "media",
    "file",
    "Audio or video file",
    required=True,
    help_fr="Fichier audio ou vidéo",
    accept=("audio",),
)
_LANG = Param(
    "lang",
    "choice",
    "Language",
    default="auto",
    choices=("auto", "en", "fr", "es", "de", "it"),
    help_fr="Langue",
)
_PROFILE = Param(
    "profile",
    "choice",
    "Delivery profile",
    default="netflix-en",
    choices=_PROFILES,
    open_choice=True,
    help_fr="Profil de livraison",
)
_TO = Param(
    "to",
    "choice",
    "Subtitle format",
    default="srt",
    choices=_FORMATS,
    help_fr="Format de sous-titres",
)
_FPS = Param(
    "fps",
    "text",
    "Frame rate (default: the video's, else 25)",
    help_fr="Cadence d'images (par défaut : celle de la vidéo, sinon 25)",
)

_SCOPE_EN = (
    "transcription with word times, subtitles built and checked to professional "
    "profiles (Netflix, BBC) in SRT, WebVTT, TTML/IMSC, ASS and EBU-STL, alignment of "
    "an existing text, draft translation by a small local LLM where llama-cpp-python "
    "is installed; no SDH sound tags or speaker labels yet"
)
_SCOPE_FR = (
    "transcription avec temps des mots, sous-titres construits et contrôlés selon "
    "des profils professionnels (Netflix, BBC) en SRT, WebVTT, TTML/IMSC, ASS et "
    "EBU-STL, alignement d'un texte existant, traduction brouillon par un petit LLM "
    "local là où llama-cpp-python est installé ; pas encore de bruitages ni de noms "
    "de locuteurs pour sourds et malentendants"
)

register(
    Tool(
        id="speech-transcribe",
        usecase="subtitling",
        status="partial",
        title_en="Transcription with word times",
        title_fr="Transcription avec temps des mots",
        command="imagia speech transcribe MEDIA --lang auto",
        scope_en=_SCOPE_EN,
        scope_fr=_SCOPE_FR,
        entry="imagia.speech.jobs:transcribe_job",
        params=(
            _MEDIA,
            _LANG,
            Param(
                "model",
                "choice",
                "Whisper model",
                default="base",
                choices=("base", "tiny.en"),
                help_fr="Modèle Whisper",
            ),
            Param(
                "formats",
                "text",
                "Outputs (json, txt, srt)",
                default="json,txt,srt",
                help_fr="Sorties (json, txt, srt)",
            ),
            Param(
                "vad",
                "flag",
                "Skip silence with voice activity detection (off for noisy location sound)",
                default=True,
                help_fr="Sauter les silences par détection de la voix (à couper pour un son "
                "de tournage très bruité)",
            ),
        ),
        models=("whisper-base", "whisper-tiny.en"),
        outputs=("transcript/json", "transcript/txt", "subtitles/srt"),
        demo="imagia.speech.demo:transcribe_example",
    )
)

register(
    Tool(
        id="subtitles-make",
        usecase="subtitling",
        status="partial",
        title_en="Subtitles to a delivery profile",
        title_fr="Sous-titres selon un profil de livraison",
        command="imagia subtitles make MEDIA --profile netflix-fr --to srt",
        scope_en=_SCOPE_EN,
        scope_fr=_SCOPE_FR,
        entry="imagia.speech.jobs:make_job",
        params=(
            _MEDIA,
            _PROFILE,
            _TO,
            _LANG,
            _FPS,
            Param(
                "shots",
                "choice",
                "Shot changes: auto, none or a shot list file",
                default="auto",
                choices=("auto", "none"),
                open_choice=True,
                help_fr="Changements de plan : auto, aucun (none) ou un fichier de liste des plans",
            ),
            Param(
                "sound_tags",
                "flag",
                "SDH profiles: sound tags ([MUSIC], [LAUGHTER]...)",
                default=True,
                help_fr="Profils SME : indications sonores ([MUSIC], [LAUGHTER]…)",
            ),
        ),
        models=("whisper-base", "yamnet"),
        outputs=("subtitles/srt", "transcript/json", "report/json", "sounds/json"),
        demo="imagia.speech.demo:make_example",
    )
)

register(
    Tool(
        id="subtitles-qc",
        usecase="subtitling",
        status="partial",
        title_en="Subtitle QC that fixes",
        title_fr="Contrôle qualité des sous-titres, avec correction",
        command="imagia subtitles qc SUBS --profile netflix-en --fix",
        scope_en=(
            "checks line length, lines, reading speed, durations, gaps and shot changes "
            "against a profile and fixes line breaks and timing; condensing text is left to "
            "a person"
        ),
        scope_fr=(
            "contrôle longueur de ligne, nombre de lignes, vitesse de lecture, durées, "
            "intervalles et changements de plan selon un profil et corrige coupures et "
            "timing ; la condensation du texte reste humaine"
        ),
        entry="imagia.speech.jobs:qc_job",
        params=(
            Param(
                "subs",
                "file",
                "Subtitle file (SRT, VTT, TTML, ASS, STL)",
                required=True,
                help_fr="Fichier de sous-titres (SRT, VTT, TTML, ASS, STL)",
                accept=("subtitles",),
            ),
            _PROFILE,
            Param(
                "fix",
                "flag",
                "Write a corrected copy",
                default=False,
                help_fr="Écrire une copie corrigée",
            ),
            Param(
                "fps",
                "text",
                "Frame rate (default: the media's or the file's, else 25)",
                help_fr="Cadence d'images (par défaut : celle du média ou du fichier, sinon 25)",
            ),
            Param(
                "media",
                "file",
                "Media (frame rate and shot changes)",
                accept=("audio",),
                help_fr="Média (cadence d'images et changements de plan)",
            ),
            Param(
                "shots",
                "choice",
                "Shot changes: auto (with media), none or a shot list file",
                default="",
                choices=("", "auto", "none"),
                open_choice=True,
                help_fr="Changements de plan : auto (avec le média), aucun (none) ou un fichier "
                "de liste des plans",
            ),
            Param(
                "encoding",
                "text",
                "Text encoding when it cannot be detected (e.g. cp1252)",
                default="",
                help_fr="Encodage du texte s'il ne peut être détecté (p. ex. cp1252)",
            ),
        ),
        outputs=("report/json", "subtitles/srt"),
        demo="imagia.speech.demo:qc_example",
    )
)

register(
    Tool(
        id="subtitles-align",
        usecase="subtitling",
        status="partial",
        title_en="Align a text or subtitles to the audio",
        title_fr="Caler un texte ou des sous-titres sur le son",
        command="imagia subtitles align MEDIA TEXT --profile netflix-en",
        scope_en=_SCOPE_EN,
        scope_fr=_SCOPE_FR,
        entry="imagia.speech.jobs:align_job",
        params=(
            _MEDIA,
            Param(
                "text",
                "file",
                "Text (.txt) or subtitle file to put on the audio",
                required=True,
                help_fr="Texte (.txt) ou fichier de sous-titres à caler sur le son",
                accept=("subtitles",),
            ),
            _PROFILE,
            _TO,
            _LANG,
            _FPS,
            Param(
                "shots",
                "choice",
                "Shot changes: auto, none or a shot list file",
                default="none",
                choices=("auto", "none"),
                open_choice=True,
                help_fr="Changements de plan : auto, aucun (none) ou un fichier de liste des plans",
            ),
        ),
        models=("whisper-base",),
        outputs=("subtitles/srt", "report/json"),
        demo="imagia.speech.demo:align_example",
    )
)

# Translation needs the language model: llama-cpp-python (built once by the dev set-up,
# scripts/llm_wheel.py) or an OpenAI-compatible endpoint (IMAGIA_LLM_ENDPOINT). The tool is
# declared only where it can run, so the demo and the catalogue never offer what this machine
# cannot do. `imagia subtitles translate` always exists and says what to install.
if importlib.util.find_spec("llama_cpp") is not None or os.environ.get("IMAGIA_LLM_ENDPOINT"):
    register(
        Tool(
            id="subtitles-translate",
            usecase="subtitling",
            status="partial",
            title_en="Translate subtitles, keeping timing and profile",
            title_fr="Traduire des sous-titres en gardant timing et profil",
            command="imagia subtitles translate SUBS --to en",
            scope_en="draft translation by a small local LLM (Qwen2.5 1.5B/0.5B), re-fitted to the "
            "target profile, condensed when needed, unfit events flagged",
            scope_fr="traduction brouillon par un petit LLM local (Qwen2.5 1,5B/0,5B), réajustée "
            "au profil cible, condensée si besoin, événements hors profil signalés",
            entry="imagia.speech.jobs:translate_job",
            params=(
                Param(
                    "subs",
                    "file",
                    "Subtitle file",
                    required=True,
                    help_fr="Fichier de sous-titres",
                    accept=("subtitles",),
                ),
                Param(
                    "to",
                    "choice",
                    "Target language",
                    default="en",
                    choices=("en", "fr", "es", "de", "it"),
                    help_fr="Langue cible",
                ),
                Param(
                    "source",
                    "choice",
                    "Source language, when the file does not say (SRT never does)",
                    default=None,
                    choices=("en", "fr", "es", "de", "it"),
                    help_fr="Langue d'origine, quand le fichier ne le dit pas (jamais en SRT)",
                ),
                Param(
                    "profile",
                    "choice",
                    "Target profile (empty: netflix-<target>)",
                    default=None,
                    choices=_PROFILES,
                    open_choice=True,
                    help_fr="Profil cible (vide : netflix-<cible>)",
                ),
                _FPS,
                Param(
                    "model",
                    "choice",
                    "LLM (auto: the best local model installed, or the configured endpoint)",
                    default="auto",
                    choices=("auto", "qwen-1.5b", "qwen-0.5b"),
                    help_fr="Modèle de langage (auto : le meilleur modèle local installé, ou le "
                    "serveur configuré)",
                ),
            ),
            models=("qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b"),
            outputs=("subtitles/srt", "report/json"),
            demo="imagia.speech.demo:translate_example",
        )
    )

register(
    Tool(
        id="speech-speakers",
        usecase="compliance",
        status="partial",
        title_en="Speaker labels and speaking time",
        title_fr="Locuteurs et temps de parole",
        command="imagia speech speakers MEDIA --speakers 0 --threshold 0.4",
        scope_en=(
            "who speaks when (speaker diarization from GE2E voice embeddings), speaking time "
            "per speaker and per gender as the person confirms it, pitch register and a sample "
            "per speaker, RTTM out; screen presence and age-rating evidence are not covered"
        ),
        scope_fr=(
            "qui parle quand (segmentation en locuteurs par empreintes vocales GE2E), temps "
            "de parole par locuteur et par genre tel que la personne le confirme, registre de "
            "hauteur et extrait par locuteur, sortie RTTM ; présence à l'écran et éléments de "
            "signalétique non couverts"
        ),
        entry="imagia.speech.jobs:speakers_job",
        params=(
            _MEDIA,
            Param(
                "speakers",
                "integer",
                "Number of speakers (0: find it)",
                default=0,
                minimum=0,
                maximum=20,
                help_fr="Nombre de locuteurs (0 : le trouver)",
            ),
            Param(
                "threshold",
                "number",
                "Clustering threshold, cosine distance (lower finds more speakers)",
                default=0.4,
                minimum=0.05,
                maximum=1.0,
                help_fr="Seuil de regroupement, distance cosinus (plus bas : plus de locuteurs)",
            ),
            Param(
                "names",
                "file",
                "Names and confirmed genders (YAML answers file: S1: Claire...)",
                help_fr="Noms et genres confirmés (fichier de réponses YAML : S1: Claire…)",
                accept=("text",),
            ),
        ),
        models=("ge2e-speaker",),
        outputs=(
            "speakers/rttm",
            "speakers/csv",
            "speakers/json",
            "speakers/names",
            "audio/sample",
        ),
        demo="imagia.speech.demo:speakers_example",
    )
)
