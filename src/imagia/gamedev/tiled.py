"""Levels in Tiled's formats: the JSON map (read and written) and TMX (written).

What is written (Tiled 1.10's documented fields): an orthogonal map of ``width`` x ``height``
tiles of ``tilewidth`` x ``tileheight`` pixels; a ``tilelayer`` "terrain" whose ``data`` holds
one global tile id per cell (0: empty; solid, spike, ladder, coin from the embedded tileset,
``firstgid`` 1, each tile with a ``kind`` property); an ``objectgroup`` "entities" with the
start, the exit and the enemies as objects whose ``type`` says which. Reading takes any number
of tile layers (later ones on top; base64 data, zlib or gzip, too) and object layers; a tile
without a ``kind`` property (another game's tileset) counts as solid.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from imagia.core.errors import BadFile, BadValue
from imagia.core.textfile import load_json
from imagia.gamedev.tiles import (
    COIN,
    EMPTY,
    ENEMY,
    EXIT,
    LADDER,
    MAX_SIZE,
    NAMES,
    SOLID,
    SPIKE,
    START,
    Level,
)

TILE = 16
TILESET_IMAGE = "imagia-tiles.png"
TERRAIN: tuple[str, ...] = (SOLID, SPIKE, LADDER, COIN)  # local tile ids 0..3
OBJECTS: tuple[str, ...] = (START, EXIT, ENEMY)
_KIND = {NAMES[c]: c for c in (*TERRAIN, *OBJECTS)}
_FLAGS = 0x1FFFFFFF  # gid bits left once the flip flags are masked off


def to_json(level: Level, name: str = "level", properties: dict[str, Any] | None = None) -> dict:
    """The level as a Tiled JSON map (a dict ready for ``json.dumps``)."""
    gid = {c: i + 1 for i, c in enumerate(TERRAIN)}
    data = [gid.get(c, 0) for row in level.rows for c in row]
    objects = []
    for i, (x, y, c) in enumerate(_objects(level), start=1):
        objects.append(
            {
                "id": i,
                "name": NAMES[c],
                "type": NAMES[c],
                "x": x * TILE,
                "y": y * TILE,
                "width": TILE,
                "height": TILE,
                "rotation": 0,
                "visible": True,
            }
        )
    props = [
        {"name": k, "type": "string", "value": v if isinstance(v, str) else json.dumps(v)}
        for k, v in (properties or {}).items()
    ]
    return {
        "type": "map",
        "version": "1.10",
        "tiledversion": "1.10.2",
        "orientation": "orthogonal",
        "renderorder": "right-down",
        "width": level.width,
        "height": level.height,
        "tilewidth": TILE,
        "tileheight": TILE,
        "infinite": False,
        "nextlayerid": 3,
        "nextobjectid": len(objects) + 1,
        "compressionlevel": -1,
        "properties": [{"name": "name", "type": "string", "value": name}, *props],
        "layers": [
            {
                "id": 1,
                "name": "terrain",
                "type": "tilelayer",
                "width": level.width,
                "height": level.height,
                "x": 0,
                "y": 0,
                "opacity": 1,
                "visible": True,
                "data": data,
            },
            {
                "id": 2,
                "name": "entities",
                "type": "objectgroup",
                "draworder": "topdown",
                "x": 0,
                "y": 0,
                "opacity": 1,
                "visible": True,
                "objects": objects,
            },
        ],
        "tilesets": [_tileset()],
    }


def _tileset() -> dict[str, Any]:
    return {
        "firstgid": 1,
        "name": "imagia-platformer",
        "tilewidth": TILE,
        "tileheight": TILE,
        "tilecount": len(TERRAIN),
        "columns": len(TERRAIN),
        "margin": 0,
        "spacing": 0,
        "image": TILESET_IMAGE,
        "imagewidth": TILE * len(TERRAIN),
        "imageheight": TILE,
        "tiles": [
            {"id": i, "properties": [{"name": "kind", "type": "string", "value": NAMES[c]}]}
            for i, c in enumerate(TERRAIN)
        ],
    }


def _objects(level: Level) -> list[tuple[int, int, str]]:
    return [
        (x, y, c) for y, row in enumerate(level.rows) for x, c in enumerate(row) if c in OBJECTS
    ]


def tileset_png() -> bytes:
    """The tileset image the maps name (four 16-pixel tiles), drawn like the previews."""
    from imagia.gamedev.preview import tiles_png

    return tiles_png(TERRAIN, TILE)


def to_tmx(level: Level, name: str = "level", properties: dict[str, Any] | None = None) -> str:
    """The level as TMX (Tiled's XML map format), tile data as CSV."""
    doc = to_json(level, name, properties)
    ts = doc["tilesets"][0]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<map version="1.10" tiledversion="1.10.2" orientation="orthogonal" '
        f'renderorder="right-down" width="{level.width}" height="{level.height}" '
        f'tilewidth="{TILE}" tileheight="{TILE}" infinite="0" nextlayerid="3" '
        f'nextobjectid="{doc["nextobjectid"]}">',
        " <properties>",
        *(
            f"  <property name={quoteattr(p['name'])} value={quoteattr(p['value'])}/>"
            for p in doc["properties"]
        ),
        " </properties>",
        f' <tileset firstgid="1" name="{ts["name"]}" tilewidth="{TILE}" tileheight="{TILE}" '
        f'tilecount="{ts["tilecount"]}" columns="{ts["columns"]}">',
        f'  <image source="{TILESET_IMAGE}" width="{ts["imagewidth"]}" '
        f'height="{ts["imageheight"]}"/>',
        *(
            f'  <tile id="{t["id"]}"><properties><property name="kind" '
            f'value="{t["properties"][0]["value"]}"/></properties></tile>'
            for t in ts["tiles"]
        ),
        " </tileset>",
        f' <layer id="1" name="terrain" width="{level.width}" height="{level.height}">',
        '  <data encoding="csv">',
    ]
    data = doc["layers"][0]["data"]
    w = level.width
    rows = [",".join(str(g) for g in data[i : i + w]) for i in range(0, len(data), w)]
    lines.append(",\n".join(rows))
    lines += ["  </data>", " </layer>", ' <objectgroup id="2" name="entities">']
    for o in doc["layers"][1]["objects"]:
        lines.append(
            f'  <object id="{o["id"]}" name="{o["name"]}" type="{o["type"]}" x="{o["x"]}" '
            f'y="{o["y"]}" width="{TILE}" height="{TILE}"/>'
        )
    lines += [" </objectgroup>", "</map>", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- reading


def read(path: Path | str) -> Level:
    """A level from a Tiled JSON map; any problem is a BadFile naming the file."""
    return from_json(load_json(path), path)


def from_json(doc: Any, path: Path | str = "<map>") -> Level:
    """A level from a parsed Tiled JSON map (``path`` names it in errors)."""

    def need(ok: bool, problem: str) -> None:
        if not ok:
            raise BadFile(path, problem, hint="save the map from Tiled as JSON (.tmj/.json)")

    need(isinstance(doc, dict), "not a Tiled JSON map (an object with width, height, layers)")
    w, h = doc.get("width"), doc.get("height")
    need(_int(w) and _int(h), "width and height must be whole numbers of tiles")
    need(0 < w <= MAX_SIZE and 0 < h <= MAX_SIZE, f"map size {w}x{h}: 1 to {MAX_SIZE} a side")
    tw, th = doc.get("tilewidth", TILE), doc.get("tileheight", TILE)
    need(_int(tw) and _int(th) and tw > 0 and th > 0, "tilewidth and tileheight must be > 0")
    need(doc.get("orientation", "orthogonal") == "orthogonal", "only orthogonal maps are read")
    need(not doc.get("infinite", False), "infinite maps (chunks) are not read: resize the map")
    layers = doc.get("layers")
    need(isinstance(layers, list) and bool(layers), "no layers")
    kinds = _gid_kinds(doc.get("tilesets", []), need)
    grid = [[EMPTY] * w for _ in range(h)]
    for layer in _flat(layers, need):
        if layer.get("type") == "tilelayer":
            data = _layer_data(layer, w * h, need)
            for i, gid in enumerate(data):
                g = gid & _FLAGS
                if g:
                    grid[i // w][i % w] = kinds.get(g, SOLID)
        elif layer.get("type") == "objectgroup":
            objects = layer.get("objects", [])
            need(isinstance(objects, list), f"layer {layer.get('name')!r}: objects is not a list")
            for o in objects:
                need(isinstance(o, dict), "an object is not a JSON object")
                kind = _KIND.get(str(o.get("type") or o.get("class") or o.get("name", "")).lower())
                if kind is None:
                    continue
                x, y = o.get("x"), o.get("y")
                need(_num(x) and _num(y), f"object {o.get('id')}: x and y must be numbers")
                cx, cy = int(x // tw), int((y - (th if "gid" in o else 0)) // th)
                need(
                    0 <= cx < w and 0 <= cy < h,
                    f"object {o.get('id')} at ({x}, {y}) is off the map",
                )
                grid[cy][cx] = kind
    try:
        return Level(tuple("".join(r) for r in grid))
    except BadValue as exc:
        raise BadFile(path, exc.message, hint="place one start and one exit object") from None


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e9


def _flat(layers: list[Any], need: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Layers, group layers opened (at most 8 deep)."""
    need(depth < 8, "group layers nested too deeply")
    out: list[dict[str, Any]] = []
    for layer in layers:
        need(isinstance(layer, dict), "a layer is not a JSON object")
        if layer.get("type") == "group":
            sub = layer.get("layers", [])
            need(isinstance(sub, list), "a group layer's layers is not a list")
            out += _flat(sub, need, depth + 1)
        else:
            out.append(layer)
    return out


def _gid_kinds(tilesets: Any, need: Any) -> dict[int, str]:
    need(isinstance(tilesets, list), "tilesets is not a list")
    kinds: dict[int, str] = {}
    for ts in tilesets:
        need(isinstance(ts, dict), "a tileset is not a JSON object")
        need("source" not in ts, f"external tileset {ts.get('source')!r}: embed it in the map")
        first = ts.get("firstgid")
        need(_int(first) and first > 0, "a tileset has no valid firstgid")
        tiles = ts.get("tiles", [])
        need(isinstance(tiles, list), "a tileset's tiles is not a list")
        for t in tiles:
            need(isinstance(t, dict) and _int(t.get("id")), "a tileset tile has no id")
            props = t.get("properties", [])
            need(isinstance(props, list), "a tile's properties is not a list")
            names = [str(t.get("type") or t.get("class") or "")]
            names += [str(p.get("value")) for p in props if isinstance(p, dict)]
            names += [str(p.get("name")) for p in props if isinstance(p, dict)]
            for n in names:
                if n.lower() in _KIND:
                    kinds[first + t["id"]] = _KIND[n.lower()]
                    break
    return kinds


def _layer_data(layer: dict[str, Any], n: int, need: Any) -> list[int]:
    data = layer.get("data")
    name = layer.get("name", "?")
    if isinstance(data, str):
        need(layer.get("encoding") == "base64", f"layer {name!r}: data is text but not base64")
        try:
            raw = base64.b64decode(data, validate=True)
            comp = layer.get("compression", "")
            if comp == "zlib":
                raw = zlib.decompressobj().decompress(raw, 4 * n + 1)
            elif comp == "gzip":
                raw = gzip.GzipFile(fileobj=io.BytesIO(raw)).read(4 * n + 1)
            else:
                need(comp == "", f"layer {name!r}: compression {comp!r} is not read (zlib, gzip)")
        except (ValueError, zlib.error, OSError, EOFError):
            need(False, f"layer {name!r}: data is not valid base64/compressed tile data")
        need(len(raw) == 4 * n, f"layer {name!r}: {len(raw) // 4} tiles, expected {n}")
        return [int.from_bytes(raw[i : i + 4], "little") for i in range(0, 4 * n, 4)]
    if not isinstance(data, list):
        need(False, f"layer {name!r}: no tile data")
        return []
    need(len(data) == n, f"layer {name!r}: {len(data)} tiles, expected {n} (width x height)")
    need(all(_int(g) and 0 <= g < 1 << 32 for g in data), f"layer {name!r}: tile ids must be ≥ 0")
    return list(data)
