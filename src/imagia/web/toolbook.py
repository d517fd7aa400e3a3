"""The tools page and the tool search: every runnable tool, grouped by stage of the value
chain, with a one-line "what it does" in French and English and the words people search for.

The registry says what runs (ids, titles, commands, parameters); this module only adds the
short sentence a person reads first and the trade words ("R128", "stripboard", "churn") that
find a tool. A tool without its line here shows the first clause of its declared scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from imagia.catalogue.query import Catalogue
from imagia.catalogue.schema import SECTORS, STAGES, WHOLE_CHAIN
from imagia.catalogue.text import fold
from imagia.core.registry import Tool, all_tools

# tool id -> (French, English): what the tool does, in one line.
LINES: dict[str, tuple[str, str]] = {
    "audio-dehum": (
        "Retire la ronflette secteur (50/60 Hz) d'un son.",
        "Removes mains hum (50/60 Hz) from a recording.",
    ),
    "audio-denoise": (
        "Nettoie les dialogues : bruit de fond réduit, clics retirés.",
        "Cleans up dialogue: background noise reduced, clicks removed.",
    ),
    "audio-loudness": (
        "Mesure la loudness selon une norme de livraison (EBU R 128…) et normalise.",
        "Measures loudness against a delivery spec (EBU R 128…) and normalises.",
    ),
    "audio-qc": (
        "Contrôle technique d'un son : saturation, phase, 5.1, silences, avec timecodes.",
        "Technical audio QC: clipping, phase, 5.1 layout, silences, with timecodes.",
    ),
    "audio-stems": (
        "Estime les stems dialogue, musique et effets d'un mixage.",
        "Estimates dialogue, music and effects stems from a mix.",
    ),
    "audio-sync": (
        "Trouve le décalage entre le son du tournage et l'image.",
        "Finds the offset between location sound and picture.",
    ),
    "budget-topsheet": (
        "Chiffre un devis par poste à partir du plan de travail et d'une grille de tarifs.",
        "Costs a top sheet by account from the schedule and a rate card.",
    ),
    "clips-make": (
        "Trouve des extraits par leur contenu et ne garde que ceux autorisés par les droits.",
        "Finds clips by their content and keeps only those the rights allow.",
    ),
    "edit-cuts": (
        "Retrouve les coupes d'un programme monté et les écrit en EDL, OTIO ou FCPXML.",
        "Finds the cuts of an edited programme and writes them as EDL, OTIO or FCPXML.",
    ),
    "finance-anomalies": (
        "Contrôle les relevés des distributeurs : commissions, frais, totaux, oublis.",
        "Checks distributors' statements: fees, expenses, totals, gaps.",
    ),
    "finance-catalogue": (
        "Un relevé par ayant droit sur toutes ses œuvres d'un catalogue.",
        "One statement per rights holder across all their works of a catalogue.",
    ),
    "finance-costs": (
        "Le compte de production et le plan de financement d'une œuvre.",
        "A work's production cost account and financing plan.",
    ),
    "finance-issue": (
        "Émet les relevés d'une période close, numérotés et figés.",
        "Issues a closed period's statements, numbered and frozen.",
    ),
    "finance-statements": (
        "Rédige les redditions de comptes aux ayants droit (PDF, XLSX).",
        "Writes the statements to rights holders (PDF, XLSX).",
    ),
    "finance-waterfall": (
        "Calcule la cascade des recettes, chaque montant relié à sa clause.",
        "Computes the revenue waterfall, each figure traced to its clause.",
    ),
    "games-analytics": (
        "Rétention, entonnoir, risque d'abandon et segments des joueurs.",
        "Player retention, funnel, churn risk and segments.",
    ),
    "games-cheats": (
        "Signale les joueurs suspects de triche, pour une revue humaine.",
        "Flags players suspected of cheating, for human review.",
    ),
    "games-difficulty": (
        "Règle la difficulté pour garder chaque joueur près d'un taux de réussite.",
        "Tunes difficulty to keep each player near a target success rate.",
    ),
    "games-matchmaking": (
        "Simule une file de matchmaking : attente contre équilibre des parties.",
        "Simulates a matchmaking queue: waiting time against fair matches.",
    ),
    "games-moderation": (
        "Repère les messages toxiques du chat (FR/EN) pour les modérateurs.",
        "Spots toxic chat messages (FR/EN) for moderators.",
    ),
    "games-ratings": (
        "Classe les joueurs d'après l'historique des parties (OpenSkill, Elo).",
        "Rates players from their match history (OpenSkill, Elo).",
    ),
    "games-simulate": (
        "Produit une télémétrie de jeu simulée pour essayer les autres outils.",
        "Makes simulated game telemetry to try the other tools on.",
    ),
    "games-support": (
        "Répond aux questions des joueurs à partir de la FAQ, en citant sa source.",
        "Answers players' questions from the FAQ, citing its source.",
    ),
    "highlights": (
        "Classe les moments forts d'un film pour la bande-annonce.",
        "Ranks a film's strongest moments for the trailer.",
    ),
    "index-add": (
        "Indexe les rushes : plans, paroles, visages, texte à l'écran, sons.",
        "Indexes rushes: shots, speech, faces, on-screen text, sounds.",
    ),
    "index-search": (
        "Cherche un moment dans les rushes indexés : paroles, personnes, sons.",
        "Searches the indexed rushes for a moment: speech, people, sounds.",
    ),
    "media-metadata": (
        "Décrit un programme en métadonnées EBUCore (XML ou JSON).",
        "Describes a programme as EBUCore metadata (XML or JSON).",
    ),
    "reframe": (
        "Recadre une vidéo pour les réseaux (9:16, 1:1) en suivant le visage.",
        "Reframes a video for social media (9:16, 1:1) following the face.",
    ),
    "schedule-optimise": (
        "Construit le plan de travail optimisé : bandes, DOOD, feuilles de service.",
        "Builds the optimised shooting schedule: stripboard, DOOD, call sheets.",
    ),
    "schedule-replan": (
        "Replanifie le tournage après un imprévu en bougeant le moins possible.",
        "Re-plans the shoot after a change, moving as little as possible.",
    ),
    "schedule-talent": (
        "Ordonne les séquences pour réduire l'attente payée des comédiens.",
        "Orders scenes to cut the cast's paid waiting time.",
    ),
    "script-analysis": (
        "Analyse un scénario : personnages, parité, décors, tension.",
        "Analyses a screenplay: characters, parity, locations, tension.",
    ),
    "script-breakdown": (
        "Dépouille un scénario séquence par séquence (rôles, accessoires, effets…).",
        "Breaks a screenplay down scene by scene (cast, props, effects…).",
    ),
    "script-compare": (
        "Compare deux versions d'un scénario : séquences ajoutées, coupées, déplacées.",
        "Compares two drafts: scenes added, cut, moved.",
    ),
    "script-parse": (
        "Lit un scénario (Fountain, Final Draft, PDF) et le convertit.",
        "Reads a screenplay (Fountain, Final Draft, PDF) and converts it.",
    ),
    "smart-framing": (
        "Cadre un plan serré qui suit le sujet dans un plan large.",
        "Frames a tighter shot that follows the subject in a wide shot.",
    ),
    "speech-transcribe": (
        "Transcrit la parole avec le temps de chaque mot.",
        "Transcribes speech with the time of each word.",
    ),
    "subtitles-align": (
        "Cale un texte ou des sous-titres existants sur le son.",
        "Times an existing text or subtitles to the audio.",
    ),
    "subtitles-make": (
        "Fabrique des sous-titres selon un profil de livraison (Netflix, BBC).",
        "Makes subtitles to a delivery profile (Netflix, BBC).",
    ),
    "subtitles-qc": (
        "Contrôle et corrige des sous-titres : longueur, vitesse de lecture, timing.",
        "Checks and fixes subtitles: line length, reading speed, timing.",
    ),
    "describe-slots": (
        "Trouve les plages d'audiodescription entre les dialogues et prépare le script minuté.",
        "Finds the audio description slots between lines and prepares the timed script.",
    ),
    "describe-mix": (
        "Dit les descriptions, les ajuste à leurs plages et livre le mixage AD.",
        "Speaks the descriptions, fits them to their slots and delivers the AD mix.",
    ),
    "voice-say": (
        "Dit un texte ou les répliques d'un script avec une voix de synthèse locale.",
        "Speaks a text or a script's lines with a local synthetic voice.",
    ),
}

# tool id -> trade words that find it besides its names, help and command (either language).
KEYWORDS: dict[str, str] = {
    "audio-dehum": "hum buzz ronflette bourdonnement 50hz 60hz notch",
    "audio-denoise": "noise bruit débruitage denoise declick clic deepfilternet dialogue",
    "audio-loudness": "loudness sonie lufs r128 ebu atsc a85 true-peak normalisation mixage",
    "audio-qc": "qc clipping saturation phase mono 5.1 lfe dropout contrôle",
    "audio-stems": "stems m&e dme musique effets dialogue separation séparation",
    "audio-sync": "sync synchro clap décalage offset drift dérive perche",
    "budget-topsheet": "budget devis top sheet topsheet coût costs rate card tarifs",
    "clips-make": "clips extraits droits rights clearance réseaux",
    "edit-cuts": "edl otio fcpxml cuts coupes montage resolve premiere avid conform",
    "finance-anomalies": "anomalies audit contrôle relevés distributeur",
    "finance-catalogue": "catalogue ayants droit relevé cross-collateral",
    "finance-costs": "compte de production plan de financement coûts financement",
    "finance-issue": "émission relevés numérotés clôture période",
    "finance-statements": "reddition redditions comptes statements royalties ayants droit",
    "finance-waterfall": "waterfall cascade recettes mg minimum garanti corridor recoupment",
    "games-analytics": "churn abandon rétention retention cohortes funnel entonnoir segments kpi",
    "games-cheats": "cheat triche aimbot wallhack anti-cheat",
    "games-difficulty": "difficulté difficulty dda équilibrage balancing",
    "games-matchmaking": "matchmaking appariement file queue mmr",
    "games-moderation": "modération moderation toxicité toxicity chat insultes",
    "games-ratings": "elo trueskill openskill classement ranking mmr",
    "games-simulate": "télémétrie telemetry simulation simulateur",
    "games-support": "support sav faq chatbot assistance",
    "highlights": "bande-annonce trailer teaser moments forts",
    "index-add": "index indexation rushes dérushage ingest plans shots",
    "index-search": "recherche search rushes moments dérushage",
    "media-metadata": "métadonnées metadata ebucore mxf xml",
    "reframe": "recadrage reframe 9:16 vertical réseaux sociaux social tiktok",
    "schedule-optimise": "stripboard plan de travail bandes dood feuille de service call sheet",
    "schedule-replan": "replanification replan imprévu stripboard",
    "schedule-talent": "comédiens talent scheduling ordonnancement attente",
    "script-analysis": "scénario screenplay bechdel parité personnages analyse",
    "script-breakdown": "dépouillement breakdown accessoires props costumes",
    "script-compare": "versions drafts diff comparer révisions",
    "script-parse": "fountain fdx final draft pdf scénario lecture",
    "smart-framing": "cadrage caméra intelligente tracking suivi",
    "speech-transcribe": "transcription whisper parole speech texte",
    "subtitles-align": "sous-titres subtitles calage alignement srt",
    "subtitles-make": "sous-titres sous-titrage subtitles srt vtt ttml stl netflix",
    "subtitles-qc": "sous-titres subtitles qc vitesse de lecture cps",
    "describe-slots": "audiodescription audio description ad malvoyants accessibilité slots",
    "describe-mix": "audiodescription audio description ad mixage ducking tts webvtt ttml dapt",
    "voice-say": "tts synthèse vocale text-to-speech voix témoin barks pnj animatique",
}


@dataclass(frozen=True)
class Entry:
    """A tool as the tools page and the search show it."""

    tool: Tool
    title: str
    line: str
    href: str


def line(tool: Tool, lang: str) -> str:
    """What ``tool`` does, in one line of ``lang``."""
    pair = LINES.get(tool.id)
    if pair:
        return pair[0] if lang == "fr" else pair[1]
    scope = (tool.scope_fr or tool.scope_en) if lang == "fr" else tool.scope_en
    first = scope.split(";")[0].split(":")[0].strip()
    return first[:1].upper() + first[1:] if first else ""


def entry(tool: Tool, lang: str) -> Entry:
    title = tool.title_fr if lang == "fr" else tool.title_en
    return Entry(tool, title, line(tool, lang), f"/usecases/{tool.usecase}#tool-{tool.id}")


def groups(cat: Catalogue, lang: str) -> list[dict[str, object]]:
    """Sectors, each with its stages in value-chain order and the tools of each stage (a tool
    serving both sectors is listed in both). Stages without a tool are left out."""
    out: list[dict[str, object]] = []
    tools = all_tools()
    for sector in SECTORS:
        stages: list[dict[str, object]] = []
        for stage in (*STAGES[sector], WHOLE_CHAIN):
            members = []
            for tool in tools:
                card = cat.get(tool.usecase).card
                if stage in card.stages.get(sector, []):  # type: ignore[call-overload]
                    members.append(entry(tool, lang))
            if members:
                members.sort(key=lambda e: fold(e.title))
                stages.append({"id": stage, "tools": members})
        out.append({"sector": sector, "stages": stages})
    return out


def _haystack(tool: Tool) -> list[tuple[float, str]]:
    fr, en = LINES.get(tool.id, ("", ""))
    params = " ".join(f"{p.name} {p.help} {p.help_fr} {' '.join(p.choices)}" for p in tool.params)
    fields = [
        (3.0, f"{tool.title_fr} {tool.title_en} {tool.id}"),
        (2.5, KEYWORDS.get(tool.id, "")),
        (2.0, f"{tool.command} {fr} {en}"),
        (1.0, f"{tool.scope_fr} {tool.scope_en}"),
        (0.5, params),
    ]
    return [(w, fold(text).replace("-", " ")) for w, text in fields]


def _hits(word: str, text: str) -> int:
    """Occurrences of ``word`` as a word prefix in ``text`` ("sous titr" finds both forms)."""
    n, start = 0, 0
    while (i := text.find(word, start)) >= 0:
        if i == 0 or not text[i - 1].isalnum():
            n += 1
        start = i + 1
    return n


def search(text: str, lang: str) -> list[Entry]:
    """Tools whose names, one-line description, trade words, command, scope or parameters
    hold every word of ``text`` (accents and case ignored), best first."""
    words = [w for w in fold(text).replace("-", " ").split() if len(w) > 1 or w.isdigit()]
    if not words:
        return []
    scored = []
    for tool in all_tools():
        hay = _haystack(tool)
        score = 0.0
        for word in words:
            hit = sum(weight * _hits(word, t) for weight, t in hay)
            if hit == 0:
                break
            score += hit
        else:
            scored.append((score, tool))
    scored.sort(key=lambda st: (-st[0], st[1].id))
    return [entry(tool, lang) for _, tool in scored]
