"""French and English words of statements (channels, figures, headings)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from imagia.finance.contracts import Contract

CHANNEL = {
    "theatrical": ("Salles", "Theatrical"),
    "video": ("Vidéo physique", "Physical video"),
    "tvod": ("VàD à l'acte", "TVOD"),
    "svod": ("VàD par abonnement", "SVOD"),
    "avod": ("VàD gratuite (publicité)", "AVOD"),
    "free_tv": ("Télévision gratuite", "Free TV"),
    "pay_tv": ("Télévision payante", "Pay TV"),
    "non_commercial": ("Non commercial", "Non-commercial"),
    "international": ("International", "International"),
    "other": ("Autres", "Other"),
}

TEXT: dict[str, tuple[str, str]] = {
    "statement": ("Relevé de comptes", "Statement of account"),
    "work": ("Œuvre", "Work"),
    "beneficiary": ("Bénéficiaire", "Beneficiary"),
    "period": ("Période", "Period"),
    "currency": ("Devise", "Currency"),
    "issued": ("Établi le", "Issued on"),
    "accountant": ("Établi par", "Issued by"),
    "receipts": (
        "Recettes brutes par mode et territoire",
        "Gross receipts by channel and territory",
    ),
    "channel": ("Mode d'exploitation", "Channel"),
    "territory": ("Territoire", "Territory"),
    "in_period": ("Période", "Period"),
    "cumulative": ("Cumul", "Cumulative"),
    "agreements": (
        "Du brut aux recettes nettes part producteur (RNPP)",
        "From gross to producer's net receipts (RNPP)",
    ),
    "agreement": ("Contrat", "Agreement"),
    "gross": ("Recettes brutes", "Gross receipts"),
    "fee": ("Commission de distribution", "Distribution fee"),
    "expenses": ("Frais récupérés", "Expenses recouped"),
    "expenses_to_recoup": (
        "Frais d'édition (P&A) restant à récupérer",
        "P&A expenses still to recoup",
    ),
    "licence_to_receive": ("Licence restant à encaisser", "Licence fee still to receive"),
    "mg_recouped": ("Minimum garanti récupéré", "Minimum guarantee recouped"),
    "mg_to_recoup": ("Minimum garanti restant à récupérer", "Minimum guarantee still to recoup"),
    "overage": ("Surplus (au-delà du MG)", "Overage (beyond the MG)"),
    "cross_given": (
        "Affecté aux MG d'autres œuvres (compensation inter-films)",
        "Set against other works' MGs (cross-collateralisation)",
    ),
    "cross_received": (
        "MG récupéré sur les recettes d'autres œuvres (compensation inter-films)",
        "MG recouped from other works' receipts (cross-collateralisation)",
    ),
    "cross_pool": ("Groupe de compensation", "Cross-collateralisation pool"),
    "terms": ("Vos droits", "Your terms"),
    "term": ("Droit", "Term"),
    "base": ("Assiette", "Base"),
    "earned_col": ("Acquis", "Earned"),
    "term_rnpp": (
        "{rate} des recettes nettes part producteur",
        "{rate} of the producer's net receipts",
    ),
    "term_public_price": ("{rate} du prix public", "{rate} of the public price"),
    "term_step": (
        "{share} du palier «\u00a0{step}\u00a0» ({rate} de ce qui l’atteint)",
        "{share} of step \u201c{step}\u201d ({rate} of what reaches it)",
    ),
    "line": ("Poste", "Item"),
    "payments": ("MG et licences encaissés", "MG and licence fees received"),
    "rnpp": ("Recettes nettes part producteur (RNPP)", "Producer's net receipts (RNPP)"),
    "excluded": (
        "Exclu de l'assiette (soutien public, crédit d'impôt)",
        "Excluded from the base (public support, tax credits)",
    ),
    "position": ("Votre position", "Your position"),
    "clause": ("Clause", "Clause"),
    "earned": ("Acquis", "Earned"),
    "threshold": ("Avance ou plafond", "Advance or cap"),
    "recouped": ("Récupéré", "Recouped"),
    "to_recoup": ("Reste à récupérer", "Still to recoup"),
    "entitled": ("Vous revenant", "Your share"),
    "total_entitled": ("Total vous revenant (cumul)", "Total due to you (cumulative)"),
    "paid_before": (
        "Déjà réglé (registre des paiements)",
        "Paid before (payments ledger)",
    ),
    "owes": (
        "Ce que le titulaire doit à chaque bénéficiaire",
        "What the owner owes each beneficiary",
    ),
    "keeps": ("Ce que le titulaire conserve", "What the owner keeps"),
    "vat": ("TVA ({rate})", "VAT ({rate})"),
    "withheld": ("Retenue à la source ({rate})", "Tax withheld at source ({rate})"),
    "payable": ("Net à payer", "Amount payable"),
    "number": ("Relevé n°", "Statement no."),
    "corrects": ("Corrige le relevé n°", "Corrects statement no."),
    "payment_date": ("Date de paiement", "Payment date"),
    "payments_made": (
        "Paiements enregistrés au registre des paiements",
        "Payments recorded in the payments ledger",
    ),
    "no_payment": ("Aucun paiement enregistré.", "No payment recorded."),
    "late": (
        "Recettes déclarées en retard (imputées sur cette période, date d'origine)",
        "Receipts reported late (booked in this period, original date)",
    ),
    "date": ("Date", "Date"),
    "reference": ("Référence", "Reference"),
    "method": ("Mode de règlement", "Method"),
    "booked": ("Imputée le", "Booked on"),
    "source": ("Source", "Source"),
    "due": ("Montant dû pour la période", "Amount due for the period"),
    "carried": ("Solde négatif reporté", "Negative balance carried forward"),
    "nothing_due": (
        "Aucune somme n'est due pour cette période.",
        "Nothing is due for this period.",
    ),
    "audit": ("Piste d'audit", "Audit trail"),
    "sheet_receipts": ("Recettes", "Receipts"),
    "figure": ("Montant", "Figure"),
    "amount": ("Montant", "Amount"),
    "sources": ("Sources (fichier : lignes)", "Sources (file: rows)"),
    "rounding": (
        "Montants en décimal exact, arrondis au centime (demi supérieur) à chaque "
        "clause ; répartitions pari passu au centime près par plus forts restes.",
        "Exact decimal amounts rounded to the cent (half up) at each clause; pari "
        "passu splits to the cent by largest remainders.",
    ),
    "rates": ("Taux de change appliqués", "Conversion rates applied"),
    "retains": (
        "Titulaire du plan de récupération : conserve",
        "Owner of the recoupment plan: retains",
    ),
    "no_receipts": ("aucune recette pendant la période", "no receipts in the period"),
    "advance_left": (
        "avance de {advance} non encore récupérée ({left} restent à récupérer)",
        "advance of {advance} not yet recouped ({left} still to recoup)",
    ),
    "nothing_reached": (
        "rien n'a encore atteint le palier « {step} »",
        "nothing has reached step \u201c{step}\u201d yet",
    ),
    "balance_negative": (
        "solde négatif de {amount} à imputer sur les prochaines recettes",
        "negative balance of {amount} to set against future receipts",
    ),
    "cap_reached": (
        "plafond de {cap} du palier « {step} » atteint",
        "cap of {cap} of step \u201c{step}\u201d reached",
    ),
    "already_paid": (
        "tout ce qui vous revient a déjà été réglé",
        "everything due to you has already been paid",
    ),
    "generated": (
        "Établi par imagia (outil finance-statements) à partir des contrats et des "
        "relevés reçus ; chaque montant renvoie à sa clause et à ses lignes sources.",
        "Made by imagia (tool finance-statements) from the contracts and the statements "
        "received; every figure refers to its clause and source lines.",
    ),
}


METHOD = {
    "transfer": ("virement", "transfer"),
    "cheque": ("chèque", "cheque"),
    "offset": ("compensation", "offset"),
    "reversal": ("annulation", "reversal"),
}
_MONTHS = (
    ("janvier", "January"),
    ("février", "February"),
    ("mars", "March"),
    ("avril", "April"),
    ("mai", "May"),
    ("juin", "June"),
    ("juillet", "July"),
    ("août", "August"),
    ("septembre", "September"),
    ("octobre", "October"),
    ("novembre", "November"),
    ("décembre", "December"),
)


def day(d: date | str, lang: str) -> str:
    """A date as its reader writes it: ``1er juillet 2026``, ``31 July 2026``."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    fr, en = _MONTHS[d.month - 1]
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {fr} {d.year}"
    return f"{d.day} {en} {d.year}"


def percent(rate: Decimal, lang: str) -> str:
    """``10 %`` (French, with a no-break space) or ``10%``."""
    v = f"{rate * 100:f}".rstrip("0").rstrip(".")
    return f"{v.replace('.', ',')}\u00a0%" if lang == "fr" else f"{v}%"


def method(m: str, lang: str) -> str:
    fr, en = METHOD.get(m, (m, m))
    return fr if lang == "fr" else en


def t(key: str, lang: str, **kw: str) -> str:
    fr, en = TEXT[key]
    s = fr if lang == "fr" else en
    return s.format(**kw) if kw else s


def channel(ch: str, lang: str) -> str:
    fr, en = CHANNEL.get(ch, (ch, ch))
    return fr if lang == "fr" else en


_FIG = {
    "gross": ("Recettes brutes", "Gross receipts"),
    "fee": ("Commission", "Fee"),
    "expenses:incurred": ("Frais déclarés", "Expenses charged"),
    "expenses:recouped": ("Frais récupérés", "Expenses recouped"),
    "net": ("Net après commission et frais", "Net after fee and expenses"),
    "mg_recouped": ("MG récupéré", "MG recouped"),
    "overage": ("Surplus", "Overage"),
    "cross_given": ("Affecté aux MG d'autres œuvres", "Set against other works' MGs"),
    "cross_received": (
        "MG récupéré sur d'autres œuvres",
        "MG recouped from other works",
    ),
    "payments": ("MG ou licence encaissé", "MG or licence fee received"),
    "direct": ("Recettes encaissées directement", "Receipts collected directly"),
    "excluded": ("Exclu de l'assiette", "Excluded from the base"),
    "rnpp": ("RNPP", "RNPP"),
    "base": ("Assiette", "Base"),
    "public_price": ("Prix public", "Public price"),
    "remuneration:earned": ("Rémunération acquise", "Remuneration earned"),
    "remuneration:advance": ("Imputé sur l'avance", "Set against the advance"),
    "remuneration:owed": ("Rémunération due", "Remuneration owed"),
    "flow": ("Montant atteignant le palier", "Reaching step"),
    "flow:after": ("Reste après le palier", "Left after step"),
    "flow:after-remunerations": ("RNPP après rémunérations", "RNPP after remunerations"),
    "take": ("Prélevé par le palier", "Taken by step"),
    "share": ("Part", "Share"),
    "premium": ("Prime", "Premium"),
    "undistributed": ("Reste au titulaire du plan", "Left to the plan's owner"),
}


def figure(key: str, lang: str, c: Contract | None = None) -> str:
    """A figure's label in ``lang`` from its key (``fee:rivages-theatrical:theatrical``...)."""
    parts = key.split(":")
    head = parts[0]
    rest = parts[1:]
    if head in ("expenses", "remuneration") and len(parts) >= 3:
        head, rest = f"{head}:{parts[-1]}", parts[1:-1]
    elif head == "flow" and len(parts) >= 2 and parts[1] in ("after", "after-remunerations"):
        head, rest = (f"flow:{parts[1]}", parts[2:])
    fr, en = _FIG.get(head, (head, head))
    names: dict[str, str] = {}
    if c is not None:  # what a reader knows: names, not the contract's ids
        names.update({p.id: p.name for p in c.parties})
        names.update({s.id: s.label or s.id for s in c.waterfall.steps})
        names.update({a.id: c.party(a.party).name for a in c.agreements})
        names.update({r.id: c.party(r.party).name for r in c.waterfall.remunerations})
    words = []
    for p in rest:
        words.append(channel(p, lang) if p in CHANNEL else names.get(p, p))
    base = fr if lang == "fr" else en
    return f"{base} ({', '.join(words)})" if words else base


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_BEFORE_HIGH = re.compile(r" ([:;!?»])")


def typo_fr(s: str) -> str:
    """French typography for a reader: ’ for the apostrophe, a no-break space inside « » and
    before : ; ! ? (a document's text, never a file name or a number)."""
    s = _APOSTROPHE.sub("\u2019", s)
    s = s.replace("« ", "«\u00a0")
    s = _BEFORE_HIGH.sub("\u00a0\\1", s)
    return re.sub(r"«(?=\S)", "«\u00a0", s).replace("\u00a0\u00a0", "\u00a0")
