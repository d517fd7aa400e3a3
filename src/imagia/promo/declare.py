"""Tools of the promo domain: social reframing (``promo-content``), smart-camera framing
(``smart-cameras``) and trailer highlights (``trailers``)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

_DETECTOR = Param(
    "detector",
    "choice",
    "Face detector: hog (dlib, frontal) or haar (OpenCV, frontal + profiles)",
    default="hog",
    choices=("hog", "haar"),
    help_fr="Détecteur de visages : hog (dlib, de face) ou haar (OpenCV, de face + profils)",
)
_SAMPLE = Param(
    "sample_fps",
    "number",
    "Face detections per second of video",
    default=5.0,
    minimum=0.1,
    maximum=60,
    help_fr="Détections de visages par seconde de vidéo",
)

register(
    Tool(
        id="reframe",
        usecase="promo-content",
        status="partial",
        title_en="Reframe a video for social formats around its subject",
        title_fr="Recadrer une vidéo pour les réseaux autour de son sujet",
        command="imagia reframe MEDIA [--aspect 9:16|1:1|4:5|16:9] [--output FILE]",
        scope_en=(
            "finds the shots and follows the main face (OpenCV Haar cascades or dlib HOG on a "
            "downscaled copy), then a crop of the target aspect smoothed over time with a dead "
            "zone, cut at every shot change, the face kept inside; renders H.264 with the "
            "source audio and writes the crop path as JSON and CSV for the editor; no text or "
            "subtitle layout, no generated copy, no object or action tracking yet"
        ),
        scope_fr=(
            "trouve les plans et suit le visage principal (cascades de Haar d'OpenCV ou HOG de "
            "dlib sur une copie réduite), puis un recadrage au format visé lissé dans le temps "
            "avec une zone morte, qui saute à chaque changement de plan et garde le visage "
            "dans le cadre ; rendu H.264 avec le son d'origine et chemin de recadrage en JSON "
            "et CSV pour le monteur ; pas encore de mise en page de textes ou sous-titres, de "
            "textes générés, ni de suivi d'objets ou d'actions"
        ),
        entry="imagia.promo.jobs:run_reframe",
        params=(
            Param(
                "media",
                "file",
                "Video to reframe",
                required=True,
                accept=("video",),
                help_fr="Vidéo à recadrer",
            ),
            Param(
                "aspect",
                "choice",
                "Target aspect (width:height)",
                default="9:16",
                choices=("9:16", "1:1", "4:5", "16:9"),
                help_fr="Format visé (largeur:hauteur)",
            ),
            Param(
                "size",
                "text",
                "Output size WxH (empty: 1080 on the short side)",
                default="",
                help_fr="Taille de sortie LxH (vide : 1080 sur le petit côté)",
            ),
            _DETECTOR,
            _SAMPLE,
            Param(
                "smooth_seconds",
                "number",
                "Camera smoothing (seconds)",
                default=0.5,
                minimum=0,
                maximum=10,
                help_fr="Lissage du mouvement de caméra (secondes)",
            ),
        ),
        models=("dlib-hog-face", "haar-face"),
        outputs=("video/mp4", "crop-path/json", "crop-path/csv"),
        demo="imagia.promo.demo:reframe_example",
    )
)

register(
    Tool(
        id="smart-framing",
        usecase="smart-cameras",
        status="partial",
        title_en="Smart-camera framing: follow the subject in a wide shot",
        title_fr="Cadrage de caméra intelligente : suivre le sujet dans un plan large",
        command="imagia reframe MEDIA --smart-camera [--face-fraction 0.25]",
        scope_en=(
            "the virtual operator of an intelligent camera, in post: from a wide shot, a "
            "tighter shot at the source aspect (a medium close-up by default) that follows the "
            "main face smoothly, zooming with its size, cutting with the shots; rendered with "
            "the crop path; no control of a physical camera, no multi-camera switching"
        ),
        scope_fr=(
            "l'opérateur virtuel d'une caméra intelligente, en post-production : dans un plan "
            "large, un plan plus serré au format d'origine (plan rapproché par défaut) qui suit "
            "le visage principal en douceur, zoome selon sa taille et coupe avec les plans ; "
            "rendu avec le chemin de recadrage ; pas de pilotage d'une caméra réelle ni de "
            "réalisation multicaméra"
        ),
        entry="imagia.promo.jobs:run_smart_framing",
        params=(
            Param(
                "media",
                "file",
                "Wide shot to frame",
                required=True,
                accept=("video",),
                help_fr="Plan large à cadrer",
            ),
            Param(
                "face_fraction",
                "number",
                "Face height as a share of the framed shot's height (0.25: medium close-up)",
                default=0.25,
                minimum=0.05,
                maximum=0.9,
                help_fr="Hauteur du visage en part de la hauteur du plan cadré (0,25 : plan "
                "rapproché)",
            ),
            Param(
                "size",
                "text",
                "Output size WxH (empty: the source size)",
                default="",
                help_fr="Taille de sortie LxH (vide : celle de la source)",
            ),
            _DETECTOR,
            _SAMPLE,
        ),
        models=("dlib-hog-face", "haar-face"),
        outputs=("video/mp4", "crop-path/json", "crop-path/csv"),
        demo="imagia.promo.demo:smart_framing_example",
    )
)

register(
    Tool(
        id="highlights",
        usecase="trailers",
        status="partial",
        title_en="Trailer highlights: rank the strongest moments",
        title_fr="Moments forts pour la bande-annonce",
        command="imagia highlights MEDIA [--top 5] [--output FILE.otio]",
        scope_en=(
            "ranks moments by a documented score: loud peaks (EBU R 128 momentary loudness), "
            "punchlines from the indexed transcript (lines ending in ! or ?), close-ups (face "
            "size) and quick cutting; the top moments with their reasons as an OTIO timeline "
            "and JSON for the editor; no music, no voice-over, no generated trailer"
        ),
        scope_fr=(
            "classe les moments selon un score documenté : pics sonores (sonie momentanée "
            "EBU R 128), répliques fortes de la transcription indexée (finissant par ! ou ?), "
            "gros plans (taille du visage) et montage rapide ; les meilleurs moments avec leurs "
            "raisons en timeline OTIO et JSON pour le monteur ; pas de musique, de voix off ni "
            "de bande-annonce générée"
        ),
        entry="imagia.promo.jobs:run_highlights",
        params=(
            Param(
                "media",
                "file",
                "Programme or rushes to scan",
                required=True,
                accept=("video",),
                help_fr="Programme ou rushes à analyser",
            ),
            Param(
                "top",
                "integer",
                "How many moments",
                default=5,
                minimum=1,
                maximum=100,
                help_fr="Nombre de moments",
            ),
            Param(
                "length",
                "number",
                "Length of a moment (seconds)",
                default=4.0,
                minimum=0.5,
                maximum=120,
                help_fr="Durée d'un moment (secondes)",
            ),
            Param(
                "faces",
                "flag",
                "Score close-ups (face tracking)",
                default=True,
                help_fr="Noter les gros plans (suivi des visages)",
            ),
            _DETECTOR,
        ),
        models=("dlib-hog-face", "haar-face"),
        outputs=("report/json", "timeline/otio"),
        demo="imagia.promo.demo:highlights_example",
    )
)
