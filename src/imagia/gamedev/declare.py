"""Tools of the game-creation domain: procedural levels proven playable, textures."""

from __future__ import annotations

from imagia.core.registry import Param, Tool, register

register(
    Tool(
        id="gamedev-levels",
        usecase="level-design",
        status="partial",
        title_en="Procedural platformer levels, each proven playable",
        title_fr="Niveaux de jeu de plateforme procéduraux, chacun prouvé jouable",
        command="imagia gamedev levels --generator cpsat --count 10 --seed 0",
        scope_en=(
            "levels of imagia's reference 2D platformer, from Wave Function Collapse learned on "
            "an example Tiled map or from designer constraints solved by CP-SAT; each one "
            "proven playable by a search over the game's own movement rules (the path is "
            "saved), repaired or rejected otherwise; Tiled JSON/TMX, PNG previews, expressive "
            "range; not levels for another game's engine rules, no image generation"
        ),
        scope_fr=(
            "niveaux du jeu de plateforme 2D de référence d'imagia, par Wave Function Collapse "
            "appris sur une carte Tiled d'exemple ou par contraintes de conception résolues par "
            "CP-SAT ; chacun prouvé jouable par une recherche sur les règles de déplacement du "
            "jeu lui-même (le chemin est enregistré), réparé ou rejeté sinon ; Tiled JSON/TMX, "
            "aperçus PNG, étendue expressive ; pas de niveaux aux règles d'un autre moteur, pas "
            "de génération d'images"
        ),
        entry="imagia.gamedev.jobs:run_levels",
        params=(
            Param(
                "generator",
                "choice",
                "Generator: cpsat (designer constraints) or wfc (learned from an example map)",
                default="cpsat",
                choices=("cpsat", "wfc"),
                help_fr=(
                    "Générateur : cpsat (contraintes de conception) ou wfc (appris sur une "
                    "carte d'exemple)"
                ),
            ),
            Param(
                "count",
                "integer",
                "How many levels",
                default=10,
                minimum=1,
                maximum=1000,
                help_fr="Nombre de niveaux",
            ),
            Param(
                "seed", "integer", "Random seed", default=0, minimum=0, help_fr="Graine aléatoire"
            ),
            Param(
                "example",
                "file",
                "Example map for WFC (Tiled JSON); none: the example that ships with imagia",
                help_fr="Carte d'exemple pour WFC (Tiled JSON) ; sans : celle fournie",
                accept=("text",),
            ),
            Param(
                "width",
                "integer",
                "Level width in tiles",
                default=40,
                minimum=12,
                maximum=256,
                help_fr="Largeur du niveau en tuiles",
            ),
            Param(
                "height",
                "integer",
                "Level height in tiles (CP-SAT; WFC keeps the example's)",
                default=12,
                minimum=6,
                maximum=64,
                help_fr="Hauteur du niveau en tuiles (CP-SAT ; WFC garde celle de l'exemple)",
            ),
            Param(
                "coins",
                "integer",
                "Coins to place (CP-SAT)",
                default=3,
                minimum=0,
                maximum=64,
                help_fr="Pièces à placer (CP-SAT)",
            ),
            Param(
                "enemies",
                "integer",
                "Enemies to place (CP-SAT)",
                default=2,
                minimum=0,
                maximum=64,
                help_fr="Ennemis à placer (CP-SAT)",
            ),
            Param(
                "difficulty",
                "choice",
                "Difficulty band (CP-SAT): obstacles (pits, enemies, climbs) per ten columns, "
                "easy 1-2, medium 2-3.5, hard 3.5-5",
                default="medium",
                choices=("easy", "medium", "hard"),
                help_fr=(
                    "Bande de difficulté (CP-SAT) : obstacles (fosses, ennemis, montées) pour dix "
                    "colonnes, facile 1-2, moyen 2-3,5, difficile 3,5-5"
                ),
            ),
            Param(
                "jump_height",
                "integer",
                "Jump height in tiles",
                default=3,
                minimum=1,
                maximum=8,
                help_fr="Hauteur de saut en tuiles",
            ),
            Param(
                "reach",
                "integer",
                "Tiles the player can move sideways while in the air",
                default=4,
                minimum=1,
                maximum=8,
                help_fr="Tuiles parcourues latéralement en l'air",
            ),
            Param(
                "collect_all",
                "flag",
                "Every coin must be collectable on the way to the exit",
                default=False,
                help_fr="Toutes les pièces doivent pouvoir être ramassées avant la sortie",
            ),
            Param(
                "no_repair",
                "flag",
                "Reject unplayable candidates instead of repairing them",
                default=False,
                help_fr="Rejeter les candidats injouables au lieu de les réparer",
            ),
            Param(
                "previews",
                "integer",
                "PNG previews to write (the first levels)",
                default=12,
                minimum=0,
                maximum=1000,
                help_fr="Aperçus PNG à écrire (les premiers niveaux)",
            ),
        ),
        models=("OR-Tools CP-SAT",),
        outputs=(
            "levels-report/json",
            "levels/csv",
            "level/tiled-json",
            "level/tmx",
            "level-preview/png",
            "expressive-range/png",
            "tileset/png",
        ),
        demo="imagia.gamedev.demo:levels_example",
    )
)

register(
    Tool(
        id="gamedev-texture",
        usecase="textures",
        status="partial",
        title_en="Seamless procedural textures with height, normal and roughness maps",
        title_fr="Textures procédurales raccordables avec cartes de hauteur, normales et rugosité",
        command="imagia gamedev texture --preset stone --size 512 --seed 0",
        scope_en=(
            "classic procedural texturing, no generative model: stone, wood, fabric and terrain "
            "from periodic noise (fBm, turbulence, ridged noise, domain warp), seeded; albedo, "
            "16-bit height, tangent-space normal (OpenGL, +Y up) and roughness maps; a 2 × 2 "
            "tiled preview, a preview lit on a plane and the seam error measured on each map; "
            "no text-to-texture, no texture from a photo"
        ),
        scope_fr=(
            "texturage procédural classique, sans modèle génératif : pierre, bois, tissu et "
            "terrain à partir de bruit périodique (fBm, turbulence, bruit à crêtes, déformation "
            "du domaine), avec graine ; cartes d'albédo, de hauteur 16 bits, de normales en "
            "espace tangent (OpenGL, +Y vers le haut) et de rugosité ; un aperçu répété 2 × 2, "
            "un aperçu éclairé sur un plan et l'erreur de raccord mesurée sur chaque carte ; pas "
            "de texture à partir d'un texte ni d'une photo"
        ),
        entry="imagia.gamedev.jobs:run_texture",
        params=(
            Param(
                "preset",
                "choice",
                "Material: stone, wood, fabric or terrain",
                default="stone",
                choices=("stone", "wood", "fabric", "terrain"),
                help_fr="Matériau : stone (pierre), wood (bois), fabric (tissu) ou terrain",
            ),
            Param(
                "size",
                "integer",
                "Side of the square texture in pixels",
                default=512,
                minimum=32,
                maximum=2048,
                help_fr="Côté de la texture carrée en pixels",
            ),
            Param(
                "seed", "integer", "Random seed", default=0, minimum=0, help_fr="Graine aléatoire"
            ),
        ),
        outputs=(
            "texture-albedo/png",
            "texture-height/png",
            "texture-normal/png",
            "texture-roughness/png",
            "texture-preview/png",
            "texture-report/json",
        ),
        demo="imagia.gamedev.texture_demo:texture_example",
    )
)
