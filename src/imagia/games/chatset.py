"""A small hand-labelled set of in-game chat lines, English and French, to measure moderation.

How it was made: written by hand for imagia (2026-11), no line copied from a real game or
corpus. Labelling rule: a line is toxic (1) when it insults, demeans, threatens or harasses a
person or a group, tells someone to harm themselves, or uses a slur; it is not toxic (0) when it
swears at nobody ("merde, j'ai raté"), uses game slang ("kill him", "on les détruit"), is friendly
banter between team mates, or quotes/reports someone else's insult. Obfuscated spellings
(leetspeak, asterisks, repeated letters, spaced letters) were typed by hand as players write them.
Hard negatives are on purpose: game slang, French words that contain an insult ("connexion",
"disputer", "concours"), exclamations, quotes in reports.

Caveat: the French lexicon was written while reading this set, so its scores here are optimistic;
the test suite keeps a separate set of lines written after the lexicon (``HELD_OUT``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    text: str
    lang: str
    toxic: bool
    kind: str  # insult, threat, slur, harass, obfuscated, slang, banter, swear, quote, neutral


def _lines(lang: str, toxic: bool, kind: str, text: str) -> list[Line]:
    return [Line(t.strip(), lang, toxic, kind) for t in text.strip().splitlines() if t.strip()]


EN_TOXIC = (
    _lines(
        "en",
        True,
        "insult",
        """
you are a fucking idiot
shut up you stupid bitch
what a moron, uninstall the game
you're a worthless piece of shit
fuck you and your whole team
this retard keeps feeding
you absolute dumbass
stupid cunt stop stealing my kills
go fuck yourself noob
you suck so hard, trash player
are you brain dead or just stupid
you fat loser go outside
idiot support never heals
what an asshole
nobody likes you, you pathetic loser
dumb bitch can't aim
your mom should have aborted you
shut the fuck up
you are the worst player I have ever seen, garbage human
what a useless piece of trash
""",
    )
    + _lines(
        "en",
        True,
        "threat",
        """
I will find you and kill you irl
I know where you live, watch out
kill yourself
go hang yourself loser
I hope you get cancer
someone should shoot you for real
""",
    )
    + _lines(
        "en",
        True,
        "slur",
        """
shut up faggot
typical gay ass play, fag
go back to your country you immigrant trash
stupid retard
""",
    )
    + _lines(
        "en",
        True,
        "harass",
        """
reported, you're a disgrace, uninstall and die
everyone report this clown, he is a total idiot
lol you are so bad, kill urself
""",
    )
    + _lines(
        "en",
        True,
        "obfuscated",
        """
f*ck you
you are an id10t
sh1t player
stfu n00b
kys
fuuuuuck youuuu
b1tch
a$$hole
you r a f u c k i n g loser
stoopid moron
fck off
go f*** yourself
c*nt
""",
    )
)

EN_CLEAN = (
    _lines(
        "en",
        False,
        "slang",
        """
kill him he's one shot
I got a headshot on their sniper
let's destroy them in the next round
push B, rush rush rush
they are camping the bridge
nice kill
I'm dead, revive me
shoot the tank first
we need to wipe their team
execute the site on my call
trade my kill please
the enemy is low, finish him
I'm going to blow up the generator
our carry got killed again
that boss fight murdered us
spam the grenade on the door
he's lagging, easy kill
let's farm the creeps
flank left and take them out
snipe the healer
attack the tower now
we got crushed, rematch?
smoke mid then push
""",
    )
    + _lines(
        "en",
        False,
        "banter",
        """
gg wp
you're insane, that play was sick
lol you noob, come on (jk)
haha you killed me again, you monster
that was a dirty trick, well played
you're a beast
nice one mate
ez clap, gg everyone
sick flick bro
damn you're good
you crazy bastard, how did you hit that
that was savage lol
we suck today lol
I'm trash at this map haha
""",
    )
    + _lines(
        "en",
        False,
        "swear",
        """
shit, I missed
damn it, lag again
oh crap I fell off
what the hell was that
holy shit that was close
fuck, I forgot to reload
bloody hell this map
""",
    )
    + _lines(
        "en",
        False,
        "quote",
        """
he called me an idiot, I reported him
reporting the guy who said "kill yourself"
mods, player 7 keeps saying the f word
someone in chat used a slur, please check
""",
    )
    + _lines(
        "en",
        False,
        "neutral",
        """
anyone want to queue together
what time is the tournament
I need a healer
can you drop me a weapon
brb 2 min
my internet is slow tonight
how do I unlock the new skin
which class is best for beginners
thanks for the carry
let's play another one
I'll take the flag
where is the ammo
who is on defense
my mic is broken sorry
good luck have fun
is anyone else lagging
sorry, my bad
I'm new, any tips
see you tomorrow
how many points for gold rank
the patch notes look great
hold this position
I'm out of mana
cover me
please ping the enemies
the skin sale ends tonight
""",
    )
)

FR_TOXIC = (
    _lines(
        "fr",
        True,
        "insult",
        """
t'es vraiment un connard
ferme ta gueule
ta gueule le noob
quel abruti ce mec
espèce de débile
sale con
t'es con ou quoi
cette conne ne soigne jamais
bande de crétins
t'es qu'une merde
fils de pute
nique ta mère
va te faire foutre
gros bouffon
t'es nul à chier
quelle connasse
sale bâtard
vous êtes tous des idiots
imbécile tu m'as volé le kill
t'es une sous-merde
enculé de tes morts
t'es un boulet, désinstalle le jeu
pauvre type
t'es trop nul, dégage
quel naze
salope
espèce d'attardé
tocard va
crétin de support
vous êtes nuls, bande de nazes
t'es un gros nul
t'es une grosse merde
ce mec est débile
pauvre con
connards de tricheurs
""",
    )
    + _lines(
        "fr",
        True,
        "threat",
        """
va crever
je vais te retrouver et te tuer en vrai
va te pendre
suicide-toi
je sais où tu habites
j'espère que tu vas mourir
""",
    )
    + _lines(
        "fr",
        True,
        "slur",
        """
sale pd
espèce de tapette
retourne dans ton pays
sale gogol
mongol va
""",
    )
    + _lines(
        "fr",
        True,
        "obfuscated",
        """
c0nnard
c*nnard
t'es un c0n
ta gueuuule
ta g**le
connnnnaaaard
fdp
ntm
tg
c o n n a r d
sal0pe
encul3
d3bile
ab*uti
p*te
fils de p*te
n1que ta m3re
bâtaaard
t'es un cr3tin
c.o.n.n.a.s.s.e
ta gueul3
enf0iré
""",
    )
)

FR_CLEAN = (
    _lines(
        "fr",
        False,
        "slang",
        """
tue-le il est à un coup
je l'ai eu en headshot
on les détruit au prochain round
rush B go go
ils campent sur le pont
bien joué le kill
je suis mort, réanime-moi
tire sur le tank d'abord
on va les écraser
je vais le tuer au sniper
achève-le il est low
on a perdu la connexion
je me suis fait massacrer par le boss
faites exploser le générateur
flanquez par la gauche
le heal est mort
on farm les creeps
pose la bombe en A
""",
    )
    + _lines(
        "fr",
        False,
        "banter",
        """
gg bien joué
t'es un monstre, quel clutch
mdr t'es fou
trop fort ce mec
t'as de la chance, petit malin
on est nuls aujourd'hui mdr
je suis nul sur cette carte
bien vu l'artiste
t'es une machine
allez les gars on lâche rien
""",
    )
    + _lines(
        "fr",
        False,
        "swear",
        """
merde j'ai raté
putain de lag
oh punaise j'ai oublié de recharger
bordel cette carte
ce jeu à la con plante encore
merde, encore déconnecté
""",
    )
    + _lines(
        "fr",
        False,
        "quote",
        """
il m'a traité de connard, je l'ai signalé
signalé le joueur qui dit "ta gueule" à tout le monde
un mec a écrit une insulte raciste, modos svp
quelqu'un a dit "suicide-toi" dans le chat
""",
    )
    + _lines(
        "fr",
        False,
        "neutral",
        """
quelqu'un veut grouper
à quelle heure commence le tournoi
il me faut un soigneur
tu peux me passer une arme
je reviens dans 2 min
ma connexion est lente ce soir
comment on débloque le nouveau skin
quelle classe pour débuter
merci pour le carry
on en refait une
je prends le drapeau
où sont les munitions
qui défend
mon micro ne marche pas désolé
bonne chance amusez-vous bien
quelqu'un d'autre a du lag
désolé c'est ma faute
je suis nouveau, des conseils
à demain
combien de points pour le rang or
les notes de patch sont top
tenez cette position
je n'ai plus de mana
couvre-moi
pingez les ennemis svp
on va se disputer la première place
le concours de skins finit ce soir
sa réputation est excellente
j'ai acheté un ordinateur neuf
la console de commande bug
il faut contourner par la droite
conseil : garde ton ulti
second round, on change de côté
c'est une partie de cons... truction, on bâtit la base
bonne continuation à tous
""",
    )
)

# Written after the French lexicon was fixed, to check it on lines it never saw.
HELD_OUT = _lines(
    "fr",
    True,
    "insult",
    """
t'es qu'un gros connard
espèce d'abrutie
quelle bande de cons
ferme-la sale merdeux
va niquer ta mère
t'es complètement débile toi
conasse
c0nnasse va
t'es un blaireau
""",
) + _lines(
    "fr",
    False,
    "clean",
    """
on continue la partie
connecte-toi au vocal
les conditions de victoire ont changé
le match est disputé
gg à tous, partie serrée
j'ai raté mon saut, punaise
comptez sur moi
on se reconnecte après la pause
""",
)


HELD_OUT_EN = _lines(
    "en",
    True,
    "insult",
    """
you're a complete waste of oxygen
shut your mouth you clown
ur so fcking dumb
go jump off a bridge
what a pathetic idiot
you play like a brain-dead monkey
worst support ever, you useless donkey
""",
) + _lines(
    "en",
    False,
    "clean",
    """
killing spree incoming
they destroyed us lol
that was a sick headshot
damn, so close
he reported me for saying gg
we'll crush them next round
my aim is garbage today
nice shot you beast
""",
)


def labelled(include_held_out: bool = False) -> list[Line]:
    """Every labelled line (EN then FR)."""
    lines = [*EN_TOXIC, *EN_CLEAN, *FR_TOXIC, *FR_CLEAN]
    return [*lines, *HELD_OUT, *HELD_OUT_EN] if include_held_out else lines
