"""The web app's interface strings in French and English, and how a request picks its language.

Only interface words live here; the catalogue's own texts come with each card in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from imagia.catalogue.text import fold
from imagia.faces.messages import accept_language as accept_language

fold_key = fold  # sort key for names in either language (accents and case ignored)

LANGS = ("fr", "en")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
COOKIE = "imagia_lang"

# key -> (fr, en)
_STRINGS: dict[str, tuple[str, str]] = {
    # chrome
    "skip": ("Aller au contenu", "Skip to content"),
    "tagline": (
        "L'IA dans le cinéma, l'audiovisuel et le jeu vidéo",
        "AI in cinema, audiovisual and video games",
    ),
    "nav": ("Navigation principale", "Main navigation"),
    "nav.chain": ("Chaîne de valeur", "Value chain"),
    "nav.matrix": ("Matrice", "Matrix"),
    "nav.professions": ("Métiers", "Professions"),
    "nav.advisor": ("Conseiller", "Advisor"),
    "nav.search": ("Recherche", "Search"),
    "nav.media": ("Médias", "Media"),
    "nav.people": ("Personnes", "People"),
    "nav.rights": ("Droits", "Rights"),
    "nav.jobs": ("Tâches", "Jobs"),
    "nav.files": ("Fichiers", "Files"),
    "nav.api": ("API", "API"),
    "lang.switch": ("Langue", "Language"),
    "search.label": ("Rechercher dans le catalogue", "Search the catalogue"),
    "search.button": ("Rechercher", "Search"),
    "search.placeholder": ("sous-titrage, doublage…", "subtitles, dubbing…"),
    "footer": (
        "Cartographie CNC / BearingPoint (janvier 2024), rendue exécutable. "
        "Tout tourne sur cette machine ; rien n'est envoyé ailleurs.",
        "The CNC / BearingPoint map (January 2024), made executable. "
        "Everything runs on this machine; nothing is sent anywhere.",
    ),
    "workspace": ("Espace de travail", "Workspace"),
    # value chain
    "chain.title": ("Chaîne de valeur", "Value chain"),
    "chain.intro": (
        "Les cas d'usage de l'étude, étape par étape. La couleur donne la maturité "
        "technologique ; la pastille « imagia » signale ce qu'imagia sait faire tourner.",
        "The study's use cases, stage by stage. Colour gives technological maturity; the "
        "“imagia” badge marks what imagia can run.",
    ),
    "chain.sector": ("Secteur", "Sector"),
    "chain.whole": ("Tout au long de la chaîne de valeur", "Along the whole value chain"),
    "chain.empty": ("Aucun cas d'usage identifié", "No use case identified"),
    "chain.count": ("cas d'usage", "use cases"),
    # maturity / impact
    "maturity": ("Maturité technologique", "Technological maturity"),
    "impact": ("Impact pressenti sur les métiers", "Expected impact on jobs"),
    "legend": ("Légende", "Legend"),
    "level.unknown": ("non évaluée", "not rated"),
    "maturity.1": ("Technologie naissante ou inexistante", "Nascent or non-existent technology"),
    "maturity.2": ("Technologie en développement", "Technology in development"),
    "maturity.3": ("Utilisable, encore en évolution", "Usable, still evolving"),
    "maturity.4": ("Technologie existante et éprouvée", "Existing, proven technology"),
    "maturity.short.1": ("Naissante", "Nascent"),
    "maturity.short.2": ("En développement", "In development"),
    "maturity.short.3": ("Utilisable, évolue", "Usable, evolving"),
    "maturity.short.4": ("Éprouvée", "Proven"),
    "impact.short.1": ("Aucun", "None"),
    "impact.short.2": ("Assistance", "Assistance"),
    "impact.short.3": ("Automatisation partielle", "Partial automation"),
    "impact.short.4": ("La plupart des tâches", "Most tasks"),
    "impact.1": ("Aucun impact métier prévu", "No expected impact on jobs"),
    "impact.2": ("Assistance sur des tâches existantes", "Assistance on existing tasks"),
    "impact.3": ("Automatisation d'une partie des tâches", "Automation of part of the tasks"),
    "impact.4": (
        "Automatisation potentielle de la plupart des tâches",
        "Potential automation of most tasks",
    ),
    "basis.study": ("niveau imprimé dans l'étude", "level printed in the study"),
    "basis.derived_from_label": (
        "niveau déduit du libellé de la fiche",
        "level derived from the card's label",
    ),
    "basis.unknown": ("niveau inconnu", "level unknown"),
    # matrix
    "matrix.title": ("Matrice maturité × adoption", "Maturity × adoption matrix"),
    "matrix.study": (
        "Chaque cas d'usage placé comme dans la matrice de l'étude : maturité de la "
        "technologie et part des acteurs qui pourraient l'adopter. La couleur de chaque point "
        "donne la maturité de sa fiche, qui ne concorde pas toujours avec la case.",
        "Each use case placed as in the study's matrix: maturity of the technology and share "
        "of players who could adopt it. Each dot's colour gives its card's maturity, which "
        "does not always agree with the box.",
    ),
    "matrix.lost": (
        "Contenu perdu à l'extraction du texte : voir la liste ci-dessous.",
        "Contents lost when the slide became text: see the list below.",
    ),
    "matrix.unassigned": (
        "Dans l'une des trois cases inconnues (laquelle est perdue)",
        "In one of the three unknown boxes (which one is lost)",
    ),
    "matrix.outside": ("Absents de la matrice de l'étude", "Not in the study's matrix"),
    "matrix.cards": (
        "Maturité × impact sur les métiers (d'après les fiches)",
        "Maturity × impact on jobs (from the cards)",
    ),
    "matrix.cards.intro": (
        "Une seconde lecture, complète : chaque cas d'usage placé selon les deux niveaux que "
        "donne sa fiche, la maturité technologique (horizontal) et l'impact pressenti sur les "
        "métiers (vertical). Ce n'est pas le potentiel d'adoption de l'étude.",
        "A second, complete reading: each use case placed by the two levels its card gives, "
        "technological maturity (horizontal) and expected impact on jobs (vertical). This is "
        "not the study's adoption potential.",
    ),
    "matrix.x": (
        "Maturité technologique (1 naissante → 4 éprouvée)",
        "Technological maturity (1 nascent → 4 proven)",
    ),
    "matrix.y": (
        "Impact sur les métiers (1 aucun → 4 la plupart des tâches)",
        "Impact on jobs (1 none → 4 most tasks)",
    ),
    "matrix.adoption": ("Potentiel d'adoption", "Adoption potential"),
    "matrix.unplaced": ("Non placés (niveau inconnu)", "Not placed (level unknown)"),
    # professions
    "prof.title": ("Métiers", "Professions"),
    "prof.intro": (
        "Chaque métier cité par les fiches et les cas d'usage qui le touchent, avec l'impact "
        "pressenti (1 aucun → 4 la plupart des tâches).",
        "Each profession the cards name and the use cases that touch it, with the expected "
        "impact (1 none → 4 most tasks).",
    ),
    "prof.max": ("impact le plus fort", "highest impact"),
    # use case
    "uc.names": ("Nom", "Name"),
    "uc.group": ("Groupe", "Group"),
    "uc.sectors": ("Secteurs et étapes", "Sectors and stages"),
    "uc.professions": ("Métiers concernés", "Professions concerned"),
    "uc.interests": ("Principaux intérêts", "Main interests"),
    "uc.tools_cited": ("Solutions citées", "Products cited"),
    "uc.examples": ("Exemples d'application", "Examples"),
    "uc.perception": ("Perception des professionnels", "How professionals see it"),
    "uc.adoption": ("Potentiel d'adoption", "Adoption"),
    "uc.flags": ("Enjeux juridiques et éthiques", "Legal and ethical issues"),
    "uc.noflags": ("Aucun enjeu signalé par la fiche", "None flagged by the card"),
    "uc.sources": ("Sources (numéros de l'étude)", "Sources (numbers in the study)"),
    "uc.keywords": ("Mots-clés", "Keywords"),
    "uc.history": ("Évaluations datées", "Dated assessments"),
    "uc.date": ("Date", "Date"),
    "uc.source": ("Source", "Source"),
    "uc.rationale": ("Justification", "Rationale"),
    "uc.study": ("étude CNC / BearingPoint", "CNC / BearingPoint study"),
    "uc.imagia": ("Dans imagia", "In imagia"),
    "uc.notyet": (
        "imagia ne fait pas encore tourner ce cas d'usage.",
        "imagia does not run this use case yet.",
    ),
    "uc.run": ("Lancer", "Run"),
    "uc.command": ("En ligne de commande", "From the command line"),
    "uc.pastjobs": ("Résultats précédents", "Past results"),
    "uc.nojobs": ("Aucune tâche pour l'instant.", "No job yet."),
    "uc.wsfile": ("Fichier de l'espace de travail", "Workspace file"),
    "uc.upload": ("ou envoyer un fichier", "or upload a file"),
    "uc.nofile": ("— choisir —", "— choose —"),
    "uc.page": ("Cas d'usage", "Use case"),
    "uc.json": ("Fiche en JSON", "Card as JSON"),
    "status.runs": ("imagia le fait tourner", "imagia runs it"),
    "status.partial": ("imagia en fait tourner une partie", "imagia runs part of it"),
    "status.not_yet": ("pas encore dans imagia", "not in imagia yet"),
    "badge.runs": ("imagia", "imagia"),
    "badge.partial": ("imagia (partiel)", "imagia (partial)"),
    # advisor
    "adv.title": ("Conseiller", "Advisor"),
    "adv.intro": (
        "Décrivez votre projet : le conseiller classe les cas d'usage qui s'y prêtent, "
        "avec leurs raisons, leurs enjeux et ce qu'imagia peut faire tourner.",
        "Describe your project: the advisor ranks the use cases that fit it, with the reasons, "
        "the issues to watch and what imagia can run.",
    ),
    "adv.sector": ("Secteur", "Sector"),
    "adv.genre": ("Genre", "Genre"),
    "adv.stage": ("Étape", "Stage"),
    "adv.goal": ("Objectif", "Goal"),
    "adv.budget": ("Budget", "Budget"),
    "adv.any": ("— tous —", "— any —"),
    "adv.submit": ("Conseiller", "Advise"),
    "adv.results": ("Cas d'usage recommandés", "Recommended use cases"),
    "adv.none": ("Aucun cas d'usage ne correspond.", "No use case fits."),
    "adv.run": ("Le lancer sur mes fichiers", "Run it on my files"),
    "adv.score": ("Score", "Score"),
    "adv.why": ("Pourquoi", "Why"),
    "goal.time": ("Gagner du temps", "Save time"),
    "goal.cost": ("Réduire les coûts", "Cut costs"),
    "goal.quality": ("Améliorer la qualité", "Improve quality"),
    "goal.creativity": ("Stimuler la créativité", "Boost creativity"),
    "goal.experience": ("Meilleure expérience utilisateur", "Better user experience"),
    "goal.revenue": ("Nouvelles recettes", "New revenue"),
    "goal.risk": ("Réduire les risques", "Reduce risk"),
    "budget.low": ("Petit", "Low"),
    "budget.mid": ("Moyen", "Medium"),
    "budget.high": ("Gros", "High"),
    # search
    "search.title": ("Recherche", "Search"),
    "search.results": ("résultats pour", "results for"),
    "search.none": ("Aucun résultat.", "No result."),
    # jobs
    "jobs.title": ("Tâches", "Jobs"),
    "jobs.none": ("Aucune tâche pour l'instant.", "No job yet."),
    "jobs.id": ("Tâche", "Job"),
    "jobs.tool": ("Outil", "Tool"),
    "jobs.status": ("État", "Status"),
    "jobs.progress": ("Progression", "Progress"),
    "jobs.created": ("Créée", "Created"),
    "jobs.input": ("Fichier d'entrée", "Input file"),
    "jobs.duration": ("Durée", "Duration"),
    "jobs.params": ("Paramètres", "Parameters"),
    "jobs.logs": ("Journal", "Log"),
    "jobs.nologs": ("Journal vide.", "Empty log."),
    "jobs.outputs": ("Fichiers produits", "Outputs"),
    "jobs.nooutputs": ("Aucun fichier pour l'instant.", "No output yet."),
    "jobs.result": ("Résultat", "Result"),
    "jobs.error": ("Erreur", "Error"),
    "jobs.provenance": ("Provenance", "Provenance"),
    "jobs.download": ("Télécharger", "Download"),
    "jobs.kind": ("Nature", "Kind"),
    "state.queued": ("en attente", "queued"),
    "state.running": ("en cours", "running"),
    "state.done": ("terminée", "done"),
    "state.failed": ("échouée", "failed"),
    "state.interrupted": ("interrompue", "interrupted"),
    # files
    "files.title": ("Fichiers de l'espace de travail", "Workspace files"),
    "files.none": ("Aucun fichier pour l'instant.", "No file yet."),
    "files.name": ("Nom", "Name"),
    "files.size": ("Taille", "Size"),
    "files.kind": ("Type reconnu", "Detected type"),
    "files.upload": ("Envoyer un fichier", "Upload a file"),
    "files.choose": ("Fichier", "File"),
    "files.send": ("Envoyer", "Upload"),
    "files.limit": ("Taille maximale", "Largest upload"),
    "files.accepted": (
        "Audio, vidéo, PDF, texte (Fountain, SRT, WebVTT, CSV, YAML, JSON), XML (FDX, TTML), "
        "XLSX. Le type est vérifié d'après le contenu.",
        "Audio, video, PDF, text (Fountain, SRT, WebVTT, CSV, YAML, JSON), XML (FDX, TTML), "
        "XLSX. The type is checked from the content.",
    ),
    "files.saved": ("Fichier enregistré :", "File saved:"),
    # media index: moment search, people, rights register
    "media.title": ("Recherche dans les médias", "Media search"),
    "media.intro": (
        "Retrouvez un moment des rushes indexés par les mots dits ou écrits à l'écran, une "
        "personne, un son ou un média ; cliquez un résultat pour le voir dans le lecteur.",
        "Find a moment of the indexed rushes by words said or written on screen, a person, a "
        "sound or an asset; click a result to watch it in the player.",
    ),
    "media.q": ("Mots", "Words"),
    "media.person": ("Personne", "Person"),
    "media.sound": ("Son", "Sound"),
    "media.asset": ("Média", "Asset"),
    "media.lang": ("Langue", "Language"),
    "media.any": ("— tous —", "— any —"),
    "media.submit": ("Chercher", "Search"),
    "media.results": ("moment(s)", "moment(s)"),
    "media.none": ("Aucun moment ne correspond.", "No moment matches."),
    "media.empty": (
        "L'index est vide : indexez des rushes avec l'outil index-add.",
        "The index is empty: index rushes with the index-add tool.",
    ),
    "media.add": ("Indexer des rushes", "Index rushes"),
    "media.player": ("Lecteur", "Player"),
    "media.player.none": (
        "Choisissez un résultat pour le lire ici.",
        "Choose a result to play it here.",
    ),
    "media.play": ("Lire à partir de", "Play from"),
    "media.shot": ("plan", "shot"),
    "media.noshot": ("pas de vignette", "no thumbnail"),
    "media.why": ("Trouvé par", "Found by"),
    "media.current": ("Position", "Position"),
    "media.assets": ("Médias indexés", "Indexed assets"),
    "people.title": ("Personnes", "People"),
    "people.intro": (
        "Les visages trouvés dans les médias indexés, regroupés par ressemblance. Nommez un "
        "groupe pour chercher ses moments par son nom ; fusionnez deux groupes qui montrent la "
        "même personne.",
        "Faces found in the indexed media, grouped by likeness. Name a group to search its "
        "moments by name; merge two groups that show the same person.",
    ),
    "people.none": (
        "Aucun visage regroupé pour l'instant (étape faces de index-add).",
        "No face grouped yet (the faces step of index-add).",
    ),
    "people.unnamed": ("Sans nom", "Unnamed"),
    "people.faces": ("visage(s)", "face(s)"),
    "people.in": ("Dans", "In"),
    "people.name": ("Nom", "Name"),
    "people.save": ("Nommer", "Save name"),
    "people.face": ("Visage de", "Face of"),
    "people.merge": ("Fusionner deux personnes", "Merge two people"),
    "people.merge.help": (
        "Les visages de la seconde rejoignent la première, qui garde son nom (ou prend celui de "
        "la seconde si elle n'en a pas).",
        "The second one's faces join the first, which keeps its name (or takes the second's "
        "if it has none).",
    ),
    "people.keep": ("Garder (reçoit les visages)", "Keep (gets the faces)"),
    "people.other": ("Fusionner puis retirer", "Merge in, then remove"),
    "people.merge.submit": ("Fusionner", "Merge"),
    "people.saved": ("Enregistré :", "Saved:"),
    "people.search": ("Ses moments", "Their moments"),
    "rights.title": ("Registre des droits", "Rights register"),
    "rights.intro": (
        "Les droits de chaque titre (territoires, canaux, fenêtres, durées maximales) et ses "
        "restrictions (musiques, personnes, archives), dont dépend la fabrication d'extraits.",
        "Each title's rights (territories, channels, windows, longest clips) and its "
        "restrictions (music, people, archive), which making clips depends on.",
    ),
    "rights.none": ("Aucun registre importé pour l'instant.", "No register imported yet."),
    "rights.import": ("Importer un registre (YAML ou CSV)", "Import a register (YAML or CSV)"),
    "rights.import.help": (
        "Un fichier RightsRegister.1 en YAML, ou un CSV d'une ligne par droit ; il est vérifié "
        "champ par champ et remplace le registre.",
        "A RightsRegister.1 YAML file, or a CSV with one grant per row; it is checked field by "
        "field and replaces the register.",
    ),
    "rights.merge": (
        "Garder les autres titres (remplacer seulement ceux du fichier)",
        "Keep the other titles (replace only those in the file)",
    ),
    "rights.send": ("Importer", "Import"),
    "rights.imported": ("Registre importé :", "Register imported:"),
    "rights.titles": ("Titres", "Titles"),
    "rights.grants": ("Droits accordés", "Grants"),
    "rights.restrictions": ("Restrictions", "Restrictions"),
    "rights.history": ("Fichiers importés", "Files imported"),
    "rights.title_col": ("Titre", "Title"),
    "rights.match": ("Correspond à", "Matches"),
    "rights.fps": ("Images/s", "Frame rate"),
    "rights.grant": ("Droit", "Grant"),
    "rights.territories": ("Territoires", "Territories"),
    "rights.channels": ("Canaux", "Channels"),
    "rights.window": ("Fenêtre", "Window"),
    "rights.detail": ("Détail", "Detail"),
    "rights.kind": ("Nature", "Kind"),
    "rights.name": ("Nom", "Name"),
    "rights.cleared": ("Canaux autorisés", "Cleared channels"),
    "rights.forbidden": ("Interdit sur", "Not on"),
    "rights.kind.music": ("musique", "music"),
    "rights.kind.person": ("personne", "person"),
    "rights.kind.archive": ("archive", "archive"),
    "rights.file": ("Fichier", "File"),
    "rights.at": ("Le", "At"),
    "rights.clips": ("Fabriquer des extraits", "Make clips"),
    # tool parameters (key: param.<tool id>.<name>; the registry's help text otherwise)
    # loudness results
    "loud.integrated": ("Loudness intégrée", "Integrated loudness"),
    "loud.lra": ("Plage de loudness", "Loudness range"),
    "loud.tp": ("True peak", "True peak"),
    "loud.spec": ("Norme", "Spec"),
    "loud.ok": ("conforme", "compliant"),
    "loud.ko": ("non conforme", "not compliant"),
    "loud.curve": ("Loudness dans le temps", "Loudness over time"),
    "loud.short": ("Court terme (3 s)", "Short-term (3 s)"),
    "loud.momentary": ("Momentanée (400 ms)", "Momentary (400 ms)"),
    "loud.gate": (
        "Sous -70 LUFS (porte absolue de BS.1770) : non tracé.",
        "Below -70 LUFS (BS.1770's absolute gate): not drawn.",
    ),
    "loud.norm": ("Copie normalisée", "Normalised copy"),
    "loud.gain": ("Gain appliqué", "Gain applied"),
    "loud.after": ("Après correction", "After correction"),
    "loud.target": ("cible", "target"),
    "loud.findings": ("Constats", "Findings"),
    "ladder.rungs": ("Paliers retenus", "Chosen rungs"),
    "ladder.hull": ("enveloppe convexe", "convex hull"),
    "ladder.x": ("débit (kbit/s, échelle log)", "bitrate (kbit/s, log scale)"),
    "ladder.bd": ("BD-rate face à l'échelle fixe", "BD-rate against the fixed ladder"),
    "ladder.bd_help": (
        "négatif : moins de bits pour le même VMAF, mesuré sur le VMAF de {lo} à {hi}",
        "negative: fewer bits for the same VMAF, measured over VMAF {lo} to {hi}",
    ),
    "ladder.not_comparable": ("non comparable", "not comparable"),
    "ladder.cells": ("Encodages mesurés", "Encodes measured"),
    "ladder.spent": ("Temps d'encodage", "Encoding time"),
    "ladder.plot": ("Débit et VMAF", "Bitrate against VMAF"),
    "ladder.plot_alt": (
        "Courbes débit-VMAF par résolution, enveloppe convexe, paliers retenus et échelle fixe",
        "Bitrate-VMAF curves per resolution, convex hull, chosen rungs and fixed ladder",
    ),
    "ladder.size": ("Résolution", "Resolution"),
    "ladder.kbps": ("Débit (kbit/s)", "Bitrate (kbit/s)"),
    "ladder.fixed": ("Échelle fixe (Apple HLS)", "Fixed ladder (Apple HLS)"),
    "ladder.target": ("Débit visé (kbit/s)", "Target bitrate (kbit/s)"),
    "ladder.gave_up": ("Abandonné pour tenir le budget", "Given up to fit the budget"),
    "ladder.sample": (
        "Échantillon mesuré : {seconds} s en {n} segment(s) parmi {shots} plan(s)",
        "Sample measured: {seconds} s in {n} segment(s) out of {shots} shot(s)",
    ),
    "ladder.notes": ("Remarques", "Notes"),
    "ladder.packaged": ("Empaquetage pour la diffusion", "Packaged for streaming"),
    "ladder.report": ("Rapport complet", "Full report"),
    "ladder.no_fixed": (
        "Aucun palier de l'échelle fixe ne tient dans la taille de la source.",
        "No rung of the fixed ladder fits the source's size.",
    ),
    # run forms: errors at their fields
    "form.anyformat": (
        "un format qu'imagia lit (audio, vidéo, PDF, texte UTF-8, XML, XLSX)",
        "a format imagia reads (audio, video, PDF, UTF-8 text, XML, XLSX)",
    ),
    "form.empty": (
        "« {name} » est vide (0 octet) ; ce champ attend : {expected}.",
        "“{name}” is empty (0 bytes); this field takes: {expected}.",
    ),
    "form.encoding": (
        "« {name} » est du texte dans un encodage qu'imagia ne lit pas : enregistrez-le en "
        "UTF-8 (ou UTF-16 avec BOM, ou Windows-1252). Attendu : {expected}.",
        "“{name}” is text in an encoding imagia does not read: save it as UTF-8 (or UTF-16 "
        "with a BOM, or Windows-1252). Expected: {expected}.",
    ),
    "form.format": (
        "« {name} » n'est pas un format qu'imagia lit (d'après son contenu) ; ce champ "
        "attend : {expected}.",
        "“{name}” is not a format imagia reads (by its content); this field takes: {expected}.",
    ),
    "form.kind": (
        "« {name} » est un fichier {found}, pas {expected} (d'après son contenu).",
        "“{name}” is a {found} file, not {expected} (by its content).",
    ),
    "form.toolarge": (
        "Fichier trop gros : la taille maximale est {limit}.",
        "File too large: the largest upload is {limit}.",
    ),
    "form.required": ("Champ obligatoire.", "Required."),
    "form.required.file": (
        "Champ obligatoire : choisissez un fichier de l'espace de travail ou envoyez-en un "
        "({expected}).",
        "Required: choose a workspace file or upload one ({expected}).",
    ),
    "form.expected": ("Valeur refusée : attendu {what}.", "Value refused: expected {what}."),
    "form.invalid": ("Valeur refusée.", "Value refused."),
    "form.number": ("un nombre", "a number"),
    "form.integer": ("un nombre entier", "a whole number"),
    "form.between": ("{kind} entre {lo} et {hi}", "{kind} from {lo} to {hi}"),
    "form.atleast": ("{kind} supérieur ou égal à {lo}", "{kind} of at least {lo}"),
    "form.atmost": ("{kind} inférieur ou égal à {hi}", "{kind} of at most {hi}"),
    "form.fix": (
        "Le formulaire n'est pas parti : corrigez le champ signalé.",
        "The form was not sent: fix the field marked below.",
    ),
    # values
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    # errors
    "error.title": ("Erreur", "Error"),
    "error.back": ("Retour à la chaîne de valeur", "Back to the value chain"),
    # API docs
    "docs.title": ("API HTTP", "HTTP API"),
    "docs.intro": (
        "Les points d'accès JSON sous /api/ ; le schéma OpenAPI complet est à /openapi.json.",
        "The JSON endpoints under /api/; the full OpenAPI schema is at /openapi.json.",
    ),
    "docs.english": (
        "Les descriptions des points d'accès, tirées du code, sont en anglais.",
        "The endpoints' descriptions come from the code.",
    ),
    "docs.required": ("obligatoire", "required"),
    "docs.body": ("corps", "body"),
    # home, tools page, tool search, live jobs (issue 16)
    "home.what": (
        "imagia rend exécutable la cartographie de l'IA dans le cinéma, l'audiovisuel et le "
        "jeu vidéo : les cas d'usage de l'étude, et des outils qui tournent sur cette machine.",
        "imagia makes the map of AI in cinema, audiovisual and video games executable: the "
        "study's use cases, and tools that run on this machine.",
    ),
    "home.start": ("Pour commencer", "Where to start"),
    "home.explore": ("Explorer l'étude", "Explore the study"),
    "home.run": ("Lancer un outil sur mon fichier", "Run a tool on my file"),
    "nav.tools": ("Outils", "Tools"),
    "tools.title": ("Outils à lancer", "Tools to run"),
    "tools.intro": (
        "Ce qu'imagia fait tourner sur vos fichiers, rangé par étape de la chaîne de valeur. "
        "Choisissez un outil pour ouvrir son formulaire.",
        "What imagia runs on your files, by stage of the value chain. Pick a tool to open "
        "its form.",
    ),
    "tools.count": ("outils, tous sur cette machine", "tools, all on this machine"),
    "tools.command": ("En ligne de commande", "On the command line"),
    "search.label.all": ("Chercher un outil ou un cas d'usage", "Search tools and use cases"),
    "search.placeholder.all": ("loudness, sous-titres…", "loudness, subtitles…"),
    "search.tools": ("Outils à lancer", "Tools to run"),
    "search.usecases": ("Cas d'usage de l'étude", "Use cases of the study"),
    "search.result.one": ("résultat pour", "result for"),
    "search.notool": ("Aucun outil ne correspond.", "No tool matches."),
    "jobs.intro": (
        "Chaque tâche lancée, la plus récente en haut ; la liste suit leur progression en direct.",
        "Every job started, newest first; the list follows their progress live.",
    ),
    "matrix.placed": (
        "Placé d'après le niveau de maturité de la fiche ; le groupe exact de l'étude est perdu",
        "Placed from the card's maturity level; the study's exact group is lost",
    ),
    "matrix.in_study": ("Placé comme dans l'étude", "Placed as in the study"),
    "matrix.band": (
        "Potentiel d'adoption non précisé par l'étude",
        "Adoption potential not given by the study",
    ),
    "matrix.caption": (
        "Les cas d'usage en italique sont placés d'après le niveau de maturité de leur fiche : "
        "l'étude ne dit pas dans quel groupe ils tombent. Survolez un cas pour voir la base de "
        "sa place.",
        "Use cases in italics are placed from their card's maturity level: the study does not "
        "say which group they fall in. Hover over one to see the basis of its place.",
    ),
    # chaining: a job's output used as the next tool's input
    "chain.usein": ("Utiliser dans…", "Use in…"),
    "uc.wsfiles": ("Fichiers de l'espace de travail", "Workspace files"),
    "uc.joboutputs": ("Fichiers produits par les tâches", "Outputs of jobs"),
    # audio description and voices (describe-slots, describe-mix, voice-say)
    "ad.slots": ("Plages de description", "Description slots"),
    "ad.seconds": ("Durée totale", "Total length"),
    "ad.words": ("Mots possibles", "Words that fit"),
    "ad.rate": ("Débit", "Speaking rate"),
    "ad.wpm": ("mots/min", "words/min"),
    "ad.timeline": ("Dialogue et plages sur la durée", "Dialogue and slots over time"),
    "ad.dialogue": ("dialogue", "dialogue"),
    "ad.cut": ("changement de plan", "shot change"),
    "ad.tcin": ("entrée", "in"),
    "ad.tcout": ("sortie", "out"),
    "ad.duration": ("durée (s)", "length (s)"),
    "ad.picture": ("image", "picture"),
    "ad.screen": ("texte à l'écran", "on-screen text"),
    "ad.text": ("description", "description"),
    "ad.download": ("Télécharger", "Download"),
    "ad.notes": ("Remarques", "Notes"),
    "ad.describer": (
        "Aucun modèle n'écrit ici de description à partir des images : l'audiodescripteur écrit "
        "dans le script (JSON ou DOCX), imagia cale, dit et mixe.",
        "No model here writes descriptions from pictures: the describer writes in the script "
        "(JSON or DOCX), imagia times, speaks and mixes.",
    ),
    "ad.voice": ("Voix", "Voice"),
    "ad.fit": ("Tiennent", "Fit"),
    "ad.spedup": ("Accélérées", "Sped up"),
    "ad.toolong": ("Trop longues", "Too long"),
    "ad.overlap": ("Sur le dialogue", "Over dialogue"),
    "ad.mixlufs": ("Sonie du mixage AD", "AD mix loudness"),
    "ad.status.fits": ("tient", "fits"),
    "ad.status.sped_up": ("accélérée", "sped up"),
    "ad.status.too_long": ("trop longue, écartée", "too long, left out"),
    "ad.status.empty": ("pas de texte", "no text"),
    "ad.spoken": ("dite (s)", "spoken (s)"),
    "ad.status": ("état", "status"),
    "ad.listen": ("Écouter le mixage AD", "Listen to the AD mix"),
    "ad.lines": ("Fichiers", "Files"),
    "ad.play": ("Écouter", "Listen"),
    "ad.who": ("personnage", "character"),
    "ad.editor": ("Écrire les descriptions", "Write the descriptions"),
    "ad.editor.help": (
        "Le compteur compare les mots écrits aux mots possibles au débit du script ; le texte "
        "reste dans ce navigateur. Téléchargez le script rempli, puis donnez-le à « Voix et "
        "mixage de l'audiodescription ».",
        "The meter compares the words written with the words that fit at the script's rate; "
        "the text stays in this browser. Download the filled script, then give it to "
        "“Audio description voice and mix”.",
    ),
    "ad.editor.download": (
        "Télécharger le script rempli (JSON)",
        "Download the filled script (JSON)",
    ),
    "ad.meter.words": ("mots", "words"),
    "ad.meter.fits": ("tient", "fits"),
    "ad.meter.toolong": ("trop long", "too long"),
    "ad.meter.empty": ("à écrire", "to write"),
    # speaker labels (speech-speakers)
    "spk.count": ("Locuteurs", "Speakers"),
    "spk.speech": ("Parole", "Speech"),
    "spk.timeline": ("Qui parle quand", "Who speaks when"),
    "spk.table": ("Locuteurs trouvés", "Speakers found"),
    "spk.speaker": ("locuteur", "speaker"),
    "spk.time": ("temps de parole (s)", "speaking time (s)"),
    "spk.share": ("part", "share"),
    "spk.turns": ("tours", "turns"),
    "spk.register": ("registre de hauteur", "pitch register"),
    "spk.gender": ("genre", "gender"),
    "spk.sample": ("extrait", "sample"),
    "spk.listen": ("écouter", "listen"),
    "spk.by_gender": ("Temps de parole par genre confirmé", "Speaking time by confirmed gender"),
    "spk.unconfirmed": ("non confirmé", "not confirmed"),
    "spk.lower": ("grave", "lower"),
    "spk.higher": ("aigu", "higher"),
    "spk.unknown": ("indéterminé", "unknown"),
    "spk.female": ("femme", "female"),
    "spk.male": ("homme", "male"),
    "spk.other": ("autre", "other"),
    "spk.confirm": (
        "Le genre n'est jamais deviné : écoutez l'extrait de chaque locuteur, puis donnez noms et "
        "genres dans le fichier de réponses (names.yaml) et relancez avec ce fichier.",
        "Gender is never guessed: listen to each speaker's sample, then give names and genders "
        "in the answers file (names.yaml) and run again with it.",
    ),
    "spk.uncertain": (
        "passages où deux voix se ressemblent autant (changement ou chevauchement)",
        "stretches where two voices match as well (a change or an overlap)",
    ),
    "spk.method": (
        "Détection de la voix, empreintes vocales GE2E sur fenêtres glissantes, regroupement "
        "hiérarchique ; un seul locuteur par instant. Le registre (médiane de F0) n'est pas "
        "un genre.",
        "Voice activity, GE2E voice embeddings on sliding windows, hierarchical clustering; one "
        "speaker per instant. The register (median F0) is not a gender.",
    ),
}

# Vocabulary of the catalogue's fields (ids -> names).
_VOCAB: dict[str, tuple[str, str]] = {
    "sector.cinema_av": ("Cinéma et audiovisuel", "Cinema and audiovisual"),
    "sector.games": ("Jeu vidéo", "Video games"),
    "group.development": ("Développement", "Development"),
    "group.shooting_post": ("Tournage et postproduction", "Shooting and post-production"),
    "group.animation_vfx_games": ("Animation, VFX et jeu vidéo", "Animation, VFX and games"),
    "group.distribution_marketing": ("Distribution et marketing", "Distribution and marketing"),
    "group.broadcast": ("Diffusion", "Broadcast"),
    "group.catalogue": ("Gestion de catalogue", "Catalogue management"),
    "group.game_lifecycle": ("Vie du jeu", "Game lifecycle"),
    "interest.creativity": ("Inspiration et créativité", "Inspiration and creativity"),
    "interest.cost_reduction": ("Réduction des coûts", "Cost reduction"),
    "interest.time_saving": ("Gain de temps", "Time saving"),
    "interest.quality": ("Qualité accrue", "Higher quality"),
    "interest.user_experience": ("Meilleure expérience utilisateur", "Better user experience"),
    "interest.new_revenue": ("Nouvelle source de revenus", "New revenue"),
    "interest.risk_reduction": ("Réduction des risques", "Risk reduction"),
    "flag.work_protection": ("Protection des œuvres", "Protection of works"),
    "flag.output_rights": ("Droits sur les contenus générés", "Rights in generated content"),
    "flag.training_transparency": (
        "Transparence des données d'entraînement",
        "Transparency of training data",
    ),
    "flag.confidentiality": ("Confidentialité des données", "Data confidentiality"),
    "flag.cultural_bias": ("Biais culturels", "Cultural bias"),
    "flag.personality_rights": (
        "Droits de la personnalité (image, voix)",
        "Personality rights (likeness, voice)",
    ),
    "stage.whole_chain": ("Toute la chaîne", "Whole chain"),
    "daynight.DAY": ("JOUR", "DAY"),
    "daynight.NIGHT": ("NUIT", "NIGHT"),
    "daynight.DAWN": ("AUBE", "DAWN"),
    "daynight.DUSK": ("CRÉPUSCULE", "DUSK"),
    "solver.OPTIMAL": ("optimal", "optimal"),
    "solver.FEASIBLE": ("réalisable", "feasible"),
    "cost.cast": ("comédiens", "cast"),
    "cost.company_moves": ("déplacements d'équipe", "company moves"),
    "cost.day_night_switches": ("bascules jour/nuit", "day/night switches"),
    "cost.overtime": ("heures supplémentaires", "overtime"),
    "cost.shoot_span": ("durée du tournage", "shoot span"),
    "gender.female": ("femme", "woman"),
    "gender.male": ("homme", "man"),
    "gender.unknown": ("non déterminé", "unknown"),
    "indexstep.shots": ("plans", "shots"),
    "indexstep.transcript": ("transcription de la parole", "speech transcript"),
    "indexstep.faces": ("visages", "faces"),
    "indexstep.text": ("texte à l'écran", "on-screen text"),
    "indexstep.sounds": ("sons", "sounds"),
    "indexstep.vectors": ("vecteurs", "vectors"),
    "indexstep.probe": ("analyse du fichier", "probe"),
    "indexstep.ingest": ("écriture de l'index", "ingest"),
    "choice.none": ("aucun", "none"),
    "choice.auto": ("auto", "auto"),
    "choice.music": ("musique", "music"),
    "choice.both": ("les deux (français et anglais)", "both (French and English)"),
    "choice.temporal": ("temporelle (images voisines)", "temporal (neighbouring frames)"),
    "choice.inpaint": ("retouche (pixels voisins)", "inpaint (surrounding pixels)"),
    "match.file": ("fichier", "file"),
    "match.sha256": ("SHA-256", "SHA-256"),
    "match.glob": ("motif", "pattern"),
}


def t(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang``; the key itself when missing (visible in tests)."""
    pair = _STRINGS.get(key) or _VOCAB.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "fr" else pair[1]


def number(value: object, lang: str) -> str:
    """A number as a reader of ``lang`` writes it: four significant digits at most after the
    point (whole part kept), never scientific notation, thousands grouped from five digits
    ("12 345,6" in French, "12,345.6" in English; years stay 2026); a decimal written as text
    ("6693.47", how JSON keeps a Decimal) with its digits unchanged; True/False as yes/no;
    anything else unchanged."""
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, int):
        text = f"{value:,}" if abs(value) >= 10_000 else str(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "—"
        size = abs(value)
        decimals = 0 if size >= 1000 else 1 if size >= 100 else 2 if size >= 10 else 3
        if 0 < size < 0.001:
            decimals = 6
        text = f"{value:,.{decimals}f}" if size >= 10_000 else f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
    elif isinstance(value, str) and _DECIMAL.match(value):
        whole, _, frac = value.partition(".")  # a Decimal as JSON keeps it: digits unchanged
        digits = whole.lstrip("-")
        grouped = f"{int(digits):,}" if len(digits) >= 5 else digits
        text = ("-" if whole.startswith("-") else "") + grouped + "." + frac
    else:
        return str(value)
    if lang == "fr":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212") if text.startswith("-") else text


def money(value: object, currency: str, lang: str) -> str:
    """An amount with two decimals and its currency: "1 234,56 €" / "€1,234.56"."""
    try:
        amount = float(str(value))
    except ValueError:
        return str(value)
    text = f"{amount:,.2f}"
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency.upper(), currency)
    if lang == "fr":
        return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0" + symbol
    return f"{symbol}{text}" if len(symbol) == 1 else f"{text} {symbol}"


def size(n: float, lang: str) -> str:
    """A byte count for reading: "3,6 Ko" / "3.6 KB"."""
    units = ("octets", "Ko", "Mo", "Go") if lang == "fr" else ("bytes", "KB", "MB", "GB")
    value = float(n)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            digits = 0 if unit == units[0] else 1
            text = f"{value:,.{digits}f}"
            if lang == "fr":
                text = text.replace(",", "\u00a0").replace(".", ",")
            return f"{text}\u00a0{unit}"
        value /= 1024
    return str(n)


def messages() -> list[tuple[str, str]]:
    """Every (fr, en) pair of the catalogue: what a page in one language must not show of the
    other (tests/test_web_language.py builds its detector from it)."""
    return list(_STRINGS.values()) + list(_VOCAB.values())


def has(key: str) -> bool:
    return key in _STRINGS or key in _VOCAB


def vocab(kind: str, value: str, lang: str) -> str:
    """Name of a catalogue value (``vocab('flag', 'cultural_bias', 'fr')``); falls back to the
    id made readable."""
    key = f"{kind}.{value}"
    return t(key, lang) if has(key) else value.replace("_", " ").replace("-", " ")


def translator(lang: str) -> Callable[[str], str]:
    return lambda key: t(key, lang)


def pick(cookie: str | None, header: str | None, default: str) -> str:
    """Language of a request: the remembered choice, then the browser's, then the workspace's."""
    if cookie is not None and cookie in LANGS:
        return cookie
    return accept_language(header) or (default if default in LANGS else "en")
