"""Assistant tools (metadata only): questions about a screenplay answered with citations."""

from __future__ import annotations

import importlib.util
import os

from imagia.core.registry import Param, Tool, register

_MODEL = Param(
    "model",
    "choice",
    "Language model (auto: the best local model installed, or the configured endpoint)",
    default="auto",
    choices=("auto", "qwen-1.5b", "qwen-0.5b"),
    help_fr="Modèle de langage (auto : le meilleur modèle local installé, ou le serveur configuré)",
)

# Declared only where the language model can run (llama-cpp-python, built by the dev set-up,
# or a configured endpoint), so the catalogue and the demo never offer what cannot run.
if importlib.util.find_spec("llama_cpp") is not None or os.environ.get("IMAGIA_LLM_ENDPOINT"):
    register(
        Tool(
            id="assist-ask",
            usecase="screenplay-writing",
            status="partial",
            title_en="Ask the screenplay: answers citing its scenes",
            title_fr="Interroger le scénario : réponses citant ses séquences",
            command='imagia assist ask SCRIPT "In which scenes does Nora lie?"',
            scope_en=(
                "answers questions about the story from the scenes found by meaning and by the "
                "characters named, citing them as [N] (citations checked against what the model "
                "read); a small local model drafts, a writer decides; no writing of new pages yet"
            ),
            scope_fr=(
                "répond aux questions sur l'histoire à partir des séquences trouvées par le sens "
                "et par les personnages nommés, en les citant [N] (citations vérifiées contre ce "
                "que le modèle a lu) ; un petit modèle local propose, l'auteur décide ; pas "
                "encore d'écriture de pages"
            ),
            entry="imagia.assist.jobs:ask_job",
            params=(
                Param(
                    "script",
                    "file",
                    "Screenplay",
                    required=True,
                    help_fr="Scénario",
                    accept=("text", "pdf", "xml"),
                ),
                Param(
                    "questions",
                    "text",
                    "Questions, one per line",
                    required=True,
                    help_fr="Questions, une par ligne",
                ),
                Param(
                    "top",
                    "integer",
                    "Scenes given to the model per question",
                    default=4,
                    minimum=1,
                    maximum=20,
                    help_fr="Séquences données au modèle par question",
                ),
                _MODEL,
            ),
            models=("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b", "use-multilingual"),
            outputs=("report/json", "report/markdown"),
            demo="imagia.assist.demo:ask_example",
        )
    )

    register(
        Tool(
            id="assist-continuity",
            usecase="screenplay-writing",
            status="partial",
            title_en="Continuity check: contradictions across scenes and with the bible",
            title_fr="Raccords : contradictions entre séquences et avec la bible",
            command="imagia assist continuity SCRIPT --bible bible.yaml",
            scope_en=(
                "rules find ages, eye and hair colours, deaths followed by lines and names spelled "
                "two ways, against each other and the bible; the local model then reads each "
                "character's lines (its findings marked as its reading); every finding cites both "
                "places"
            ),
            scope_fr=(
                "des règles trouvent âges, couleurs d'yeux et de cheveux, morts suivies de "
                "répliques et noms écrits de deux façons, entre séquences et contre la bible ; le "
                "modèle local lit ensuite les lignes de chaque personnage (ses trouvailles "
                "marquées comme sa lecture) ; chaque contradiction cite ses deux sources"
            ),
            entry="imagia.assist.jobs:continuity_job",
            params=(
                Param(
                    "script",
                    "file",
                    "Screenplay",
                    required=True,
                    help_fr="Scénario",
                    accept=("text", "pdf", "xml"),
                ),
                Param(
                    "bible",
                    "file",
                    "Series bible (YAML: characters' age, eyes, hair)",
                    help_fr="Bible de la série (YAML : âge, yeux, cheveux des personnages)",
                    accept=("text",),
                ),
                Param(
                    "model",
                    "choice",
                    "Language model (none: rules only)",
                    default="auto",
                    choices=("auto", "qwen-1.5b", "qwen-0.5b", "none"),
                    help_fr="Modèle de langage (« none » : règles seules)",
                ),
            ),
            models=("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"),
            outputs=("report/json",),
            demo="imagia.assist.demo:continuity_example",
        )
    )

    register(
        Tool(
            id="assist-barks",
            usecase="dialogue-generation",
            status="partial",
            title_en="Game barks: variants per trigger in each character's voice",
            title_fr="Barks de jeu : variantes par situation dans la voix de chaque personnage",
            command="imagia assist barks characters.yaml --variants 5",
            scope_en=(
                "N lines per character and situation from a character sheet and examples, "
                "sampled with one seed each, near-duplicates and lines over the length or "
                "rating limit set aside with the reason; a string table (CSV/JSON) for game "
                "engines; a writer picks"
            ),
            scope_fr=(
                "N répliques par personnage et situation à partir d'une fiche et d'exemples, "
                "tirées chacune avec sa graine ; quasi-doublons et répliques trop longues ou "
                "hors classification écartés avec la raison ; table de chaînes (CSV/JSON) pour "
                "les moteurs de jeu ; l'auteur choisit"
            ),
            entry="imagia.assist.jobs:barks_job",
            params=(
                Param(
                    "sheets",
                    "file",
                    "Characters and triggers (YAML)",
                    required=True,
                    help_fr="Personnages et situations (YAML)",
                    accept=("text",),
                ),
                Param(
                    "variants",
                    "integer",
                    "Variants per character and trigger",
                    default=5,
                    minimum=1,
                    maximum=20,
                    help_fr="Variantes par personnage et situation",
                ),
                Param(
                    "limit",
                    "integer",
                    "Longest line (characters)",
                    default=80,
                    minimum=10,
                    maximum=300,
                    help_fr="Réplique la plus longue (caractères)",
                ),
                _MODEL,
            ),
            models=("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"),
            outputs=("table/csv", "report/json"),
            demo="imagia.assist.demo:barks_example",
        )
    )

    register(
        Tool(
            id="assist-npc",
            usecase="smart-npcs",
            status="partial",
            title_en="NPC that talks from a world file and refuses to invent",
            title_fr="PNJ qui parle depuis un fichier de monde et refuse d'inventer",
            command='imagia assist npc world.yaml --say "Who keeps the inn?"',
            scope_en=(
                "answers in character from the world file's facts found for each line, "
                "remembers the conversation, and a guard replaces any answer naming a person, "
                "place or number the world never gives; a game client talks to it over HTTP "
                "(POST /api/assist/npc); this tool replays a scripted conversation for testing"
            ),
            scope_fr=(
                "répond dans son rôle à partir des faits du fichier de monde trouvés pour chaque "
                "réplique, se souvient de la conversation, et un garde-fou remplace toute réponse "
                "qui nomme une personne, un lieu ou un nombre absent du monde ; un client de jeu "
                "lui parle en HTTP (POST /api/assist/npc) ; cet outil rejoue un dialogue écrit"
            ),
            entry="imagia.assist.jobs:npc_job",
            params=(
                Param(
                    "world",
                    "file",
                    "World file (YAML: name, persona, lang, facts)",
                    required=True,
                    help_fr="Fichier de monde (YAML : nom, personnage, langue, faits)",
                    accept=("text",),
                ),
                Param(
                    "lines",
                    "text",
                    "What the player says, one line each",
                    required=True,
                    help_fr="Ce que dit le joueur, une réplique par ligne",
                ),
                _MODEL,
            ),
            models=("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b", "use-multilingual"),
            outputs=("report/json",),
            demo="imagia.assist.demo:npc_example",
        )
    )

    register(
        Tool(
            id="assist-minutes",
            usecase="office-tasks",
            status="partial",
            title_en="Meeting minutes: decisions, action items, open questions",
            title_fr="Compte rendu de réunion : décisions, actions, questions ouvertes",
            command="imagia assist minutes meeting.txt --lang fr",
            scope_en=(
                "from a transcript ('NAME: words' lines or an imagia transcript), the local "
                "model lists decisions, action items and open questions; an owner who did not "
                "take part or a due date the meeting never said is left blank and marked; "
                "Markdown out"
            ),
            scope_fr=(
                "à partir d'une transcription (lignes « NOM : paroles » ou transcription "
                "imagia), le modèle local liste décisions, actions et questions ouvertes ; un "
                "responsable absent de la réunion ou une échéance jamais dite est laissé vide et "
                "signalé ; sortie Markdown"
            ),
            entry="imagia.assist.jobs:minutes_job",
            params=(
                Param(
                    "transcript",
                    "file",
                    "Transcript",
                    required=True,
                    help_fr="Transcription",
                    accept=("text",),
                ),
                Param(
                    "lang",
                    "choice",
                    "Language of the minutes",
                    default="en",
                    choices=("en", "fr"),
                    help_fr="Langue du compte rendu",
                ),
                _MODEL,
            ),
            models=("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"),
            outputs=("report/markdown", "report/json"),
            demo="imagia.assist.demo:minutes_example",
        )
    )

    register(
        Tool(
            id="assist-concept",
            usecase="game-concepts",
            status="partial",
            title_en="Game concept one-pager from a brief",
            title_fr="Concept de jeu en une page à partir d'un brief",
            command="imagia assist concept brief.txt --lang fr",
            scope_en=(
                "title, logline, genre, audience, platforms, core loop, selling points, art "
                "direction, business model and risks drafted by the local model from a brief, "
                "each field constrained by a schema; a designer's starting point, not a concept"
            ),
            scope_fr=(
                "titre, logline, genre, public, plateformes, boucle de jeu, points forts, "
                "direction artistique, modèle économique et risques rédigés par le modèle local "
                "à partir d'un brief, chaque champ contraint par un schéma ; un point de départ "
                "pour le game designer"
            ),
            entry="imagia.assist.jobs:concept_job",
            params=(
                Param(
                    "brief",
                    "text",
                    "The brief (a few sentences)",
                    required=True,
                    help_fr="Le brief (quelques phrases)",
                ),
                Param(
                    "lang",
                    "choice",
                    "Language",
                    default="en",
                    choices=("en", "fr"),
                    help_fr="Langue",
                ),
                _MODEL,
            ),
            models=("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"),
            outputs=("report/markdown", "report/json"),
            demo="imagia.assist.demo:concept_example",
        )
    )

# No model needed: always declared.
register(
    Tool(
        id="assist-gdd-check",
        usecase="game-specs",
        status="partial",
        title_en="Game design document check: missing sections, undefined terms, numbers",
        title_fr="Vérification d'un document de game design : sections, termes, nombres",
        command="imagia assist gdd-check design.md",
        scope_en=(
            "a Markdown GDD read against the sections of a standard GDD (a template in FR/EN "
            "too: imagia assist gdd-template), terms used but never defined, and the same "
            "counted thing given two values, each with its lines; rules only, no model"
        ),
        scope_fr=(
            "un GDD en Markdown lu contre les sections d'un GDD type (gabarit FR/EN aussi : "
            "imagia assist gdd-template), les termes employés jamais définis et une même "
            "quantité donnée avec deux valeurs, chaque point avec ses lignes ; règles seules, "
            "sans modèle"
        ),
        entry="imagia.assist.jobs:gdd_job",
        params=(
            Param(
                "gdd",
                "file",
                "Game design document (Markdown)",
                required=True,
                help_fr="Document de game design (Markdown)",
                accept=("text",),
            ),
        ),
        outputs=("report/json",),
        demo="imagia.assist.demo:gdd_example",
    )
)
