"""Tools of the timelines domain (use case ``assisted-editing``)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="edit-cuts",
        usecase="assisted-editing",
        status="partial",
        title_en="Scene edit detection: a programme's cuts as an EDL, OTIO or FCPXML",
        title_fr="Détection des coupes : le découpage d'un programme en EDL, OTIO ou FCPXML",
        command="imagia edit cuts MEDIA --to edl|otio|fcpxml",
        scope_en=(
            "finds the hard cuts of an edited programme (frame-exact, colour-change detector) "
            "and writes them as a timeline of one event per shot that DaVinci Resolve, Final "
            "Cut Pro, Premiere or Avid can open (CMX3600 EDL with drop-frame timecode at 29.97, "
            "OpenTimelineIO, FCPXML 1.9); search results can be written as selects in the same "
            "formats; dissolves and fades are not detected, no automatic editing"
        ),
        scope_fr=(
            "trouve les coupes franches d'un programme monté (à l'image près, détecteur de "
            "changement de couleur) et les écrit en timeline d'un événement par plan que "
            "DaVinci Resolve, Final Cut Pro, Premiere ou Avid ouvrent (EDL CMX3600 avec "
            "timecode drop-frame à 29,97, OpenTimelineIO, FCPXML 1.9) ; les résultats de "
            "recherche s'écrivent en sélections dans les mêmes formats ; pas de détection des "
            "fondus, pas de montage automatique"
        ),
        entry="imagia.timeline.jobs:run_cuts",
        params=(
            Param(
                "media",
                "file",
                "Edited programme (video file)",
                required=True,
                accept=("video",),
                help_fr="Programme monté (fichier vidéo)",
            ),
            Param(
                "to",
                "choice",
                "Timeline format",
                default="edl",
                choices=("edl", "otio", "fcpxml"),
                help_fr="Format de timeline",
            ),
            Param(
                "threshold",
                "number",
                "Cut threshold (mean colour change, 0-255)",
                default=27.0,
                minimum=0.1,
                maximum=255,
                help_fr="Seuil de coupe (écart de couleur moyen, 0-255)",
            ),
        ),
        outputs=("timeline/edl", "timeline/otio", "timeline/fcpxml", "report/json"),
        demo="imagia.timeline.demo:cuts_example",
    )
)
