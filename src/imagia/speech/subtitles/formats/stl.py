"""EBU-STL (EBU Tech 3264, .stl): a 1024-byte GSI header then 128-byte TTI blocks, timecodes in
frames at 25 or 30 fps, text in ISO 6937 (Latin code table ``00``).

Written files use open subtitling (DSC ``1``), centred text, 25 fps unless the file's rate is
29.97/30 (then ``STL30.01``); media at 23.976/24 fps is timed at 25 fps from milliseconds.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from fractions import Fraction

from imagia.core.errors import BadFile
from imagia.speech.subtitles.model import Event, SubtitleFile

ID = "stl"
EXTENSIONS = (".stl",)
BINARY = True
_GSI = 1024
_TTI = 128
_LANG = {"en": "09", "fr": "0F", "de": "08", "es": "0A", "it": "15", "nl": "1D", "pt": "21"}
_LANG_BACK = {v: k for k, v in _LANG.items()}
# ISO 6937 non-spacing diacritics (sent before the base letter) and single characters.
_DIACRITIC = {
    "\u0300": 0xC1,
    "\u0301": 0xC2,
    "\u0302": 0xC3,
    "\u0303": 0xC4,
    "\u0304": 0xC5,
    "\u0306": 0xC6,
    "\u0307": 0xC7,
    "\u0308": 0xC8,
    "\u030a": 0xCA,
    "\u0327": 0xCB,
    "\u030b": 0xCD,
    "\u0328": 0xCE,
    "\u030c": 0xCF,
}
_DIACRITIC_BACK = {v: k for k, v in _DIACRITIC.items()}
_SPECIAL = {
    "«": 0xAB,
    "»": 0xBB,
    "‘": 0xA9,
    "’": 0xB9,
    "“": 0xAA,
    "”": 0xBA,
    "¡": 0xA1,
    "¿": 0xBF,
    "Œ": 0xEA,
    "œ": 0xFA,
    "Æ": 0xE1,
    "æ": 0xF1,
    "Ø": 0xE9,
    "ø": 0xF9,
    "ß": 0xFB,
    "°": 0xB0,
    "£": 0xA3,
    "$": 0x24,
    "#": 0x23,
    "\u00a0": 0xA0,  # ISO 6937 no-break space: French "Vraiment ?" keeps its sign on the line
}
_SPECIAL_BACK = {v: k for k, v in _SPECIAL.items() if v >= 0x80}
_FALLBACK = {"—": "-", "–": "-", "…": "...", "€": "EUR"}


def encode_6937(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
            continue
        if ch in _FALLBACK:
            out += _FALLBACK[ch].encode("ascii")
            continue
        if ord(ch) < 0x7F and ch.isprintable():
            out.append(ord(ch))
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        if len(marks) == 1 and marks in _DIACRITIC and ord(base) < 0x7F:
            out += bytes((_DIACRITIC[marks], ord(base)))
        else:
            out.append(ord("?"))
    return bytes(out)


def decode_6937(data: bytes) -> str:
    out: list[str] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b == 0x8F:  # unused space
            break
        if b == 0x8A:
            if out and out[-1] != "\n":
                out.append("\n")
        elif b in _DIACRITIC_BACK and i + 1 < len(data):
            i += 1
            out.append(unicodedata.normalize("NFC", chr(data[i]) + _DIACRITIC_BACK[b]))
        elif b in _SPECIAL_BACK:
            out.append(_SPECIAL_BACK[b])
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        # else: teletext/open-subtitle control codes (colour, italics, boxing): dropped
        i += 1
    return "".join(out).strip("\n")


def _fps(rate: Fraction | None) -> int:
    return 30 if rate is not None and round(rate) in (30, 60) else 25


def _tc(ms: int, fps: int) -> bytes:
    frames = (max(ms, 0) * fps + 500) // 1000
    s, f = divmod(frames, fps)
    return bytes((s // 3600 % 24, s // 60 % 60, s % 60, f))


def _ms(tc: bytes, fps: int) -> int:
    h, m, s, f = tc
    return ((h * 60 + m) * 60 + s) * 1000 + (f * 1000 + fps // 2) // fps


def _field(value: str, width: int) -> bytes:
    return encode_6937(value)[:width].ljust(width, b" ")


def sniff_bytes(data: bytes) -> bool:
    return len(data) >= _GSI and data[3:8] in (b"STL25", b"STL30")


def write_bytes(sf: SubtitleFile) -> bytes:
    fps = _fps(sf.rate)
    tti = bytearray()
    count = 0
    for n, e in enumerate(sf.events):
        text = b"\x8a".join(encode_6937(line) for line in e.text.split("\n"))
        chunks = [text[i : i + 112] for i in range(0, len(text), 112)] or [b""]
        for k, chunk in enumerate(chunks):
            block = bytearray(_TTI)
            block[0] = 0
            block[1:3] = n.to_bytes(2, "little")
            block[3] = 0xFF if k == len(chunks) - 1 else k
            block[4] = 0
            block[5:9] = _tc(e.start, fps)
            block[9:13] = _tc(e.end, fps)
            block[13] = 20 if e.text.count("\n") else 22
            block[14] = 2  # centred
            block[15] = 0
            block[16:128] = chunk.ljust(112, b"\x8f")
            tti += block
            count += 1
    today = dt.date.today().strftime("%y%m%d")
    first = sf.events[0].start if sf.events else 0
    tcf = "".join(f"{x:02d}" for x in _tc(first, fps))
    gsi = b"".join(
        [
            b"850",
            f"STL{fps}.01".encode(),
            b"1",
            b"00",
            _LANG.get((sf.language or "")[:2], "00").encode(),
            _field(sf.title, 32),
            _field("", 32),
            _field(sf.title, 32),
            _field("", 32),
            _field("", 32),
            _field("", 32),
            _field("", 16),
            today.encode(),
            today.encode(),
            b"00",
            f"{count:05d}".encode(),
            f"{len(sf.events):05d}".encode(),
            b"001",
            b"40",
            b"23",
            b"1",
            b"00000000",
            tcf.encode(),
            b"1",
            b"1",
            b"   ",
            _field("", 32),
            _field("imagia", 32),
            _field("", 32),
        ]
    )
    gsi = gsi.ljust(_GSI, b" ")
    return gsi + bytes(tti)


def read_bytes(data: bytes, name: str = "<stl>") -> SubtitleFile:
    if len(data) < _GSI or data[3:6] != b"STL":
        raise BadFile(name, "not EBU-STL: no 'STLxx.01' disk format code in the GSI block")
    dfc = data[3:11].decode("ascii", "replace")
    try:
        fps = int(dfc[3:5])
    except ValueError:
        raise BadFile(name, f"unknown EBU-STL frame rate code {dfc!r}") from None
    if fps not in (25, 30):
        raise BadFile(name, f"unknown EBU-STL frame rate code {dfc!r}")
    cct = data[12:14]
    if cct != b"00":
        raise BadFile(
            name,
            f"EBU-STL character table {cct.decode('ascii', 'replace')!r} is not "
            "supported (only 00, Latin ISO 6937)",
        )
    sf = SubtitleFile(
        rate=Fraction(fps), language=_LANG_BACK.get(data[14:16].decode("ascii", "replace"))
    )
    sf.title = decode_6937(data[16:48]).strip()
    body = data[_GSI:]
    if len(body) % _TTI:
        raise BadFile(
            name, f"truncated EBU-STL: {len(body)} bytes of TTI blocks is not a multiple of {_TTI}"
        )
    current: tuple[int, bytearray, bytes] | None = None
    for off in range(0, len(body), _TTI):
        block = body[off : off + _TTI]
        if block[15] == 1:  # comment
            continue
        sn = int.from_bytes(block[1:3], "little")
        if current is None or current[0] != sn:
            current = (sn, bytearray(), block)
        current[1].extend(block[16:128].split(b"\x8f", 1)[0])
        if block[3] == 0xFF:
            head = current[2]
            sf.events.append(
                Event(_ms(head[5:9], fps), _ms(head[9:13], fps), decode_6937(bytes(current[1])))
            )
            current = None
    return sf


def sniff(text: str) -> bool:  # a binary format never matches decoded text
    return False
