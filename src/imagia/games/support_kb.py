"""A small demo knowledge base for a fictional game ("Skyforge Arena") and a question set to
measure the support assistant.

Written by hand for imagia (2026-11): two Markdown FAQ files (English, French) and one HTML page,
plus questions in both languages, each with the passage that answers it, and questions the base
does not answer (the assistant must refuse them). The refusal threshold was chosen on this set,
so its figures are optimistic; the docs say so.
"""

from __future__ import annotations

from pathlib import Path

FAQ_EN = """\
# Skyforge Arena — Help (English)

## Refunds
Purchases of coins and skins can be refunded within 14 days if the item was not used. Open the
store, choose Purchase history, select the item and press Request refund. Battle passes with
levels already earned cannot be refunded.

## Login problems
If you cannot log in after an update, restart the launcher so it downloads the latest patch,
then check that your system clock is correct. If the error code is E-403, your account is
suspended: read the email we sent you.

## Reporting a cheater
To report a cheater, open the scoreboard at the end of the match, click the player's name and
choose Report > Cheating. Reports are reviewed by people from our anti-cheat team; we never ban
on a single report.

## Ranked matches
Ranked matches unlock at account level 20. Your rank is decided by your skill rating, which
rises or falls with each result; leaving a ranked match early counts as a loss.

## Crashes at launch
If the game crashes at launch, update your graphics driver, verify the game files from the
launcher (Settings > Verify files) and turn off overlays such as screen recorders.

## Parental controls
Parents can limit play time and disable chat in Settings > Family. A four-digit code protects
these settings.
"""

FAQ_FR = """\
# Skyforge Arena — Aide (français)

## Changer de pseudo
Vous pouvez changer de pseudo une fois tous les 30 jours dans Profil > Modifier. Le premier
changement est gratuit, les suivants coûtent 500 pièces.

## Signaler un comportement toxique
Pour signaler des insultes dans le chat, cliquez sur le message puis sur Signaler. Un
modérateur lit chaque signalement ; les sanctions sont décidées par une personne, jamais
automatiquement.

## Transférer sa progression
La progression est liée au compte, pas à la console : connectez-vous avec le même compte sur
PC ou console pour retrouver vos niveaux et vos skins.

## Serveurs et latence
Le jeu choisit le serveur le plus proche. Si votre ping dépasse 150 ms, choisissez une autre
région dans Paramètres > Réseau.
"""

EVENTS_HTML = """\
<html><head><title>Events</title><style>h2 {color: red}</style></head><body>
<h2>Double XP weekends</h2>
<p>Double experience weekends run from Friday 18:00 to Monday 06:00 (Paris time) on the first
weekend of each month.</p>
<h2>Tournaments</h2>
<p>Community tournaments open for sign-up every Wednesday in the Events tab. Teams of three,
all members must have reached account level 20.</p>
</body></html>
"""

QUESTIONS: list[tuple[str, str | None]] = [
    ("How can I get my money back for a skin?", "faq-en.md#refunds"),
    ("Can I refund a battle pass?", "faq-en.md#refunds"),
    ("Comment me faire rembourser un achat ?", "faq-en.md#refunds"),
    ("I can't log in since the patch", "faq-en.md#login-problems"),
    ("What does error E-403 mean?", "faq-en.md#login-problems"),
    ("Je n'arrive plus à me connecter depuis la mise à jour", "faq-en.md#login-problems"),
    ("How do I report someone who is cheating?", "faq-en.md#reporting-a-cheater"),
    ("Comment signaler un tricheur ?", "faq-en.md#reporting-a-cheater"),
    ("When can I play ranked?", "faq-en.md#ranked-matches"),
    ("Does quitting a ranked game count as a defeat?", "faq-en.md#ranked-matches"),
    ("The game closes right after I start it", "faq-en.md#crashes-at-launch"),
    ("Le jeu plante au lancement", "faq-en.md#crashes-at-launch"),
    ("How do I limit how long my child plays?", "faq-en.md#parental-controls"),
    ("How can I change my username?", "faq-fr.md#changer-de-pseudo"),
    ("Combien coûte un changement de pseudo ?", "faq-fr.md#changer-de-pseudo"),
    ("Someone insulted me in chat, what can I do?", "faq-fr.md#signaler-un-comportement-toxique"),
    ("Comment signaler des insultes ?", "faq-fr.md#signaler-un-comportement-toxique"),
    ("Can I keep my skins if I move from console to PC?", "faq-fr.md#transferer-sa-progression"),
    ("Mon ping est trop élevé", "faq-fr.md#serveurs-et-latence"),
    ("How do I pick another server region?", "faq-fr.md#serveurs-et-latence"),
    ("When is the next double XP weekend?", "events.html#double-xp-weekends"),
    ("How do I sign up for a tournament?", "events.html#tournaments"),
    ("Quand ont lieu les tournois ?", "events.html#tournaments"),
    # not in the base: the assistant must refuse
    ("What is the recipe for a chocolate cake?", None),
    ("Who won the football world cup in 2018?", None),
    ("Quel temps fera-t-il demain à Lyon ?", None),
    ("Can I trade skins with other players for real money?", None),
    ("Is there a Nintendo Switch version planned?", None),
    ("Comment devenir développeur chez vous ?", None),
    ("What is the maximum frame rate on PS5?", None),
    ("Do you sell physical merchandise like t-shirts?", None),
]


def write_demo_kb(folder: Path) -> Path:
    """Write the demo FAQ files into ``folder`` (kept if already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("faq-en.md", FAQ_EN), ("faq-fr.md", FAQ_FR), ("events.html", EVENTS_HTML)):
        f = folder / name
        if not f.exists():
            f.write_text(text, encoding="utf-8")
    return folder
