"""Readers of users' screenplay and subtitle files either parse a file or raise an ImagiaError
naming it: never a raw Python exception, never a hang (issue 15).

Two halves. Regression tests, one minimal input per crash class a fuzzing probe found (hangs
timed: under 2 s). Fuzz tests, one per reader: the project's valid samples mutated by a seeded
random mutator (bytes changed, tokens and long runs inserted, slices duplicated or cut,
truncations), each input parsed or refused with an ImagiaError naming the file, in under 1 s of CPU.

``IMAGIA_FUZZ_EXAMPLES`` sets the inputs per reader; the long campaign is ``make fuzz``
(scripts/fuzz.py: these readers, samples and mutators, 20,000 inputs each by default, a table
of inputs tried, parsed, typed errors and failures per reader).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import time
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from imagia.core import xmlsafe
from imagia.core.errors import BadFile, ImagiaError
from imagia.script import read
from imagia.script.demo import sample_path
from imagia.script.formats import dumps
from imagia.script.formats import text as textmod
from imagia.speech.subtitles import formats as subs
from imagia.speech.subtitles.model import Event, SubtitleFile

SAMPLES = sorted(Path(sample_path("night-ferry.fountain")).parent.glob("*.fountain"))
HANG_S = 2.0  # a regression input that once hung must be read within this
INPUT_S = 1.0  # each fuzz input must be read within this much CPU time (the machine is shared)
EXAMPLES = int(os.environ.get("IMAGIA_FUZZ_EXAMPLES", "0")) or None  # None: the defaults below

pytestmark = pytest.mark.timeout(max(300, 60 * ((EXAMPLES or 0) // 1000 + 1)))


class Hung(BaseException):  # not an Exception: no reader's ``except Exception`` catches it
    pass


@contextlib.contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Stop a reader that hangs: ``Hung`` is raised in it after ``seconds`` of CPU time (a
    virtual-time alarm, so pytest-timeout's wall-clock SIGALRM is left alone)."""
    if not hasattr(signal, "SIGVTALRM"):  # pragma: no cover - not on Windows
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds:g} s of CPU")

    old = signal.signal(signal.SIGVTALRM, on_alarm)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, old)


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    with cpu_limit(5 * HANG_S):
        fn()
    return time.perf_counter() - t0


def _refused(fn: Callable[[], object], path: Path, match: str = "") -> ImagiaError:
    """``fn()`` raises an ImagiaError naming ``path`` (and saying ``match``), within 2 s."""
    t0 = time.perf_counter()
    with pytest.raises(ImagiaError) as err, cpu_limit(5 * HANG_S):
        fn()
    assert time.perf_counter() - t0 < HANG_S
    assert path.name in str(err.value), err.value
    assert match in str(err.value), err.value
    return err.value


def _parsed_or_refused(fn: Callable[[], object], path: Path) -> None:
    """``fn()`` returns, or raises an ImagiaError naming ``path``, within 2 s."""
    t0 = time.perf_counter()
    try:
        with cpu_limit(5 * HANG_S):
            fn()
    except ImagiaError as exc:
        assert path.name in str(exc), exc
    assert time.perf_counter() - t0 < HANG_S


# ---------------------------------------------------------------- screenplays: regressions


def test_a_line_of_two_spaces_outside_dialogue_does_not_hang(tmp_path: Path) -> None:
    """A line of exactly two spaces (Fountain's blank line inside a paragraph) outside a speech
    looped for ever in the Fountain and plain-text readers."""
    data = b"INT. HOUSE - DAY\n\nHe waits.\n  \nHe sits.\n"
    for ext in ("fountain", "txt"):
        p = tmp_path / f"two-spaces.{ext}"
        p.write_bytes(data)
        t = _timed(lambda p=p: read(p))  # type: ignore[misc]
        assert t < HANG_S
    sp = read(tmp_path / "two-spaces.fountain")
    assert [e.text for e in sp.scenes[0].elements] == ["He waits.\n\nHe sits."]
    alone = tmp_path / "alone.fountain"
    alone.write_bytes(b"  \nINT. HOUSE - DAY\n\n  \n")
    _parsed_or_refused(lambda: read(alone), alone)


_N = 40_000
# Runs that made a regex backtrack quadratically (8-15 s at 30-40k characters).
RUNS = {
    "spaces in a heading": "INT. HOUSE" + " " * _N + "x - DAY",
    "spaces after a scene number": "1" + " " * _N + "x",
    "spaces in an action line": "He waits" + " " * _N + "x",
    "spaces before a dash": "INT. HOUSE -" + " " * _N + "x",
    "tabs": "\t" * _N + "x",
    "square brackets": "[" * _N,
    "unclosed notes": "[[" * (_N // 2),
    "dashes in a heading": "INT. HOUSE " + "-" * _N + "x",
    "dashes": "-" * _N + "x",
    "unclosed boneyards": "/* " * (_N // 3),
    "parentheses": "BOB " + "(" * _N,
    "spaces in a cue": "BOB" + " " * _N + "(V.O.",
    "hashes": "INT. HOUSE #" + "1" * _N + "x",
}


def _fountain_with(run: str) -> bytes:
    return f"INT. HOUSE - DAY\n\nHe waits.\n\n{run}\n\nBOB\nHi.\n\n{run}\nMore.\n".encode()


def _typeset_with(run: str) -> bytes:
    page = dumps(read(SAMPLES[0]), "text").decode()
    return (page + "\n" + run + "\n" + " " * 20 + run + "\n" + "1" + run + "\n").encode()


def _fdx_with(run: str) -> bytes:
    from xml.sax.saxutils import escape

    r = escape(run)
    paras = "".join(
        f'<Paragraph Type="{t}"><Text>{x}</Text></Paragraph>'
        for t, x in [
            ("Scene Heading", "INT. HOUSE - DAY"),
            ("Scene Heading", r),
            ("Action", r),
            ("Character", r),
            ("Dialogue", r),
        ]
    )
    return f'<?xml version="1.0"?><FinalDraft><Content>{paras}</Content></FinalDraft>'.encode()


@pytest.mark.parametrize("run", list(RUNS), ids=list(RUNS))
def test_long_runs_in_screenplays_are_read_in_linear_time(run: str, tmp_path: Path) -> None:
    for name, make in [
        ("run.fountain", _fountain_with),
        ("run.txt", _typeset_with),
        ("run.fdx", _fdx_with),
    ]:
        p = tmp_path / name
        p.write_bytes(make(RUNS[run]))
        _parsed_or_refused(lambda p=p: read(p), p)  # type: ignore[misc]


def test_many_unclosed_notes_on_their_own_lines(tmp_path: Path) -> None:
    p = tmp_path / "notes.fountain"
    p.write_bytes(b"INT. HOUSE - DAY\n\n" + b"[[ a\n\n" * 8000 + b"]] b\n")
    _parsed_or_refused(lambda: read(p), p)


# ---------------------------------------------------------------- XML (FDX and TTML)

_TT = 'xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"'


def _ttml(body: str = '<p begin="1s" end="2s">Hi</p>', attrs: str = "", decl: str = "") -> str:
    return f"{decl}<tt {_TT} {attrs}><body><div>{body}</div></body></tt>"


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)
EXTERNAL = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n'


def test_fdx_xml_declaration_with_an_unknown_encoding(tmp_path: Path) -> None:
    p = tmp_path / "enc.fdx"
    p.write_bytes(b'<?xml version="1.0" encoding="x-nonsense"?><FinalDraft><Content/></FinalDraft>')
    _refused(lambda: read(p), p, "encoding")


def test_fdx_deep_nesting_and_entities_are_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.fdx"
    inner = '<Paragraph Type="Action">' * 2000 + "</Paragraph>" * 2000
    deep.write_text(f"<?xml version='1.0'?><FinalDraft><Content>{inner}</Content></FinalDraft>")
    _refused(lambda: read(deep), deep, "nested")
    for name, head, text in [("laughs.fdx", LAUGHS, "&lol3;"), ("ext.fdx", EXTERNAL, "&ext;")]:
        p = tmp_path / name
        body = f'<Paragraph Type="Scene Heading"><Text>INT. A - DAY {text}</Text></Paragraph>'
        p.write_text(f"{head}<FinalDraft><Content>{body}</Content></FinalDraft>")
        _refused(lambda p=p: read(p), p, "entit")  # type: ignore[misc]


@pytest.mark.parametrize("use_defused", [True, False], ids=["defusedxml", "stdlib"])
def test_xml_entities_are_refused_with_or_without_defusedxml(use_defused: bool) -> None:
    for head in (LAUGHS, EXTERNAL):
        with pytest.raises(BadFile, match="doc.xml: "):
            xmlsafe.parse(head + "<a>&lol3;</a>", "doc.xml", use_defused=use_defused)
    with pytest.raises(BadFile, match="doc.xml: XML nested deeper than 100"):
        xmlsafe.parse("<a>" * 2000 + "</a>" * 2000, "doc.xml", use_defused=use_defused)
    assert xmlsafe.parse(b"<a><b/></a>", "doc.xml", use_defused=use_defused).tag == "a"


def test_ttml_bad_parameters_and_xml_are_refused(tmp_path: Path) -> None:
    cases = {
        "tick0.ttml": (_ttml('<p begin="10t" end="20t">x</p>', 'ttp:tickRate="0"'), "tickRate"),
        "rate-x.ttml": (_ttml(attrs='ttp:frameRate="x"'), "frameRate"),
        "rate0.ttml": (_ttml('<p begin="00:00:01:05" end="2s">x</p>', 'ttp:frameRate="0"'), ""),
        "mult.ttml": (_ttml(attrs='ttp:frameRateMultiplier="1 0"'), "frameRateMultiplier"),
        "mult1.ttml": (_ttml(attrs='ttp:frameRateMultiplier="1000"'), "frameRateMultiplier"),
        "enc.ttml": (_ttml(decl='<?xml version="1.0" encoding="x-nonsense"?>'), ""),
        "deep.ttml": (_ttml("<p begin='1s' end='2s'>" + "<span>" * 2000 + "</span>" * 2000), ""),
        "laughs.ttml": (LAUGHS + _ttml("<p begin='1s' end='2s'>&lol3;</p>"), "entit"),
        "hours.ttml": (_ttml(f'<p begin="{"9" * 5000}:00:00" end="2s">x</p>'), "time"),
        "offset.ttml": (_ttml(f'<p begin="{"9" * 5000}s" end="2s">x</p>'), "time"),
    }
    for name, (text, match) in cases.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        if name == "enc.ttml":  # decoded already: the declared encoding is not read again
            assert subs.load(p).events[0].text == "Hi"
            continue
        _refused(lambda p=p: subs.load(p), p, match)  # type: ignore[misc]


# ---------------------------------------------------------------- subtitles: regressions


def test_a_bom_followed_by_invalid_bytes(tmp_path: Path) -> None:
    for name, data in [
        ("bom8.srt", b"\xef\xbb\xbf1\n00:00:01,000 --> 00:00:02,000\n\xff\xfe\xfa\n"),
        ("bom16.srt", b"\xff\xfe1\x00\n"),  # odd length: truncated UTF-16
        ("bom16be.vtt", b"\xfe\xff\xd8\x00\x00A"),  # a lone surrogate
    ]:
        p = tmp_path / name
        p.write_bytes(data)
        _refused(lambda p=p: subs.load(p), p, "byte order mark")  # type: ignore[misc]
    odd = tmp_path / "odd.srt"
    odd.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nA\n")
    _refused(lambda: subs.load(odd, encoding="x-nonsense"), odd, "cannot decode")
    _refused(lambda: subs.load(odd, encoding="rot13"), odd, "cannot decode")  # not bytes->text


def test_ass_events_with_an_empty_or_partial_format_line(tmp_path: Path) -> None:
    for name, fmt in [("empty.ass", ""), ("no-end.ass", "Start, Text")]:
        p = tmp_path / name
        p.write_text(
            f"[Script Info]\n\n[Events]\nFormat:{fmt}\nDialogue: 0,0:00:01.00,0:00:02.00,x\n",
            encoding="utf-8",
        )
        _refused(lambda p=p: subs.load(p), p, "Format line")  # type: ignore[misc]
    big = tmp_path / "big.ass"
    big.write_text(
        f"[Events]\nFormat: Start, End, Text\nDialogue: {'9' * 5000}:00:01.00,0:00:02.00,x\n",
        encoding="utf-8",
    )
    _refused(lambda: subs.load(big), big, "bad ASS time")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("voice.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v" + " " * _N + "x\n"),
        ("dots.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v." + "a" * _N + "\n"),
        ("blank.vtt", "WEBVTT\n" + "\n" + " " * _N + "x"),
        ("braces.ass", "[Events]\nFormat: Start, End, Text\nDialogue: 0:00:01.00,0:00:02.00,"),
        ("spaces.srt", "1\n" + " " * _N + "x\n00:00:01,000 --> 00:00:02,000\nA\n"),
        ("digits.srt", "1" * _N + "\n00:00:01,000 --> 00:00:02,000\nA\n"),
    ],
)
def test_long_runs_in_subtitles_are_read_in_linear_time(
    name: str, text: str, tmp_path: Path
) -> None:
    if name == "braces.ass":
        text += "{" * _N + "\n"
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    _parsed_or_refused(lambda: subs.load(p), p)


# ---------------------------------------------------------------- fuzzing


def _subtitle_sample() -> SubtitleFile:
    return SubtitleFile(
        [
            Event(1000, 2480, "Bonjour « l'été » à\nl'œuvre, ça va ?", speaker="Léa"),
            Event(3000, 4200, "- Oui.\n- Non, merci !", speaker="Paul"),
            Event(5000, 6000, "{\\i1}Italique{\\i0} & <b>gras</b>", style="Default"),
            Event(3_600_040, 3_601_000, "Une heure plus tard…"),
        ],
        language="fr",
        rate=Fraction(25),
        title="Démo",
    )


_HAND_TTML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<tt {_TT} xmlns:ttm="http://www.w3.org/ns/ttml#metadata" ttp:frameRate="24" '
    'ttp:frameRateMultiplier="1000 1001" ttp:tickRate="10000000" xml:lang="fr">\n'
    "<head><metadata><ttm:agent xml:id='a1'><ttm:name>Léa</ttm:name></ttm:agent></metadata>"
    "</head>\n<body><div>\n"
    '<p begin="00:00:01:12" end="00:00:02:00" ttm:agent="a1">frames</p>\n'
    '<p begin="3.5s" dur="1500ms">offset <span>with <span>span</span></span></p>\n'
    '<p begin="40000000t" end="50000000t">ticks<br/>two lines</p>\n'
    "</div></body></tt>\n"
)
_HAND_VTT = (
    "WEBVTT - demo\n\nNOTE a note\n\nSTYLE\n::cue { color: white }\n\n"
    "intro\n00:01.000 --> 00:02.500 align:start line:0\n<v.loud Léa>Bonjour</v>\n\n"
    "00:00:03.000 --> 00:00:04.000\n<v Paul>- Oui.\n- Non.\n"
)
_HAND_SRT = (
    "1\r\n00:00:01,000 --> 00:00:02,500\r\nÇa été\r\n2\r\n00:00:03.000 --> 00:00:04,000\r\nB\r\n"
)

# Tokens inserted once (format fragments) or as long runs.
TOKENS = [
    b"  \n",
    b"\n",
    b"\r\n",
    b"\t",
    b" ",
    b"[[",
    b"]]",
    b"/*",
    b"*/",
    b"(",
    b")",
    b"[",
    b"-",
    b"#",
    b"=",
    b"===",
    b".",
    b"@",
    b"^",
    b"~",
    b">",
    b"<",
    b"!",
    b":",
    b"{",
    b"}",
    b"\\N",
    b"INT. ",
    b"EXT. ",
    b"12. ",
    b" - DAY",
    b"\x0c",
    b"BOB\n",
    b"(V.O.)",
    b"TO:",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\xff",
    b"\xe9",
    b"\x81",
    b"\x8f",
    b"-->",
    b"00:00:01,000",
    b"99:59:59.999",
    b"999999999",
    b"WEBVTT\n",
    b"<v ",
    b"</v>",
    b"<span>",
    b"</span>",
    b"<br/>",
    b"&amp;",
    b"&lol;",
    b"<!DOCTYPE x>",
    b"]]>",
    b'<?xml version="1.0" encoding="x-bogus"?>',
    b'ttp:tickRate="0"',
    b'ttp:frameRate="x"',
    b'begin="1t"',
    b'end="00:00:01:99"',
    b"[Events]\n",
    b"Format:\n",
    b"Format: Text\n",
    b"Dialogue: ",
    b"0:00:01.00,",
    b"<Paragraph>",
    b"</Paragraph>",
    b'Type="Character"',
    b"<Text>",
    b"</Text>",
    b"<DualDialogue>",
    b"<ScriptNote>",
    b"stream",
    b"endobj",
    b"obj",
    b"/MediaBox [0 0 1e9 1e9]",
    b"Tf",
    b"Tj",
    b"ET",
    b"BT",
    b"%PDF",
    b"STL30.01",
]
RUN_TOKENS = [
    b" ",
    b"\t",
    b"[",
    b"-",
    b"(",
    b"{",
    b"\n",
    b"  \n",
    b"/*",
    b"[[",
    b"9",
    b"A",
    b"<span>",
    b"#",
    b".",
    b"\xff",
    b"\x8a",
    b"<v ",
]


def mutate(rng: random.Random, seed: bytes) -> bytes:
    """One to four mutations of ``seed``: bytes changed or overwritten, a token or a long run
    inserted, a slice duplicated or deleted, a truncation. Half the positions are just after a
    ``>`` (inside XML text, where a broken document would not take the reader far)."""
    data = bytearray(seed)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        pos = rng.randint(0, len(data))
        if rng.random() < 0.5 and (tags := data.count(b">", 0, 100_000)):
            at = -1
            for _ in range(rng.randint(1, tags)):
                at = data.find(b">", at + 1)
            pos = at + 1
        if op < 0.25 and data:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op < 0.45:
            data[pos:pos] = rng.choice(TOKENS)
        elif op < 0.55:
            token = rng.choice(TOKENS)
            data[pos : pos + len(token)] = token
        elif op < 0.75:
            data[pos:pos] = rng.choice(RUN_TOKENS) * rng.choice([50, 1000, 10_000, 20_000])
        elif op < 0.83:
            del data[pos:]
        elif op < 0.92:
            end = min(len(data), pos + rng.randint(1, 2000))
            data[pos:pos] = data[pos:end] * rng.randint(1, 20)
        else:
            del data[pos : pos + rng.randint(1, 500)]
    return bytes(data)


def mutate_xml(rng: random.Random, seed: bytes) -> bytes:
    """Half the time :func:`mutate`; else tokens and long runs, escaped, inserted in the text
    and attribute values of a well-formed document, which then reaches the reader's code."""
    if rng.random() < 0.5:
        return mutate(rng, seed)
    from xml.sax.saxutils import escape

    data = bytearray(seed)
    for _ in range(rng.randint(1, 4)):
        marks = [m for m in (b">", b'="') if m in data]
        mark = rng.choice(marks)
        at = -1
        for _ in range(rng.randint(1, max(1, data.count(mark, 0, 100_000)))):
            at = data.find(mark, at + 1)
        token = (
            rng.choice(TOKENS)
            if rng.random() < 0.5
            else rng.choice(RUN_TOKENS) * rng.choice([50, 1000, 10_000, 20_000])
        )
        text = escape(token.decode("utf-8", "ignore"), {'"': "&quot;"})
        text = "".join(c for c in text if c >= " " or c in "\t\n")
        data[at + len(mark) : at + len(mark)] = text.encode()
    return bytes(data)


def mutate_stl(rng: random.Random, seed: bytes) -> bytes:
    """Half the time :func:`mutate`; else changes that keep the 128-byte blocks: bytes
    overwritten, whole blocks duplicated or dropped."""
    if rng.random() < 0.5:
        return mutate(rng, seed)
    data = bytearray(seed)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.6:
            for _ in range(rng.randint(1, 16)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op < 0.8:
            token = rng.choice(TOKENS)
            pos = rng.randrange(len(data) - len(token))
            data[pos : pos + len(token)] = token
        elif len(data) > 1024:
            block = 1024 + 128 * rng.randrange((len(data) - 1024) // 128)
            if rng.random() < 0.5:
                data[block:block] = data[block : block + 128] * rng.randint(1, 50)
            else:
                del data[block : block + 128]
    return bytes(data)


def _script_seeds(fmt: str) -> list[bytes]:
    sps = [read(p) for p in SAMPLES[:3]]
    if fmt == "fountain":
        return [p.read_bytes() for p in SAMPLES]
    if fmt == "text":
        return [textmod.dumps(sp, style) for sp in sps[:2] for style in ("us", "fr")]
    return [dumps(sp, fmt) for sp in sps[:2]]


def _subtitle_seeds(fmt: str) -> list[bytes]:
    seeds = [subs.dumps(_subtitle_sample(), fmt)]
    seeds += {
        "ttml": [_HAND_TTML.encode()],
        "vtt": [_HAND_VTT.encode()],
        "srt": [_HAND_SRT.encode("cp1252")],
    }.get(fmt, [])
    return seeds


# reader -> (file name, seeds, read, default inputs, mutator)
Mutator = Callable[[random.Random, bytes], bytes]
Reader = tuple[str, Callable[[], list[bytes]], Callable[[Path], object], int, Mutator]
READERS: dict[str, Reader] = {
    "fountain": (
        "fuzz.fountain",
        lambda: _script_seeds("fountain"),
        lambda p: read(p, "fountain"),
        300,
        mutate,
    ),
    "text": ("fuzz.txt", lambda: _script_seeds("text"), lambda p: read(p, "text"), 200, mutate),
    "fdx": ("fuzz.fdx", lambda: _script_seeds("fdx"), lambda p: read(p, "fdx"), 200, mutate_xml),
    "pdf": ("fuzz.pdf", lambda: _script_seeds("pdf"), lambda p: read(p, "pdf"), 100, mutate),
    **{
        fmt: (
            f"fuzz.{fmt}",
            lambda fmt=fmt: _subtitle_seeds(fmt),  # type: ignore[misc]
            lambda p, fmt=fmt: subs.load(p, fmt),  # type: ignore[misc]
            300,
            {"ttml": mutate_xml, "stl": mutate_stl}.get(fmt, mutate),
        )
        for fmt in ("srt", "vtt", "ttml", "ass", "stl")
    },
    # no extension: the format is told from the content
    "script-detect": (
        "fuzz-script",
        lambda: [*_script_seeds("fountain")[:2], *_script_seeds("fdx")[:1]],
        read,
        100,
        mutate,
    ),
    "subtitles-detect": (
        "fuzz-subtitles",
        lambda: [_subtitle_seeds(fmt)[0] for fmt in ("srt", "vtt", "ttml", "ass")],
        subs.load,
        200,
        mutate,
    ),
}


@pytest.mark.parametrize("reader", list(READERS))
def test_fuzz_reader(reader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutated samples are parsed or refused with an ImagiaError naming the file, each in
    under a second of CPU; prints the inputs tried, the typed errors and the failures."""
    from imagia.script import ocr_pdf

    monkeypatch.setattr(ocr_pdf, "available", lambda: False)  # OCR is not what is fuzzed
    name, seeds_of, parse, default, mutator = READERS[reader]
    seeds = seeds_of()
    n = EXAMPLES or default
    rng = random.Random(f"imagia-fuzz-{reader}")
    path = tmp_path / name
    typed = 0
    failures: list[str] = []
    kept = 0
    for k in range(n):
        data = mutator(rng, rng.choice(seeds))
        path.write_bytes(data)
        t0 = time.process_time()
        try:
            with cpu_limit(10 * INPUT_S):
                parse(path)
        except Hung as exc:
            failures.append(f"#{k}: hangs ({exc}) on {len(data)} bytes")
        except ImagiaError as exc:
            typed += 1
            if name not in str(exc):
                failures.append(f"#{k}: {type(exc).__name__} does not name the file: {exc}")
        except Exception as exc:  # the failures this test exists to find
            failures.append(f"#{k}: {type(exc).__name__}: {exc!s:.200}")
        took = time.process_time() - t0
        if took > INPUT_S:
            failures.append(f"#{k}: {took:.1f} s of CPU for {len(data)} bytes")
        if len(failures) > kept and kept < 5:  # keep the first failing inputs to replay
            (tmp_path / f"failure-{k}-{name}").write_bytes(data)
            kept = len(failures)
    print(f"\nfuzz {reader}: {n} inputs, {typed} typed errors, {len(failures)} failures")
    assert not failures, "\n".join(failures[:20]) + f"\n(inputs kept in {tmp_path})"
