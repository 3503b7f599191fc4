"""The timeline under the map: events per month as bars, drag a period, play month by month."""

from __future__ import annotations

import pytest
from map_browser import map_page
from map_records import BOSTON, HOUSTON, JUAREZ, PHOENIX, TUCSON

from incidentmap.geo.records import Event

playwright_api = pytest.importorskip("playwright.sync_api")


def _event(id_, date, precision, place) -> Event:
    return Event(
        id=id_,
        type="arrest",
        doc="a.txt",
        doc_id="d1",
        sentence=f"An arrest in {place.name}.",
        start=0,
        end=5,
        date=date,
        precision=precision,
        year=int(date[:4]) if date else None,
        place=place,
        place_text=place.name,
    )


EVENTS = [
    _event("jan-a", "2011-01-05", "day", PHOENIX),
    _event("jan-b", "2011-01-20", "day", TUCSON),
    _event("feb", "2011-02", "month", JUAREZ),
    _event("apr", "2011-04-02", "day", HOUSTON),
    _event("next-year", "2012-06-30", "day", BOSTON),
    _event("year-only", "2011", "year", JUAREZ),
    _event("undated", None, "unknown", HOUSTON),
]


@pytest.fixture
def page(tmp_path_factory):
    from incidentmap.geo.frames import events_frame
    from incidentmap.maps.render import build_map, save_map

    m = build_map(events_frame(EVENTS), basemap=False)
    path = save_map(m, tmp_path_factory.mktemp("timeline") / "map.html")
    with map_page(path) as page:
        yield page


def _visible_ids(page) -> set[str]:
    return set(
        page.evaluate(
            "IncidentMap.visible('events').map(r => IncidentMap.value(r, 'id'))",
        )
    )


def _bar(page, month: str):
    return page.locator(f"#im-timeline rect.im-bar[data-month='{month}']")


def test_the_timeline_shows_a_bar_per_month_with_events(page):
    assert page.locator("#im-timeline").is_visible()
    heights = {
        m: float(_bar(page, m).get_attribute("height"))
        for m in ("2011-01", "2011-02", "2011-03", "2011-04", "2012-06")
    }
    assert heights["2011-01"] > heights["2011-02"] > 0
    assert heights["2011-03"] == 0 and heights["2012-06"] > 0
    assert page.inner_text("#im-period") == "all months"


def test_dragging_a_period_hides_events_outside_it(page):
    start = _bar(page, "2011-01").bounding_box()
    end = _bar(page, "2011-02").bounding_box()
    y = start["y"] + start["height"] / 2
    page.mouse.move(start["x"] + start["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, y, steps=5)
    page.mouse.up()
    assert page.inner_text("#im-period") == "2011-01 – 2011-02"
    # Dated to a year that overlaps the period: kept; undated: left to the "undated" box.
    assert _visible_ids(page) == {"jan-a", "jan-b", "feb", "year-only", "undated"}
    assert page.inner_text("#im-count-events") == "5"
    page.click("#im-period-all")
    assert page.inner_text("#im-period") == "all months"
    assert page.inner_text("#im-count-events") == str(len(EVENTS))


def test_play_steps_through_the_months(page):
    page.uncheck("#im-year-undated")
    page.click("#im-play")
    page.wait_for_function("document.getElementById('im-period').textContent === '2011-01'")
    assert _visible_ids(page) == {"jan-a", "jan-b", "year-only"}
    page.wait_for_function("document.getElementById('im-period').textContent === '2011-02'")
    assert _visible_ids(page) == {"feb", "year-only"}
    page.click("#im-play")  # pause
    paused = page.inner_text("#im-period")
    page.wait_for_timeout(1500)
    assert page.inner_text("#im-period") == paused
