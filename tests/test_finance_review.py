"""Reviewing an anomaly finding (accept or reject, with a reason) from the command line: the
review is appended to adjustments.yaml (what was there kept) and the finding becomes resolved."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core.errors import BadFile
from imagia.finance import adjustments, anomalies
from imagia.finance.jobs import sample_dir
from imagia.finance.work import load

runner = CliRunner()


def _open_finding(work: Path) -> str:
    w = load(work)
    found = [f for f in anomalies.check(w, anomalies.default_as_of(w)) if f.status == "open"]
    assert found
    return found[0].id


def test_review_resolves_the_finding_and_keeps_the_file(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(sample_dir(), work)
    (work / "adjustments.yaml").write_text(
        "# kept by the accountant\nschema: Adjustments.1\n", encoding="utf-8"
    )
    fid = _open_finding(work)
    args = ["finance", "review", str(work), fid, "-d", "rejected", "-r", "sale outside the grant"]
    r = runner.invoke(app, [*args, "--on", "2026-08-01", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["status"] == "resolved"
    text = (work / "adjustments.yaml").read_text("utf-8")
    assert text.startswith("# kept by the accountant\nschema: Adjustments.1\nfindings:\n  - {")
    w = load(work)
    f = next(f for f in anomalies.check(w, anomalies.default_as_of(w)) if f.id == fid)
    assert (f.status, f.decision, f.review) == ("resolved", "rejected", "sale outside the grant")
    # A second review of the same finding is refused, naming the file.
    r = runner.invoke(app, [*args, "--on", "2026-08-02"])
    assert isinstance(r.exception, BadFile)
    assert "adjustments.yaml: findings:" in str(r.exception) and "already reviewed" in str(
        r.exception
    )


def test_review_appends_to_an_existing_findings_list(tmp_path: Path) -> None:
    (tmp_path / "adjustments.yaml").write_text(
        "schema: Adjustments.1\nfindings:\n- {finding: a@x.csv:2, decision: accepted, "
        "reason: ok, on: 2026-01-10}\n",
        encoding="utf-8",
    )
    adjustments.add_review(tmp_path, "b@x.csv:3", "accepted", "agreed", date(2026, 2, 1))
    lines = (tmp_path / "adjustments.yaml").read_text("utf-8").splitlines()
    assert lines[-1].startswith("- {") and "b@x.csv:3" in lines[-1]


def test_bad_reviews_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match=r"adjustments.yaml: findings: reason"):
        adjustments.add_review(tmp_path, "a@x.csv:2", "accepted", "  ", date(2026, 1, 1))
    with pytest.raises(BadFile, match=r"findings: decision"):
        adjustments.add_review(tmp_path, "a@x.csv:2", "maybe", "why", date(2026, 1, 1))
    assert not (tmp_path / "adjustments.yaml").exists()
    work = tmp_path / "work"
    shutil.copytree(sample_dir(), work)
    r = runner.invoke(
        app, ["finance", "review", str(work), "nope@x:1", "-d", "accepted", "-r", "x"]
    )
    assert "unknown finding 'nope@x:1'" in str(r.exception)
