"""Where a flow between whole countries is drawn: at a port of entry, not between centroids.

"Guns go from the United States to Mexico" names no town. Drawn between the
two countries' representative points, the arrow would start in Kansas and
read as a Kansas route. Where the text names no crossing, a country's end of
a US–Mexico route is drawn at a major port of entry instead: the one nearest
the route's other, finer end ("from Phoenix to Mexico" ends at Nogales,
Sonora), else the one nearest the midpoint between the two countries (both
ends at one port, drawn as a short arrow across the border). The popup says
so (``drawn``). Routes between other countries keep their points; the page
outlines those countries instead.

`PORTS` is a small reviewed table: CBP's port names, each with the US city
and its Mexican twin, at the cities' GeoNames points (CC-BY 4.0).

>>> [p.name for p in nearest_ports(32.2, -110.9)][:1]
['Nogales']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd


@dataclass(frozen=True, slots=True)
class Port:
    """A land port of entry and the twin towns on either side of it."""

    name: str  # as CBP names the port
    us_town: str
    us: tuple[float, float]  # (lat, lon) of the US town
    mx_town: str
    mx: tuple[float, float]  # (lat, lon) of the Mexican town

    def side(self, country: str) -> tuple[float, float]:
        return self.us if country == "US" else self.mx

    @property
    def label(self) -> str:
        return f"{self.us_town}–{self.mx_town}"


#: Major US–Mexico land ports of entry, west to east: CBP's port name | the US town |
#: its lat lon | the Mexican twin town | its lat lon.
_PORTS_TABLE = """
San Ysidro    | San Ysidro  | 32.556 -117.047 | Tijuana               | 32.503 -117.004
Calexico      | Calexico    | 32.679 -115.499 | Mexicali              | 32.628 -115.454
San Luis      | San Luis    | 32.487 -114.782 | San Luis Río Colorado | 32.456 -114.770
Nogales       | Nogales     | 31.340 -110.934 | Nogales               | 31.309 -110.942
Douglas       | Douglas     | 31.345 -109.545 | Agua Prieta           | 31.322 -109.543
Columbus      | Columbus    | 31.828 -107.640 | Puerto Palomas        | 31.778 -107.635
El Paso       | El Paso     | 31.759 -106.487 | Ciudad Juárez         | 31.720 -106.461
Presidio      | Presidio    | 29.561 -104.372 | Ojinaga               | 29.567 -104.545
Del Rio       | Del Rio     | 29.363 -100.897 | Ciudad Acuña          | 29.324 -100.932
Eagle Pass    | Eagle Pass  | 28.709 -100.500 | Piedras Negras        | 28.700 -100.523
Laredo        | Laredo      | 27.506  -99.508 | Nuevo Laredo          | 27.476  -99.516
Hidalgo/Pharr | Hidalgo     | 26.100  -98.263 | Reynosa               | 26.080  -98.285
Brownsville   | Brownsville | 25.902  -97.497 | Matamoros             | 25.880  -97.504
"""


def _read_ports(text: str) -> tuple[Port, ...]:
    ports = []
    for line in text.strip().splitlines():
        name, us_town, us, mx_town, mx = (c.strip() for c in line.split("|"))
        us_lat, us_lon = map(float, us.split())
        mx_lat, mx_lon = map(float, mx.split())
        ports.append(Port(name, us_town, (us_lat, us_lon), mx_town, (mx_lat, mx_lon)))
    return tuple(ports)


PORTS = _read_ports(_PORTS_TABLE)

#: Country pairs whose shared border `PORTS` covers.
BORDERS = {frozenset(("US", "MX")): PORTS}

#: Place levels that stand for an area, not a point, and what a popup calls each.
AREA_WORDS = {"admin1": "state", "country": "country", "region": "region"}
COARSE_LEVELS = tuple(AREA_WORDS)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(min(1.0, h)))


def nearest_ports(lat: float, lon: float, ports: tuple[Port, ...] = PORTS) -> list[Port]:
    """``ports`` nearest first to (``lat``, ``lon``), measured to the nearer twin town."""
    return sorted(ports, key=lambda p: min(_km((lat, lon), p.us), _km((lat, lon), p.mx)))


def _levels(cell: object, admin1: object) -> tuple[str | None, str | None]:
    """(origin level, destination level) from a route's ``level`` cell (``"country → city"``).

    Frames written before routes carried levels have none: an end without an
    admin1 is then taken for a whole country.
    """
    if isinstance(cell, str) and cell:
        parts = [p.strip() for p in cell.split("→")]
        return (parts[0], parts[-1])
    parts = [p.strip() for p in admin1.split("→")] if isinstance(admin1, str) else [None]
    a, b = parts[0], parts[-1]
    return ("country" if a in (None, "?") else None, "country" if b in (None, "?") else None)


def _countries(cell: object) -> tuple[str | None, str | None]:
    if not isinstance(cell, str) or not cell:
        return None, None
    parts = [p.strip() for p in cell.split("→")]
    return parts[0], parts[-1]


def anchor_routes(routes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``routes`` with country ends of US–Mexico flows moved to ports of entry.

    Adds ``drawn`` (a sentence for the popup, or None) and ``anchor``
    (``"crossing"`` when both ends sit at one port, ``"port"`` when one
    does). Lines are redrawn along great circles through their waypoints.
    """
    from incidentmap.geo.frames import ROUTE_SEGMENTS

    routes = routes.copy()
    drawn: list[str | None] = []
    anchors: list[str | None] = []
    geoms = []

    def column(name: str) -> object:
        return routes[name] if name in routes.columns else [None] * len(routes)

    admin1, levels = column("admin1"), column("level")
    names = zip(column("origin"), column("destination"), strict=True)
    for line, country, level, a1, ends in zip(
        routes.geometry, column("country"), levels, admin1, names, strict=True
    ):
        note = anchor = None
        origin_cc, dest_cc = _countries(country)
        origin_level, dest_level = _levels(level, a1)
        ports = BORDERS.get(frozenset((origin_cc, dest_cc))) if origin_cc != dest_cc else None
        if line is not None and not line.is_empty and ports:
            coords = [(y, x) for x, y in line.coords]
            start, end = coords[0], coords[-1]
            whole = (origin_level == "country", dest_level == "country")
            if all(whole):
                mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
                port = nearest_ports(*mid, ports)[0]
                start, end = port.side(origin_cc), port.side(dest_cc)
                anchor = "crossing"
                note = (
                    f"crossing not stated: drawn across the {port.label} port of entry, "
                    "the one nearest the line between the two countries"
                )
            elif any(whole):
                fine = end if whole[0] else start
                port = nearest_ports(*fine, ports)[0]
                anchor = "port"
                if whole[0]:
                    start = port.side(origin_cc)
                    note = f"start not stated: drawn from the {port.label} port of entry"
                else:
                    end = port.side(dest_cc)
                    note = f"end not stated: drawn to the {port.label} port of entry"
            if anchor:
                legs = (len(coords) - 1) // ROUTE_SEGMENTS
                inner = []
                if legs > 1 and (len(coords) - 1) % ROUTE_SEGMENTS == 0:
                    inner = [coords[ROUTE_SEGMENTS * i] for i in range(1, legs)]
                line = _line([start, *inner, end])
        vague = _vague_ends(ends, (origin_level, dest_level), _moved_ends(anchor, level, a1))
        note = "; ".join(p for p in (note, vague) if p) or None
        drawn.append(note)
        anchors.append(anchor)
        geoms.append(line)
    routes["drawn"] = drawn
    routes["anchor"] = anchors
    return routes.set_geometry(geoms, crs=routes.crs)


def _moved_ends(anchor: str | None, level: object, admin1: object) -> tuple[bool, bool]:
    """Which ends (origin, destination) `anchor_routes` moved to a port."""
    if anchor is None:
        return (False, False)
    if anchor == "crossing":
        return (True, True)
    origin_level, dest_level = _levels(level, admin1)
    return (origin_level == "country", dest_level == "country")


def _vague_ends(
    names: tuple[object, object],
    levels: tuple[str | None, str | None],
    moved: tuple[bool, bool],
) -> str | None:
    """ "from somewhere in Texas (state)" for ends that stand for an area and stayed there."""
    words = AREA_WORDS
    parts = []
    for word, name, level, gone in zip(("from", "to"), names, levels, moved, strict=True):
        if level in COARSE_LEVELS and not gone and isinstance(name, str):
            parts.append(f"{word} somewhere in {name} ({words[level]})")
    if not parts:
        return None
    return (
        " ".join(parts) + ", drawn at its point"
        if len(parts) == 1
        else " ".join(parts) + ", drawn at their points"
    )


def _line(stops: list[tuple[float, float]]):
    from incidentmap.gazetteer.place import Place
    from incidentmap.geo.frames import route_line

    return route_line([Place("", "", "other", lat, lon) for lat, lon in stops])
