"""Metadata: technical facts, descriptive facts from the index, EBUCore XML checked by schema."""

from __future__ import annotations

import json
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile
from imagia.core.provenance import sha256_file
from imagia.index.store import AssetRecord, IndexStore, Shot, Window, index_path
from imagia.metadata import ebucore
from imagia.metadata.collect import collect, descriptive, keywords
from tests.index_media import shots_clip
from tests.test_cli import imagia

NS = {"e": ebucore.NS, "dc": ebucore.DC}
FRENCH = (
    "La rivière coule sous le pont. Le pont de pierre date du siècle dernier.",
    "Sur la rivière, les bateaux passent sous le pont en été.",
)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shots_clip(
        tmp_path_factory.mktemp("md") / "river_bank-take2.mp4", seconds=(2.0, 1.6, 2.4)
    )


@pytest.fixture(scope="module")
def clip2997(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shots_clip(
        tmp_path_factory.mktemp("md2997") / "ntsc.mov",
        seconds=(1.0, 1.0),
        colours=("red", "blue"),
        rate="30000/1001",
    )


def _index(root: Path, media: Path) -> Path:
    """An index holding ``media`` with two French transcript windows and three shots."""
    store = IndexStore(root / "index" / "index.db")
    store.add(
        AssetRecord(sha256_file(media), str(media), 6.0, Fraction(25), 320, 180, language="fr"),
        [Shot(0, 50), Shot(50, 90), Shot(90, 150)],
        [Window(0.0, 3.0, FRENCH[0]), Window(3.0, 6.0, FRENCH[1])],
    )
    return store.path


def test_technical_metadata_and_loudness(clip: Path) -> None:
    md = collect(clip)
    t = md.technical
    assert md.title == "river bank take2" and md.sha256 == sha256_file(clip)
    assert t.duration == pytest.approx(6.0, abs=0.05) and t.container and "mp4" in t.container
    assert t.video is not None and t.video["codec"] == "h264"
    assert (t.video["width"], t.video["height"], t.video["frame_rate"], t.video["frames"]) == (
        320,
        180,
        "25",
        150,
    )
    assert t.audio[0]["codec"] == "aac" and t.audio[0]["channels"] == 1
    assert t.loudness is not None and -40 < t.loudness["integrated_lufs"] < -10
    assert md.descriptive is None


def test_ebucore_is_valid_and_carries_the_facts(clip: Path, clip2997: Path) -> None:
    md = collect(clip, loudness=False)
    text = ebucore.to_string(md, {"generator": "imagia test", "tool": "media-metadata"})
    assert ebucore.validate(text) == []
    root = ET.fromstring(text)  # well-formed
    assert root.tag == f"{{{ebucore.NS}}}ebuCoreMain" and root.get("version") == "1.10"
    core = root.find("e:coreMetadata", NS)
    assert core is not None
    assert [c.tag.split("}")[1] for c in core] == ["title", "format", "identifier"]
    assert core.findtext("e:identifier/dc:identifier", namespaces=NS) == md.sha256
    fmt = core.find("e:format", NS)
    assert fmt is not None
    assert fmt.findtext("e:videoFormat/e:width", namespaces=NS) == "320"
    rate = fmt.find("e:videoFormat/e:frameRate", NS)
    assert rate is not None and rate.text == "25" and rate.get("factorNumerator") == "1"
    units = fmt.find("e:duration/e:editUnitNumber", NS)
    assert units is not None and units.text == "150" and units.get("editRate") == "25"
    assert fmt.findtext("e:audioFormat/e:channels", namespaces=NS) == "1"
    ntsc = ET.fromstring(ebucore.to_string(collect(clip2997, loudness=False)))
    rate = ntsc.find("e:coreMetadata/e:format/e:videoFormat/e:frameRate", NS)
    assert rate is not None and (
        rate.text,
        rate.get("factorNumerator"),
        rate.get("factorDenominator"),
    ) == ("30", "1000", "1001")
    units = ntsc.find("e:coreMetadata/e:format/e:duration/e:editUnitNumber", NS)
    assert units is not None and units.text == "60"


def test_schema_rejects_what_ebucore_does_not_allow(clip: Path) -> None:
    text = ebucore.to_string(collect(clip, loudness=False))
    root = ET.fromstring(text)
    core = root.find("e:coreMetadata", NS)
    assert core is not None
    ident = core.find("e:identifier", NS)
    assert ident is not None
    core.remove(ident)
    core.insert(0, ident)  # identifier before title: EBUCore's order is broken
    errors = ebucore.validate(ET.tostring(root, encoding="unicode"))
    assert errors and "coreMetadata" in errors[0]
    bad_rate = text.replace(
        'factorNumerator="1" factorDenominator="1">25<',
        'factorNumerator="1" factorDenominator="1">25 fps<',
    )
    assert ebucore.validate(bad_rate)
    with pytest.raises(BadFile, match="not well-formed XML"):
        ebucore.validate(text[:-30])


def test_descriptive_metadata_from_the_index(clip: Path, tmp_path: Path) -> None:
    db = _index(tmp_path, clip)
    md = collect(clip, db, loudness=False)
    d = md.descriptive
    assert d is not None and d.language == "fr" and d.shots == 3
    assert d.transcript_windows == 2 and d.excerpt.startswith("La rivière coule")
    words = [k["word"] for k in d.keywords]
    assert words[:2] == ["pont", "rivière"] and "sous" not in words and "le" not in words
    text = ebucore.to_string(md)
    assert ebucore.validate(text) == []
    core = ET.fromstring(text).find("e:coreMetadata", NS)
    assert core is not None
    subject = core.find("e:subject/dc:subject", NS)
    assert subject is not None and subject.text == "pont"
    assert subject.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert core.findtext("e:language/dc:language", namespaces=NS) == "fr"
    assert not core.findall("e:contributor", NS)  # no named people in this index


def test_people_and_sounds_when_the_index_has_them(clip: Path, tmp_path: Path) -> None:
    db = tmp_path / "index.db"  # an index with the faces/people/sounds tables
    con = sqlite3.connect(db)
    sha = sha256_file(clip)
    con.executescript(f"""
      CREATE TABLE assets(id INTEGER PRIMARY KEY, sha256 TEXT, path TEXT, language TEXT);
      CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE faces(id INTEGER PRIMARY KEY, asset_id INTEGER, t REAL, person_id INTEGER);
      CREATE TABLE sounds(asset_id INTEGER, start REAL, end REAL, label TEXT, score REAL);
      INSERT INTO assets VALUES(1, '{sha}', '/x.mp4', 'en');
      INSERT INTO people VALUES(1, 'Ada Lovelace'), (2, NULL);
      INSERT INTO faces VALUES(1, 1, 2.0, 1), (2, 1, 1.0, 1), (3, 1, 0.5, 2);
      INSERT INTO sounds VALUES(1, 0, 2.5, 'music', 0.9), (1, 3, 4, 'applause', 0.7);
    """)
    con.commit()
    con.close()
    d = descriptive(db, sha)
    assert d is not None and d.shots == 0 and d.keywords == []
    assert d.people == [{"name": "Ada Lovelace", "faces": 2, "first_seen": 1.0}]
    assert [s["label"] for s in d.sounds] == ["music", "applause"]
    md = collect(clip, db, loudness=False)
    text = ebucore.to_string(md)
    assert ebucore.validate(text) == []
    contrib = ET.fromstring(text).find("e:coreMetadata/e:contributor", NS)
    assert contrib is not None
    assert contrib.findtext("e:contactDetails/e:name", namespaces=NS) == "Ada Lovelace"
    assert descriptive(db, "0" * 64) is None and descriptive(tmp_path / "none.db", sha) is None


def test_keywords_skip_stop_words_in_both_languages() -> None:
    kws = keywords(["The camera and the camera crew", "L'équipe de la caméra, l'équipe!"])
    assert [k["word"] for k in kws][:2] == ["camera", "équipe"]
    assert all(k["word"] not in ("the", "and", "la", "de", "l'équipe") for k in kws)


def test_official_schema_from_the_environment(
    clip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Path(ebucore.__file__).parent
    for name in ("ebucore-subset.xsd", "dc-subset.xsd"):
        shutil.copy(here / name, tmp_path / name)
    official = tmp_path / "ebucore-subset.xsd"
    monkeypatch.setenv(ebucore.ENV_XSD, str(official))
    assert ebucore.schema_path() == official
    assert ebucore.validate(ebucore.to_string(collect(clip, loudness=False))) == []
    monkeypatch.setenv(ebucore.ENV_XSD, str(tmp_path / "missing.xsd"))
    with pytest.raises(BadFile, match="missing.xsd"):
        ebucore.schema_path()


def test_job_writes_ebucore_and_json_with_provenance(clip: Path, tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    _index(ws.root, clip)
    assert index_path(ws).is_file()
    job = jobs.run(
        ws,
        jobs.submit(
            ws, "media-metadata", {"media": str(clip), "to": "ebucore", "loudness": False}, [clip]
        ).id,
    )
    assert job.status == "done" and job.result["indexed"] and job.result["language"] == "fr"
    kinds = {o["kind"]: ws.root / o["path"] for o in job.outputs}
    assert ebucore.validate(kinds["metadata/ebucore"]) == []
    assert "made by imagia" in kinds["metadata/ebucore"].read_text()
    data = json.loads(kinds["report/json"].read_text())
    assert data["schema"] == "MediaMetadata.1"
    assert data["provenance"]["tool"] == "media-metadata"
    assert data["provenance"]["inputs"][0]["sha256"] == data["sha256"]
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    with TestClient(create_app(ws)) as client:  # the results view shows both kinds
        page = client.get(f"/jobs/{job.id}").text
    assert "data-technical" in page and "data-descriptive" in page and "pont (3)" in page


def test_cli_metadata_and_one_line_errors(clip: Path, tmp_path: Path) -> None:
    ws = tmp_path / "w"
    out = tmp_path / "meta.xml"
    r = imagia("metadata", str(clip), "-o", str(out), "--no-loudness", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "not indexed" in r.stdout and ebucore.validate(out) == []
    r = imagia(
        "metadata",
        str(clip),
        "--to",
        "json",
        "--no-loudness",
        "-w",
        str(ws),
        "--json",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["file"] == "river_bank-take2.metadata.json"
    r = imagia("metadata", str(clip), "--to", "mpeg7", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "mpeg7" in r.stderr and "ebucore, json" in r.stderr
    r = imagia("metadata", str(tmp_path / "gone.mxf"), "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "gone.mxf: file not found" in r.stderr
    junk = tmp_path / "notes.mov"
    junk.write_text("hello")
    r = imagia("metadata", str(junk), "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "notes.mov: a text file, not audio or video" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
