"""Tools of the audio post-production domain (use case ``audio-post``)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="audio-loudness",
        usecase="audio-post",
        status="partial",
        title_en="Loudness to delivery specs",
        title_fr="Loudness selon les normes de livraison",
        command="imagia audio loudness MEDIA --spec ebu-r128",
        scope_en=(
            "loudness measurement and QC against delivery specs (EBU R 128, ATSC A/85, "
            "Netflix, Apple Podcasts, Spotify); no clean-up, separation or mixing yet"
        ),
        scope_fr=(
            "mesure de loudness et contrôle selon les normes de livraison (EBU R 128, ATSC A/85, "
            "Netflix, Apple Podcasts, Spotify) ; pas encore de nettoyage, séparation ni mixage"
        ),
        entry="imagia.post.loudness:run_job",
        params=(
            Param("media", "file", "Audio or video file to measure", required=True),
            Param("spec", "choice", "Delivery spec", default="ebu-r128",
                  choices=("ebu-r128", "atsc-a85", "netflix", "apple-podcasts", "spotify")),
        ),
        outputs=("report/json", "curve/csv"),
        demo="imagia.post.demo:loudness_example",
    )
)
