"""One map from records: the layers, controls and data composed, and written atomically.

>>> import geopandas as gpd, shapely
>>> events = gpd.GeoDataFrame(
...     {"id": ["e1"], "type": ["seizure"], "date": ["2011-04"], "precision": ["month"],
...      "year": [2011], "case": ["Fast and Furious"], "place": ["Ciudad Juárez"],
...      "country": ["MX"], "admin1": ["Chihuahua"], "quote": ["A raid in Ciudad Juarez."]},
...     geometry=[shapely.Point(-106.46, 31.72)], crs="EPSG:4326")
>>> m = build_map(events, title="Seizures", basemap=False)
>>> html = m.get_root().render()
>>> "IncidentMap.load(" in html and "https://cdn" not in html
True
"""

from __future__ import annotations

import html as html_module
import os
from pathlib import Path
from typing import TYPE_CHECKING

from incidentmap.geo.atomic import atomic_path
from incidentmap.maps.errors import MapError

if TYPE_CHECKING:
    import folium
    import geopandas as gpd


def _check(frame: gpd.GeoDataFrame | None, what: str) -> gpd.GeoDataFrame | None:
    if frame is None:
        return None
    if not hasattr(frame, "geometry"):
        raise MapError(f"{what} must be a GeoDataFrame with a geometry column")
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return frame


def _bounds(*frames: gpd.GeoDataFrame | None) -> list[list[float]] | None:
    """[[south, west], [north, east]] around every drawable geometry, or None."""
    import math

    boxes = [
        f.geometry[f.geometry.notna()].total_bounds
        for f in frames
        if f is not None and len(f) and f.geometry.notna().any()
    ]
    boxes = [b for b in boxes if not any(math.isnan(v) for v in b)]
    if not boxes:
        return None
    west = min(b[0] for b in boxes)
    south = min(b[1] for b in boxes)
    east = max(b[2] for b in boxes)
    north = max(b[3] for b in boxes)
    return [[south, west], [north, east]]


def _present(frame: gpd.GeoDataFrame | None, column: str, order: tuple[str, ...]) -> list[str]:
    """Values of ``column`` among drawable rows, in ``order`` (unknown values last)."""
    if frame is None or not len(frame) or column not in frame.columns:
        return []
    values = {v for v in frame.loc[frame.geometry.notna(), column] if isinstance(v, str) and v}
    return [v for v in order if v in values] + sorted(values - set(order))


def _markers(events: gpd.GeoDataFrame | None) -> list[str]:
    """Marker kinds besides a town's dot that ``events`` need (`maps.controls.MARKERS`)."""
    from incidentmap.maps.anchors import COARSE_LEVELS
    from incidentmap.maps.layers import UNSURE_BELOW

    if events is None or not len(events):
        return []
    drawn = events[events.geometry.notna()]
    kinds = []
    if "level" in drawn.columns and drawn["level"].isin(COARSE_LEVELS).any():
        kinds.append("area")
    if "confidence" in drawn.columns and (drawn["confidence"] < UNSURE_BELOW).any():
        kinds.append("unsure")
    return kinds


def _subtitle(years: list[int], events: gpd.GeoDataFrame | None) -> str | None:
    n = 0 if events is None else int(events.geometry.notna().sum())
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    parts = [f"{n:,} events" if n != 1 else "1 event", span]
    return " · ".join(p for p in parts if p) or None


def build_map(
    events: gpd.GeoDataFrame | None,
    routes: gpd.GeoDataFrame | None = None,
    mentions: gpd.GeoDataFrame | None = None,
    areas: gpd.GeoDataFrame | None = None,
    *,
    title: str | None = None,
    cdn: bool = False,
    basemap: bool | tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None] = True,
) -> folium.Map:
    """A layered, filterable map of ``events``, ``routes`` and ``mentions`` (geo frames).

    Layers: events by type (on), routes (on), per-state counts from ``areas``
    (``incidentmap.geo.joins.admin1_counts``; on), mentioned places, heat and clusters
    (off); one overlay per case plus "No case"; a year filter with a status
    line; title, legend and credits. ``basemap`` is True for the bundled
    outlines, False for none (a plain background), or ``(countries, states)``.
    The page is self-contained unless ``cdn`` is true, in which case
    Leaflet and its plugins load from their CDNs (a much smaller file).

    Write it with `save_map`; ``m.save(path)`` works as well, non-atomically.
    """
    import folium

    from incidentmap.geo.records import COMMODITIES, EVENT_TYPES
    from incidentmap.maps import basemap as bm
    from incidentmap.maps.anchors import anchor_routes
    from incidentmap.maps.assets import LEAFLET_CSS, LEAFLET_JS
    from incidentmap.maps.controls import Attribution, FilterPanel, Legend, Timeline, Title
    from incidentmap.maps.layers import (
        DENSE_EVENTS,
        AreaCounts,
        CaseOverlay,
        CoarseAreas,
        EventClusters,
        EventHeat,
        EventPoints,
        MentionPoints,
        RouteLines,
        area_keys,
        case_names,
        coarse_outlines,
    )
    from incidentmap.maps.page import MapData, PageFigure, PageScript
    from incidentmap.maps.payload import pack, years

    events, routes, mentions, areas = (
        _check(events, "events"),
        _check(routes, "routes"),
        _check(mentions, "mentions"),
        _check(areas, "areas"),
    )
    m = folium.Map(tiles=None, prefer_canvas=True, zoom_start=2, world_copy_jump=True)
    # Without a tile layer Leaflet knows no zoom limits, which marker clustering needs.
    m.options.update(minZoom=1, maxZoom=18)
    # Leaflet is all the page needs of folium's defaults (no jQuery, Bootstrap or icon fonts),
    # in the version folium-offline carries.
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    PageFigure(cdn=cdn, title=html_module.escape(title or "incidentmap")).add_child(m)
    PageScript().add_to(m)

    if basemap:
        countries, states = bm.default_outlines() if basemap is True else basemap
        bm.basemap_pane().add_to(m)
        bm.Outlines(countries, states).add_to(m)
    for tiles in bm.online_tiles():
        tiles.add_to(m)

    if routes is not None and len(routes):
        routes = anchor_routes(routes)
    events, routes, outlines = coarse_outlines(events, routes)
    area_layer = None
    if areas is not None and len(areas):
        area_layer = AreaCounts(areas).add_to(m)
        if events is not None and "area" not in events.columns:
            events = events.assign(area=area_keys(events))
    if outlines is not None:
        CoarseAreas(outlines).add_to(m)
    n_events = 0 if events is None else int(events.geometry.notna().sum())
    EventPoints(dense=n_events > DENSE_EVENTS).add_to(m)
    if routes is not None and len(routes):
        RouteLines().add_to(m)
    if mentions is not None and len(mentions):
        # With nothing else to see, the places are what the map is for: show them.
        MentionPoints(show=not n_events and (routes is None or not len(routes))).add_to(m)
    EventHeat().add_to(m)
    EventClusters().add_to(m)

    cases, uncased = case_names(events, routes, mentions)
    for case in cases:
        CaseOverlay(case).add_to(m)
    if uncased or not cases:
        CaseOverlay("").add_to(m)

    data_years, undated = years(events, routes, mentions)
    if title:
        Title(title, _subtitle(data_years, events)).add_to(m)
    Legend(
        _present(events, "type", EVENT_TYPES),
        _present(routes, "commodity", COMMODITIES),
        area_layer.breaks if area_layer is not None else (),
        mentions=mentions is not None and len(mentions) > 0,
        markers=_markers(events),
    ).add_to(m)
    FilterPanel(data_years, undated).add_to(m)
    if events is not None and "date" in events.columns and events["date"].notna().any():
        Timeline().add_to(m)
    Attribution(_state_credits(basemap)).add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)

    # Frame what is shown at first: events and routes; places only when there is nothing else.
    bounds = _bounds(events, routes) or _bounds(mentions)
    if bounds:
        m.fit_bounds(bounds, padding=(30, 30), max_zoom=7)
    MapData(pack(events, routes, mentions)).add_to(m)
    return m


def _state_credits(basemap: object) -> list[str]:
    """The state-outline credits the bundled boundaries ask for, when they are drawn."""
    if basemap is not True:
        return []
    from incidentmap.gazetteer.boundaries import CREDITS

    return [CREDITS[c] for c in ("US", "MX") if c in CREDITS]


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write ``m`` to ``path`` as one HTML file, atomically: a reader never sees half a map.

    The page is rendered in full first, written to a temporary file beside
    ``path`` and renamed over it (`incidentmap.geo.atomic`); temporaries that
    a killed run left beside ``path`` are removed. Returns the path written.
    """
    target = Path(path)
    if target.is_dir():
        raise MapError(f"{target} is a folder; give a file name such as {target / 'map.html'}")
    if not target.parent.exists():
        raise MapError(f"folder {target.parent} does not exist; create it first")
    page = m.get_root().render()
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8") as out:
        out.write(page)
        out.flush()
        os.fsync(out.fileno())
    return target


def split_kinds(
    frame: gpd.GeoDataFrame,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Events, routes and mentions of one stacked frame (``incidentmap.geo.frames.combined_frame``).

    >>> from incidentmap.geo.frames import empty_frame
    >>> [len(part) for part in split_kinds(empty_frame())]
    [0, 0, 0]
    """
    kinds = frame["kind"] if "kind" in frame.columns else None
    if kinds is None:
        raise MapError("records need a 'kind' column (event, route or mention)")
    return tuple(frame[kinds == k] for k in ("event", "route", "mention"))  # type: ignore[return-value]


def map_records(
    frame: gpd.GeoDataFrame,
    *,
    title: str | None = None,
    cdn: bool = False,
    areas: bool = True,
    basemap: bool | tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None] = True,
) -> folium.Map:
    """`build_map` of a stacked frame of every kind, with events counted per state.

    ``areas`` adds the per-state layer: `events_per_state` joins the events
    to the state outlines the way ``incidentmap.geo.joins.admin1_counts`` does.
    """
    events, routes, mentions = split_kinds(frame)
    counts = None
    if areas:
        events, counts = events_per_state(events)
    return build_map(events, routes, mentions, counts, title=title, cdn=cdn, basemap=basemap)


def events_per_state(
    events: gpd.GeoDataFrame,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None]:
    """``events`` with an ``area`` key, and the states they fall in with their ``events`` count.

    Only events placed inside a state (``admin1`` known) are counted: an
    event placed at a whole country's centre says nothing about a state.
    The key is the state's GeoNames code where an outline holds the event
    (``incidentmap.geo.joins.assign_admin1``), else ``"country|admin1"``, the state's
    representative point, as in ``incidentmap.geo.joins.admin1_counts``. None when no
    event lies in a state.
    """
    from incidentmap.geo.joins import admin1_counts, assign_admin1
    from incidentmap.maps.layers import area_keys

    if not len(events) or "admin1" not in events.columns:
        return events, None
    inside = events[events.geometry.notna() & events["admin1"].notna()]
    if not len(inside):
        return events, None
    codes = assign_admin1(inside)["admin1_code"]
    names = area_keys(inside.drop(columns=["area"], errors="ignore"))
    keys = [c if isinstance(c, str) else n for c, n in zip(codes, names, strict=True)]
    events = events.assign(area=None)
    events.loc[inside.index, "area"] = keys
    counts = admin1_counts(inside)
    counts["area"] = [
        code if shape == "outline" else key
        for code, shape, key in zip(
            counts["admin1_code"], counts["shape"], area_keys(counts), strict=True
        )
    ]
    return events, counts
