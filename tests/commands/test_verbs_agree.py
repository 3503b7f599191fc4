"""Verbs that share a name share a meaning: geocode reads what the geocoder reads, routes
takes --db like events, and a ``score`` is the same 0–1 confidence wherever it is printed."""

from __future__ import annotations

import json
import subprocess

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["incidentmap", *args], capture_output=True, text=True, timeout=300)


def rows(done: subprocess.CompletedProcess[str]) -> list[dict]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize(
    ("query", "country", "admin1"),
    [
        ("Nogales, Sonora", "MX", "Sonora"),
        ("Nogales, Arizona", "US", "Arizona"),
        ("Paris, Texas", "US", "Texas"),
        ("Glendale, AZ", "US", "Arizona"),
    ],
)
def test_geocode_reads_a_name_with_its_state_like_the_python_geocoder(query, country, admin1):
    from incidentmap.gazetteer.geocoder import GazetteerGeocoder

    found = rows(run("geocode", query, "--format", "jsonl"))
    assert (found[0]["country"], found[0]["admin1"]) == (country, admin1)
    loc = GazetteerGeocoder().geocode(query)
    assert found[0]["geonameid"] == loc.raw["geonameid"]


@pytest.mark.parametrize("query", ["Nogales", "Paris", "Ciudad Juárez", "Paris, Texas", "Texas"])
def test_geocode_scores_are_0_to_1_shares_best_first(query):
    found = rows(run("geocode", query, "--format", "jsonl", "--limit", "50"))
    scores = [r["score"] for r in found]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert sum(scores) <= 1.0 + 1e-3
    assert scores == sorted(scores, reverse=True)


def test_a_name_places_reads_plainly_scores_alike_in_geocode(tmp_path):
    # "Tucson" alone in an article has no context: places and geocode weigh it alike.
    (tmp_path / "a.txt").write_text("Weather\n\nIt was hot in Tucson.\n", encoding="utf-8")
    mention = next(m for m in rows(run("places", str(tmp_path), "--format", "jsonl")))
    best = rows(run("geocode", "Tucson", "--format", "jsonl"))[0]
    assert mention["geonameid"] == best["geonameid"]
    assert mention["score"] == pytest.approx(best["score"], abs=1e-3)


def test_geocode_help_says_what_the_score_means():
    done = run("geocode", "--help")
    assert "score" in done.stdout and "0-1" in done.stdout


def test_routes_read_a_project_store_like_events(tmp_path):
    from incidentmap.sources.sample import sample_dir

    db = tmp_path / "project.gpkg"
    assert run("ingest", str(sample_dir()), "--db", str(db)).returncode == 0
    stored = rows(run("routes", "--db", str(db), "--format", "jsonl"))
    read = rows(run("routes", str(sample_dir()), "--format", "jsonl"))
    assert len(stored) == len(read) >= 5
    keys = ("id", "origin", "destination", "commodity", "volume", "unit", "case", "year")
    by_id = {r["id"]: r for r in read}
    for route in stored:
        assert {k: route[k] for k in keys} == {k: by_id[route["id"]][k] for k in keys}
    assert run("routes", "--db", str(tmp_path / "none.gpkg")).returncode == 2


def test_a_bounding_box_means_the_same_to_events_export_and_map(corpus_dir, tmp_path):
    store = tmp_path / "project.gpkg"
    assert run("ingest", str(corpus_dir), "--db", str(store)).returncode == 0
    border = "-117.5,25.0,-97.0,33.0"  # the US-Mexico border, Tijuana to Matamoros
    west, south, east, north = (float(x) for x in border.split(","))
    out = tmp_path / "border.geojson"
    done = run("export", "--db", str(store), "-o", str(out), "--kind", "event", "--bbox", border)
    assert done.returncode == 0, done.stderr
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    inside = [f["geometry"]["coordinates"] for f in features]
    assert inside and all(west <= x <= east and south <= y <= north for x, y in inside)
    everything = rows(run("events", "--db", str(store), "--format", "jsonl"))
    assert len(everything) > len(features)  # the box left some events out
    listed = rows(run("events", "--db", str(store), "--format", "jsonl", "--bbox", border))
    assert sorted(e["id"] for e in listed) == sorted(f["properties"]["id"] for f in features)
    map_html = tmp_path / "border.html"
    done = run("map", "--db", str(store), "-o", str(map_html), "--bbox", border)
    assert done.returncode == 0, done.stderr
    bad = run("export", "--db", str(store), "-o", str(tmp_path / "x.geojson"), "--bbox", "1,2,3")
    assert bad.returncode == 2 and "WEST,SOUTH,EAST,NORTH" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "x.geojson").exists()
