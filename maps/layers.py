"""The map's overlays, each a small folium element the page script fills from the records.

Every layer here renders a few lines of JavaScript: an empty Leaflet group
plus one call into the page script (``maps/templates/incidentmap.js``) that
says what to draw in it. The records themselves travel once, packed
(`incidentmap.maps.payload`), and the page script builds the markers and lines from
them, so 100,000 events are one data block drawn on one canvas, not 100,000
folium ``Marker`` objects, and the case and year filters reach every layer.

Each builder works alone on any folium map that also carries the page
script and the records (`incidentmap.maps.render.build_map` adds both):

>>> import folium
>>> m = folium.Map(tiles=None)
>>> _ = EventPoints().add_to(m)
>>> 'IncidentMap.pointLayer("events"' in m.get_root().render()
True
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from incidentmap.maps.anchors import AREA_WORDS, COARSE_LEVELS
from incidentmap.maps.assets import CLUSTER_CSS, CLUSTER_DEFAULT_CSS, CLUSTER_JS, HEAT_JS
from incidentmap.maps.styles import (
    COMMODITY_STYLES,
    EVENT_COLOURS,
    MENTION_COLOUR,
    count_breaks,
    count_colours,
)

if TYPE_CHECKING:
    import geopandas as gpd

#: Circle-marker look shared by every event, whatever its type.
EVENT_MARKER = {"radius": 6, "weight": 1, "color": "#1a1a1a", "opacity": 0.9, "fillOpacity": 0.88}
#: The look past `DENSE_EVENTS` events: smaller and without an outline, which halves the
#: canvas work per marker and keeps crowded areas readable.
DENSE_MARKER = {"radius": 4, "stroke": False, "fillOpacity": 0.75}
DENSE_EVENTS = 10_000
#: The look of an event placed only to a state or country: a larger dashed ring one sees the
#: map through, so it never reads as a town at the area's centre.
AREA_MARKER = {
    "radius": 9,
    "weight": 2,
    "color": "#1a1a1a",
    "opacity": 0.9,
    "fillOpacity": 0.18,
    "dash": [4, 3],
    "levels": list(COARSE_LEVELS),
}
#: Events the extractor is less sure of than this are drawn hollow: a ring in the type's colour.
UNSURE_BELOW = 0.5
UNSURE_MARKER = {"below": UNSURE_BELOW, "weight": 2.2, "opacity": 0.95, "fillOpacity": 0.0}

#: Label of the overlay that holds records without a case.
NO_CASE_LABEL = "No case"


def _type_styles() -> dict[str, dict[str, str]]:
    styles = {t: {"fillColor": c} for t, c in EVENT_COLOURS.items()}
    styles[""] = {"fillColor": EVENT_COLOURS["other"]}
    return styles


class EventPoints(Layer):
    """Events as dots coloured by type, drawn on one canvas; a click opens the popup.

    >>> EventPoints().options["base"]["radius"]
    6
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IncidentMap.pointLayer("events", {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str = "Events", show: bool = True, dense: bool = False) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "EventPoints"
        self.options = {
            "base": DENSE_MARKER if dense else EVENT_MARKER,
            "coarse": {**AREA_MARKER, "words": AREA_WORDS},
            "unsure": UNSURE_MARKER,
            "styles": _type_styles(),
        }


class MentionPoints(Layer):
    """Every place an article names, as small hollow rings; off by default (events matter more).

    >>> MentionPoints().show
    False
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IncidentMap.pointLayer("mentions", {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str = "Mentioned places", show: bool = False) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "MentionPoints"
        self.options = {
            "base": {
                "radius": 4,
                "weight": 1.5,
                "color": MENTION_COLOUR,
                "opacity": 0.8,
                "fillColor": "#ffffff",
                "fillOpacity": 0.6,
            },
            "styles": {},
        }


class RouteLines(Layer):
    """Trafficking routes as directed lines: arrow head at the destination, width by volume,
    colour and dash by commodity (`incidentmap.maps.styles.COMMODITY_STYLES`).

    >>> RouteLines().options["styles"]["drugs"]["dashArray"]
    '8 6'
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        IncidentMap.routes({{ this.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str = "Routes", show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "RouteLines"
        styles = {
            k: {key: v for key, v in s.items() if v is not None}
            for k, s in COMMODITY_STYLES.items()
        }
        styles[""] = styles["other"]
        self.options = {
            "base": {"weight": 2.5, "opacity": 0.85, "lineCap": "round"},
            "styles": styles,
        }


class EventHeat(JSCSSMixin, Layer):
    """A heat surface of the events that pass the filters (Leaflet.heat).

    >>> EventHeat().show
    False
    """

    default_js = [("leaflet-heat.js", HEAT_JS)]
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.heatLayer([], {{ this.options|tojson }});
        IncidentMap.heat({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str = "Heat", show: bool = False) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "EventHeat"
        self.options = {"radius": 18, "blur": 16, "minOpacity": 0.35, "maxZoom": 9}


class EventClusters(JSCSSMixin, Layer):
    """Events grouped into numbered clusters where they crowd (Leaflet.markercluster).

    Off by default and filled only while shown: clustering 100,000 points takes
    seconds, which the canvas layer and the heat layer do not.

    >>> EventClusters().options["cluster"]["chunkedLoading"]
    True
    """

    default_js = [("markerclusterjs", CLUSTER_JS)]
    default_css = [
        ("markerclustercss", CLUSTER_CSS),
        ("markerclusterdefaultcss", CLUSTER_DEFAULT_CSS),
    ]
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.markerClusterGroup({{ this.options.cluster|tojson }});
        IncidentMap.clusters({{ this.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str = "Clusters", show: bool = False) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "EventClusters"
        self.options = {
            "cluster": {
                "chunkedLoading": True,
                "showCoverageOnHover": False,
                "maxClusterRadius": 50,
            },
            "base": EVENT_MARKER,
            "styles": _type_styles(),
        }


class AreaCounts(Layer):
    """Admin areas shaded by how many of the visible events lie in them (choropleth);
    areas known only by a point are drawn as circles sized by that count.

    ``areas`` is what ``incidentmap.geo.joins.admin1_counts`` gives: ``country``,
    ``admin1``, ``events`` (the count) and a geometry, plus an ``area`` key
    (`area_keys`) when events carry one too. The page recounts from the
    events that pass the filters, matching each event's ``area`` with the
    area's; the colour classes (`incidentmap.maps.styles.count_breaks`) come from the
    unfiltered counts.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        IncidentMap.areas(
            {{ this.get_name() }}, {{ this.geojson|tojson }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        areas: gpd.GeoDataFrame,
        name: str = "Events per state",
        show: bool = True,
        tolerance: float = 0.01,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "AreaCounts"
        self.geojson = areas_geojson(areas, tolerance)
        largest = int(areas["events"].max()) if "events" in areas.columns and len(areas) else 1
        self.breaks = count_breaks(largest)
        self.options = {
            "base": {"color": "#7a7a7a", "weight": 0.8, "opacity": 0.7, "fill": True},
            "breaks": self.breaks,
            "colours": count_colours(len(self.breaks)),
            "empty": "#ffffff",
            "pointScale": 3.0,
        }


def area_keys(frame: gpd.GeoDataFrame) -> list[str]:
    """The key that ties events to their admin area: the ``area`` column, else country|admin1.

    >>> import geopandas as gpd
    >>> area_keys(gpd.GeoDataFrame({"country": ["MX", "US"], "admin1": ["Sonora", None]}))
    ['MX|Sonora', 'US|']
    """

    def part(v: object) -> str:
        return v if isinstance(v, str) else ""

    if "area" in frame.columns:
        return [part(v) for v in frame["area"]]
    return [f"{part(c)}|{part(a)}" for c, a in zip(frame["country"], frame["admin1"], strict=True)]


def areas_geojson(areas: gpd.GeoDataFrame, tolerance: float = 0.01) -> dict:
    """The areas as a small GeoJSON FeatureCollection: simplified outlines, ``key`` and ``name``.

    >>> import geopandas as gpd, shapely
    >>> a = gpd.GeoDataFrame({"country": ["MX"], "admin1": ["Sonora"]},
    ...                      geometry=[shapely.Point(-110.9, 29.1)], crs="EPSG:4326")
    >>> areas_geojson(a)["features"][0]["properties"]
    {'key': 'MX|Sonora', 'name': 'Sonora'}
    """
    import json

    import shapely

    names = areas["name"] if "name" in areas.columns else areas["admin1"]
    frame = areas.assign(
        key=area_keys(areas),
        name=[n if isinstance(n, str) else a for n, a in zip(names, areas["admin1"], strict=True)],
    )[["key", "name", "geometry"]]
    frame = frame[frame.geometry.notna()]
    frame = frame.set_geometry(shapely.set_precision(frame.geometry.simplify(tolerance), 0.001))
    return json.loads(frame.to_json(drop_id=True))


class CaseOverlay(Layer):
    """An overlay that stands for one case: hiding it hides the case's events, routes and places.

    It holds no layers of its own: the page script listens to it being shown
    or hidden and filters every data layer. A record of several cases stays
    visible while any of its cases is shown. ``case`` is ``""`` for the
    records without a case.

    >>> CaseOverlay("García Luna").layer_name
    'Case: García Luna'
    >>> CaseOverlay("<b>x</b>").layer_name
    'Case: &lt;b&gt;x&lt;/b&gt;'
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        IncidentMap.registerCase({{ this.case|tojson }}, {{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, case: str, show: bool = True) -> None:
        # Leaflet's layer control writes names as HTML: escape what came from the data.
        label = f"Case: {html.escape(case)}" if case else NO_CASE_LABEL
        super().__init__(name=label, overlay=True, control=True, show=show)
        self._name = "CaseOverlay"
        self.case = case


def case_names(*frames: gpd.GeoDataFrame | None) -> tuple[list[str], bool]:
    """The distinct cases in the ``case`` columns of ``frames`` (split on ``;``), sorted,
    and whether any drawable record has no case.

    >>> import geopandas as gpd, shapely
    >>> f = gpd.GeoDataFrame({"case": ["B; A", None, "A"]}, geometry=[shapely.Point(0, 0)] * 3)
    >>> case_names(f)
    (['A', 'B'], True)
    """
    names: set[str] = set()
    uncased = False
    for frame in frames:
        if frame is None or not len(frame):
            continue
        drawable = frame[frame.geometry.notna()]
        values = drawable["case"] if "case" in drawable.columns else [None] * len(drawable)
        for value in values:
            parts = [p.strip() for p in value.split(";")] if isinstance(value, str) else []
            parts = [p for p in parts if p]
            names.update(parts)
            uncased = uncased or not parts
    return sorted(names, key=str.casefold), uncased


class CoarseAreas(Layer):
    """Dashed outlines of the states and countries that events or route ends are placed in
    without a finer place, shown while such a record is visible.

    An event "in Texas" is drawn as a ring at the state's point, never a dot that reads
    as a town; this layer shows the area the ring stands for. ``outlines`` is what
    `coarse_outlines` gives: ``key``, ``name``, ``level`` and a polygon per area.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        IncidentMap.outlines(
            {{ this.get_name() }}, {{ this.geojson|tojson }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        outlines: gpd.GeoDataFrame,
        name: str = "State / country areas",
        show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "CoarseAreas"
        from incidentmap.maps.basemap import outlines_geojson

        self.geojson = outlines_geojson(outlines, 0.02, ["key", "name", "level"])
        self.options = {
            "style": {
                "color": "#333333",
                "weight": 1.6,
                "opacity": 0.85,
                "dashArray": "6 5",
                "fill": False,
            },
            "words": AREA_WORDS,
        }


def _coarse_key(level: object, country: object, admin1: object, states: set[str]) -> str | None:
    if level == "country" and isinstance(country, str):
        return country
    if level == "admin1" and isinstance(admin1, str) and f"{country}|{admin1}" in states:
        return f"{country}|{admin1}"
    return None


def coarse_outlines(
    events: gpd.GeoDataFrame | None, routes: gpd.GeoDataFrame | None = None
) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
    """Events and routes with an ``outline`` key (``"US|Texas"``, ``"MX"``) where they are
    placed only to a state or country, and the outlines of those areas (None when none).

    Routes carry one key per coarse end, joined with ``";"``; an end moved to a port of
    entry (`incidentmap.maps.anchors`) is a point again and has none. States are
    outlined where the bundled boundaries have them (US, Mexico), countries everywhere.
    """
    import geopandas as gpd
    import pandas as pd

    from incidentmap.gazetteer.boundaries import ADMIN1_COUNTRIES, admin1, countries

    def vague(frame: gpd.GeoDataFrame | None) -> bool:
        if frame is None or not len(frame) or "level" not in frame.columns:
            return False
        return any(
            isinstance(v, str) and any(lv in ("country", "admin1") for lv in _ends(v))
            for v in frame["level"].unique()
        )

    if not (vague(events) or vague(routes)):
        return events, routes, None
    events, routes = (
        None if f is None else f.assign(**{c: None for c in ("country", "admin1") if c not in f})
        for f in (events, routes)
    )
    wanted = {
        c for f in (events, routes) if f is not None and len(f) for c in f["country"].dropna()
    }
    state_countries = {c for c in ADMIN1_COUNTRIES if any(c in w for w in wanted)}
    states = admin1(state_countries) if state_countries else None
    state_keys = (
        {f"{c}|{a}" for c, a in zip(states["country"], states["admin1"], strict=True)}
        if states is not None
        else set()
    )
    used: dict[str, str] = {}  # key -> level
    if events is not None and len(events) and "level" in events.columns:
        keys = [
            _coarse_key(lv, c, a, state_keys)
            for lv, c, a in zip(events["level"], events["country"], events["admin1"], strict=True)
        ]
        events = events.assign(outline=keys)
        used.update({k: ("country" if "|" not in k else "admin1") for k in keys if k})
    if routes is not None and len(routes) and "level" in routes.columns:
        keys = []
        anchored = routes["anchor"] if "anchor" in routes.columns else [None] * len(routes)
        for lv, c, a, anchor in zip(
            routes["level"], routes["country"], routes["admin1"], anchored, strict=True
        ):
            if anchor == "crossing" or not isinstance(lv, str):
                keys.append(None)
                continue
            ends = []
            for i, part in enumerate(_ends(lv)):
                cc, a1 = _ends(c)[i], _ends(a)[i]
                ends.append(_coarse_key(part, cc, a1, state_keys))
            if anchor == "port":
                # The country end is a port now; only a state end still stands for an area.
                ends = [k for k in ends if k and "|" in k]
            found = [k for k in dict.fromkeys(ends) if k]
            keys.append(";".join(found) or None)
            used.update({k: ("country" if "|" not in k else "admin1") for k in found})
    if not used:
        return events, routes, None
    parts = []
    world = countries()
    nations = world[world["iso_a2"].isin([k for k in used if "|" not in k])]
    if len(nations):
        parts.append(
            gpd.GeoDataFrame(
                {"key": nations["iso_a2"], "name": nations["name"], "level": "country"},
                geometry=nations.geometry.values,
                crs="EPSG:4326",
            )
        )
    if states is not None:
        keyed = states.assign(key=states["country"] + "|" + states["admin1"])
        keyed = keyed[keyed["key"].isin(used)]
        if len(keyed):
            parts.append(
                gpd.GeoDataFrame(
                    {"key": keyed["key"], "name": keyed["admin1"], "level": "admin1"},
                    geometry=keyed.geometry.values,
                    crs="EPSG:4326",
                )
            )
    if not parts:
        return events, routes, None
    outlines = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    return events, routes, outlines


def _ends(cell: object) -> tuple[str | None, str | None]:
    """(origin, destination) of a route's paired cell (``"US → MX"``, or one value for both)."""
    if not isinstance(cell, str) or not cell:
        return None, None
    parts = [p.strip() for p in cell.split("→")]
    return (None if parts[0] == "?" else parts[0], None if parts[-1] == "?" else parts[-1])
