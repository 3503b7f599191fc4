"""The workbench as an analyst uses it: Debian's Chromium against `incidentmap serve` on a free
local port. Fix a place, reject a false event, add a missed one, reload: the corrections stay,
and `export --db` and `map --db` show them. Each test runs on a GeoPackage store and on a
PostGIS one (the `store` fixture)."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request

import pytest
from workbench_server import MISSED, query, serving

from incidentmap.maps.payload import unpack

pytest.importorskip("playwright")
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PARIS_FRANCE = "geonames:2988507"
_PAYLOAD = re.compile(r'IncidentMap\.load\(\w+, "([^"]+)"\)')


@pytest.fixture()
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside, errors = [], []

    def route(r):
        if r.request.url.startswith(url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: errors.append("dialog: " + d.message) or d.dismiss())
    return page, outside, errors


def select_text(page, needle: str) -> None:
    """Select ``needle`` in the article as a mouse drag would (a DOM range over its spans)."""
    page.evaluate(
        """(needle) => {
        const root = document.getElementById('text');
        const full = root.textContent, at = full.indexOf(needle);
        const nodes = [];
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let n, seen = 0, range = document.createRange();
        while ((n = walk.nextNode())) {
          const len = n.textContent.length;
          if (seen <= at && at < seen + len) range.setStart(n, at - seen);
          const end = at + needle.length;
          if (seen < end && end <= seen + len) range.setEnd(n, end - seen);
          seen += len;
        }
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }""",
        needle,
    )


def test_analyst_fixes_a_place_rejects_and_adds_events_and_they_persist(browser, store, tmp_path):
    published = tmp_path / "project-published"
    # A GeoPackage publishes beside itself by default; a database into the folder given.
    extra = () if str(store).endswith(".gpkg") else ("--publish-dir", str(published))
    with serving(store, *extra) as (url, _log):
        page, outside, errors = open_page(browser, url)
        page.goto(url + "/")
        page.get_by_role("link", name="border.txt").click()
        page.wait_for_selector("#events li")
        paris = page.locator("[data-mention$=':40-45']")
        assert "Texas" in paris.get_attribute("title")

        # Why this place? The ranked readings; the analyst picks the French Paris.
        paris.click()
        page.wait_for_selector("#panel tr[data-place]")
        assert page.locator("#panel tr[data-place]").count() >= 3
        assert "population" in page.locator("#panel").inner_text()
        with page.expect_navigation():
            page.locator(f"#panel tr[data-place='{PARIS_FRANCE}'] button").click()
        assert "FR" in page.locator("[data-mention$=':40-45']").get_attribute("title")

        # The seizure in Nogales is false: reject it.
        seizure = page.locator("#events li", has_text="seizure")
        assert seizure.count() == 1
        with page.expect_navigation():
            seizure.locator("button.reject").click()

        # The truck stopped near Reynosa was missed: select its sentence, add a seizure.
        select_text(page, MISSED)
        page.select_option("#add-type", "seizure")
        with page.expect_navigation():
            page.click("#add-event")

        page.reload()
        page.wait_for_selector("#events li")
        items = page.locator("#events li").all_inner_texts()
        assert not any("Nogales" in t for t in items)
        added = [t for t in items if MISSED in t]
        assert len(added) == 1 and "seizure" in added[0] and "Reynosa" in added[0]
        killing = next(t for t in items if t.startswith("killing"))
        assert "Paris" in killing
        assert "FR" in page.locator("[data-mention$=':40-45']").get_attribute("title")
        assert outside == [] and errors == []
        page.screenshot(path=str(tmp_path / "document.png"), full_page=True)

        # Publish: the map and the exports of the list's filter, into the folder beside the store.
        page.goto(url + "/")
        page.click("#publish")
        page.wait_for_selector("#published[data-done]", timeout=120_000)
        assert page.locator("#published").get_attribute("data-done") == "ok", page.locator(
            "#published"
        ).inner_text()
    assert sorted(p.name for p in published.iterdir()) == [
        "map.html",
        "records.geojson",
        "records.gpkg",
    ]
    props = [
        f["properties"] for f in json.loads((published / "records.geojson").read_text())["features"]
    ]
    assert not any(p["kind"] == "event" and p["place"] == "Nogales" for p in props)
    assert any(p["kind"] == "event" and MISSED in (p["quote"] or "") for p in props)

    out = tmp_path / "records.geojson"
    subprocess.run(["incidentmap", "export", "--db", str(store), "-o", str(out)], check=True)
    props = [f["properties"] for f in json.loads(out.read_text())["features"]]
    assert not any(p["kind"] == "event" and p["place"] == "Nogales" for p in props)
    added = [p for p in props if p["kind"] == "event" and MISSED in (p["quote"] or "")]
    assert len(added) == 1 and added[0]["reviewed"] is True and added[0]["admin1"] == "Tamaulipas"
    killing = next(p for p in props if p["type"] == "killing")
    assert killing["country"] == "FR"
    run = subprocess.run(
        ["incidentmap", "eval", "--corpus", str(store), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    score = json.loads(run.stdout)[0]
    # Kept: the Laredo arrest; the French Paris and the Reynosa seizure are the machine's misses.
    assert (score["events_gold"], score["events_emitted"], score["events_matched"]) == (3, 3, 1)
    assert score["documents_reviewed_places"] == 1 and score["mentions_wrong_place"] == 1
    map_html = tmp_path / "map.html"
    subprocess.run(["incidentmap", "map", "--db", str(store), "-o", str(map_html)], check=True)
    payload = unpack(_PAYLOAD.search(map_html.read_text(encoding="utf-8")).group(1))
    # The map's events: the added seizure is drawn at Reynosa, the rejected one is not.
    events = payload["kinds"]["events"]
    types = [payload["strings"][row[events["fields"].index("type")]] for row in events["rows"]]
    assert sorted(types) == ["arrest", "arrest", "killing", "seizure"]
    assert any(MISSED in s for s in payload["strings"])


def test_article_markup_shows_as_text_and_never_runs(browser, store):
    with serving(store) as (url, _log):
        page, outside, errors = open_page(browser, url)
        page.goto(url + "/")
        page.get_by_role("link", name="hostile.txt").click()
        page.wait_for_selector("#text")
        assert "<script>window.__pwned = 1</script>" in page.locator("#text").inner_text()
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#text script, #text img").count() == 0
        assert errors == [] and outside == []


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_change_without_the_csrf_token_is_refused(store):
    doc_id = query(store, "SELECT doc_id FROM documents")[0][0]
    body = json.dumps({"action": "reject", "doc_id": doc_id, "key": "x"}).encode()
    with serving(store) as (url, _log):
        page = urllib.request.urlopen(url + "/", timeout=10).read().decode()
        csrf = page.split("name='csrf-token' content='")[1].split("'")[0]
        json_type = {"Content-Type": "application/json"}
        assert _post(url + "/api/correct", body, json_type) == 403
        assert _post(url + "/api/correct", body, {**json_type, "X-CSRF-Token": "forged"}) == 403
        cross = {**json_type, "X-CSRF-Token": csrf, "Origin": "http://evil.example"}
        assert _post(url + "/api/correct", body, cross) == 403
        big = b"{" + b" " * 100_000 + b"}"
        assert _post(url + "/api/correct", big, {**json_type, "X-CSRF-Token": csrf}) == 413
        # A body sent in chunks, without its length, is cut off at the bound too.
        chunked = urllib.request.Request(
            url + "/api/correct",
            data=iter([b"{" + b" " * 8192] * 4 + [b"}"]),
            headers={**json_type, "X-CSRF-Token": csrf, "Transfer-Encoding": "chunked"},
            method="POST",
        )
        try:
            status = urllib.request.urlopen(chunked, timeout=10).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status == 413
        # Another site's name pointed at this machine (DNS rebinding) gets nothing.
        rebound = urllib.request.Request(url + "/", headers={"Host": "evil.example:80"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound, timeout=10)
        assert refused.value.code == 421
        # With the token, the same request is judged on its content (no such event: 400).
        assert _post(url + "/api/correct", body, {**json_type, "X-CSRF-Token": csrf}) == 400
        # No path from a request reaches the file system.
        for probe in ("/assets/..%2f..%2fproject.gpkg", "/assets/../../etc/passwd", "/doc/..%2f"):
            try:
                status = urllib.request.urlopen(url + probe, timeout=10).status
            except urllib.error.HTTPError as exc:
                status = exc.code
            assert status == 404
    assert query(store, "SELECT count(*) FROM corrections") == [(0,)]


def test_listening_beyond_this_machine_needs_the_token(store):
    with serving(store, "--host", "127.0.0.1", "--token", "s3cret-token") as (url, log):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "/", timeout=10)
        assert refused.value.code == 401
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        assert opener.open(url + "/?token=s3cret-token", timeout=10).status == 200
        assert opener.open(url + "/", timeout=10).status == 200
    assert "?token=s3cret-token" in log.read_text()


def test_analyst_edits_an_event_and_rules_out_a_place(browser, store, tmp_path):
    with serving(store) as (url, _log):
        page, outside, errors = open_page(browser, url)
        page.goto(url + "/")
        page.get_by_role("link", name="border.txt").click()
        arrest = page.locator("#events li", has_text="Laredo")
        arrest.locator("button.edit").click()
        form = arrest.locator("form.edit")
        form.locator("select[name=type]").select_option("raid")
        form.locator("input[name=date]").fill("2023-03")
        form.locator("select[name=precision]").select_option("month")
        form.locator("input[name=people]").fill("Juan Pérez")
        form.locator("input[name=fatalities]").fill("0")
        form.locator("input[name=place-q]").fill("Nuevo Laredo")
        form.locator(".choices li", has_text="Tamaulipas").first.locator("button").click()
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        edited = page.locator("#events li", has_text="raid").inner_text()
        assert "2023-03 (month)" in edited and "Nuevo Laredo" in edited and "reviewed" in edited
        assert "actors: Juan Pérez" in edited and "fatalities: 0" in edited

        # "Arizona" is ruled out as a place: its highlight goes.
        page.locator("[data-mention]", has_text="Arizona").first.click()
        page.wait_for_selector("#panel tr[data-place]")
        with page.expect_navigation():
            page.click("#panel button.not-place")
        assert page.locator("[data-mention]", has_text="Arizona").count() == 0
        assert outside == [] and errors == []

    out = tmp_path / "events.csv"
    subprocess.run(
        ["incidentmap", "export", "--db", str(store), "-o", str(out), "--kind", "event"],
        check=True,
    )
    text = out.read_text(encoding="utf-8")
    assert "raid" in text and "Nuevo Laredo" in text


def test_an_article_whose_text_changed_lists_the_corrections_that_no_longer_apply(store, tmp_path):
    import incidentmap

    [(doc_id, path)] = query(store, "SELECT doc_id, doc FROM documents WHERE doc LIKE '%border%'")
    [(key,)] = query(
        store, "SELECT id FROM events WHERE doc_id = ? AND type = 'seizure'", (doc_id,)
    )
    with serving(store) as (url, _log):
        page = urllib.request.urlopen(url + f"/doc/{doc_id}", timeout=10).read().decode()
        csrf = page.split("name='csrf-token' content='")[1].split("'")[0]
        body = json.dumps({"action": "reject", "doc_id": doc_id, "key": key}).encode()
        headers = {"Content-Type": "application/json", "X-CSRF-Token": csrf}
        assert _post(url + "/api/correct", body, headers) == 200
    # The store names the article relative to the folder it was ingested from.
    with open(tmp_path / path, "a", encoding="utf-8") as article:
        article.write("A later paragraph was added.\n")
    incidentmap.ingest([tmp_path / "articles"], store)
    [(new_id,)] = query(store, "SELECT doc_id FROM documents WHERE doc = ?", (path,))
    with serving(store) as (url, _log):
        page = urllib.request.urlopen(url + f"/doc/{new_id}", timeout=10).read().decode()
    assert new_id != doc_id
    assert "Corrections that no longer apply" in page and "reject event" in page


def test_two_analysts_at_once_the_page_says_the_document_changed_under_you(browser, store):
    with serving(store) as (url, _log):
        first, outside1, errors1 = open_page(browser, url)
        second, outside2, errors2 = open_page(browser, url)
        for page in (first, second):
            page.goto(url + "/")
            page.get_by_role("link", name="border.txt").click()
            page.wait_for_selector("#events li")
        with first.expect_navigation():
            first.locator("#events li", has_text="Nogales").locator("button.reject").click()
        assert first.locator("#notice").is_hidden()
        with second.expect_navigation():
            second.locator("#events li", has_text="Laredo").locator("button.accept").click()
        assert "changed while you had it open (by tester)" in second.locator("#notice").inner_text()
        # Both changes hold: the last write wins per field, none is lost.
        items = second.locator("#events li").all_inner_texts()
        assert not any("Nogales" in t for t in items)
        assert any("Laredo" in t and "reviewed" in t for t in items)
        assert outside1 == outside2 == [] and errors1 == errors2 == []


def test_two_analysts_on_one_postgis_store_are_told_the_record_changed_under_them(
    browser, postgis_url, tmp_path
):
    from workbench_server import make_store

    store = make_store(tmp_path, postgis_url)
    with (
        serving(store, "--who", "ana") as (ana_url, _log1),
        serving(store, "--who", "ben") as (ben_url, _log2),
    ):
        ana, outside1, errors1 = open_page(browser, ana_url)
        ben, outside2, errors2 = open_page(browser, ben_url)
        for page, url in ((ana, ana_url), (ben, ben_url)):
            page.goto(url + "/")
            page.get_by_role("link", name="border.txt").click()
            page.wait_for_selector("#events li")
        # Ana dates the Laredo arrest to the month; Ben, whose page is older, makes it a raid.
        arrest = ana.locator("#events li", has_text="Laredo")
        arrest.locator("button.edit").click()
        arrest.locator("form.edit input[name=date]").fill("2023-03")
        arrest.locator("form.edit select[name=precision]").select_option("month")
        with ana.expect_navigation():
            arrest.locator("form.edit button[type=submit]").click()
        assert ana.locator("#notice").is_hidden()
        arrest = ben.locator("#events li", has_text="Laredo")
        arrest.locator("button.edit").click()
        arrest.locator("form.edit select[name=type]").select_option("raid")
        with ben.expect_navigation():
            arrest.locator("form.edit button[type=submit]").click()
        notice = ben.locator("#notice").inner_text()
        assert "changed while you had it open (by ana)" in notice
        assert "The record you saved had been changed under you: date by ana" in notice
        assert "precision by ana" in notice
        # Last write wins per field: Ana's date and Ben's type both hold.
        saved = ben.locator("#events li", has_text="Laredo").inner_text()
        assert saved.startswith("raid · 2023-03 (month)")
        assert outside1 == outside2 == [] and errors1 == errors2 == []
    who = query(store, "SELECT DISTINCT who FROM corrections ORDER BY who")
    assert who == [("ana",), ("ben",)]


def test_an_analyst_undoes_a_rejection_and_the_event_is_back_unreviewed(browser, store, tmp_path):
    with serving(store) as (url, _log):
        page, outside, errors = open_page(browser, url)
        page.goto(url + "/")
        page.get_by_role("link", name="border.txt").click()
        page.wait_for_selector("#events li")
        with page.expect_navigation():
            page.locator("#events li", has_text="Nogales").locator("button.reject").click()
        assert page.locator("#events li", has_text="Nogales").count() == 0
        done = page.locator("#history li", has_text="reject event")
        with page.expect_navigation():
            done.locator("button.undo").click()
        page.reload()
        page.wait_for_selector("#events li")
        back = page.locator("#events li", has_text="Nogales")
        assert back.count() == 1 and "reviewed" not in back.inner_text()
        # The history keeps both: the rejection, marked undone, cannot be undone twice.
        assert "undone" in page.locator("#history li", has_text="reject event").inner_text()
        assert page.locator("#history button.undo").count() == 0
        assert outside == [] and errors == []
    out = tmp_path / "events.geojson"
    command = ["incidentmap", "export", "--db", str(store), "-o", str(out), "--kind", "event"]
    subprocess.run(command, check=True)
    nogales = [
        f["properties"]
        for f in json.loads(out.read_text())["features"]
        if f["properties"]["place"] == "Nogales"
    ]
    assert len(nogales) == 1 and nogales[0]["reviewed"] is False
    assert query(store, "SELECT what FROM corrections ORDER BY id") == [("reject",), ("undo",)]


def test_an_analyst_accepts_a_route_and_moves_its_origin(browser, store_target, tmp_path):
    import shutil

    import incidentmap
    from incidentmap.sources.sample import sample_dir

    folder = tmp_path / "articles"
    shutil.copytree(sample_dir(), folder)
    incidentmap.ingest([folder], store_target)
    [(doc_id, key)] = query(
        store_target, "SELECT doc_id, id FROM routes WHERE origin = 'Venezuela'"
    )
    [(other,)] = query(
        store_target, "SELECT id FROM routes WHERE origin = 'Colombia' AND doc_id = ?", (doc_id,)
    )
    with serving(store_target) as (url, _log):
        page, outside, errors = open_page(browser, url)
        page.goto(f"{url}/doc/{doc_id}")
        route = page.locator(f"#events li[data-event='{key}']")
        assert route.inner_text().startswith("route · Venezuela → Mexico")
        with page.expect_navigation():
            page.locator(f"#events li[data-event='{other}'] button.accept").click()
        route.locator("button.route-origin").click()
        route.locator("input.place-search").fill("Caracas")
        choice = route.locator(".choices li", has_text="VE").first
        with page.expect_navigation():
            choice.locator("button").click()
        page.reload()
        moved = page.locator(f"#events li[data-event='{key}']").inner_text()
        assert moved.startswith("route · Caracas → Mexico") and "reviewed" in moved
        accepted = page.locator(f"#events li[data-event='{other}']").inner_text()
        assert "reviewed" in accepted
        assert outside == [] and errors == []
    out = tmp_path / "routes.geojson"
    command = [
        "incidentmap",
        "export",
        "--db",
        str(store_target),
        "-o",
        str(out),
        "--kind",
        "route",
    ]
    subprocess.run(command, check=True)
    features = {f["properties"]["id"]: f for f in json.loads(out.read_text())["features"]}
    caracas = features[key]
    assert caracas["properties"]["origin"] == "Caracas" and caracas["properties"]["reviewed"]
    lon, lat = caracas["geometry"]["coordinates"][0]
    assert abs(lon + 66.9) < 0.5 and abs(lat - 10.5) < 0.5
    assert features[other]["properties"]["reviewed"] is True
    untouched = [f for i, f in features.items() if i not in (key, other)]
    assert untouched and not any(f["properties"]["reviewed"] for f in untouched)
