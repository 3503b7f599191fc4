"""The map's records, packed for the page: columnar, strings shared, gzip'd, base64.

A map of 100,000 events must stay a file people can mail: each string (a
title, an outlet, a case name, a quoted sentence) is stored once and rows
refer to it by number, and the whole is gzip-compressed; the page unpacks it
with the browser's own ``DecompressionStream``. Article text travels as data,
never as markup: the page puts it on screen with ``textContent`` only.

>>> import geopandas as gpd, shapely
>>> events = gpd.GeoDataFrame({"id": ["e1"], "type": ["arrest"], "year": [2011],
...                            "case": ["Fast and Furious"]},
...                           geometry=[shapely.Point(-106.46, 31.72)], crs="EPSG:4326")
>>> packed = pack(events)
>>> unpack(packed)["kinds"]["events"]["geometry"]
[[31.72, -106.46]]
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

# pandas' missing value, as a nullable integer column (``year``) yields it.
from pandas import NA as _NA

from incidentmap.maps.styles import route_width

if TYPE_CHECKING:
    import geopandas as gpd

#: Fields a popup or a filter reads, per kind, in the order they are packed.
FIELDS = (
    "id",
    "type",
    "date",
    "precision",
    "year",
    "date_source",
    "case",
    "place",
    "country",
    "admin1",
    "people",
    "doc",
    "title",
    "outlet",
    "doc_date",
    "source",
    "quote",
    "area",
)
#: Events add how the place was known (``level``, ``outline``: the area a coarse place
#: stands for), how sure the extractor is, who, how much, and how many reports.
EVENT_FIELDS = (
    *FIELDS,
    "level",
    "outline",
    "confidence",
    "agent",
    "target",
    "quantity",
    "unit",
    "item",
    "fatalities",
    "sources",
)
ROUTE_FIELDS = (
    *FIELDS,
    "origin",
    "destination",
    "commodity",
    "volume",
    "unit",
    "period",
    "level",
    "outline",
    "drawn",
    "anchor",
)
#: Fields packed as numbers; every other field is a reference into the string table.
NUMERIC = ("year", "volume", "width", "confidence", "quantity", "fatalities", "sources")

#: Decimal places of packed coordinates: about a metre, finer than any gazetteer point.
DIGITS = 5


class _Strings:
    """A string table: each distinct string stored once, referred to by position."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def refs(self, values: Iterable[Any]) -> list[int | None]:
        index = self.index
        out: list[int | None] = []
        for v in values:
            if v is None or (isinstance(v, float) and math.isnan(v)):
                out.append(None)
                continue
            text = v if isinstance(v, str) else str(v)
            ref = index.get(text)
            if ref is None:
                ref = index[text] = len(index)
            out.append(ref)
        return out

    def table(self) -> list[str]:
        return list(self.index)


def _numbers(values: Iterable[Any]) -> list[float | int | None]:
    out: list[float | int | None] = []
    for v in values:
        if v is None or v is _NA or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        else:
            f = float(v)
            out.append(int(f) if f.is_integer() else f)
    return out


def _geometries(frame: gpd.GeoDataFrame) -> list[list]:
    """[lat, lon] per point; [[lat, lon], ...] per line (multi-lines joined end to end)."""
    out: list[list] = []
    for geom in frame.geometry:
        if geom.geom_type == "Point":
            out.append([round(geom.y, DIGITS), round(geom.x, DIGITS)])
            continue
        parts = geom.geoms if hasattr(geom, "geoms") else [geom]
        out.append([[round(y, DIGITS), round(x, DIGITS)] for part in parts for x, y in part.coords])
    return out


def _drawable(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geoms = frame.geometry
    return frame[geoms.notna() & ~geoms.is_empty]


def pack_kind(frame: gpd.GeoDataFrame, fields: Sequence[str], strings: _Strings) -> dict:
    """One kind's drawable rows as columns packed row-wise, with their geometries."""
    frame = _drawable(frame)
    present = [f for f in fields if f in frame.columns]
    columns: list[list] = []
    for field in present:
        values = frame[field].tolist()
        columns.append(_numbers(values) if field in NUMERIC else strings.refs(values))
    if "volume" in present:
        volumes = [v for v in columns[present.index("volume")] if v is not None]
        largest = max(volumes, default=None)
        present.append("width")
        columns.append([route_width(v, largest) for v in columns[present.index("volume")]])
    return {
        "fields": present,
        "numeric": [f for f in present if f in NUMERIC],
        "rows": [list(r) for r in zip(*columns, strict=True)] if columns else [],
        "geometry": _geometries(frame),
    }


def pack(
    events: gpd.GeoDataFrame | None,
    routes: gpd.GeoDataFrame | None = None,
    mentions: gpd.GeoDataFrame | None = None,
) -> str:
    """Base64 text of the gzip'd JSON the page script (``IncidentMap.load``) reads.

    Rows without a geometry are left out: there is nothing to draw for them.
    """
    strings = _Strings()
    kinds = {}
    for name, frame, fields in (
        ("events", events, EVENT_FIELDS),
        ("routes", routes, ROUTE_FIELDS),
        ("mentions", mentions, FIELDS),
    ):
        if frame is not None and len(frame):
            kinds[name] = pack_kind(frame, fields, strings)
    payload = {"strings": strings.table(), "kinds": kinds}
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def unpack(text: str) -> dict:
    """The payload `pack` made, for tests and for reading a map's data back."""
    return json.loads(gzip.decompress(base64.b64decode(text)))


def years(*frames: gpd.GeoDataFrame | None) -> tuple[list[int], bool]:
    """The distinct years of the drawable rows of ``frames``, sorted, and whether any is undated.

    >>> import geopandas as gpd, shapely
    >>> f = gpd.GeoDataFrame({"year": [2011, None, 2009]}, geometry=[shapely.Point(0, 0)] * 3)
    >>> years(f)
    ([2009, 2011], True)
    """
    found: set[int] = set()
    undated = False
    for frame in frames:
        if frame is None or not len(frame) or "year" not in frame.columns:
            undated = undated or (frame is not None and len(frame) > 0)
            continue
        for y in _numbers(_drawable(frame)["year"].tolist()):
            if y is None:
                undated = True
            else:
                found.add(int(y))
    return sorted(found), undated
