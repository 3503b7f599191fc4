"""The map as a reader uses it: headless Chromium, offline, clicking what a reader clicks."""

from __future__ import annotations

import pytest
from map_browser import launch, open_map
from map_records import EVENTS, F_AND_F, HOSTILE, ROUTES

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def map_file(frames, tmp_path_factory):
    from incidentmap.maps.render import build_map, events_per_state, save_map

    events, routes, mentions = frames
    events, areas = events_per_state(events)
    m = build_map(events, routes, mentions, areas, title="Guns across the border")
    return save_map(m, tmp_path_factory.mktemp("map") / "map.html")


@pytest.fixture
def visit(browser, map_file):
    v = open_map(browser, map_file)
    yield v
    v.page.close()
    assert v.problems() == []


def _toggle_overlay(page, label: str) -> None:
    page.locator(".leaflet-control-layers-overlays label", has_text=label).click()


def _only_year(page, year: int) -> None:
    page.click("#im-years-none")
    page.check(f"input.im-year[value='{year}']")


def test_opens_offline_with_every_event_route_and_the_status_line(visit):
    assert visit.counts() == {"events": len(EVENTS), "routes": len(ROUTES), "mentions": 2}
    # Every event is drawn: the view opens on all of them.
    assert visit.page.evaluate("IncidentMap.pointLayers[0].count()") == len(EVENTS)
    status = visit.page.inner_text("#im-status")
    assert status.startswith(f"{len(EVENTS)} events, {len(ROUTES)} routes shown")
    # Mentioned places pass the filters but are off by default; the events layer is on.
    overlays = visit.page.locator(".leaflet-control-layers-overlays label")
    assert not overlays.filter(has_text="Mentioned places").locator("input").is_checked()
    assert overlays.filter(has_text="Events").first.locator("input").is_checked()


def test_unchecking_a_case_hides_its_events_and_routes(visit):
    only_fandf = [e for e in EVENTS if e.cases == (F_AND_F,)]
    _toggle_overlay(visit.page, f"Case: {F_AND_F}")
    counts = visit.counts()
    assert counts["events"] == len(EVENTS) - len(only_fandf)
    assert visit.page.evaluate("IncidentMap.pointLayers[0].count()") == counts["events"]
    assert counts["routes"] == len(ROUTES) - 1
    # An event of two cases stays while one of them is shown.
    shown = visit.page.evaluate(
        "IncidentMap.visible('events').map(r => IncidentMap.value(r, 'id'))"
    )
    assert "e12" in shown and "e2" not in shown
    assert visit.page.inner_text("#im-count-events") == str(counts["events"])
    _toggle_overlay(visit.page, f"Case: {F_AND_F}")
    assert visit.counts()["events"] == len(EVENTS)


def test_picking_a_year_shows_only_that_year(visit):
    _only_year(visit.page, 2011)
    years = visit.page.evaluate("IncidentMap.visible('events').map(r => r.year)")
    assert years and set(years) == {2011}
    assert len(years) == sum(1 for e in EVENTS if e.year == 2011)
    assert visit.counts()["routes"] == sum(1 for r in ROUTES if r.year == 2011)


def test_undated_items_stay_under_their_own_choice(visit):
    visit.page.click("#im-years-none")
    assert visit.counts()["events"] == 0
    visit.page.check("#im-year-undated")
    assert visit.counts()["events"] == sum(1 for e in EVENTS if e.year is None)


def test_year_and_case_filters_combine(visit):
    _only_year(visit.page, 2011)
    _toggle_overlay(visit.page, f"Case: {F_AND_F}")
    assert visit.counts()["events"] == 0
    visit.page.check("input.im-year[value='2021']")
    expected = [e for e in EVENTS if e.year == 2021 and F_AND_F not in e.cases]
    assert visit.counts()["events"] == len(expected)


def _click_event(page, event_id: str) -> str:
    """Click the event's marker where it is drawn; return the open popup's text."""
    x, y = page.evaluate(
        """id => {
            const r = IncidentMap.store.events.find(r => IncidentMap.value(r, 'id') === id);
            const p = IncidentMap.map.latLngToContainerPoint([r.lat, r.lon]);
            const box = IncidentMap.map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        event_id,
    )
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content .im-popup")
    return page.inner_text(".leaflet-popup-content")


def test_popup_quotes_the_sentence_and_cites_the_article(visit):
    event = next(e for e in EVENTS if e.id == "e2")
    text = _click_event(visit.page, "e2")
    assert visit.page.inner_text(".im-quote") == event.sentence
    for part in (
        "seizure",
        "2011-04 (month)",
        "Ciudad Juárez",
        F_AND_F,
        event.title,
        "Border Desk",
    ):
        assert part in text


def test_article_markup_is_shown_as_text_never_run(visit):
    _click_event(visit.page, "e9")
    assert visit.page.inner_text(".im-quote") == HOSTILE
    assert visit.page.evaluate("window.__pwned") is None
    assert visit.page.locator(".leaflet-popup-content img").count() == 0


def test_screenshot_of_the_map(visit, tmp_path_factory):
    shot = tmp_path_factory.mktemp("screenshots") / "map.png"
    visit.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_events_at_one_place_share_one_popup(visit):
    boston = [e for e in EVENTS if e.place.name == "Boston"]
    text = _click_event(visit.page, boston[0].id)
    assert f"{len(boston)} events here" in text
    quotes = visit.page.locator(".leaflet-popup-content .im-quote").all_inner_texts()
    assert sorted(quotes) == sorted(e.sentence for e in boston)


def test_clusters_and_heat_follow_the_filters(visit):
    page = visit.page
    _toggle_overlay(page, "Clusters")
    _toggle_overlay(page, "Heat")
    clustered = "IncidentMap.layers.find(l => l.cluster).cluster.getLayers().length"
    heat = "IncidentMap.layers.find(l => l.heat).heat._latlngs.length"
    assert page.evaluate(clustered) == len(EVENTS)
    assert page.evaluate(heat) == len(EVENTS)
    _only_year(page, 2011)
    assert page.evaluate(clustered) == page.evaluate(heat) == 3


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    from incidentmap.api import demo

    folder = tmp_path_factory.mktemp("demo")
    demo(folder)
    return folder


def test_the_demo_map_works_offline(browser, demo_dir):
    import json

    features = json.loads((demo_dir / "incidentmap.geojson").read_text())["features"]
    events = [f for f in features if f["properties"]["kind"] == "event" and f["geometry"]]
    cased = [f for f in events if f["properties"]["case"] == "Fast and Furious"]
    v = open_map(browser, demo_dir / "map.html")
    try:
        assert v.counts()["events"] == len(events) >= 8
        _toggle_overlay(v.page, "Case: Fast and Furious")
        assert v.counts()["events"] == len(events) - len(cased)
        _toggle_overlay(v.page, "Case: Fast and Furious")
        lone = next(f for f in events if sum(g["geometry"] == f["geometry"] for g in events) == 1)
        _click_event(v.page, lone["properties"]["id"])
        assert v.page.inner_text(".im-quote") == lone["properties"]["quote"]
        shot = demo_dir / "demo.png"
        v.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
    finally:
        v.page.close()
    assert v.problems() == []


def test_an_online_base_layer_fails_quietly_offline(browser, map_file):
    v = open_map(browser, map_file)
    try:
        assert v.outside == []
        v.page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").click()
        v.page.wait_for_timeout(300)
        # The tiles were asked for (and refused here), and nothing else broke.
        assert v.outside and all("tile.openstreetmap.org" in u for u in v.outside)
        assert [e for e in v.errors if "Failed to load resource" not in e] == []
        assert v.counts()["events"] == len(EVENTS)
    finally:
        v.page.close()
