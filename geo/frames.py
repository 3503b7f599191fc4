"""Mentions, events and routes as GeoDataFrames: the one table shape maps and exports read.

Every frame is EPSG:4326 with flat, single-typed columns (strings, a nullable
integer ``year``, a float ``volume``), so it writes unchanged to GeoJSON,
GeoPackage, CSV or KML. Columns shared by every kind are `COLUMNS`; routes
add `ROUTE_COLUMNS`.

Records without a place (an event whose sentence names none, a mention the
geoparser could not resolve) are **kept with a null geometry**: they are still
evidence a reader can filter, count and export (RFC 7946 allows a null
geometry). Drop them for drawing with ``frame[frame.geometry.notna()]``.

Routes are great-circle lines through their waypoints, densified so they look
right on a Web Mercator map.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from incidentmap.gazetteer.place import Place
from incidentmap.geo.records import Event, Mention, Route

if TYPE_CHECKING:
    import geopandas as gpd

#: The coordinate reference system of every frame: WGS84 longitude/latitude.
CRS = "EPSG:4326"

#: What a frame's ``kind`` column holds, in the order exports write layers.
KINDS = ("event", "route", "mention")

#: Columns every kind has, in order. ``quote`` is the sentence the record comes
#: from; ``case`` and ``people`` join several values with ``"; "``; ``date``
#: is ISO-8601 to its ``precision``; ``doc_date`` is the article's own date.
#: Every kind is dated by one rule (`incidentmap.geo.records.record_date`): its
#: own date, else its article's; ``date_source`` says which (``"text"``,
#: ``"article"``, or null when neither is known).
COLUMNS = (
    "kind",
    "id",
    "type",
    "date",
    "precision",
    "year",
    "date_source",
    "case",
    "place",
    "place_text",
    "country",
    "admin1",
    "place_id",
    "level",
    "people",
    "doc",
    "doc_id",
    "title",
    "outlet",
    "doc_date",
    "source",
    "lang",
    "quote",
    "start",
    "end",
)

#: Columns only events have: how sure (``confidence``, 0–1), who (``agent``,
#: ``target``), how much (``quantity`` ``unit`` of ``item``; ``fatalities``),
#: ACLED's types, and how many reports (``sources``) from which documents
#: (``docs``, joined with ``"; "``) tell the incident.
EVENT_COLUMNS = (
    "confidence",
    "agent",
    "target",
    "quantity",
    "unit",
    "item",
    "fatalities",
    "acled_event_type",
    "acled_sub_event_type",
    "sources",
    "docs",
    "place_source",
)

#: Columns only routes have. ``waypoints`` joins the waypoint names with ``"; "``.
ROUTE_COLUMNS = ("origin", "destination", "commodity", "volume", "unit", "period", "waypoints")

#: Separator of several values in one text cell (cases, people, waypoints).
SEPARATOR = "; "

#: Segments per leg of a route line: enough for a smooth arc across an ocean.
ROUTE_SEGMENTS = 64

_INTEGER_COLUMNS = ("year", "start", "end", "fatalities", "sources")
_FLOAT_COLUMNS = ("volume", "confidence", "quantity")
#: Every column of a frame that holds all kinds, in order (events and routes share ``unit``).
ALL_COLUMNS = tuple(dict.fromkeys(COLUMNS + EVENT_COLUMNS + ROUTE_COLUMNS))


def columns_for(kind: str) -> tuple[str, ...]:
    """The columns a frame of ``kind`` has, in order.

    >>> columns_for("route")[-2:]
    ('period', 'waypoints')
    >>> "origin" in columns_for("event")
    False
    """
    if kind == "route":
        return COLUMNS + ROUTE_COLUMNS
    return COLUMNS + EVENT_COLUMNS if kind == "event" else COLUMNS


def events_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """One row per event, a Point where it happened (null when the text names no place).

    >>> from incidentmap.gazetteer.place import Place
    >>> from incidentmap.geo.records import Event
    >>> juarez = Place("geonames:4013708", "Ciudad Juárez", "city", 31.72, -106.46, "MX")
    >>> e = Event("e1", "seizure", "a.txt", "ab12", "A raid in Ciudad Juarez.", 0, 24,
    ...           date="2011-04", precision="month", year=2011, place=juarez,
    ...           cases=("Fast and Furious",))
    >>> row = events_frame([e]).iloc[0]
    >>> row["kind"], row["case"], row["year"], round(row.geometry.x, 2)
    ('event', 'Fast and Furious', np.int64(2011), -106.46)
    """
    return _frame(map(event_row, events), COLUMNS + EVENT_COLUMNS)


def event_row(e: Event) -> tuple[dict[str, object], object]:
    """One event's columns (a dict in `COLUMNS` order) and its geometry: a frame's row."""
    date, precision, year, date_source = e.dated
    return (
        {
            "kind": "event",
            "id": e.id,
            "type": e.type,
            "date": date,
            "precision": precision,
            "year": year,
            "date_source": date_source,
            "case": _joined(e.cases),
            "place_text": e.place_text,
            **_place_columns(e.place),
            "people": _joined(e.people),
            "doc": e.doc,
            "doc_id": e.doc_id,
            "title": e.title,
            "outlet": e.outlet,
            "doc_date": e.doc_date,
            "source": e.source,
            "quote": e.sentence,
            "start": e.start,
            "end": e.end,
            "confidence": e.confidence,
            "agent": e.agent,
            "target": e.target,
            "quantity": e.quantity,
            "unit": e.unit,
            "item": e.item,
            "fatalities": e.fatalities,
            "acled_event_type": e.acled_event_type,
            "acled_sub_event_type": e.acled_sub_event_type,
            "sources": e.sources,
            "docs": _joined(e.docs),
            "lang": e.lang,
            "place_source": e.place_source,
        },
        _point(e.place),
    )


def mentions_frame(mentions: Iterable[Mention]) -> gpd.GeoDataFrame:
    """One row per place mention; ``type`` is the place's level, ``place_text`` the words used.

    The ``id`` is ``"<doc_id>:<start>-<end>"``: stable while the article is unchanged.

    >>> from incidentmap.geo.records import Mention
    >>> m = Mention("a.txt", "ab12", 10, 16, "Sonora", "Guns left Sonora.")
    >>> f = mentions_frame([m])
    >>> f.iloc[0]["id"], f.geometry.isna().iloc[0]
    ('ab12:10-16', np.True_)
    """
    return _frame(map(mention_row, mentions), COLUMNS)


def mention_row(m: Mention) -> tuple[dict[str, object], object]:
    """One mention's columns (a dict in `COLUMNS` order) and its geometry: a frame's row."""
    date, precision, year, date_source = m.dated
    return (
        {
            "kind": "mention",
            "id": f"{m.doc_id}:{m.start}-{m.end}",
            "type": m.place.level if m.place else None,
            "date": date,
            "precision": precision,
            "year": year,
            "date_source": date_source,
            "case": None,
            "place_text": m.text,
            **_place_columns(m.place),
            "people": None,
            "doc": m.doc,
            "doc_id": m.doc_id,
            "title": m.title,
            "outlet": m.outlet,
            "doc_date": m.doc_date,
            "source": m.source,
            "lang": m.lang,
            "quote": m.sentence,
            "start": m.start,
            "end": m.end,
        },
        _point(m.place),
    )


def routes_frame(routes: Iterable[Route]) -> gpd.GeoDataFrame:
    """One row per route: a great-circle LineString from origin through waypoints to destination.

    ``place`` reads ``"Origin → Destination"``, ``level`` the ends' place levels
    (``"city → country"``, one word when both are alike); ``date`` is the ``period`` when
    that is ISO-8601 (``"2009/2011"`` is a range), else the route's year.

    >>> from incidentmap.gazetteer.place import Place
    >>> from incidentmap.geo.records import Route
    >>> us = Place("geonames:6252001", "United States", "country", 39.76, -98.5, "US")
    >>> mx = Place("geonames:3996063", "Mexico", "country", 23.0, -102.0, "MX")
    >>> f = routes_frame([Route("r1", us, mx, "a.txt", "ab12", "Guns go south.", 0, 14,
    ...                         volume=2500.0, unit="weapons")])
    >>> f.iloc[0]["place"], f.iloc[0]["volume"], f.geometry.iloc[0].geom_type
    ('United States → Mexico', np.float64(2500.0), 'LineString')
    """
    return _frame(map(route_row, routes), COLUMNS + ROUTE_COLUMNS)


def route_row(r: Route) -> tuple[dict[str, object], object]:
    """One route's columns (`COLUMNS` then `ROUTE_COLUMNS`) and its line: a frame's row."""
    date, precision, year, date_source = r.dated
    return (
        {
            "kind": "route",
            "id": r.id,
            "type": "route",
            "date": date,
            "precision": precision,
            "year": year,
            "date_source": date_source,
            "case": _joined(r.cases),
            "place": f"{r.origin.name} → {r.destination.name}",
            "place_text": None,
            "country": _pair(r.origin.country, r.destination.country),
            "admin1": _pair(r.origin.admin1, r.destination.admin1),
            "place_id": None,
            "level": _pair(r.origin.level, r.destination.level),
            "people": None,
            "doc": r.doc,
            "doc_id": r.doc_id,
            "title": r.title,
            "outlet": r.outlet,
            "doc_date": r.doc_date,
            "source": r.source,
            "lang": r.lang,
            "quote": r.sentence,
            "start": r.start,
            "end": r.end,
            "origin": r.origin.name,
            "destination": r.destination.name,
            "commodity": r.commodity,
            "volume": r.volume,
            "unit": r.unit,
            "period": r.period,
            "waypoints": _joined(w.name for w in r.waypoints),
        },
        route_line([r.origin, *r.waypoints, r.destination]),
    )


def combined_frame(*frames: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Frames of several kinds stacked into one (route columns null for other kinds).

    What to hand `incidentmap.geo.export.write` for a single file holding every kind, and what
    `incidentmap.geo.filters.filter_frame` filters. With no frames, an empty frame of all columns.

    >>> both = combined_frame(events_frame([]), routes_frame([]))
    >>> list(both.columns)[-1], len(both)
    ('geometry', 0)
    """
    import geopandas as gpd
    import pandas as pd

    parts = [f for f in frames if len(f)]
    if not parts:
        return empty_frame()
    out = pd.concat([f.reindex(columns=[*ALL_COLUMNS, "geometry"]) for f in parts])
    out = gpd.GeoDataFrame(out.reset_index(drop=True), geometry="geometry", crs=CRS)
    return _typed(out)


def empty_frame(kind: str | None = None) -> gpd.GeoDataFrame:
    """An empty frame with the columns of ``kind`` (all columns when None).

    >>> len(empty_frame("event")), "volume" in empty_frame().columns
    (0, True)
    """
    columns = columns_for(kind) if kind else ALL_COLUMNS
    return _frame([], columns)


def events_from_frame(frame: gpd.GeoDataFrame) -> list[Event]:
    """The `Event` records behind the ``event`` rows of ``frame`` (from a store or a file).

    The inverse of `events_frame` for what a frame keeps: the place comes back
    with its name, id, level, country, admin1 and point, not its population
    or alternate names.

    >>> from incidentmap.gazetteer.place import Place
    >>> texas = Place("geonames:4736286", "Texas", "admin1", 31.25, -99.25, "US", "Texas")
    >>> e = Event("e1", "arrest", "a.txt", "ab12", "He was arrested in Texas.", 7, 24,
    ...           date="2019", precision="year", year=2019, place=texas, cases=("García Luna",))
    >>> back = events_from_frame(events_frame([e]))[0]
    >>> back.place.name, back.year, back.cases
    ('Texas', 2019, ('García Luna',))
    """
    import numpy as np
    import shapely

    frame = conform(frame[frame["kind"] == "event"], "event")
    # Column by column, not row by row (to_dict and the GeoSeries box every value one at
    # a time): a year of a large store holds tens of thousands of events.
    names = [c for c in frame.columns if c != frame.geometry.name]
    columns = [frame[c].tolist() for c in names]
    geometry = np.asarray(frame.geometry.array, dtype=object)
    placed = ~(shapely.is_missing(geometry) | shapely.is_empty(geometry))
    xs, ys = shapely.get_x(geometry).tolist(), shapely.get_y(geometry).tolist()
    found = []
    for n, values in enumerate(zip(*columns, strict=True)):
        row = dict(zip(names, values, strict=True))
        if row["date_source"] == "article":
            # The article's date stood in for an unknown one: the event's own stays unknown.
            row.update(date=None, precision="unknown", year=None)
        place = None
        if placed[n]:
            place = Place(
                id=row["place_id"] or "",
                name=row["place"] or row["place_text"] or "",
                level=row["level"] or "",
                lat=ys[n],
                lon=xs[n],
                country=row["country"],
                admin1=row["admin1"],
            )
        found.append(
            Event(
                id=row["id"],
                type=row["type"],
                doc=row["doc"],
                doc_id=row["doc_id"] or "",
                sentence=row["quote"] or "",
                start=_int_or(row["start"], 0),
                end=_int_or(row["end"], 0),
                date=row["date"],
                precision=row["precision"] or "unknown",
                year=_int_or(row["year"], None),
                place=place,
                place_text=row["place_text"],
                cases=_split(row["case"]),
                people=_split(row["people"]),
                title=row["title"],
                outlet=row["outlet"],
                doc_date=row["doc_date"],
                source=row["source"],
                confidence=_float_or(row.get("confidence"), 1.0),
                agent=row.get("agent"),
                target=row.get("target"),
                quantity=_float_or(row.get("quantity"), None),
                unit=row.get("unit"),
                item=row.get("item"),
                fatalities=_int_or(row.get("fatalities"), None),
                acled_event_type=row.get("acled_event_type"),
                acled_sub_event_type=row.get("acled_sub_event_type"),
                sources=_int_or(row.get("sources"), 1) or 1,
                lang=row.get("lang"),
                place_source=row.get("place_source"),
                reports=tuple({"doc": d} for d in _split(row.get("docs"))[1:]),
            )
        )
    return found


def routes_from_frame(frame: gpd.GeoDataFrame) -> list[Route]:
    """The `Route` records behind the ``route`` rows of ``frame`` (from a store or a file).

    The inverse of `routes_frame` for what a frame keeps: the origin, the
    destination and each waypoint come back with their name, country, admin1
    and point (read off the line's ends and leg joints), not their gazetteer
    ids or populations.

    >>> from incidentmap.gazetteer.place import Place
    >>> us = Place("geonames:6252001", "United States", "country", 39.76, -98.5, "US")
    >>> gt = Place("geonames:3595528", "Guatemala", "country", 15.5, -90.25, "GT")
    >>> mx = Place("geonames:3996063", "Mexico", "country", 23.0, -102.0, "MX")
    >>> r = Route("r1", us, mx, "a.txt", "ab12", "Guns go south.", 0, 14, waypoints=(gt,),
    ...           volume=2500.0, unit="weapons", cases=("Fast and Furious",))
    >>> back = routes_from_frame(routes_frame([r]))[0]
    >>> back.origin.name, back.waypoints[0].lat, back.destination.country, back.cases
    ('United States', 15.5, 'MX', ('Fast and Furious',))
    """
    frame = conform(frame[frame["kind"] == "route"], "route")
    found = []
    for row, line in zip(frame.to_dict("records"), frame.geometry, strict=True):
        if line is None or line.is_empty:
            continue
        coords = [xy for part in getattr(line, "geoms", [line]) for xy in part.coords]
        names = _split(row["waypoints"])
        countries = _unpaired(row["country"])
        admin1s = _unpaired(row["admin1"])

        legs = len(names) + 1
        joint = (len(coords) - 1) // legs if len(coords) > legs else 0
        found.append(
            Route(
                id=row["id"],
                origin=_stop(row["origin"], coords[0], countries[0], admin1s[0]),
                destination=_stop(row["destination"], coords[-1], countries[1], admin1s[1]),
                doc=row["doc"],
                doc_id=row["doc_id"] or "",
                sentence=row["quote"] or "",
                start=_int_or(row["start"], 0),
                end=_int_or(row["end"], 0),
                commodity=row["commodity"] or "other",
                waypoints=tuple(
                    _stop(name, coords[joint * (i + 1)], None, None) for i, name in enumerate(names)
                ),
                volume=_float_or(row["volume"], None),
                unit=row["unit"],
                period=row["period"],
                year=_int_or(row["year"], None) if row["date_source"] != "article" else None,
                cases=_split(row["case"]),
                title=row["title"],
                outlet=row["outlet"],
                source=row["source"],
                doc_date=row["doc_date"],
            )
        )
    return found


def _stop(name: str | None, xy: tuple, country: str | None, admin1: str | None) -> Place:
    """A route's stop rebuilt from its point on the line (longitude back in -180..180)."""
    lon, lat = xy[0], xy[1]
    lon = (lon + 180.0) % 360.0 - 180.0
    return Place(id="", name=name or "", level="", lat=lat, lon=lon, country=country, admin1=admin1)


def _unpaired(cell: object) -> tuple[str | None, str | None]:
    """The two sides of a ``"US → MX"`` cell (one value stands for both)."""
    if not cell:
        return None, None
    a, _, b = str(cell).partition(" → ")
    a, b = (a, b) if b else (a, a)
    return (None if a == "?" else a), (None if b == "?" else b)


def _split(cell: object) -> tuple[str, ...]:
    if not cell:
        return ()
    if isinstance(cell, str) and SEPARATOR not in cell:
        return (cell,)  # one value: most cells, read for every event of a large store
    return tuple(v for v in str(cell).split(SEPARATOR) if v)


def _float_or(value: object, default: float | None) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return default if math.isnan(number) else number


def _int_or(value: object, default: int | None) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default


def conform(frame: gpd.GeoDataFrame, kind: str | None = None) -> gpd.GeoDataFrame:
    """``frame`` (e.g. read back from a file) with exactly the columns and types of ``kind``.

    Missing columns are added empty, others dropped; text cells hold ``None``
    when empty, ``year`` is a nullable integer, the CRS is EPSG:4326.

    >>> import geopandas as gpd
    >>> f = conform(gpd.GeoDataFrame({"id": ["e1"], "year": [2011.0]}, geometry=[None]), "event")
    >>> list(f.columns) == [*columns_for("event"), "geometry"], str(f["year"].dtype)
    (True, 'Int64')
    """
    import geopandas as gpd

    columns = [*(columns_for(kind) if kind else ALL_COLUMNS), "geometry"]
    frame = frame.rename_geometry("geometry") if frame.geometry.name != "geometry" else frame
    out = gpd.GeoDataFrame(frame.reindex(columns=columns), geometry="geometry")
    out = out.set_crs(CRS, allow_override=True)
    return _typed(out)


def route_line(stops: Sequence[Place], segments: int = ROUTE_SEGMENTS):
    """A LineString along great circles through ``stops``, ``segments`` pieces per leg.

    Longitudes stay continuous along the line (no jump at ±180°), which is what
    Leaflet draws correctly; GeoJSON writers split at the antimeridian if needed.

    >>> from incidentmap.gazetteer.place import Place
    >>> a, b = Place("a", "A", "city", 0.0, 0.0), Place("b", "B", "city", 0.0, 90.0)
    >>> line = route_line([a, b], segments=2)
    >>> [tuple(round(c, 6) for c in xy) for xy in line.coords]
    [(0.0, 0.0), (45.0, 0.0), (90.0, 0.0)]
    """
    import numpy as np
    import shapely

    coords: list[tuple[float, float]] = []
    for a, b in zip(stops, stops[1:], strict=False):
        leg = _great_circle(a.lon, a.lat, b.lon, b.lat, segments)
        if coords:
            # Keep longitudes continuous with the previous leg's end.
            leg[:, 0] += 360.0 * round((coords[-1][0] - leg[0, 0]) / 360.0)
            leg = leg[1:]
        coords.extend(map(tuple, leg.tolist()))
    if len(coords) < 2:
        coords = [(stops[0].lon, stops[0].lat)] * 2
    return shapely.linestrings(np.asarray(coords))


def _great_circle(lon1: float, lat1: float, lon2: float, lat2: float, n: int):
    """``n + 1`` points from (lon1, lat1) to (lon2, lat2) along the shorter great circle."""
    import numpy as np

    lam1, phi1, lam2, phi2 = map(math.radians, (lon1, lat1, lon2, lat2))
    a = np.array([math.cos(phi1) * math.cos(lam1), math.cos(phi1) * math.sin(lam1), math.sin(phi1)])
    b = np.array([math.cos(phi2) * math.cos(lam2), math.cos(phi2) * math.sin(lam2), math.sin(phi2)])
    omega = math.acos(max(-1.0, min(1.0, float(a @ b))))
    t = np.linspace(0.0, 1.0, n + 1)
    if omega < 1e-12:
        xyz = np.outer(1 - t, a) + np.outer(t, b)
    else:
        # Spherical linear interpolation: points evenly spaced along the arc.
        xyz = (np.outer(np.sin((1 - t) * omega), a) + np.outer(np.sin(t * omega), b)) / math.sin(
            omega
        )
    lon = np.degrees(np.unwrap(np.arctan2(xyz[:, 1], xyz[:, 0])))
    lat = np.degrees(np.arctan2(xyz[:, 2], np.hypot(xyz[:, 0], xyz[:, 1])))
    # Start at the stated longitude, not its ±360° twin, and end exactly on the stops.
    lon += 360.0 * round((lon1 - lon[0]) / 360.0)
    out = np.column_stack([lon, lat])
    out[0] = (lon1, lat1)
    out[-1] = (lon2 + 360.0 * round((lon[-1] - lon2) / 360.0), lat2)
    return out


def _frame(
    rows: Iterable[tuple[dict[str, object], object]], columns: Sequence[str]
) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    cells: list[dict[str, object]] = []
    geoms: list[object] = []
    for row, geom in rows:
        cells.append(row)
        geoms.append(geom)
    # Object columns keep None for "unknown" (pandas would infer NaN-filled strings).
    data = {col: pd.Series([row.get(col) for row in cells], dtype=_dtype(col)) for col in columns}
    geometry = gpd.GeoSeries(geoms, crs=CRS)
    return gpd.GeoDataFrame(pd.DataFrame(data, columns=list(columns)), geometry=geometry, crs=CRS)


def _typed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Fix column types so empty and all-null columns still write as the right field type."""
    for col in frame.columns:
        if col == "geometry":
            continue
        dtype = _dtype(col)
        if dtype is not object:
            frame[col] = frame[col].astype(dtype)
        elif frame[col].dtype != object or frame[col].isna().any():
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def _dtype(column: str) -> object:
    if column in _INTEGER_COLUMNS:
        return "Int64"
    return "float64" if column in _FLOAT_COLUMNS else object


def _place_columns(place: Place | None) -> dict[str, str | None]:
    if place is None:
        return {"place": None, "country": None, "admin1": None, "place_id": None, "level": None}
    return {
        "place": place.name,
        "country": place.country,
        "admin1": place.admin1,
        "place_id": place.id,
        "level": place.level,
    }


def _point(place: Place | None):
    import shapely

    return None if place is None else shapely.Point(place.lon, place.lat)


def _joined(values: Iterable[str]) -> str | None:
    return SEPARATOR.join(v for v in values if v) or None


def _pair(a: str | None, b: str | None) -> str | None:
    if a == b:
        return a
    return f"{a or '?'} → {b or '?'}"
