"""The documents list answers its filters: text search, date, case, unreviewed events."""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
import urllib.request

from workbench_server import serving


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read().decode("utf-8")


def _listed(page: str) -> list[str]:
    return sorted(n for n in ("border.txt", "hostile.txt") if f"{n}</a>" in page)


def test_the_list_filters_by_text_date_case_and_unreviewed_events(store):
    with sqlite3.connect(store) as db:
        doc_id, key = db.execute(
            "SELECT doc_id, id FROM events WHERE doc LIKE '%hostile%'"
        ).fetchone()
    with serving(store) as (url, _log):
        assert _listed(_get(url + "/")) == ["border.txt", "hostile.txt"]
        assert _listed(_get(url + "/?q=" + urllib.parse.quote("county jail"))) == ["hostile.txt"]
        # The analyst's words are text, not LIKE patterns.
        assert _listed(_get(url + "/?q=%25")) == []
        assert "No document matches" in _get(url + "/?case=Fast+and+Furious")
        assert _listed(_get(url + "/?from=2999-01-01")) == []
        assert _listed(_get(url + "/?unreviewed=1")) == ["border.txt", "hostile.txt"]
        page = _get(url + f"/doc/{doc_id}")
        csrf = page.split("name='csrf-token' content='")[1].split("'")[0]
        request = urllib.request.Request(
            url + "/api/correct",
            data=json.dumps({"action": "accept", "doc_id": doc_id, "key": key}).encode(),
            headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
            method="POST",
        )
        assert urllib.request.urlopen(request, timeout=20).status == 200
        assert _listed(_get(url + "/?unreviewed=1")) == ["border.txt"]
        # Filters escape into the page as text.
        assert "&lt;script&gt;" in _get(url + "/?q=" + urllib.parse.quote("<script>"))
