"""EBUCore XML (EBU Tech 3293) and JSON (``MediaMetadata.1``) of a file's metadata.

The XML is an ``ebuCoreMain`` document in ``urn:ebu:metadata-schema:ebucore`` holding one
``coreMetadata``: ``title``, keywords as ``subject``s, the transcript's opening as a
``description``, named people as ``contributor``s, the creation ``date``, the technical
``format`` (``videoFormat``, ``audioFormat``s, ``containerFormat``, start timecode, ``duration``
in edit units at the frame rate, or ``normalPlayTime`` for sound only, size, name, locator,
bit rate), the SHA-256 ``identifier`` and the spoken ``language``. imagia is its
``metadataProvider``; a comment says which imagia made it from which file.

It is validated against imagia's own schema of that subset (``ebucore-subset.xsd``, written for
imagia; the EBU's schema is not copied here), or against the official ``ebucore.xsd`` when the
environment variable ``IMAGIA_EBUCORE_XSD`` gives its path.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError, MissingDependency
from imagia.core.provenance import atomic_write
from imagia.metadata.collect import MediaMetadata

NS = "urn:ebu:metadata-schema:ebucore"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENV_XSD = "IMAGIA_EBUCORE_XSD"
DC_URLS = (
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd",
    "https://dublincore.org/schemas/xmls/simpledc20021212.xsd",
)
ET.register_namespace("", NS)
ET.register_namespace("dc", DC)


def _e(parent: ET.Element, tag: str, text: Any = None, **attrs: Any) -> ET.Element:
    el = ET.SubElement(
        parent, f"{{{NS}}}{tag}", {k: str(v) for k, v in attrs.items() if v is not None}
    )
    if text is not None:
        el.text = str(text)
    return el


def _dc(parent: ET.Element, tag: str, text: str, lang: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, f"{{{DC}}}{tag}")
    el.text = text
    if lang:
        el.set(XML_LANG, lang)
    return el


def _rate_parts(rate: Fraction) -> tuple[int, int, int]:
    """EBUCore's rate: nominal value x factorNumerator / factorDenominator (29.97 is
    30 x 1000/1001, 25 is 25 x 1/1)."""
    if rate.denominator == 1:
        return rate.numerator, 1, 1
    if rate.denominator == 1001:
        return round(rate.numerator / 1000), 1000, 1001
    return round(rate), rate.numerator, rate.denominator * round(rate)


def _play_time(seconds: float) -> str:
    return f"PT{seconds:.3f}S"


def _created(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        return dt.date().isoformat(), dt.time().replace(microsecond=0).isoformat()
    dt = dt.astimezone(UTC)
    return dt.date().isoformat(), dt.time().replace(microsecond=0).isoformat() + "Z"


def _codec(parent: ET.Element, short: str | None, long: str | None) -> None:
    if not short and not long:
        return
    codec = _e(parent, "codec")
    if short:
        _dc(_e(codec, "codecIdentifier", typeLabel="ffmpeg codec name"), "identifier", short)
    if long:
        _e(codec, "name", long)


def _format(core: ET.Element, md: MediaMetadata) -> None:
    t = md.technical
    fmt = _e(core, "format", formatName=t.container_long or t.container)
    v = t.video
    rate = Fraction(v["frame_rate"]) if v and v.get("frame_rate") else None
    if v:
        vf = _e(fmt, "videoFormat", videoFormatName=v.get("codec"))
        if v.get("width"):
            _e(vf, "width", v["width"], unit="pixel")
        if v.get("height"):
            _e(vf, "height", v["height"], unit="pixel")
        if rate:
            value, num, den = _rate_parts(rate)
            _e(vf, "frameRate", value, factorNumerator=num, factorDenominator=den)
        dar = v.get("display_aspect_ratio")
        if dar and ":" in dar:
            ar = _e(vf, "aspectRatio", typeLabel="display")
            a, b = dar.split(":", 1)
            _e(ar, "factorNumerator", int(a))
            _e(ar, "factorDenominator", int(b))
        _codec(vf, v.get("codec"), v.get("codec_long"))
        if v.get("bit_rate"):
            _e(vf, "bitRate", v["bit_rate"])
        if v.get("scanning"):
            _e(vf, "scanningFormat", v["scanning"])
        order = v.get("field_order")
        if order in ("tt", "tb"):
            _e(vf, "scanningOrder", "top")
        elif order in ("bb", "bt"):
            _e(vf, "scanningOrder", "bottom")
    for k, a in enumerate(t.audio):
        af = _e(fmt, "audioFormat", audioFormatName=a.get("codec"))
        _codec(af, a.get("codec"), a.get("codec_long"))
        if a.get("channel_layout"):
            _e(af, "audioTrackConfiguration", typeLabel=a["channel_layout"])
        if a.get("sample_rate"):
            _e(af, "samplingRate", a["sample_rate"])
        if a.get("bits"):
            _e(af, "sampleSize", a["bits"])
        if a.get("bit_rate"):
            _e(af, "bitRate", a["bit_rate"])
        if a.get("channels") is not None:
            _e(af, "channels", a["channels"])
        if k == 0 and t.loudness:
            for key, label, unit in (
                ("integrated_lufs", "IntegratedLoudness", "LUFS"),
                ("range_lu", "LoudnessRange", "LU"),
                ("true_peak_dbtp", "MaxTruePeak", "dBTP"),
            ):
                if t.loudness.get(key) is not None:
                    _e(
                        af,
                        "technicalAttributeFloat",
                        t.loudness[key],
                        typeLabel=label,
                        typeDefinition=f"{unit}, EBU R 128 / ITU-R BS.1770-4 (first audio stream)",
                    )
    if t.container:
        cf = _e(fmt, "containerFormat", containerFormatName=t.container_long or t.container)
        _e(cf, "containerEncoding", formatLabel=t.container)
    if t.timecode:
        _e(_e(fmt, "start"), "timecode", t.timecode)
    if v and rate and v.get("frames") is not None:
        value, num, den = _rate_parts(rate)
        _e(
            _e(fmt, "duration"),
            "editUnitNumber",
            v["frames"],
            editRate=value,
            factorNumerator=num,
            factorDenominator=den,
        )
    elif t.duration is not None:
        _e(_e(fmt, "duration"), "normalPlayTime", _play_time(t.duration))
    _e(fmt, "fileSize", t.size_bytes)
    _e(fmt, "fileName", md.name)
    _e(fmt, "locator", Path(md.path).as_uri(), typeLabel="file")
    if t.bit_rate:
        _e(fmt, "overallBitRate", t.bit_rate)


def to_element(md: MediaMetadata, provenance: dict[str, Any] | None = None) -> ET.Element:
    """The ``ebuCoreMain`` element of ``md``."""
    now = datetime.now(UTC).replace(microsecond=0)
    root = ET.Element(
        f"{{{NS}}}ebuCoreMain",
        {
            "version": "1.10",
            "dateLastModified": now.date().isoformat(),
            "timeLastModified": now.time().isoformat() + "Z",
        },
    )
    if provenance:
        root.append(
            ET.Comment(
                f" made by {provenance.get('generator', 'imagia')} "
                f"({provenance.get('tool', 'media-metadata')}) on "
                f"{provenance.get('created', now.isoformat())} from {md.name} "
                f"sha256 {md.sha256} "
            )
        )
    core = _e(root, "coreMetadata")
    d = md.descriptive
    lang = d.language if d and d.language else None
    _dc(_e(core, "title", typeLabel="main"), "title", md.title)
    for kw in d.keywords if d else []:
        _dc(
            _e(
                core,
                "subject",
                typeLabel="keyword",
                typeDefinition=f"said {kw['count']} times in the transcript",
            ),
            "subject",
            kw["word"],
            lang,
        )
    if d and d.excerpt:
        _dc(_e(core, "description", typeLabel="transcript excerpt"), "description", d.excerpt, lang)
    for p in d.people if d else []:
        c = _e(core, "contributor")
        _e(_e(c, "contactDetails"), "name", p["name"])
        _e(c, "role", typeLabel="on-screen person", typeDefinition="face named in the imagia index")
    created = _created(md.technical.creation_time)
    if created:
        _e(_e(core, "date"), "created", startDate=created[0], startTime=created[1])
    _format(core, md)
    _dc(
        _e(core, "identifier", typeLabel="SHA-256", formatLabel="hexadecimal"),
        "identifier",
        md.sha256,
    )
    if lang:
        _dc(_e(core, "language", typeLabel="spoken"), "language", lang)
    prov = _e(root, "metadataProvider")
    _e(
        _e(prov, "organisationDetails"),
        "organisationName",
        (provenance or {}).get("generator", "imagia"),
    )
    _e(prov, "role", typeLabel="metadata generator")
    return root


def to_string(md: MediaMetadata, provenance: dict[str, Any] | None = None) -> str:
    root = to_element(md, provenance)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def schema_path() -> Path:
    """The schema validated against: ``$IMAGIA_EBUCORE_XSD`` when set, else imagia's own."""
    env = os.environ.get(ENV_XSD)
    if env:
        path = Path(env)
        if not path.is_file():
            raise BadFile(path, f"{ENV_XSD} names no file", hint="point it at ebucore.xsd")
        return path
    return Path(str(resources.files("imagia.metadata") / "ebucore-subset.xsd"))


_SCHEMAS: dict[str, Any] = {}


def _schema(path: Path) -> Any:
    try:
        import xmlschema
    except ImportError:
        raise MissingDependency(
            "xmlschema is not installed", hint="pip install 'imagia[index]'"
        ) from None
    key = str(path.resolve())
    if key not in _SCHEMAS:
        local_dc = Path(str(resources.files("imagia.metadata") / "dc-subset.xsd"))
        beside = path.parent / "simpledc20021212.xsd"
        dc = beside if beside.is_file() else local_dc
        # The official schema imports Dublin Core from dublincore.org: read a copy beside it
        # (or imagia's own DC subset) instead, this machine may be offline.
        mapper = {u: dc.as_uri() for u in DC_URLS}
        try:
            _SCHEMAS[key] = xmlschema.XMLSchema(str(path), uri_mapper=mapper)
        except (xmlschema.XMLSchemaException, OSError) as exc:
            raise BadFile(path, f"not a usable XML schema ({str(exc).splitlines()[0]})") from None
    return _SCHEMAS[key]


def validate(xml: str | Path, schema: Path | None = None) -> list[str]:
    """Schema errors of an EBUCore document (text or file); empty when valid. Not well-formed
    XML is a :class:`BadFile`."""
    where = str(xml) if isinstance(xml, Path) else "EBUCore document"
    try:
        doc = ET.parse(xml) if isinstance(xml, Path) else ET.ElementTree(ET.fromstring(xml))
    except ET.ParseError as exc:
        raise BadFile(where, f"not well-formed XML ({exc})") from None
    xs = _schema(schema or schema_path())
    return [f"{e.path}: {e.reason}" for e in xs.iter_errors(doc)]


def write_xml(
    md: MediaMetadata, path: Path, provenance: dict[str, Any] | None = None, check: bool = True
) -> Path:
    """Write ``md`` as EBUCore XML; with ``check``, refuse to write a document the schema
    rejects (an :class:`ImagiaError` listing the first errors)."""
    text = to_string(md, provenance)
    if check:
        errors = validate(text)
        if errors:
            raise ImagiaError(
                f"EBUCore document for {md.name} is not valid against "
                f"{schema_path().name}: {'; '.join(errors[:3])}"
            )
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path
