"""Tools of the clips domain (use case ``clipping``)."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="clips-make",
        usecase="clipping",
        status="partial",
        title_en="Clips under rights: find, clear, render",
        title_fr="Extraits sous droits : trouver, vérifier, produire",
        command='imagia clips make "QUERY" --territory FR --channel social [--max N]',
        scope_en=(
            "finds moments by what is said, what is meant across languages and what is shown "
            "on screen (the index's fused search), optionally only where a named person is "
            "seen or a sound class heard, keeps only those the rights "
            "register clears for a territory, channel and date (grants, windows, holdbacks, "
            "clip length, music cues, archive footage, restricted people) and says why the "
            "others are left out; renders each clip frame-accurately in H.264/AAC with burnt-in "
            "subtitles and two-pass loudness normalisation, with a rights report per clip; no "
            "highlight detection, reframing or delivery to platforms yet"
        ),
        scope_fr=(
            "trouve les moments par les paroles, le sens d'une langue à l'autre et le texte "
            "à l'écran (recherche fusionnée de l'index), au besoin seulement là où une "
            "personne nommée est vue ou un son entendu, ne garde que ceux "
            "que le registre des droits autorise pour un territoire, un canal et une date "
            "(cessions, fenêtres, holdbacks, durée d'extrait, musiques, archives, droit à "
            "l'image) et dit pourquoi les autres sont écartés ; produit chaque extrait à l'image "
            "près en H.264/AAC avec sous-titres incrustés et normalisation de la sonie en deux "
            "passes, avec un rapport de droits par extrait ; pas encore de détection des temps "
            "forts, de recadrage ni de livraison aux plateformes"
        ),
        entry="imagia.clips.jobs:run_make",
        params=(
            Param("query", "text", "Words said, meant or shown on screen in the moments to clip",
                  required=True),
            Param("territory", "text", "Territory (ISO 3166 alpha-2, e.g. FR)", default="FR",
                  required=True),
            Param("channel", "choice", "Channel of exploitation", default="social",
                  choices=("social", "avod", "svod", "tvod", "fast", "tv", "press", "cinema",
                           "festival", "inflight", "web")),
            Param("date", "text", "Date of exploitation YYYY-MM-DD (empty: today)", default=""),
            Param("max", "number", "Most clips", default=5),
            Param("subtitles", "flag", "Burn in subtitles from the transcript", default=True),
            Param("loudness", "choice", "Loudness target (LUFS)", default="-23",
                  choices=("-23", "-24", "-16", "-14", "off")),
            Param("handles", "number", "Seconds added before and after each moment",
                  default=0.5),
            Param("person", "text", "Only where this named person is seen (empty: anyone)",
                  default=""),
            Param("sound", "text", "Only where this sound class is heard, e.g. music "
                  "(empty: any)", default=""),
        ),
        outputs=("video/mp4", "subtitles/srt", "rights/json", "report/json", "report/csv"),
        demo="imagia.clips.demo:make_example",
    )
)
