"""Accounting periods: ``2025`` (year), ``2025-H1`` (half), ``2025-Q3`` (quarter), ``2025-07``
(month) or ``2025-01-01..2025-06-30`` (explicit dates)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from imagia.core.errors import BadValue

FREQUENCIES = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}
_RX = re.compile(r"^(?P<y>\d{4})(?:-(?:(?P<h>H[12])|(?P<q>Q[1-4])|(?P<m>\d{2})))?$")
FORMS = ("2025", "2025-H1", "2025-Q3", "2025-07", "2025-01-01..2025-06-30")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    id: str

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def before(self) -> date:
        """The last day before the period (the cumulative figures it starts from)."""
        return self.start - timedelta(days=1)


def _month_end(y: int, m: int) -> date:
    return (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)) - timedelta(days=1)


def parse(text: str) -> Period:
    s = str(text).strip()
    if ".." in s:
        a, _, b = s.partition("..")
        try:
            start, end = date.fromisoformat(a), date.fromisoformat(b)
        except ValueError:
            raise BadValue("period", s, FORMS) from None
        if not (1900 <= start.year <= 2999 and 1900 <= end.year <= 2999):
            raise BadValue("period", s, FORMS, reason="years from 1900 to 2999")
        if end < start:
            raise BadValue("period", s, FORMS, reason="ends before it starts")
        return Period(start, end, s)
    m = _RX.match(s)
    if not m:
        raise BadValue("period", s, FORMS)
    y = int(m["y"])
    if not 1900 <= y <= 2999:
        raise BadValue("period", s, FORMS, reason="a year from 1900 to 2999")
    if m["h"]:
        first = 1 if m["h"] == "H1" else 7
        return Period(date(y, first, 1), _month_end(y, first + 5), s)
    if m["q"]:
        first = 3 * (int(m["q"][1]) - 1) + 1
        return Period(date(y, first, 1), _month_end(y, first + 2), s)
    if m["m"]:
        mo = int(m["m"])
        if not 1 <= mo <= 12:
            raise BadValue("period", s, FORMS)
        return Period(date(y, mo, 1), _month_end(y, mo), s)
    return Period(date(y, 1, 1), date(y, 12, 31), s)


def containing(d: date, frequency: str) -> Period:
    """The period of ``frequency`` that contains ``d``."""
    months = FREQUENCIES[frequency]
    if months == 12:
        return parse(f"{d.year}")
    if months == 6:
        return parse(f"{d.year}-H{1 if d.month <= 6 else 2}")
    if months == 3:
        return parse(f"{d.year}-Q{(d.month - 1) // 3 + 1}")
    return parse(f"{d.year}-{d.month:02d}")


def series(first: date, last: date, frequency: str) -> list[Period]:
    """The periods of ``frequency`` from the one containing ``first`` to the one with ``last``."""
    out: list[Period] = []
    p = containing(first, frequency)
    while p.start <= last:
        out.append(p)
        p = containing(p.end + timedelta(days=1), frequency)
    return out
