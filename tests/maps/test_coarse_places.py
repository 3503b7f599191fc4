"""Places known only to a state or a country look like areas, not towns (issue 10, item 5).

An event "in Texas" must not be a dot that reads as a town in the middle of
the state, and a flow "from the United States to Mexico" must not start in
Kansas: such routes are drawn across a port of entry on the border.
"""

from __future__ import annotations

import math

import pytest
from map_browser import event_pixel, events_alpha, map_page
from map_records import HOUSTON, MX, PHOENIX, US

from incidentmap.gazetteer.place import Place
from incidentmap.geo.records import Event, Route

playwright_api = pytest.importorskip("playwright.sync_api")

TEXAS = Place("geonames:4736286", "Texas", "admin1", 31.25, -99.25, "US", "Texas")


def _event(id_: str, place: Place, type_: str = "conviction") -> Event:
    return Event(
        id=id_,
        type=type_,
        doc="a.txt",
        doc_id="d1",
        sentence=f"Sentence about {place.name}.",
        start=0,
        end=5,
        date="2019-05-02",
        precision="day",
        year=2019,
        place=place,
        place_text=place.name,
    )


EVENTS = [
    _event("town", HOUSTON),
    _event("state", TEXAS),
    _event("nation", US),
]
ROUTES = [
    Route("national", US, MX, "a.txt", "d1", "Guns go from the US to Mexico.", 0, 5, year=2019),
    Route("from-city", PHOENIX, MX, "a.txt", "d1", "Guns go from Phoenix to Mexico.", 0, 5),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from incidentmap.geo.frames import events_frame, routes_frame
    from incidentmap.maps.render import build_map, save_map

    m = build_map(events_frame(EVENTS), routes_frame(ROUTES), basemap=False)
    path = save_map(m, tmp_path_factory.mktemp("coarse") / "map.html")
    with map_page(path) as page:
        yield page


def _popup(page, id_: str) -> str:
    # Bring the marker to the middle of the map, clear of the legend and panels.
    x, y = event_pixel(page, id_, pan=True)
    box = page.evaluate(
        "(() => { const b = IncidentMap.map.getContainer().getBoundingClientRect();"
        " return [b.left, b.top]; })()"
    )
    page.mouse.click(box[0] + x, box[1] + y)
    page.wait_for_selector(".leaflet-popup-content .im-popup")
    text = page.inner_text(".leaflet-popup-content")
    page.evaluate("IncidentMap.map.closePopup()")
    page.wait_for_selector(".leaflet-popup", state="detached")  # it fades out first
    return text


def test_a_state_level_event_is_not_drawn_as_a_town(page):
    # A town is a filled dot; a state is a ring you can see the map through.
    assert events_alpha(page, event_pixel(page, "town")) > 150
    assert events_alpha(page, event_pixel(page, "state")) < 80
    assert events_alpha(page, event_pixel(page, "nation")) < 80


def test_the_state_and_country_are_outlined_with_dashes(page):
    outlined = page.evaluate(
        """(() => {
            const spec = IncidentMap.layers.find(l => l.outlines);
            return spec.outlines.filter(o => o._map).map(o => [o.areaName, o.options.dashArray]);
        })()"""
    )
    names = {name for name, dash in outlined if dash}
    assert {"Texas", "United States"} <= names


def test_the_popup_says_somewhere_in_the_state(page):
    assert "somewhere in Texas" in _popup(page, "state")
    assert "somewhere in United States" in _popup(page, "nation")
    assert "somewhere" not in _popup(page, "town")


def test_the_legend_explains_the_ring(page):
    legend = page.inner_text("#im-legend")
    assert "somewhere in a state or country" in legend


def _ends(page, id_: str):
    return page.evaluate(
        """id => {
            const r = IncidentMap.store.routes.find(r => IncidentMap.value(r, 'id') === id);
            return [r.path[0], r.path[r.path.length - 1]];
        }""",
        id_,
    )


def _km(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


def test_a_us_to_mexico_route_crosses_at_a_port_not_between_centroids(page):
    start, end = _ends(page, "national")
    assert _km(start, (US.lat, US.lon)) > 500
    assert _km(end, (MX.lat, MX.lon)) > 500
    # Both ends sit at one port of entry: the US side, then the Mexican side.
    assert _km(start, end) < 30
    assert start[0] > end[0] - 0.2  # north of (or level with) the Mexican end


def test_a_route_from_a_city_ends_at_the_nearest_port(page):
    start, end = _ends(page, "from-city")
    assert _km(start, (PHOENIX.lat, PHOENIX.lon)) < 1
    nogales = (31.309, -110.942)
    assert _km(end, nogales) < 10


def test_the_route_popup_says_where_it_is_drawn(page):
    text = page.evaluate(
        """(() => {
            const r = IncidentMap.store.routes.find(r => IncidentMap.value(r, 'id') === 'national');
            return IncidentMap.popup(r).textContent;
        })()"""
    )
    assert "port of entry" in text
