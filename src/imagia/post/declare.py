"""Tools of the audio post-production domain (use case ``audio-post``)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

_SPECS = ("ebu-r128", "ebu-r128-s1", "atsc-a85", "netflix", "apple-podcasts", "spotify")
_FPS = Param(
    "fps",
    "choice",
    "Frame rate of the timecodes",
    default="25",
    choices=("23.976", "24", "25", "29.97", "30", "50", "60"),
    help_fr="Cadence d'images des timecodes",
)
_BIT_DEPTH = Param(
    "bit_depth",
    "choice",
    "Bit depth of the written audio: the source's (16 stays 16, 24 stays 24), or 16 / 24; "
    "dithered (triangular PDF) when reduced",
    default="source",
    choices=("source", "16", "24"),
    help_fr="Résolution de l'audio écrit : celle de la source (16 reste 16, 24 reste 24), "
    "ou 16 / 24 ; avec dither (densité triangulaire) quand elle est réduite",
)

register(
    Tool(
        id="audio-loudness",
        usecase="audio-post",
        status="partial",
        title_en="Loudness to delivery specs",
        title_fr="Loudness selon les normes de livraison",
        command="imagia audio loudness MEDIA --spec ebu-r128 [--normalise]",
        scope_en=(
            "loudness measurement against delivery specs (EBU R 128, ATSC A/85, Netflix, Apple "
            "Podcasts, Spotify, custom YAML) and two-pass true-peak-safe normalisation (stereo, "
            "5.1) with an HTML report; dialogue gating estimated with DeepFilterNet's speech "
            "estimate (not Dolby Dialogue Intelligence)"
        ),
        scope_fr=(
            "mesure de loudness selon les normes de livraison (EBU R 128, ATSC A/85, Netflix, "
            "Apple Podcasts, Spotify, YAML maison) et normalisation en deux passes sans "
            "dépasser le true peak (stéréo, 5.1), rapport HTML ; mesure sur le dialogue "
            "estimée avec DeepFilterNet (pas Dolby Dialogue Intelligence)"
        ),
        entry="imagia.post.jobs:loudness_job",
        params=(
            Param(
                "media",
                "file",
                "Audio or video file to measure",
                required=True,
                accept=("audio",),
                help_fr="Fichier audio ou vidéo à mesurer",
            ),
            Param(
                "spec",
                "choice",
                "Delivery spec",
                default="ebu-r128",
                choices=_SPECS,
                open_choice=True,
                help_fr="Norme de livraison",
            ),
            Param(
                "normalise",
                "flag",
                "Write a copy corrected to the spec",
                default=False,
                help_fr="Écrire une copie corrigée selon la norme",
            ),
            _BIT_DEPTH,
        ),
        outputs=("report/json", "curve/csv", "report/html", "audio/normalised"),
        demo="imagia.post.demo:loudness_example",
    )
)

register(
    Tool(
        id="audio-qc",
        usecase="audio-post",
        status="partial",
        title_en="Audio quality control",
        title_fr="Contrôle qualité audio",
        command="imagia audio qc MEDIA [--fps 25] [--layout 5.1]",
        scope_en=(
            "technical QC with timecodes and severities: clipping, DC offset, phase and mono "
            "compatibility, 5.1 layout (dialogue not in centre, full-band LFE, silent "
            "channels), dropouts, digital silence, 50/60 Hz hum, sample rate and bit depth, "
            "levels per channel; classic signal processing, no listening judgement"
        ),
        scope_fr=(
            "contrôle technique avec timecodes et gravité : saturation, offset DC, phase et "
            "compatibilité mono, implantation 5.1 (dialogue hors centre, LFE pleine bande, "
            "canaux muets), drop-outs, silence numérique, ronflette 50/60 Hz, fréquence "
            "d'échantillonnage et résolution, niveaux par canal ; traitement du signal "
            "classique, pas de jugement d'écoute"
        ),
        entry="imagia.post.qc:run_job",
        params=(
            Param(
                "media",
                "file",
                "Audio or video file to check",
                required=True,
                accept=("audio",),
                help_fr="Fichier audio ou vidéo à contrôler",
            ),
            _FPS,
            Param(
                "layout",
                "choice",
                "Expected channel layout (optional)",
                default="",
                choices=("", "mono", "stereo", "5.1", "7.1"),
                help_fr="Implantation des canaux attendue (facultatif)",
            ),
            Param(
                "stream",
                "integer",
                "Audio stream to check (0 = first; stems delivered as separate streams)",
                default=0,
                minimum=0,
                maximum=63,
                help_fr="Flux audio à contrôler (0 = le premier ; stems livrés en flux séparés)",
            ),
        ),
        outputs=("report/json", "report/html"),
        demo="imagia.post.demo:qc_example",
    )
)

register(
    Tool(
        id="audio-sync",
        usecase="audio-post",
        status="partial",
        title_en="Sync sound to picture",
        title_fr="Synchronisation son / image",
        command="imagia audio sync A B  |  imagia audio sync --folder RUSHES",
        scope_en=(
            "offset between two recordings of the same event by GCC-PHAT cross-correlation, "
            "sub-sample, in ms and frames, with clock drift measured on long takes; pairs a "
            "folder of camera files with recorder files; no timecode or slate reading, drift "
            "not corrected"
        ),
        scope_fr=(
            "décalage entre deux enregistrements d'un même événement par corrélation croisée "
            "GCC-PHAT, au sous-échantillon, en ms et en images, dérive d'horloge mesurée sur "
            "les prises longues ; apparie un dossier de rushes caméra et de sons ; pas de "
            "lecture de timecode ni de clap, dérive non corrigée"
        ),
        entry="imagia.post.sync:run_job",
        params=(
            Param(
                "a",
                "file",
                "Reference recording (e.g. camera audio); or give folder",
                accept=("audio",),
                help_fr="Enregistrement de référence (p. ex. son caméra) ; ou indiquer un dossier",
            ),
            Param(
                "b",
                "file",
                "Recording to align (e.g. field recorder)",
                accept=("audio",),
                help_fr="Enregistrement à caler (p. ex. enregistreur son)",
            ),
            Param(
                "folder",
                "folder",
                "Pair every camera file of this folder with its recorder file (instead of a and b)",
                help_fr="Apparier chaque fichier caméra de ce dossier avec son fichier son "
                "(au lieu de a et b)",
            ),
            _FPS,
            Param(
                "max_offset",
                "number",
                "Largest offset searched, seconds",
                default=60.0,
                minimum=0.01,
                maximum=3600,
                help_fr="Décalage maximal recherché, en secondes",
            ),
        ),
        outputs=("report/json",),
        demo="imagia.post.demo:sync_example",
    )
)

register(
    Tool(
        id="audio-denoise",
        usecase="audio-post",
        status="partial",
        title_en="Dialogue clean-up (DeepFilterNet)",
        title_fr="Nettoyage des dialogues (DeepFilterNet)",
        command="imagia audio denoise MEDIA [--strength 1.0] [--declick]",
        scope_en=(
            "speech denoising with the packaged DeepFilterNet 3 model (or classic spectral "
            "gating), strength control, blind SNR before/after, optional de-click (ffmpeg "
            "adeclick); no de-reverb"
        ),
        scope_fr=(
            "débruitage de la parole avec le modèle DeepFilterNet 3 empaqueté (ou un gate "
            "spectral classique), réglage de l'intensité, RSB estimé avant/après, de-click "
            "optionnel (adeclick de ffmpeg) ; pas de déréverbération"
        ),
        entry="imagia.post.denoise:run_job",
        params=(
            Param(
                "media",
                "file",
                "Audio or video file with dialogue",
                required=True,
                accept=("audio",),
                help_fr="Fichier audio ou vidéo avec dialogues",
            ),
            Param(
                "method",
                "choice",
                "Engine",
                default="deepfilternet",
                choices=("deepfilternet", "spectral-gate"),
                help_fr="Moteur",
            ),
            Param(
                "strength",
                "number",
                "0 (light) to 1 (no limit on the reduction)",
                default=1.0,
                minimum=0.0,
                maximum=1.0,
                help_fr="De 0 (léger) à 1 (réduction sans limite)",
            ),
            Param(
                "declick",
                "flag",
                "Repair clicks first (ffmpeg adeclick)",
                default=False,
                help_fr="Réparer d'abord les clics (adeclick de ffmpeg)",
            ),
            Param(
                "mode",
                "choice",
                "full: the most noise removed (for the mix); gentle: at most 12 dB removed, "
                "for speech intelligibility and speech recognition",
                default="full",
                choices=("full", "gentle"),
                help_fr="full : le plus de bruit retiré (pour le mixage) ; gentle : 12 dB retirés "
                "au plus, pour l'intelligibilité et la reconnaissance de la parole",
            ),
            _BIT_DEPTH,
        ),
        models=("deepfilternet3",),
        outputs=("audio/denoised", "report/json"),
        demo="imagia.post.demo:denoise_example",
    )
)

register(
    Tool(
        id="audio-dehum",
        usecase="audio-post",
        status="partial",
        title_en="Hum removal",
        title_fr="Suppression de la ronflette",
        command="imagia audio dehum MEDIA [--freq auto|50|60]",
        scope_en=(
            "mains hum (50/60 Hz, found and refined in the programme) removed by a comb of "
            "zero-phase notches, with levels per harmonic before/after; classic DSP, no "
            "broadband clean-up"
        ),
        scope_fr=(
            "ronflette secteur (50/60 Hz, trouvée et affinée dans le programme) retirée par un "
            "peigne de filtres coupe-bande à phase nulle, niveaux par harmonique avant/après ; "
            "traitement classique, pas de nettoyage large bande"
        ),
        entry="imagia.post.dehum:run_job",
        params=(
            Param(
                "media",
                "file",
                "Audio or video file with hum",
                required=True,
                accept=("audio",),
                help_fr="Fichier audio ou vidéo avec ronflette",
            ),
            Param(
                "freq",
                "choice",
                "Mains frequency",
                default="auto",
                choices=("auto", "50", "60"),
                help_fr="Fréquence du secteur",
            ),
            Param(
                "harmonics",
                "integer",
                "Harmonics to notch",
                default=8,
                minimum=1,
                maximum=40,
                help_fr="Nombre d'harmoniques à filtrer",
            ),
            _BIT_DEPTH,
        ),
        outputs=("audio/dehum", "report/json"),
        demo="imagia.post.demo:dehum_example",
    )
)

register(
    Tool(
        id="audio-stems",
        usecase="audio-post",
        status="partial",
        title_en="Dialogue / M&E stems estimate",
        title_fr="Estimation des stems dialogue / M&E",
        command="imagia audio stems MEDIA",
        scope_en=(
            "an estimate, not a source separation: dialogue by the DeepFilterNet denoiser, "
            "music and effects as the rest, split into harmonic and percussive parts (HPSS)"
        ),
        scope_fr=(
            "une estimation, pas une séparation de sources : dialogue par le débruiteur "
            "DeepFilterNet, musique et effets comme le reste, scindés en parties harmonique et "
            "percussive (HPSS)"
        ),
        entry="imagia.post.stems:run_job",
        params=(
            Param(
                "media",
                "file",
                "Audio or video file (a mix)",
                required=True,
                accept=("audio",),
                help_fr="Fichier audio ou vidéo (un mixage)",
            ),
            Param(
                "method",
                "choice",
                "Dialogue estimator",
                default="deepfilternet",
                choices=("deepfilternet", "spectral-gate"),
                help_fr="Estimateur du dialogue",
            ),
        ),
        models=("deepfilternet3",),
        outputs=(
            "audio/dialogue",
            "audio/me",
            "audio/me-harmonic",
            "audio/me-percussive",
            "report/json",
        ),
        demo="imagia.post.demo:stems_example",
    )
)
