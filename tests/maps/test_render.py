"""The map file itself: self-contained, escaped, atomic, filtered like the export."""

from __future__ import annotations

import doctest
import importlib
import re

import pytest
from map_records import EVENTS, HOSTILE, ROUTES

from incidentmap.maps.errors import MapError

BORDER_EVENTS = "tests/fixtures/tables/border_events.csv"
FLOWS = "tests/fixtures/tables/flows_example.csv"
_PAYLOAD = re.compile(r'IncidentMap\.load\(\w+, "([^"]+)"\)')


def _payload(html: str) -> dict:
    from incidentmap.maps.payload import unpack

    return unpack(_PAYLOAD.search(html).group(1))


@pytest.fixture(scope="module")
def offline_html(frames):
    from incidentmap.maps.render import build_map

    events, routes, mentions = frames
    return build_map(events, routes, mentions, title="Test <map>").get_root().render()


def test_offline_page_loads_nothing_from_anywhere(offline_html):
    assert not re.search(r"<script[^>]+src=", offline_html)
    assert not re.search(r"<link[^>]+stylesheet", offline_html)
    # Leaflet, the heat and cluster plugins and the page script are all in the file.
    for marker in ("L.heatLayer", "MarkerClusterGroup", "window.IncidentMap", "leaflet-container"):
        assert marker in offline_html
    # Online tiles are named but not added to the map until chosen.
    assert "tile.openstreetmap.org" in offline_html
    assert not re.search(r"tile_layer_\w+\.addTo\(", offline_html)


def test_cdn_page_links_leaflet_and_is_much_smaller(frames, offline_html):
    from incidentmap.maps.assets import LEAFLET_JS
    from incidentmap.maps.render import build_map

    events, routes, mentions = frames
    html = build_map(events, routes, mentions, cdn=True).get_root().render()
    assert f'<script src="{LEAFLET_JS}"></script>' in html
    assert len(html) < len(offline_html) - 200_000


def test_article_text_travels_as_data_never_as_markup(offline_html):
    assert "__pwned" not in offline_html
    assert HOSTILE in _payload(offline_html)["strings"]
    assert "<title>Test &lt;map&gt;</title>" in offline_html
    assert "<h1>Test <map>" not in offline_html


def test_case_names_from_data_are_escaped_for_the_layer_control():
    import folium

    from incidentmap.maps.layers import CaseOverlay

    m = folium.Map(tiles=None)
    CaseOverlay('<img src=x onerror="alert(1)">').add_to(m)
    folium.LayerControl().add_to(m)
    html = m.get_root().render()
    assert "\\u003cimg" not in html.split("L.control.layers")[1].split(")")[0]
    assert "Case: \\u0026lt;img" in html


def test_one_overlay_per_case_and_no_case(offline_html):
    import json

    names = [json.loads(n) for n in re.findall(r'("Case: [^"]+"|"No case") :', offline_html)]
    # As Leaflet's layer control will read them: HTML, with the data's text escaped.
    assert names == [
        "Case: Fast and Furious",
        "Case: García Luna",
        "Case: Mexico v. Smith &amp; Wesson",
        "No case",
    ]


def test_year_boxes_are_the_data_years_plus_undated(offline_html):
    years = {e.year for e in EVENTS if e.year} | {r.year for r in ROUTES if r.year}
    found = re.findall(r'class=\\"im-year\\" value=\\"(\d{4})\\"', offline_html)
    assert [int(y) for y in found] == sorted(years)
    assert "im-year-undated" in offline_html


def test_payload_keeps_every_drawable_record_and_its_fields(frames):
    from incidentmap.maps.payload import pack, unpack

    events, routes, mentions = frames
    data = unpack(pack(events, routes, mentions))
    kinds = data["kinds"]
    assert len(kinds["events"]["rows"]) == len(EVENTS)
    assert len(kinds["routes"]["geometry"]) == len(ROUTES)
    fields = kinds["events"]["fields"]
    row = dict(zip(fields, kinds["events"]["rows"][1], strict=True))
    strings = data["strings"]
    assert strings[row["quote"]] == EVENTS[1].sentence
    assert row["year"] == 2011 and "year" in kinds["events"]["numeric"]
    widths = [
        dict(zip(kinds["routes"]["fields"], r, strict=True))["width"]
        for r in kinds["routes"]["rows"]
    ]
    assert widths[0] > widths[1] > widths[2]  # 200,000 guns, 2,500 weapons, unknown


def test_save_map_replaces_the_file_whole_and_leaves_no_temporary_files(frames, tmp_path):
    from incidentmap.maps.render import build_map, save_map

    target = tmp_path / "map.html"
    target.write_text("old map")
    save_map(build_map(frames[0], basemap=False), target)
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_a_map_run_killed_mid_write_leaves_nothing_after_the_next(frames, tmp_path):
    import signal
    import subprocess
    import sys

    from incidentmap.maps.render import build_map, save_map

    # A map run killed with kill -9 while writing: its temporary file stays behind.
    killed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    stale = tmp_path / f".map.{killed.pid}-0123abcd.tmp.html"
    stale.write_text("<!DOCTYPE html><html><body>half a ma")
    save_map(build_map(frames[0], basemap=False), tmp_path / "map.html")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_a_failed_render_keeps_the_old_map(tmp_path):
    from incidentmap.maps.render import save_map

    class Broken:
        def get_root(self):
            raise RuntimeError("render failed")

    target = tmp_path / "map.html"
    target.write_text("old map")
    with pytest.raises(RuntimeError):
        save_map(Broken(), target)
    assert target.read_text() == "old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_save_map_into_a_missing_folder_says_so(frames, tmp_path):
    from incidentmap.maps.render import build_map, save_map

    with pytest.raises(MapError, match="does not exist"):
        save_map(build_map(frames[0], basemap=False), tmp_path / "nope" / "map.html")


def test_map_filters_records_exactly_as_export_does(tmp_path):
    import incidentmap
    from incidentmap.geo.filters import filter_frame

    out = incidentmap.map(
        [],
        tmp_path / "m.html",
        years=(2009, 2011),
        cases=["fast and furious"],
        events_csv=BORDER_EVENTS,
        on_problem=lambda p: None,
    )
    data = _payload(out.read_text())
    kept = data["kinds"]["events"]
    ids = sorted(data["strings"][r[kept["fields"].index("id")]] for r in kept["rows"])
    frame = incidentmap.records_frame(events_csv=BORDER_EVENTS, on_problem=lambda p: None)
    chosen = filter_frame(frame, years=(2009, 2011), cases=["fast and furious"])
    assert ids and ids == sorted(chosen.loc[chosen.geometry.notna(), "id"])


def test_map_command_writes_the_file_and_reports_it(tmp_path, capsys):
    from incidentmap.cli import main

    out = tmp_path / "traces.html"
    code = main(
        [
            "map",
            "--events-csv",
            BORDER_EVENTS,
            "--flows-csv",
            FLOWS,
            "--cdn",
            "--title",
            "Traces",
            "-o",
            str(out),
        ]
    )
    # The flows table has bad rows: they are skipped and said, so the exit status is 1.
    assert code == 1
    assert f"wrote {out}" in capsys.readouterr().err
    assert "<title>Traces</title>" in out.read_text()


def test_map_command_to_a_missing_folder_fails_in_one_line(tmp_path, capsys):
    from incidentmap.cli import main

    code = main(["map", "--events-csv", BORDER_EVENTS, "-o", str(tmp_path / "no" / "m.html")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("incidentmap map: error:") and "does not exist" in err[-1]


@pytest.mark.parametrize(
    "module",
    [
        "incidentmap.maps.assets",
        "incidentmap.maps.basemap",
        "incidentmap.maps.controls",
        "incidentmap.maps.layers",
        "incidentmap.maps.page",
        "incidentmap.maps.payload",
        "incidentmap.maps.render",
        "incidentmap.maps.styles",
    ],
)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0
