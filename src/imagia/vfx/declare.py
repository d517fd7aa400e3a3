"""Tools of the vfx domain: the restoration chain (metadata only)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="vfx-restore",
        usecase="restoration",
        status="partial",
        title_en="Restoration chain: stabilise, deflicker, dust and scratches, denoise, upscale",
        title_fr=(
            "Chaîne de restauration : stabilisation, anti-papillotement, poussières et rayures, "
            "débruitage, agrandissement"
        ),
        command=(
            "imagia vfx restore MEDIA [--denoise 0..1] [--deflicker] [--dust] [--stabilise] "
            "[--upscale 2]"
        ),
        scope_en=(
            "classic filters a restorer switches on one by one, each with a strength: vid.stab "
            "two-pass stabilisation, ffmpeg deflicker, dust and scratch removal (temporal "
            "outliers repaired from the neighbouring frames or by OpenCV inpainting), nlmeans or "
            "hqdn3d denoising, Lanczos upscale with unsharp mask; a before/after side by side, "
            "PSNR/SSIM/VMAF against a clean reference when one is given; no super-resolution "
            "or generative model (none ships), scratches that stay in place over several frames "
            "are not removed, no colour fading repair"
        ),
        scope_fr=(
            "des filtres classiques que le restaurateur active un à un, chacun avec son "
            "intensité : stabilisation vid.stab en deux passes, anti-papillotement ffmpeg, "
            "retrait des poussières et rayures (valeurs aberrantes dans le temps réparées à "
            "partir des images voisines ou par retouche OpenCV), débruitage nlmeans ou hqdn3d, "
            "agrandissement Lanczos avec masque de netteté ; un avant/après côte à côte, PSNR, "
            "SSIM et VMAF face à une référence propre quand elle est fournie ; ni "
            "super-résolution ni modèle génératif (aucun n'est livré), les rayures qui restent "
            "en place sur plusieurs images ne sont pas retirées, pas de correction des couleurs "
            "passées"
        ),
        entry="imagia.vfx.jobs:restore_job",
        params=(
            Param(
                "media",
                "file",
                "Video to restore",
                required=True,
                accept=("video",),
                help_fr="Vidéo à restaurer",
            ),
            Param(
                "denoise",
                "number",
                "Denoise strength (0: off)",
                default=0.0,
                minimum=0,
                maximum=1,
                help_fr="Intensité du débruitage (0 : désactivé)",
            ),
            Param(
                "denoise_method",
                "choice",
                "Denoiser: hqdn3d (fast, spatio-temporal) or nlmeans (slower, keeps more detail)",
                default="hqdn3d",
                choices=("hqdn3d", "nlmeans"),
                help_fr=(
                    "Débruiteur : hqdn3d (rapide, spatio-temporel) ou nlmeans (plus lent, garde "
                    "plus de détail)"
                ),
            ),
            Param(
                "deflicker",
                "flag",
                "Even out frame-to-frame brightness changes",
                default=False,
                help_fr="Égaliser les variations de luminosité d'une image à l'autre",
            ),
            Param(
                "deflicker_strength",
                "number",
                "Deflicker strength (window of 3 to 23 frames)",
                default=0.5,
                minimum=0,
                maximum=1,
                help_fr="Intensité de l'anti-papillotement (fenêtre de 3 à 23 images)",
            ),
            Param(
                "dust",
                "flag",
                "Remove dust and scratches present on single frames",
                default=False,
                help_fr="Retirer les poussières et rayures présentes sur une seule image",
            ),
            Param(
                "dust_strength",
                "number",
                "Dust detection strength (higher: smaller differences count as dust)",
                default=0.5,
                minimum=0,
                maximum=1,
                help_fr=(
                    "Sensibilité de la détection des poussières (plus haut : des écarts plus "
                    "faibles comptent)"
                ),
            ),
            Param(
                "dust_fill",
                "choice",
                "How dust is repaired: temporal (from the neighbouring frames, inpainting where "
                "they differ) or inpaint (from the surrounding pixels only)",
                default="temporal",
                choices=("temporal", "inpaint"),
                help_fr=(
                    "Réparation des poussières : temporal (à partir des images voisines, "
                    "retouche là où elles diffèrent) ou inpaint (à partir des pixels voisins "
                    "seulement)"
                ),
            ),
            Param(
                "stabilise",
                "flag",
                "Stabilise the camera (vid.stab, two passes)",
                default=False,
                help_fr="Stabiliser la caméra (vid.stab, deux passes)",
            ),
            Param(
                "stabilise_strength",
                "number",
                "Stabilisation strength (smoothing of the camera path)",
                default=0.5,
                minimum=0,
                maximum=1,
                help_fr="Intensité de la stabilisation (lissage du trajet de la caméra)",
            ),
            Param(
                "upscale",
                "integer",
                "Upscale factor (Lanczos + unsharp mask; 1: none)",
                default=1,
                minimum=1,
                maximum=4,
                help_fr="Facteur d'agrandissement (Lanczos + masque de netteté ; 1 : aucun)",
            ),
            Param(
                "sharpen",
                "number",
                "Unsharp amount after upscaling",
                default=0.6,
                minimum=0,
                maximum=2,
                help_fr="Quantité de netteté après agrandissement",
            ),
            Param(
                "reference",
                "file",
                "Clean reference of the same clip, to measure PSNR, SSIM and VMAF (optional)",
                accept=("video",),
                help_fr=(
                    "Référence propre du même plan, pour mesurer PSNR, SSIM et VMAF (facultatif)"
                ),
            ),
        ),
        models=(),
        outputs=("video/restored", "video/side-by-side", "report/json"),
        demo="imagia.vfx.demo:restore_example",
    )
)
