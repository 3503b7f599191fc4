"""The documents list answers its filters: text search, date, case, unreviewed events."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from workbench_server import query, serving


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read().decode("utf-8")


def _listed(page: str) -> list[str]:
    return sorted(n for n in ("border.txt", "hostile.txt") if f"{n}</a>" in page)


def test_the_list_filters_by_text_date_case_and_unreviewed_events(store):
    [(doc_id, key)] = query(store, "SELECT doc_id, id FROM events WHERE doc LIKE '%hostile%'")
    with serving(store) as (url, _log):
        assert _listed(_get(url + "/")) == ["border.txt", "hostile.txt"]
        assert _listed(_get(url + "/?q=" + urllib.parse.quote("county jail"))) == ["hostile.txt"]
        # The analyst's words are text, not LIKE patterns.
        assert _listed(_get(url + "/?q=%25")) == []
        assert "No document matches" in _get(url + "/?case=Fast+and+Furious")
        assert _listed(_get(url + "/?from=2999-01-01")) == []
        # The store's events carry their language: the list offers it as a filter.
        assert "<option value='en'>en</option>" in _get(url + "/")
        assert _listed(_get(url + "/?lang=en")) == ["border.txt", "hostile.txt"]
        assert _listed(_get(url + "/?lang=es")) == []
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


def test_a_rejected_route_leaves_the_store_exports(tmp_path, store_target):
    import shutil
    import subprocess

    import incidentmap
    from incidentmap.sources.sample import sample_dir

    folder = tmp_path / "articles"
    shutil.copytree(sample_dir(), folder)
    db = store_target
    incidentmap.ingest([folder], db)
    doc_id, key, origin = query(db, "SELECT doc_id, id, origin FROM routes ORDER BY fid")[0]
    [(routes,)] = query(db, "SELECT count(*) FROM routes")
    with serving(db) as (url, _log):
        page = _get(url + f"/doc/{doc_id}")
        data = json.loads(page.split("id='data'>")[1].split("</script>")[0])
        route = next(r for r in data["events"] if r["id"] == key)
        assert route["kind"] == "route" and len(route["path"]) > 2 and route["origin"] == origin
        csrf = page.split("name='csrf-token' content='")[1].split("'")[0]
        request = urllib.request.Request(
            url + "/api/correct",
            data=json.dumps({"action": "reject", "doc_id": doc_id, "key": key}).encode(),
            headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
            method="POST",
        )
        assert urllib.request.urlopen(request, timeout=20).status == 200
        again = _get(url + f"/doc/{doc_id}")
        data = json.loads(again.split("id='data'>")[1].split("</script>")[0])
        assert key not in [r["id"] for r in data["events"]]
        # The rejection is in the document's corrections, where it can be undone.
        assert [(c["what"], c["key"]) for c in data["history"]] == [("reject", key)]
    out = tmp_path / "routes.geojson"
    command = ["incidentmap", "export", "--db", str(db), "-o", str(out), "--kind", "route"]
    subprocess.run(command, check=True)
    ids = [f["properties"]["id"] for f in json.loads(out.read_text())["features"]]
    assert key not in ids and len(ids) == routes - 1
