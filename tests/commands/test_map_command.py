"""``incidentmap map`` says when a map is empty, and writes none when nothing could be read."""

from __future__ import annotations

import subprocess

import pytest

#: Places, but nothing that happened at them: no event, no route.
PLACES_ONLY = """Spring along the border

Published: 12 May 2015

Tucson, Nogales and Hermosillo had a warm, dry spring this year.
"""


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["incidentmap", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )


@pytest.fixture(scope="module")
def places_only(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mine")
    (folder / "spring.txt").write_text(PLACES_ONLY, encoding="utf-8")
    return folder


def test_a_map_without_events_says_so_and_what_to_try(places_only, tmp_path):
    out = tmp_path / "map.html"
    done = run("map", str(places_only), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    said = done.stderr.lower()
    assert "no events" in said
    assert "places" in said
    assert "incidentmap events" in said  # what to try


def test_a_map_whose_inputs_all_failed_is_not_written(tmp_path):
    done = run("map", "nope/", "-o", "z.html", cwd=tmp_path)
    assert done.returncode == 2
    assert "nope/" in done.stderr
    assert "not written" in done.stderr
    assert not (tmp_path / "z.html").exists()


def test_an_export_whose_inputs_all_failed_is_not_written(tmp_path):
    done = run("export", "nope/", "-o", "z.geojson", cwd=tmp_path)
    assert done.returncode == 2
    assert not (tmp_path / "z.geojson").exists()


def test_the_places_layer_is_shown_when_there_are_no_events(places_only, tmp_path):
    playwright_api = pytest.importorskip("playwright.sync_api")
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "maps"))
    from map_browser import launch, open_map

    out = tmp_path / "map.html"
    assert run("map", str(places_only), "-o", str(out)).returncode == 0
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        try:
            visit = open_map(browser, out)
            box = visit.page.locator(
                ".leaflet-control-layers-overlays label", has_text="Mentioned places"
            ).locator("input")
            assert box.is_checked()
            drawn = visit.page.evaluate(
                "IncidentMap.pointLayers.reduce((n, l) => n + l.count(), 0)"
            )
            assert drawn >= 3
            assert visit.problems() == []
        finally:
            browser.close()
