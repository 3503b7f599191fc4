"""A map or export someone else opens: no local paths, and every record dated by one rule.

Built by the commands a user runs (``incidentmap demo``, ``map``, ``export``), opened in
headless Chromium offline, exported files read back with GDAL's ``ogrinfo``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from map_browser import launch, open_map

from incidentmap.sources.sample import sample_dir

playwright_api = pytest.importorskip("playwright.sync_api")

#: The sample brief dated 2011, and the route its text states.
BRIEF_2011 = "2011-06-10-juarez-arsenal-fast-and-furious.md"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["incidentmap", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    run("demo", "-o", str(folder))
    return folder


@pytest.fixture
def demo_map(browser, demo):
    visit = open_map(browser, demo / "map.html")
    yield visit
    visit.page.close()
    assert visit.problems() == []


def _local(text: str) -> list[str]:
    """Absolute local paths of the sample folder (or of this checkout) found in ``text``."""
    roots = {str(sample_dir()), str(sample_dir().parent), str(Path(__file__).parents[2])}
    return [root for root in roots if root in text]


def _click(page, kind: str, index: int) -> str:
    """Click record ``index`` of ``kind`` where it is drawn; return the popup's text."""
    x, y = page.evaluate(
        """([kind, i]) => {
            const r = IncidentMap.store[kind][i];
            const at = r.path ? r.path[Math.floor(r.path.length / 2)] : [r.lat, r.lon];
            IncidentMap.map.setView(at, 5, {animate: false});
            const p = IncidentMap.map.latLngToContainerPoint(at);
            const box = IncidentMap.map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [kind, index],
    )
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content .im-popup")
    return page.inner_text(".leaflet-popup-content")


def test_popups_cite_the_article_not_a_local_path(demo_map):
    page = demo_map.page
    text = _click(page, "events", 0)
    assert _local(text) == []
    for label in ("Article", "Outlet", "Published"):
        assert label in text
    assert "sample/" in text
    # Nothing the page holds (every popup's text) names a local folder either.
    strings = page.evaluate("IncidentMap.store.events.concat(IncidentMap.store.routes)[0].strings")
    assert _local("\n".join(strings)) == []
    assert any(s.startswith("sample/") and s.endswith(".md") for s in strings)


def test_a_map_of_an_absolute_folder_shows_paths_from_that_folder(browser, tmp_path):
    articles = tmp_path / "briefs"
    shutil.copytree(sample_dir(), articles, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    run("map", str(articles), "-o", str(tmp_path / "map.html"))
    visit = open_map(browser, tmp_path / "map.html")
    try:
        strings = visit.page.evaluate("IncidentMap.store.events[0].strings")
        assert str(tmp_path) not in "\n".join(strings)
        assert f"briefs/{BRIEF_2011}" in strings
    finally:
        visit.page.close()


@pytest.mark.parametrize("suffix", ["kml", "geojson", "gpkg", "csv"])
def test_exports_carry_no_local_path(tmp_path, suffix):
    out = tmp_path / f"evidence.{suffix}"
    run("export", str(sample_dir()), "-o", str(out))
    info = subprocess.run(
        ["ogrinfo", "-ro", "-al", str(out)], capture_output=True, text=True, timeout=120
    )
    assert info.returncode == 0, info.stderr
    assert _local(info.stdout) == []
    assert f"sample/{BRIEF_2011}" in info.stdout


def test_the_demo_geojson_carries_no_local_path(demo):
    text = (demo / "incidentmap.geojson").read_text(encoding="utf-8")
    assert _local(text) == []
    docs = {f["properties"]["doc"] for f in json.loads(text)["features"]}
    assert f"sample/{BRIEF_2011}" in docs


def test_ticking_one_year_keeps_that_years_routes_and_places(demo_map):
    page = demo_map.page
    page.click("#im-years-none")
    page.check("input.im-year[value='2011']")
    counts = demo_map.counts()
    assert counts["events"] >= 1 and counts["routes"] >= 1 and counts["mentions"] >= 5
    shown = page.evaluate(
        """IncidentMap.visible('routes').map(r => [IncidentMap.value(r, 'doc'),
            IncidentMap.value(r, 'volume'), IncidentMap.value(r, 'date_source')])"""
    )
    assert [f"sample/{BRIEF_2011}", 2500, "article"] in shown
    # Every record shown is of 2011, by its own date or its article's.
    years = page.evaluate(
        """['events', 'routes', 'mentions'].flatMap(k => IncidentMap.visible(k))
            .map(r => r.year)"""
    )
    assert set(years) == {2011}


def test_a_route_dated_by_its_article_says_so_in_its_popup(demo_map):
    page = demo_map.page
    index = page.evaluate(
        """IncidentMap.store.routes.findIndex(r => IncidentMap.value(r, 'volume') === 2500)"""
    )
    _click(page, "routes", index)
    date = page.locator(".leaflet-popup-content .im-popup table").first
    date = date.locator("tr", has_text="Date").inner_text()
    assert "2011-06-10" in date and "article" in date


def test_kml_balloons_cite_title_outlet_date_and_file(tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "evidence.kml"
    run("export", str(sample_dir()), "-o", str(out), "--kind", "route")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    balloons = [d.text for d in ET.parse(out).getroot().iterfind(".//k:description", ns)]
    cited = [b for b in balloons if f"sample/{BRIEF_2011}" in b]
    assert cited
    lines = cited[0].split("<br>")
    assert "World Socialist Web Site" in lines and "2011-06-10" in lines
    assert any("Fast and Furious" in line for line in lines)
