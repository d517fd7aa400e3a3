"""Tools of accessibility: audio description (slots, script, voice and mix) and the TTS voices
it speaks with (use cases ``audio-description`` and ``voice-generation``). Metadata only."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register
from imagia.speech.tts import CHOICES as VOICE_CHOICES

_SPECS = ("ebu-r128", "ebu-r128-s1", "atsc-a85", "netflix", "apple-podcasts", "spotify")
_MEDIA = Param(
    "media",
    "file",
    "Programme: video or audio file",
    required=True,
    help_fr="Programme : fichier vidéo ou audio",
    accept=("audio",),
)
_WPM = Param(
    "wpm",
    "number",
    "Speaking rate in words per minute (default: 160 in English, 150 in French)",
    help_fr="Débit en mots par minute (par défaut : 160 en anglais, 150 en français)",
    minimum=80,
    maximum=300,
)

register(
    Tool(
        id="voice-say",
        usecase="voice-generation",
        status="partial",
        title_en="Speak a text or a script's lines with a local voice",
        title_fr="Dire un texte ou les répliques d'un script avec une voix locale",
        command="imagia voice say TEXT|FILE --voice fr",
        scope_en=(
            "text to speech with the voices installed here (SVOX Pico, MBROLA, espeak-ng; the "
            "most natural of each language by default), rate in words per minute and pauses, "
            "48 kHz WAV, one file per line of a text file or per dialogue line of a screenplay "
            "(temp voices, game barks); no voice cloning: no model able to clone a voice ships"
        ),
        scope_fr=(
            "synthèse vocale avec les voix installées ici (SVOX Pico, MBROLA, espeak-ng ; la plus "
            "naturelle de chaque langue par défaut), débit en mots par minute et pauses, WAV "
            "48 kHz, un fichier par ligne d'un texte ou par réplique d'un scénario (voix "
            "témoins, répliques de jeu) ; pas de clonage de voix : aucun modèle capable de "
            "cloner une voix n'est fourni"
        ),
        entry="imagia.access.jobs:voice_say_job",
        params=(
            Param(
                "text",
                "text",
                'Text to say (pauses: <break time="500ms"/> or [pause 0.5s])',
                help_fr='Texte à dire (pauses : <break time="500ms"/> ou [pause 0.5s])',
            ),
            Param(
                "file",
                "file",
                "Text file (one WAV per line) or screenplay (one WAV per dialogue line)",
                help_fr="Fichier texte (un WAV par ligne) ou scénario (un WAV par réplique)",
                accept=("text",),
            ),
            Param(
                "voice",
                "choice",
                "Voice: a language (its most natural voice here) or a voice id",
                default="en",
                choices=VOICE_CHOICES,
                help_fr="Voix : une langue (sa voix la plus naturelle ici) ou un identifiant",
            ),
            Param(
                "rate",
                "number",
                "Words per minute (default: the voice's own)",
                help_fr="Mots par minute (par défaut : celui de la voix)",
                minimum=80,
                maximum=400,
            ),
        ),
        outputs=("audio/wav", "report/json"),
        demo="imagia.access.demo:voice_example",
    )
)

_AD_SCOPE_EN = (
    "description slots in the gaps of dialogue (voice activity and subtitles) with the words "
    "that fit, a timed script template (JSON, DOCX) with thumbnails, shot changes and on-screen "
    "text of indexed media; the describer writes, imagia speaks each line with a local voice, "
    "fits it to its slot, ducks the programme and delivers the AD mix, the description stem, "
    "WebVTT and TTML (DAPT); no model writes descriptions from pictures"
)
_AD_SCOPE_FR = (
    "plages de description dans les silences du dialogue (détection de la voix et "
    "sous-titres) avec le nombre de mots possibles, un script minuté (JSON, DOCX) avec "
    "vignettes, changements de plan et texte à l'écran des médias indexés ; l'audiodescripteur "
    "écrit, imagia dit chaque ligne avec une voix locale, l'ajuste à sa plage, baisse le "
    "programme dessous et livre le mixage AD, la piste des descriptions, WebVTT et TTML (DAPT) ; "
    "aucun modèle n'écrit de description à partir des images"
)

register(
    Tool(
        id="describe-slots",
        usecase="audio-description",
        status="partial",
        title_en="Audio description slots and script template",
        title_fr="Plages d'audiodescription et modèle de script",
        command="imagia describe slots MEDIA --lang fr",
        scope_en=_AD_SCOPE_EN,
        scope_fr=_AD_SCOPE_FR,
        entry="imagia.access.jobs:slots_job",
        params=(
            _MEDIA,
            Param(
                "subtitles",
                "file",
                "Subtitles of the dialogue (their times count as dialogue)",
                help_fr="Sous-titres du dialogue (leurs temps comptent comme dialogue)",
                accept=("subtitles",),
            ),
            Param(
                "lang",
                "choice",
                "Language of the descriptions",
                default="en",
                choices=("en", "fr"),
                help_fr="Langue des descriptions",
            ),
            _WPM,
            Param(
                "min_slot",
                "number",
                "Shortest slot kept, seconds",
                default=1.5,
                minimum=0.5,
                maximum=60,
                help_fr="Plage la plus courte gardée, en secondes",
            ),
            Param(
                "margin_after",
                "number",
                "Seconds left free after a line of dialogue",
                default=0.3,
                minimum=0,
                maximum=5,
                help_fr="Secondes laissées libres après une réplique",
            ),
            Param(
                "margin_before",
                "number",
                "Seconds left free before a line of dialogue",
                default=0.3,
                minimum=0,
                maximum=5,
                help_fr="Secondes laissées libres avant une réplique",
            ),
        ),
        outputs=("report/json", "script/json", "script/docx", "image/jpeg"),
        demo="imagia.access.demo:slots_example",
    )
)

register(
    Tool(
        id="describe-mix",
        usecase="audio-description",
        status="partial",
        title_en="Audio description voice and mix",
        title_fr="Voix et mixage de l'audiodescription",
        command="imagia describe mix MEDIA SCRIPT --voice fr",
        scope_en=_AD_SCOPE_EN,
        scope_fr=_AD_SCOPE_FR,
        entry="imagia.access.jobs:mix_job",
        params=(
            _MEDIA,
            Param(
                "script",
                "file",
                "Audio description script with the texts (JSON or DOCX made by describe slots)",
                required=True,
                help_fr="Script d'audiodescription rempli (JSON ou DOCX fait par describe slots)",
            ),
            Param(
                "voice",
                "choice",
                "Voice: auto (the script's language), a language or a voice id",
                default="auto",
                choices=("auto", *VOICE_CHOICES),
                help_fr="Voix : auto (langue du script), une langue ou un identifiant de voix",
            ),
            _WPM,
            Param(
                "duck_db",
                "number",
                "How far the programme goes down under a description, dB",
                default=12.0,
                minimum=0,
                maximum=40,
                help_fr="Baisse du programme sous une description, en dB",
            ),
            Param(
                "attack",
                "number",
                "Ramp down before a description, seconds",
                default=0.25,
                minimum=0,
                maximum=5,
                help_fr="Rampe de baisse avant une description, en secondes",
            ),
            Param(
                "release",
                "number",
                "Ramp back up after a description, seconds",
                default=0.5,
                minimum=0,
                maximum=5,
                help_fr="Rampe de remontée après une description, en secondes",
            ),
            Param(
                "max_speedup",
                "number",
                "Most a description is sped up to fit its slot (1.15 = +15 %)",
                default=1.15,
                minimum=1.0,
                maximum=1.5,
                help_fr="Accélération maximale d'une description pour tenir (1,15 = +15 %)",
            ),
            Param(
                "spec",
                "choice",
                "Delivery loudness of the mix and the stem",
                default="ebu-r128",
                choices=_SPECS,
                help_fr="Sonie de livraison du mixage et de la piste",
            ),
        ),
        outputs=("audio/wav", "subtitles/vtt", "subtitles/ttml", "report/json"),
        demo="imagia.access.demo:mix_example",
    )
)
