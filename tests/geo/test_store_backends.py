"""The same store assertions against both backends: a GeoPackage file and a PostGIS database.

The PostGIS server is a throwaway one the tests start (see ``tests/postgis_fixtures.py``).
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from incidentmap.geo.errors import GeoError
from incidentmap.geo.postgis_store import SCHEMA_VERSION
from incidentmap.geo.store import DocumentRecords
from incidentmap.geo.stores import open_store
from incidentmap.sources.document import Document, content_id

SCRIPT_QUOTE = 'He said "we will not stop" <script>alert(1)</script> & left for Ciudad Juárez.'


def article(path: str, text: str) -> Document:
    return Document(id=content_id(text), path=path, text=text, title="Armas", outlet="Reuters")


def records_for(doc: Document, evidence, *, events=None, routes=None) -> DocumentRecords:
    all_events, all_routes, mentions = evidence

    def own(records):
        return [dataclasses.replace(r, doc=doc.path, doc_id=doc.id) for r in records]

    return DocumentRecords(
        doc,
        mentions=own(mentions),
        events=own(all_events if events is None else events),
        routes=own(all_routes if routes is None else routes),
    )


def counts(target) -> dict[str, int]:
    with open_store(target) as store:
        docs = store.documents()
        frame = store.load()
    found = frame["kind"].value_counts().to_dict()
    return {"documents": len(docs), **{k: found.get(k, 0) for k in ("event", "route", "mention")}}


def test_stored_records_load_as_the_analysis_gave_them(store_target, evidence):
    from incidentmap.geo.filters import filter_frame

    a, b = article("a.txt", "Guns seized in Juarez."), article("b.txt", "Arrest in Texas.")
    with open_store(store_target) as store:
        summary = store.ingest([records_for(a, evidence), records_for(b, evidence, routes=[])])
        frame = store.load()
        only_routes = store.load(kinds=["route"])
        docs = store.documents()
        picked = store.load(years=(2011, 2011), cases=["fast and furious"])
        no_case = store.load(kinds=["event"], cases=["none"])
    assert str(summary) == "2 new, 0 unchanged, 0 replaced, 0 failed"
    assert frame["kind"].value_counts().to_dict() == {"event": 16, "mention": 4, "route": 2}
    by_id = frame[frame["doc_id"] == a.id].set_index("id")
    assert by_id.loc["e6", "quote"] == SCRIPT_QUOTE
    assert by_id.loc["ACLED-1"].geometry is None
    assert by_id.loc["e1"].geometry.x == pytest.approx(-106.46084)
    assert by_id.loc["r1", "volume"] == 2500.0 and by_id.loc["e1", "year"] == 2011
    assert by_id.loc["r1"].geometry.geom_type == "LineString"
    assert set(only_routes["kind"]) == {"route"}
    assert docs[["doc", "events", "routes", "mentions"]].values.tolist() == [
        ["a.txt", 8, 2, 2],
        ["b.txt", 8, 0, 2],
    ]
    # Filters chosen in the store keep exactly what the map's filter keeps.
    expected = filter_frame(frame, years=(2011, 2011), cases=["fast and furious"])
    assert sorted(picked["id"]) == sorted(expected["id"]) == ["e1", "e1", "e7", "e7"]
    assert len(no_case) == len(filter_frame(frame, kinds=["event"], cases=["none"])) > 0


def test_a_bounding_box_chosen_in_the_store_keeps_what_the_maps_filter_keeps(
    store_target, evidence
):
    from incidentmap.geo.filters import filter_frame

    with open_store(store_target) as store:
        store.ingest([records_for(article("a.txt", "Guns seized in Juarez."), evidence)])
        everything = store.load()
        west_texas = store.load(bbox=(-101.0, 28.0, -99.0, 32.0), kinds=["event", "route"])
        juarez_2011 = store.load(bbox=(-107.0, 31.0, -106.0, 32.0), years=(2011, 2011))
        pacific = store.load(bbox=(170.0, -30.0, -165.0, 0.0))
    # Points inside, and the US -> Mexico route, which only crosses the box.
    assert sorted(west_texas["id"]) == ["e2", "e3", "r1"]
    expected = filter_frame(everything, bbox=(-107.0, 31.0, -106.0, 32.0), years=(2011, 2011))
    assert sorted(juarez_2011["id"]) == sorted(expected["id"]) == ["e1"]
    assert pacific.empty


def test_reingest_is_idempotent_and_edits_replace(store_target, evidence):
    events = evidence[0]
    with open_store(store_target) as store:
        store.ingest([records_for(article("a.txt", "First version."), evidence)])
        store.ingest([records_for(article("b.txt", "Another article."), evidence)])
    before = counts(store_target)
    again = article("copy/a.txt", "First   version.\n")
    with open_store(store_target) as store:
        summary = store.ingest([records_for(again, evidence)])
        assert (summary.new, summary.unchanged) == (0, 1)
    assert counts(store_target) == before
    edited = article("a.txt", "Second version, corrected.")
    with open_store(store_target) as store:
        summary = store.ingest([records_for(edited, evidence, events=events[:1], routes=[])])
        docs = store.documents()
    assert (summary.new, summary.replaced) == (0, 1)
    assert counts(store_target) == {"documents": 2, "event": 9, "route": 2, "mention": 4}
    assert docs.set_index("doc").loc["a.txt", "doc_id"] == edited.id


def test_interrupted_ingest_keeps_what_was_committed(store_target, evidence):
    docs = [article(f"{i}.txt", f"Article number {i}.") for i in range(4)]

    def analysed(fail_after=None):
        for i, doc in enumerate(docs):
            if i == fail_after:
                raise KeyboardInterrupt
            yield records_for(doc, evidence, routes=[])

    with open_store(store_target) as store, pytest.raises(KeyboardInterrupt):
        store.ingest(analysed(fail_after=2))
    assert counts(store_target)["documents"] == 2
    with open_store(store_target) as store:
        assert store.has(docs[0].id) and not store.has(docs[2].id)
        summary = store.ingest(analysed())
        failed = store.ingest([DocumentRecords(article("bad.txt", "Bad."), error="broken")])
    assert (summary.new, summary.unchanged) == (2, 2)
    assert failed.failed == 1 and failed.problems == [("bad.txt", "broken")]
    assert counts(store_target) == {"documents": 4, "event": 32, "route": 0, "mention": 8}


def test_cli_verbs_read_either_store_alike(store_target, corpus_dir, tmp_path, capsys):
    from incidentmap.cli import main

    assert main(["ingest", str(corpus_dir), "--db", store_target]) == 0
    assert "5 new, 0 unchanged" in capsys.readouterr().err
    assert main(["ingest", str(corpus_dir), "--db", store_target]) == 0
    assert "0 new, 5 unchanged" in capsys.readouterr().err
    direct, stored = tmp_path / "direct.geojson", tmp_path / "stored.geojson"
    assert main(["export", str(corpus_dir), "-o", str(direct)]) == 0
    assert main(["export", "--db", store_target, "-o", str(stored)]) == 0
    assert direct.read_bytes() == stored.read_bytes()
    one_year = tmp_path / "2011.csv"
    assert main(["export", "--db", store_target, "-o", str(one_year), "--year", "2011"]) == 0
    assert main(["map", "--db", store_target, "-o", str(tmp_path / "m.html")]) == 0
    capsys.readouterr()
    assert main(["events", "--db", store_target, "--format", "jsonl"]) == 0
    assert capsys.readouterr().out.count("\n") > 5
    assert one_year.read_text(encoding="utf-8").count("\n") > 1
    routes = tmp_path / "routes.geojson"
    assert main(["export", "--db", store_target, "-o", str(routes), "--kind", "route"]) == 0
    with open_store(store_target) as store:
        stored_routes = len(store.load(["route"]))
    features = json.loads(routes.read_text(encoding="utf-8"))["features"]
    assert len(features) == stored_routes > 0
    assert {f["properties"]["kind"] for f in features} == {"route"}


# -- PostGIS only ------------------------------------------------------------


def test_postgis_tables_are_what_qgis_and_gdal_open(postgis_url, evidence):
    import psycopg

    with open_store(postgis_url) as store:
        store.ingest([records_for(article("a.txt", "Guns seized in Juarez."), evidence)])
    with psycopg.connect(postgis_url) as db:
        columns = dict(
            db.execute(
                "SELECT f_table_name, type FROM geometry_columns WHERE srid = 4326"
            ).fetchall()
        )
        gist = db.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING gist%'"
        ).fetchone()[0]
        version = db.execute("SELECT max(version) FROM incidentmap_schema").fetchone()[0]
    assert columns == {"events": "POINT", "routes": "LINESTRING", "mentions": "POINT"}
    assert gist >= 3 and version == SCHEMA_VERSION
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo:
        pg = re.sub(
            r"^postgresql://(\w+)@([\d.]+):(\d+)/(\w+)$",
            r"PG:user=\1 host=\2 port=\3 dbname=\4",
            postgis_url,
        )
        out = subprocess.run(
            [ogrinfo, "-ro", "-so", pg, "events"], capture_output=True, text=True, check=True
        ).stdout
        assert "Feature Count: 8" in out


def test_a_store_of_another_schema_version_is_refused(postgis_url, evidence):
    import psycopg

    open_store(postgis_url).close()
    with psycopg.connect(postgis_url, autocommit=True) as db:
        db.execute("DELETE FROM incidentmap_schema")
        db.execute("INSERT INTO incidentmap_schema (version) VALUES (0)")
    with pytest.raises(GeoError, match="schema version 0.*migrate"):
        open_store(postgis_url)


def test_an_older_store_names_the_migration_and_migrate_brings_it_up_to_date(
    postgis_url, evidence, capsys
):
    import psycopg

    from incidentmap.cli import main

    with open_store(postgis_url) as store:
        store.ingest([records_for(article("a.txt", "Guns seized in Juarez."), evidence)])
    # What a store written by the first release looks like: version 1, no corrections.
    with psycopg.connect(postgis_url, autocommit=True) as db:
        db.execute("DROP TABLE corrections")
        db.execute("DROP INDEX documents_text_trgm, documents_title_trgm")
        db.execute("DELETE FROM incidentmap_schema WHERE version > 1")
    assert main(["export", "--db", postgis_url, "-o", "unused.geojson"]) == 2
    err = capsys.readouterr().err
    assert f"run 'incidentmap migrate --db {postgis_url}'" in err
    assert "Traceback" not in err

    assert main(["migrate", "--db", postgis_url]) == 0
    assert "migrated (applied versions 2, 3)" in capsys.readouterr().err
    with open_store(postgis_url) as store:
        assert len(store.load(["event"])) == 8  # the articles survived the migration
    with psycopg.connect(postgis_url) as db:
        # The workbench's text search has its trigram indexes (version 3).
        indexes = {
            r[0]
            for r in db.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'documents'")
        }
    assert {"documents_text_trgm", "documents_title_trgm"} <= indexes
    assert main(["migrate", "--db", postgis_url]) == 0
    assert "up to date" in capsys.readouterr().err


def test_an_unreachable_database_is_one_line(tmp_path, capsys):
    from incidentmap.cli import main

    url = "postgresql://nobody:secret@127.0.0.1:9/none"
    assert main(["export", "--db", url, "-o", str(tmp_path / "x.geojson")]) == 2
    err = capsys.readouterr().err
    assert "cannot connect to the project store" in err and "secret" not in err
    assert "Traceback" not in err


def _ingest_some(url: str, paths: list[str]) -> str:
    from incidentmap.api import ingest

    return str(ingest(paths, url, workers=1))


def test_four_processes_ingesting_overlapping_sets_leave_the_union(postgis_url, corpus_dir):
    files = sorted(str(p) for p in corpus_dir.iterdir())
    sets = [files[0:3], files[1:4], files[2:5], files[0:5]]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        summaries = pool.starmap(_ingest_some, [(postgis_url, s) for s in sets])
    assert all("0 failed" in s for s in summaries)
    with open_store(postgis_url) as store:
        docs = store.documents()
    # A store names an article given as a file by its file name (no local paths).
    assert sorted(docs["doc"]) == sorted(Path(f).name for f in files)
    assert docs["doc_id"].is_unique


def test_an_ingest_killed_midway_and_run_again_stores_every_article_once(postgis_url, corpus_dir):
    import os
    import signal
    import sys
    import time

    import psycopg

    news = corpus_dir.parent / "eval" / "news-dev" / "txt"
    if not news.is_dir():
        pytest.skip("../shared/eval/news-dev is not beside this checkout")
    argv = [sys.executable, "-m", "incidentmap.cli", "ingest", str(news), "--db", postgis_url]
    ingest = subprocess.Popen([*argv, "--workers", "1"], stderr=subprocess.DEVNULL)
    stored = 0
    with psycopg.connect(postgis_url, autocommit=True) as db:
        deadline = time.monotonic() + 120
        while stored < 5 and ingest.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            if db.execute("SELECT to_regclass('documents')").fetchone()[0]:
                stored = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        os.kill(ingest.pid, signal.SIGKILL)
        ingest.wait()
        assert 0 < stored < len(list(news.iterdir()))
        assert subprocess.run([*argv, "--workers", "1"], capture_output=True).returncode == 0
        docs = db.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
        orphans = db.execute(
            "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
        ).fetchone()[0]
    assert docs == (len(list(news.iterdir())), len(list(news.iterdir())))
    assert orphans == 0
