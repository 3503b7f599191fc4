"""Incidents as the analysts say: reports merged or split across articles, kept in the store."""

from __future__ import annotations

import json
import subprocess

import pytest
from workbench_server import post_correction, query, serving

import incidentmap

ARTICLES = {
    "a.txt": "ATF agents arrested a gun buyer in Phoenix, Arizona, on June 1, 2011, in Operation "
    "Fast and Furious.\n",
    "b.txt": "A gun buyer was arrested in Phoenix, Arizona, on June 1, 2011, as part of Operation "
    "Fast and Furious.\n",
    "c.txt": "Police arrested two men in Laredo, Texas, on March 5, 2023.\n",
    "d.txt": "Two men were arrested by agents in Laredo, Texas, on March 5, 2023.\n",
}


@pytest.fixture()
def store(tmp_path, store_target):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    incidentmap.ingest([folder], store_target)
    return store_target


def _incidents(db) -> list[tuple[str, int]]:
    return sorted((e.place.name, e.sources) for e in incidentmap.events(db=db))


def _event_id(db, name: str) -> str:
    return query(db, "SELECT id FROM events WHERE doc LIKE ?", (f"%{name}",))[0][0]


def test_analysts_split_and_merge_incidents_through_the_workbench(store, tmp_path):
    # The machine: one Phoenix incident told twice, two Laredo reports kept apart.
    assert _incidents(store) == [("Laredo", 1), ("Laredo", 1), ("Phoenix", 2)]
    with serving(store) as (url, _log):
        b, c, d = (_event_id(store, n) for n in ("b.txt", "c.txt", "d.txt"))
        assert post_correction(url, store, {"action": "incident", "key": b, "with": "alone"}) == 200
        assert post_correction(url, store, {"action": "incident", "key": d, "with": c}) == 200
        bad = {"action": "incident", "key": d, "with": "no-such-event"}
        assert post_correction(url, store, bad) == 400
    assert _incidents(store) == [("Laredo", 2), ("Phoenix", 1), ("Phoenix", 1)]
    out = tmp_path / "events.geojson"
    command = ["incidentmap", "export", "--db", str(store), "-o", str(out), "--kind", "event"]
    subprocess.run(command, check=True)
    props = [f["properties"] for f in json.loads(out.read_text())["features"]]
    assert sorted((p["place"], p["sources"]) for p in props) == _incidents(store)
    laredo = next(p for p in props if p["place"] == "Laredo")
    assert laredo["docs"].count(".txt") == 2

    # One article's reports stay its own: per-article events are untouched by the links.
    assert len(incidentmap.events(db=store, per_article=True)) == 4


def test_the_page_merges_and_splits_incidents(store):
    from playwright.sync_api import sync_playwright

    c, d = _event_id(store, "c.txt"), _event_id(store, "d.txt")
    with serving(store) as (url, _log), sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page()
        page.goto(url + "/")
        page.get_by_role("link", name="d.txt").click()
        item = page.locator(f"#events li[data-event='{d}']")
        item.locator("input.merge-with").fill(c)
        with page.expect_navigation():
            item.locator("button.merge").click()
        assert "reviewed" in page.locator(f"#events li[data-event='{d}']").inner_text()
        assert _incidents(store) == [("Laredo", 2), ("Phoenix", 2)]
        with page.expect_navigation():
            page.locator(f"#events li[data-event='{d}'] button.split").click()
        browser.close()
    assert _incidents(store) == [("Laredo", 1), ("Laredo", 1), ("Phoenix", 2)]
