"""The one filter the map and every export apply: years, cases, kinds and a bounding box.

Maps and exports call `filter_frame` with the same arguments the ``--year``,
``--years``, ``--case``, ``--kind`` and ``--bbox`` options give, so a map and
an export of the same filters hold exactly the same rows. The project stores
select the same rows inside the database (`bbox_boxes` gives them the box).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from incidentmap.geo.cases import fold
from incidentmap.geo.errors import GeoError
from incidentmap.geo.frames import KINDS, SEPARATOR

if TYPE_CHECKING:
    import geopandas as gpd

#: A bounding box: west, south, east, north, in degrees (WGS 84), as GeoJSON's ``bbox``.
BBox = tuple[float, float, float, float]

#: The case name that selects rows without any case.
NO_CASE = "none"

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–—/:]|\.\.)\s*(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def filter_frame(
    gdf: gpd.GeoDataFrame,
    *,
    years: tuple[int, int] | None = None,
    cases: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    min_confidence: float | None = None,
    bbox: BBox | None = None,
) -> gpd.GeoDataFrame:
    """The rows of ``gdf`` inside ``years`` (inclusive), in any of ``cases``, of any of ``kinds``,
    touching ``bbox``.

    ``min_confidence`` drops events scored below it; other kinds stay.

    - ``years``: rows whose ``year`` lies in ``(first, last)``; undated rows drop out.
    - ``cases``: matched ignoring case and accents (``"garcia luna"`` finds
      ``"García Luna"``), and by the bundled case catalogue's aliases
      (``"Operation Fast and Furious"``, ``"gunwalking"``); a row with several
      cases matches if any does; the name ``"none"`` selects rows without a case.
    - ``kinds``: ``"event"``, ``"route"``, ``"mention"``.
    - ``bbox``: ``(west, south, east, north)``; rows whose geometry touches it
      (a point inside, a route crossing it); rows without a place drop out. A
      box with west east of east spans the antimeridian.

    ``None`` (or an empty list) means no filter on that column. Returns a new
    frame with the original index.

    >>> import geopandas as gpd
    >>> f = gpd.GeoDataFrame({"kind": ["event", "event", "route"], "year": [2011, None, 2019],
    ...                       "case": ["Fast and Furious", None, "García Luna; Cienfuegos"]},
    ...                      geometry=[None, None, None], crs="EPSG:4326")
    >>> len(filter_frame(f, years=(2010, 2020)))
    2
    >>> filter_frame(f, cases=["garcia luna"])["kind"].tolist()
    ['route']
    >>> filter_frame(f, cases=["none"]).index.tolist()
    [1]
    """
    import pandas as pd

    keep = pd.Series(True, index=gdf.index)
    if years is not None:
        first, last = years
        year = pd.to_numeric(gdf["year"], errors="coerce")
        keep &= year.between(first, last).fillna(False).astype(bool)
    wanted_kinds = list(kinds or [])
    if wanted_kinds:
        unknown = sorted(set(wanted_kinds) - set(KINDS))
        if unknown:
            raise GeoError(f"unknown kind {unknown[0]!r}; choose from {', '.join(KINDS)}")
        keep &= gdf["kind"].isin(wanted_kinds)
    if min_confidence and "confidence" in gdf.columns:
        confidence = pd.to_numeric(gdf["confidence"], errors="coerce").fillna(1.0)
        keep &= (gdf["kind"] != "event") | (confidence >= min_confidence)
    wanted_cases = _case_keys([c for c in cases or [] if c and c.strip()])
    if wanted_cases:
        keep &= gdf["case"].map(lambda value: _case_matches(value, wanted_cases)).astype(bool)
    if bbox is not None:
        import numpy as np
        import shapely

        geometry = gdf.geometry.values
        touches = np.zeros(len(gdf), dtype=bool)
        for west, south, east, north in bbox_boxes(bbox):
            touches |= shapely.intersects(geometry, shapely.box(west, south, east, north))
        keep &= touches
    return gdf[keep]


def bbox_boxes(bbox: BBox) -> list[BBox]:
    """``bbox`` as plain boxes (west < east): itself, or its two halves when it spans the
    antimeridian (west east of east).

    >>> bbox_boxes((-107, 31, -106, 32))
    [(-107, 31, -106, 32)]
    >>> bbox_boxes((170, -30, -165, 0))
    [(170, -30, 180.0, 0), (-180.0, -30, -165, 0)]
    """
    west, south, east, north = bbox
    if west <= east:
        return [bbox]
    return [(west, south, 180.0, north), (-180.0, south, east, north)]


def parse_bbox(text: str) -> BBox:
    """``"W,S,E,N"`` (degrees, as GeoJSON's ``bbox`` and most GIS tools write it) → a tuple.

    >>> parse_bbox("-107,31,-106,32")
    (-107.0, 31.0, -106.0, 32.0)
    """
    parts = text.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise GeoError(
            f"bounding box {text!r} not understood; give four numbers "
            "WEST,SOUTH,EAST,NORTH in degrees, e.g. -107,31,-106,32 around Ciudad Juárez"
        ) from None
    if not all(-180.0 <= x <= 180.0 for x in (west, east)):
        raise GeoError(f"bounding box {text!r}: longitudes run from -180 to 180")
    if not all(-90.0 <= y <= 90.0 for y in (south, north)):
        raise GeoError(f"bounding box {text!r}: latitudes run from -90 to 90")
    if south > north:
        raise GeoError(
            f"bounding box {text!r}: south ({south:g}) lies north of north ({north:g}); "
            "write WEST,SOUTH,EAST,NORTH"
        )
    return west, south, east, north


def case_key(name: str) -> str:
    """How case names compare: accents dropped, case folded, spaces collapsed.

    >>> case_key("  García   LUNA ") == case_key("garcia luna")
    True
    """
    return " ".join(fold(name).split())


def _case_keys(names: list[str]) -> set[str]:
    """The keys of ``names`` and of the catalogue cases they name by an alias."""
    if not names:
        return set()
    from incidentmap.geo.cases import load_cases

    catalogue = load_cases()
    keys = {case_key(n) for n in names}
    keys.update(case_key(case) for n in names for case in catalogue.match(n))
    return keys


def parse_years(text: str) -> tuple[int, int]:
    """``"2011"`` → ``(2011, 2011)``; ``"2009-2011"`` → ``(2009, 2011)``.

    En dashes, ``/`` and ``..`` separate a range as well; a range given
    backwards is an error, not silently swapped.

    >>> parse_years("2011"), parse_years("2009-2011"), parse_years("2009–2011")
    ((2011, 2011), (2009, 2011), (2009, 2011))
    """
    single = _YEAR.match(text)
    if single:
        year = int(single.group(1))
        return year, year
    pair = _YEARS.match(text)
    if not pair:
        raise GeoError(f"years {text!r} not understood; give a year (2011) or a range (2009-2011)")
    first, last = int(pair.group(1)), int(pair.group(2))
    if first > last:
        raise GeoError(f"years {text!r} run backwards; write {last}-{first}")
    return first, last


def _case_matches(value: object, wanted: set[str]) -> bool:
    if not isinstance(value, str) or not value.strip():
        return NO_CASE in wanted
    return any(case_key(part) in wanted for part in value.split(SEPARATOR.strip()))
