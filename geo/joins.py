"""Spatial joins: events per state, and the areas routes start and end in.

Points are matched to outlines with geopandas ``sjoin`` against the state
outlines registry packages carry (`incidentmap.gazetteer.boundaries`: US and Mexican
states) and the country outlines. States of other countries have no outline
on any registry; their events are counted at the state's representative
point from the gazetteer (drawn as a proportional symbol).

The outlines are generalised, so along the Rio Grande a point in El Paso can
fall inside Chihuahua's outline and one in Ciudad Juárez inside Texas's. When
a row states its country, only that country's states are candidates, and a
point just outside all of them goes to the nearest (``sjoin_nearest``).

>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> events = gpd.GeoDataFrame({"country": ["US", "MX", "MX"]},
...     geometry=[Point(-106.49, 31.76), Point(-106.42, 31.69), Point(-107.39, 24.80)],
...     crs="EPSG:4326")
>>> admin1_counts(events)[["admin1", "events"]].values.tolist()
[['Chihuahua', 1], ['Sinaloa', 1], ['Texas', 1]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from incidentmap.geo.errors import GeoError

if TYPE_CHECKING:
    import geopandas as gpd

#: A point farther than this from every outline of its country is left unjoined.
NEAREST_KM = 25.0

_EQUAL_AREA = "EPSG:6933"  # metres, world-wide; for distances to outlines


def assign_admin1(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame | None = None):
    """For each point: the ``admin1_code``, ``admin1`` and ``country`` of the state it lies in.

    ``points`` may carry a ``country`` column (ISO alpha-2); where it does, only
    that country's states are candidates. Returns a DataFrame on ``points``'
    index; rows in no outline have nulls.
    """
    import geopandas as gpd
    import pandas as pd

    from incidentmap.gazetteer.boundaries import admin1

    areas = admin1() if areas is None else areas
    pts = points[["geometry"]].copy()
    pts["_country"] = points["country"] if "country" in points.columns else None
    pts = pts[pts.geometry.notna() & ~pts.geometry.is_empty]
    pts = pts.set_crs(points.crs or "EPSG:4326", allow_override=True).to_crs(areas.crs)
    pts["_row"] = pts.index
    keep = ["admin1_code", "admin1", "country", "geometry"]
    hits = gpd.sjoin(pts, areas[keep], how="left", predicate="within")
    # Where outlines overlap at a border, the row's own country decides.
    stated = hits["_country"].notna()
    mismatch = stated & hits["country"].notna() & (hits["_country"] != hits["country"])
    hits = hits[~mismatch]
    hits = hits.sort_values("_row", kind="stable").drop_duplicates("_row")
    found = hits.set_index("_row")[["admin1_code", "admin1", "country"]]
    missing = pts[~pts["_row"].isin(found.index[found["admin1_code"].notna()])]
    missing = missing[missing["_country"].isin(areas["country"].unique())]
    if len(missing):
        near = gpd.sjoin_nearest(
            missing.to_crs(_EQUAL_AREA),
            areas[keep].to_crs(_EQUAL_AREA),
            how="inner",
            max_distance=NEAREST_KM * 1000,
        )
        near = near[near["_country"] == near["country"]].drop_duplicates("_row")
        found = pd.concat(
            [
                found.drop(near["_row"], errors="ignore"),
                near.set_index("_row")[["admin1_code", "admin1", "country"]],
            ]
        )
    return found.reindex(points.index)


def admin1_counts(events: gpd.GeoDataFrame, areas: gpd.GeoDataFrame | None = None):
    """Events per first-level division, as a GeoDataFrame to draw, most events first.

    Columns: ``country``, ``admin1``, ``admin1_code`` (where known),
    ``events`` (the count), ``shape`` (``"outline"`` or ``"point"``) and the
    geometry: the state's outline for US and Mexican states (`areas`, by
    default `incidentmap.gazetteer.boundaries.admin1`), else its representative point
    from the gazetteer, or the mean of its events when the gazetteer has no
    point for it. Events without a geometry, or in no known state, are not
    counted.
    """
    import geopandas as gpd
    import pandas as pd

    from incidentmap.gazetteer import default
    from incidentmap.gazetteer.boundaries import admin1

    if "geometry" not in events:
        raise GeoError("admin1_counts needs a GeoDataFrame of events with a geometry column")
    areas = admin1() if areas is None else areas
    columns = ["country", "admin1", "admin1_code", "events", "shape", "geometry"]
    located = events[events.geometry.notna() & ~events.geometry.is_empty]
    if "place" in located.columns and "admin1" in located.columns:
        # An event placed at a whole country's (or region's) point says nothing
        # about a state, though the point lies in one.
        gz = default()
        broad = [
            pd.isna(a) and _names_an_area(gz, p) is not None
            for p, a in zip(located["place"], located["admin1"], strict=True)
        ]
        located = located[[not b for b in broad]]
    if located.empty:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    joined = assign_admin1(located, areas)
    outlined = joined[joined["admin1_code"].notna()]
    counts = outlined.groupby(["admin1_code"]).size().rename("events").reset_index()
    shapes = areas.merge(counts, on="admin1_code")
    shapes["shape"] = "outline"
    frames = [shapes[columns]]

    # Events in countries without outlines: their state is the one the row names.
    rest = located[~located.index.isin(outlined.index)]
    if len(rest) and "admin1" in rest.columns:
        rest = rest[rest["admin1"].notna() & rest["country"].notna()]
        rest = rest[~rest["country"].isin(areas["country"].unique())]
        if len(rest):
            frames.append(_point_counts(rest))
    out = pd.concat(frames, ignore_index=True)
    out = gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    return out.sort_values(["events", "admin1"], ascending=[False, True], ignore_index=True)


def _point_counts(events: gpd.GeoDataFrame):
    """Counts per (country, admin1) at the gazetteer's point for the state."""
    import geopandas as gpd
    from shapely.geometry import MultiPoint, Point

    from incidentmap.gazetteer import default

    gz = default()
    rows = []
    for (cc, name), group in events.groupby(["country", "admin1"]):
        state = gz.admin1(cc, name)
        point = Point(state.lon, state.lat) if state else MultiPoint(list(group.geometry)).centroid
        rows.append(
            {
                "country": cc,
                "admin1": name,
                "admin1_code": state.admin1_code if state else None,
                "events": len(group),
                "shape": "point",
                "geometry": point,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def routes_areas(routes: gpd.GeoDataFrame, areas: gpd.GeoDataFrame | None = None):
    """``routes`` with the areas each starts and ends in: ``origin_area``, ``destination_area``.

    An end lies in a US or Mexican state when it is inside one's outline,
    else in the country whose outline holds it. An end that stands for a
    whole country ("United States" → "Mexico") is that country, not the state
    its representative point happens to fall in. Also adds
    ``origin_country`` and ``destination_country`` (ISO alpha-2).
    """
    import geopandas as gpd
    import pandas as pd
    from shapely import get_point

    from incidentmap.gazetteer import default
    from incidentmap.gazetteer.boundaries import admin1, countries

    areas = admin1() if areas is None else areas
    world = countries()
    gz = default()
    out = routes.copy()
    lines = routes.geometry
    for side, index in (("origin", 0), ("destination", -1)):
        ends = gpd.GeoDataFrame(
            geometry=get_point(lines.values, index), index=routes.index, crs=routes.crs
        )
        country_hits = gpd.sjoin(ends, world[["name", "iso_a2", "geometry"]], how="left")
        country_hits = country_hits[~country_hits.index.duplicated()]
        ends["country"] = country_hits["iso_a2"]
        states = assign_admin1(ends, areas)
        names = routes[side] if side in routes.columns else pd.Series(None, index=routes.index)
        area, cc = [], []
        for idx in routes.index:
            name = names.get(idx)
            here = ends.at[idx, "country"]
            whole = _names_a_country(gz, name)
            if whole is not None and whole.country == here:
                area.append(whole.name)
                cc.append(whole.country)
            elif pd.notna(states.at[idx, "admin1"]) if idx in states.index else False:
                area.append(states.at[idx, "admin1"])
                cc.append(states.at[idx, "country"])
            else:
                area.append(
                    country_hits.at[idx, "name"] if pd.notna(ends.at[idx, "country"]) else None
                )
                cc.append(ends.at[idx, "country"] if pd.notna(ends.at[idx, "country"]) else None)
        out[f"{side}_area"] = area
        out[f"{side}_country"] = cc
    return out


def _names_a_country(gz, name: object):
    """The country ``name`` names, when that is what it names first ("Georgia" is both:
    the caller checks the route's end lies in that country)."""
    place = _names_an_area(gz, name)
    return place if place is not None and place.level == "country" else None


def _names_an_area(gz, name: object):
    """The country or region ``name`` names, when that is what it names first."""
    if not isinstance(name, str) or not name.strip():
        return None
    found = gz.lookup(name, limit=1)
    if found and found[0].place.level in ("country", "region"):
        return found[0].place
    return None
