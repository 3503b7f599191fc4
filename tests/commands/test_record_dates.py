"""One date rule for every record: its own date, else its article's, and a column that says which.

Events, routes and mentions all carry ``date``, ``precision``, ``year``, ``date_source``
(``text``, ``article`` or null) and their article's ``title``, ``outlet``, ``doc_date``
and ``source``, in every verb's output and every export.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from incidentmap.sources.sample import sample_dir

BRIEF_2011 = "2011-06-10-juarez-arsenal-fast-and-furious.md"
UNDATED = "undated-lopez-obrador-presses-washington.md"
DATED_FIELDS = ("date", "precision", "year", "date_source")
ARTICLE_FIELDS = ("title", "outlet", "doc_date", "source")


def run(*args: str) -> list[dict]:
    done = subprocess.run(["incidentmap", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def check_rule(record: dict) -> None:
    """The date rule, as a reader would check it on one record."""
    source = record["date_source"]
    if source == "article":
        assert record["date"] == record["doc_date"]
        assert record["precision"] == "day" and record["year"] == int(record["doc_date"][:4])
    elif source == "text":
        assert record["date"] and record["year"] == int(record["date"][:4])
    else:
        assert source is None and record["date"] is None and record["year"] is None
        assert record["precision"] == "unknown" and record["doc_date"] is None


@pytest.fixture(scope="module")
def by_verb():
    sample = str(sample_dir())
    return {verb: run(verb, sample, "--format", "jsonl") for verb in ("events", "routes", "places")}


@pytest.mark.parametrize("verb", ["events", "routes", "places"])
def test_every_record_carries_its_date_and_its_article(by_verb, verb):
    records = by_verb[verb]
    assert records
    for record in records:
        for field in DATED_FIELDS + ARTICLE_FIELDS:
            assert field in record, (verb, field)
        check_rule(record)


def test_a_route_from_a_dated_article_has_the_articles_year(by_verb):
    route = next(r for r in by_verb["routes"] if r["doc"].endswith(BRIEF_2011))
    assert (route["year"], route["date_source"], route["doc_date"]) == (
        2011,
        "article",
        "2011-06-10",
    )
    undated = [r for r in by_verb["routes"] if r["doc"].endswith(UNDATED)]
    assert undated and all(r["year"] is None and r["date_source"] is None for r in undated)


def test_mentions_name_their_article(by_verb):
    mention = next(m for m in by_verb["places"] if m["doc"].endswith(BRIEF_2011))
    assert mention["outlet"] == "World Socialist Web Site"
    assert mention["title"] and mention["doc_date"] == "2011-06-10" and mention["year"] == 2011


def test_events_keep_their_own_dates_and_borrow_only_when_they_have_none(by_verb):
    sources = {e["date_source"] for e in by_verb["events"]}
    assert "text" in sources and "article" in sources


def test_exports_apply_the_same_rule_to_every_kind(tmp_path):
    out = tmp_path / "all.geojson"
    subprocess.run(["incidentmap", "export", str(sample_dir()), "-o", str(out)], check=True)
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    for kind in ("event", "route", "mention"):
        rows = [f["properties"] for f in features if f["properties"]["kind"] == kind]
        assert rows, kind
        for row in rows:
            check_rule(row)
    in_2011 = subprocess.run(
        ["incidentmap", "routes", str(sample_dir()), "--year", "2011", "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert any(BRIEF_2011 in line for line in in_2011.stdout.splitlines())
