"""``incidentmap events --db``: the events of a project store, filtered like a map."""

from __future__ import annotations

import json
import subprocess

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["incidentmap", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def store(corpus_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "project.gpkg"
    done = run("ingest", str(corpus_dir), "--db", str(db))
    assert done.returncode == 0, done.stderr
    return db


def test_stored_events_equal_the_articles_events(store, corpus_dir):
    from_store = run("events", "--db", str(store), "--format", "jsonl")
    from_text = run("events", str(corpus_dir), "--format", "jsonl")
    assert from_store.returncode == 0, from_store.stderr
    stored = [json.loads(line) for line in from_store.stdout.splitlines()]
    read = [json.loads(line) for line in from_text.stdout.splitlines()]
    assert len(stored) == len(read) >= 8
    keys = ("id", "type", "date", "precision", "year", "case", "place", "sentence", "level")
    by_id = {e["id"]: e for e in read}
    for event in stored:
        assert {k: event[k] for k in keys} == {k: by_id[event["id"]][k] for k in keys}
        assert event["lat"] == pytest.approx(by_id[event["id"]]["lat"], abs=1e-6)


def test_stored_events_take_the_case_and_year_filters(store):
    out = run("events", "--db", str(store), "--case", "garcia luna", "--format", "jsonl")
    events = [json.loads(line) for line in out.stdout.splitlines()]
    assert events and all("García Luna" in e["case"] for e in events)
    out = run("events", "--db", str(store), "--year", "2011", "--format", "jsonl")
    assert {json.loads(line)["year"] for line in out.stdout.splitlines()} == {2011}


def test_a_missing_store_is_one_clear_line(tmp_path):
    out = run("events", "--db", str(tmp_path / "nope.gpkg"))
    assert out.returncode == 2
    assert "no project store" in out.stderr
    assert "Traceback" not in out.stderr
