"""What the extractor knows of an event, on the map: how sure, who, how much, how many reports."""

from __future__ import annotations

import pytest
from map_browser import event_pixel, events_alpha, map_page
from map_records import HOUSTON, JUAREZ, PHOENIX

from incidentmap.geo.records import Event

playwright_api = pytest.importorskip("playwright.sync_api")


def _event(id_, place, confidence, **kw) -> Event:
    return Event(
        id=id_,
        type="seizure",
        doc="a.txt",
        doc_id="d1",
        sentence=f"Agents seized drugs in {place.name}.",
        start=0,
        end=5,
        date="2020-03-04",
        precision="day",
        year=2020,
        place=place,
        place_text=place.name,
        confidence=confidence,
        **kw,
    )


EVENTS = [
    _event(
        "sure",
        JUAREZ,
        0.92,
        agent="Mexican Army",
        target="Joaquín Guzmán",
        quantity=350.0,
        unit="kilograms",
        item="methamphetamine",
        fatalities=2,
        sources=3,
        reports=({"doc": "b.txt"}, {"doc": "c.txt"}),
    ),
    _event("unsure", PHOENIX, 0.31),
    _event("plain", HOUSTON, 0.8),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from incidentmap.geo.frames import events_frame
    from incidentmap.maps.render import build_map, save_map

    m = build_map(events_frame(EVENTS), basemap=False)
    path = save_map(m, tmp_path_factory.mktemp("details") / "map.html")
    with map_page(path) as page:
        yield page


def test_an_unsure_event_is_drawn_hollow(page):
    assert events_alpha(page, event_pixel(page, "sure", pan=True)) > 150
    assert events_alpha(page, event_pixel(page, "unsure", pan=True)) < 40
    x, y = event_pixel(page, "unsure", pan=True)
    # ... but its ring is there to see and click.
    assert max(events_alpha(page, (x + dx, y)) for dx in range(3, 9)) > 150


def test_the_legend_explains_hollow_markers(page):
    assert "confidence below 0.5" in page.inner_text("#im-legend")


def test_the_popup_shows_who_how_much_and_how_sure(page):
    x, y = event_pixel(page, "sure", pan=True)
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content .im-popup")
    text = page.inner_text(".leaflet-popup-content")
    for part in (
        "Mexican Army",
        "Joaquín Guzmán",
        "350 kilograms of methamphetamine",
        "Fatalities\t2",
        "Confidence\t0.92",
        "Reports\t3",
    ):
        assert part in text
