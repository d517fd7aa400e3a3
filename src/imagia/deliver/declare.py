"""Tools of the deliver domain: per-title encoding ladders measured by VMAF."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="deliver-ladder",
        usecase="video-streaming",
        status="partial",
        title_en="Per-title encoding ladder measured by VMAF, packaged for HLS and DASH",
        title_fr="Échelle d'encodage par titre mesurée au VMAF, empaquetée en HLS et DASH",
        command="imagia deliver ladder MEDIA [--codec x264] [--budget 10] [--package hls,dash]",
        scope_en=(
            "samples representative shots, encodes a grid of resolutions x CRF (x264, x265 or "
            "SVT-AV1) within a budget of encoding minutes, measures VMAF (vmaf_v0.6.1), PSNR "
            "and SSIM at the display size, builds the convex hull, picks the rungs for target "
            "VMAF levels or bitrates and gives the BD-rate against Apple's fixed HLS ladder; "
            "encodes the rungs and packages HLS and DASH on request; no shot-by-shot "
            "optimisation (Dynamic Optimizer) and no live encoding"
        ),
        scope_fr=(
            "échantillonne des plans représentatifs, encode une grille résolutions x CRF (x264, "
            "x265 ou SVT-AV1) dans un budget de minutes d'encodage, mesure le VMAF "
            "(vmaf_v0.6.1), le PSNR et le SSIM à la taille d'affichage, construit l'enveloppe "
            "convexe, choisit les paliers pour des VMAF ou débits visés et donne le BD-rate "
            "face à l'échelle HLS fixe d'Apple ; encode les paliers et empaquette en HLS et "
            "DASH sur demande ; sans optimisation plan par plan (Dynamic Optimizer) ni "
            "encodage en direct"
        ),
        entry="imagia.deliver.jobs:run_ladder",
        params=(
            Param(
                "media",
                "file",
                "Video of the title",
                required=True,
                accept=("video",),
                help_fr="Vidéo du titre",
            ),
            Param(
                "codec",
                "choice",
                "Encoder: x264 (H.264), x265 (HEVC) or svtav1 (AV1)",
                default="x264",
                choices=("x264", "x265", "svtav1"),
                help_fr="Encodeur : x264 (H.264), x265 (HEVC) ou svtav1 (AV1)",
            ),
            Param(
                "budget",
                "number",
                "Encoding minutes the grid may take (a smaller budget measures a smaller grid "
                "and says what it gave up)",
                default=10.0,
                minimum=0.1,
                maximum=1440,
                help_fr=(
                    "Minutes d'encodage permises pour la grille (un budget plus petit mesure "
                    "une grille plus petite et dit ce qu'il a abandonné)"
                ),
            ),
            Param(
                "targets",
                "text",
                "Rungs: target VMAF levels (95,93,88,80,70,60) or bitrates (300k,1200k,4500k)",
                default="95,93,88,80,70,60",
                help_fr=("Paliers : VMAF visés (95,93,88,80,70,60) ou débits (300k,1200k,4500k)"),
            ),
            Param(
                "preset",
                "choice",
                "Encoder speed preset (slower: fewer bits for the same quality)",
                default="medium",
                choices=("veryfast", "fast", "medium", "slow"),
                help_fr="Préréglage de vitesse (plus lent : moins de bits à qualité égale)",
            ),
            Param(
                "segments",
                "integer",
                "Segments sampled over the shots",
                default=6,
                minimum=1,
                maximum=60,
                help_fr="Segments échantillonnés parmi les plans",
            ),
            Param(
                "segment_seconds",
                "number",
                "Seconds per segment",
                default=5.0,
                minimum=1,
                maximum=120,
                help_fr="Secondes par segment",
            ),
            Param(
                "compare",
                "flag",
                "Also encode Apple's fixed HLS ladder and give the BD-rate against it",
                default=True,
                help_fr="Encoder aussi l'échelle HLS fixe d'Apple et donner le BD-rate",
            ),
            Param(
                "package",
                "text",
                "Encode the rungs over the whole title and package them: hls, dash or hls,dash "
                "(empty: no encode)",
                default="",
                help_fr=(
                    "Encoder les paliers sur tout le titre et les empaqueter : hls, dash ou "
                    "hls,dash (vide : aucun encodage)"
                ),
            ),
        ),
        models=("VMAF vmaf_v0.6.1 (built into libvmaf, BSD-2-Clause-Patent)",),
        outputs=(
            "encoding-ladder/json",
            "encoding-ladder/csv",
            "image/svg+xml",
            "report/html",
            "video/mp4",
            "hls/m3u8",
            "dash/mpd",
        ),
        demo="imagia.deliver.demo:ladder_example",
    )
)
