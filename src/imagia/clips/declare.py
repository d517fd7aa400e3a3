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
            Param(
                "query",
                "text",
                "Words said, meant or shown on screen in the moments to clip",
                required=True,
                help_fr="Mots dits, sens voulu ou texte à l'écran des moments à extraire",
            ),
            Param(
                "territory",
                "text",
                "Territory (ISO 3166 alpha-2, e.g. FR)",
                default="FR",
                help_fr="Territoire (ISO 3166 alpha-2, p. ex. FR)",
            ),
            Param(
                "channel",
                "choice",
                "Channel of exploitation",
                default="social",
                choices=(
                    "social",
                    "avod",
                    "svod",
                    "tvod",
                    "fast",
                    "tv",
                    "press",
                    "cinema",
                    "festival",
                    "inflight",
                    "web",
                ),
                help_fr="Canal d'exploitation",
            ),
            Param(
                "date",
                "text",
                "Date of exploitation YYYY-MM-DD (empty: today)",
                default="",
                help_fr="Date d'exploitation AAAA-MM-JJ (vide : aujourd'hui)",
            ),
            Param(
                "max",
                "integer",
                "Most clips to render",
                default=5,
                minimum=1,
                maximum=200,
                help_fr="Nombre maximal d'extraits à produire",
            ),
            Param(
                "subtitles",
                "flag",
                "Burn in subtitles from the transcript",
                default=True,
                help_fr="Incruster les sous-titres tirés de la transcription",
            ),
            Param(
                "loudness",
                "choice",
                "Loudness target (LUFS)",
                default="-23",
                choices=("-23", "-24", "-27", "-20", "-18", "-16", "-14", "off"),
                help_fr="Cible de sonie (LUFS)",
            ),
            Param(
                "handles",
                "number",
                "Seconds added before and after each moment",
                default=0.5,
                minimum=0,
                maximum=30,
                help_fr="Secondes ajoutées avant et après chaque moment",
            ),
            Param(
                "person",
                "text",
                "Only where this named person is seen (empty: anyone)",
                default="",
                help_fr="Seulement là où cette personne nommée est vue (vide : n'importe qui)",
            ),
            Param(
                "sound",
                "text",
                "Only where this sound class is heard, e.g. music (empty: any)",
                default="",
                help_fr="Seulement là où cette classe de son est entendue, p. ex. music "
                "(vide : toutes)",
            ),
        ),
        outputs=("video/mp4", "subtitles/srt", "rights/json", "report/json", "report/csv"),
        demo="imagia.clips.demo:make_example",
    )
)
