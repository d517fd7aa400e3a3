"""The register of issued statements of a work (schema ``Issued.1``), kept in the workspace at
``finance/<work id>.issued.json``.

Issuing a statement freezes it: it gets the next number, its date, the SHA-256 of each of its
files (PDF, XLSX, JSON, stored in the job's outputs) and of each received statement it was made
from. Entries are only ever added: a correction is a new numbered statement that names the one it
corrects. The first statement issued for a period closes it: received files it did not cover are
booked after it (work.py), and a file it covered may not change afterwards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile
from imagia.core.provenance import atomic_write, sha256_file
from imagia.core.textfile import is_file, load_json
from imagia.finance.periods import Period
from imagia.finance.work import Closing

SCHEMA = "Issued.1"


@dataclass
class Entry:
    """One issued statement."""

    number: str
    seq: int
    period: Period
    beneficiary: str
    name: str
    lang: str
    issued: date
    currency: str
    entitled: str
    paid_before: str
    due: str
    files: list[dict[str, str]] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)
    corrects: str = ""
    job: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "seq": self.seq,
            "period": {
                "id": self.period.id,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "beneficiary": self.beneficiary,
            "name": self.name,
            "lang": self.lang,
            "issued": self.issued.isoformat(),
            "currency": self.currency,
            "entitled": self.entitled,
            "paid_before": self.paid_before,
            "due": self.due,
            "files": self.files,
            "inputs": self.inputs,
            "corrects": self.corrects,
            "job": self.job,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entry:
        p = d["period"]
        return cls(
            str(d["number"]),
            int(d["seq"]),
            Period(date.fromisoformat(p["start"]), date.fromisoformat(p["end"]), str(p["id"])),
            str(d["beneficiary"]),
            str(d.get("name", "")),
            str(d.get("lang", "")),
            date.fromisoformat(d["issued"]),
            str(d["currency"]),
            str(d["entitled"]),
            str(d["paid_before"]),
            str(d["due"]),
            list(d.get("files", [])),
            dict(d.get("inputs", {})),
            str(d.get("corrects", "")),
            str(d.get("job", "")),
        )


def register_path(ws_root: Path, work_id: str) -> Path:
    return Path(ws_root) / "finance" / f"{work_id}.issued.json"


@dataclass
class Register:
    work: str
    path: Path
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, ws_root: Path, work_id: str) -> Register:
        path = register_path(ws_root, work_id)
        if not is_file(path):
            return cls(work_id, path)
        raw = load_json(path)
        if not isinstance(raw, dict) or raw.get("schema") != SCHEMA or raw.get("work") != work_id:
            raise BadFile(path, f"schema: expected {SCHEMA!r} for work {work_id!r}")
        try:
            entries = [Entry.from_dict(e) for e in raw.get("statements", [])]
        except (KeyError, TypeError, ValueError) as exc:
            raise BadFile(path, f"statements: not a register entry ({exc})") from None
        return cls(work_id, path, entries)

    def closings(self) -> list[Closing]:
        """Each closed period with the received files its first statement covered."""
        first: dict[str, Entry] = {}
        for e in sorted(self.entries, key=lambda e: e.seq):
            first.setdefault(e.period.id, e)
        return [Closing(e.period, e.number, dict(e.inputs)) for e in first.values()]

    def find(self, number: str) -> Entry | None:
        return next((e for e in self.entries if e.number == number), None)

    def corrected_by(self, number: str) -> str:
        return next((e.number for e in self.entries if e.corrects == number), "")

    def current(self, period: str, beneficiary: str) -> Entry | None:
        """The statement in force for a period and beneficiary (the last correction)."""
        got = [e for e in self.entries if e.period.id == period and e.beneficiary == beneficiary]
        return max(got, key=lambda e: e.seq) if got else None

    def next_seq(self) -> int:
        return max((e.seq for e in self.entries), default=0) + 1

    def number(self, seq: int) -> str:
        return f"{self.work}-{seq:04d}"

    def append(self, new: list[Entry]) -> None:
        """Add entries and write the register atomically; existing entries stay as they are."""
        self.entries.extend(new)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "schema": SCHEMA,
            "work": self.work,
            "statements": [e.to_dict() for e in self.entries],
        }
        with atomic_write(self.path) as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=1))

    def verify(self, ws_root: Path) -> list[str]:
        """Each issued file that is missing or no longer matches its checksum."""
        problems = []
        for e in self.entries:
            for f in e.files:
                p = Path(ws_root) / f["path"]
                if not p.is_file():
                    problems.append(f"{e.number}: {f['path']} is missing")
                elif sha256_file(p) != f["sha256"]:
                    problems.append(f"{e.number}: {f['path']} changed since it was issued")
        return problems
