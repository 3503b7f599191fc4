"""The project store: idempotent re-ingest, edits replaced whole, interrupted ingests kept."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import shutil
import sqlite3
import subprocess

import pyogrio
import pytest

from incidentmap.geo.errors import GeoError
from incidentmap.geo.store import DocumentRecords, Store
from incidentmap.sources.document import Document, content_id

SCRIPT_QUOTE = 'He said "we will not stop" <script>alert(1)</script> & left for Ciudad Juárez.'


def article(path: str, text: str) -> Document:
    return Document(id=content_id(text), path=path, text=text, title="Armas", outlet="Reuters")


def records_for(doc: Document, evidence, *, events=None, routes=None) -> DocumentRecords:
    """The evidence fixture's records, re-homed in ``doc``."""
    all_events, all_routes, mentions = evidence

    def own(records):
        return [dataclasses.replace(r, doc=doc.path, doc_id=doc.id) for r in records]

    return DocumentRecords(
        doc,
        mentions=own(mentions),
        events=own(all_events if events is None else events),
        routes=own(all_routes if routes is None else routes),
    )


def counts(path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {
            t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "events", "routes", "mentions")
        }


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_writes_a_geopackage_gis_tools_open(tmp_path, evidence):
    path = tmp_path / "project.gpkg"
    a, b = article("a.txt", "Guns seized in Juarez."), article("b.txt", "Arrest in Texas.")
    with Store(path) as store:
        summary = store.ingest([records_for(a, evidence), records_for(b, evidence, routes=[])])
    assert (summary.new, summary.unchanged, summary.replaced, summary.failed) == (2, 0, 0, 0)
    assert str(summary) == "2 new, 0 unchanged, 0 replaced, 0 failed"
    # One self-contained file: no write-ahead log or journal left beside it.
    assert [p.name for p in tmp_path.iterdir()] == ["project.gpkg"]
    layers = dict(pyogrio.list_layers(path).tolist())
    assert layers["events"] == "Point" and layers["routes"] == "LineString"
    events = pyogrio.read_dataframe(path, layer="events")
    assert len(events) == 16
    juarez = events[events["id"] == "e1"].iloc[0]
    assert juarez.geometry.x == pytest.approx(-106.46084) and juarez["year"] == 2011
    routes = pyogrio.read_dataframe(path, layer="routes")
    assert len(routes) == 2 and routes.geometry.iloc[0].coords[0] == pytest.approx((-98.5, 39.76))


def test_load_gives_frames_like_the_analysis(tmp_path, evidence):
    from incidentmap.geo.filters import filter_frame

    path = tmp_path / "project.gpkg"
    doc = article("a.txt", "Guns seized in Juarez.")
    with Store(path) as store:
        store.ingest([records_for(doc, evidence)])
        frame = store.load()
        only_routes = store.load(kinds=["route"])
        docs = store.documents()
    assert sorted(frame["kind"].value_counts().items()) == [
        ("event", 8),
        ("mention", 2),
        ("route", 2),
    ]
    by_id = frame.set_index("id")
    assert by_id.loc["e6", "quote"] == SCRIPT_QUOTE
    assert by_id.loc["e3", "year"] is None or by_id["year"].isna()["e3"]
    assert by_id.loc["ACLED-1"].geometry is None
    assert by_id.loc["r1", "volume"] == 2500.0 and by_id.loc["e1", "doc_id"] == doc.id
    assert set(only_routes["kind"]) == {"route"}
    kept = filter_frame(frame, years=(2011, 2011), cases=["fast and furious"])
    assert sorted(kept["id"]) == ["e1", "e7"]
    assert docs[["doc", "events", "routes", "mentions"]].values.tolist() == [["a.txt", 8, 2, 2]]


def test_reingesting_the_same_article_changes_nothing(tmp_path, evidence):
    path = tmp_path / "project.gpkg"
    doc = article("a.txt", "Guns seized in Juarez.")
    with Store(path) as store:
        store.ingest([records_for(doc, evidence)])
    before = digest(path)
    # The same text read again (also from another path) has the same content hash.
    again = article("copy/a.txt", "Guns seized   in Juarez.\n")
    with Store(path) as store:
        summary = store.ingest([records_for(doc, evidence), records_for(again, evidence)])
    assert (summary.new, summary.unchanged) == (0, 2)
    assert digest(path) == before


def test_edited_article_replaces_its_old_rows(tmp_path, evidence):
    path = tmp_path / "project.gpkg"
    events = evidence[0]
    with Store(path) as store:
        store.ingest([records_for(article("a.txt", "First version."), evidence)])
        store.ingest([records_for(article("b.txt", "Another article."), evidence)])
        edited = article("a.txt", "Second version, corrected.")
        summary = store.ingest([records_for(edited, evidence, events=events[:1], routes=[])])
        docs = store.documents()
    assert (summary.new, summary.replaced) == (0, 1)
    assert counts(path) == {"documents": 2, "events": 8 + 1, "routes": 2, "mentions": 4}
    # GDAL's own feature counts (what QGIS shows) follow the replacement too.
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo:
        out = subprocess.run(
            [ogrinfo, "-ro", "-so", str(path), "events"], capture_output=True, text=True
        ).stdout
        assert "Feature Count: 9" in out
    assert sorted(docs["doc"]) == ["a.txt", "b.txt"]
    assert docs.set_index("doc").loc["a.txt", "doc_id"] == edited.id


def test_failed_replacement_keeps_the_old_version_whole(tmp_path, evidence):
    path = tmp_path / "project.gpkg"
    with Store(path) as store:
        store.ingest([records_for(article("a.txt", "First version."), evidence)])
    before = counts(path)
    # A real SQLite failure half-way through the replacement: after the deletes and
    # the events were written, the routes insert aborts.
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON routes WHEN NEW.id = 'r2' "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    with Store(path) as store, pytest.raises(sqlite3.DatabaseError, match="disk full"):
        store.ingest([records_for(article("a.txt", "Second version."), evidence)])
    assert counts(path) == before
    with Store(path) as store:
        assert store.documents()["doc_id"].tolist() == [content_id("First version.")]


def test_interrupted_ingest_keeps_what_was_committed_and_resumes(tmp_path, evidence):
    path = tmp_path / "project.gpkg"
    docs = [article(f"{i}.txt", f"Article number {i}.") for i in range(4)]

    def analysed(fail_after: int | None = None):
        for i, doc in enumerate(docs):
            if i == fail_after:
                raise KeyboardInterrupt
            yield records_for(doc, evidence, routes=[])

    with Store(path) as store, pytest.raises(KeyboardInterrupt):
        store.ingest(analysed(fail_after=2))
    assert counts(path)["documents"] == 2 and counts(path)["events"] == 16
    with Store(path) as store:
        assert store.has(docs[0].id) and not store.has(docs[2].id)
        summary = store.ingest(analysed())
    assert (summary.new, summary.unchanged) == (2, 2)
    assert counts(path) == {"documents": 4, "events": 32, "routes": 0, "mentions": 8}


def test_failed_articles_are_counted_and_not_written(tmp_path):
    path = tmp_path / "project.gpkg"
    doc = article("bad.txt", "Unreadable.")
    with Store(path) as store:
        summary = store.ingest([DocumentRecords(doc, error="could not be analysed")])
    assert summary.failed == 1 and summary.problems == [("bad.txt", "could not be analysed")]
    assert counts(path)["documents"] == 0


def test_other_files_are_not_taken_for_a_store(tmp_path, evidence):
    from incidentmap.geo.export import write
    from incidentmap.geo.frames import events_frame

    exported = tmp_path / "export.gpkg"
    write(events_frame(evidence[0]), exported)
    with pytest.raises(GeoError, match="not an incidentmap project store"):
        Store(exported)
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(GeoError, match="not an incidentmap project store"):
        Store(text)
    with pytest.raises(GeoError, match="GeoPackage"):
        Store(tmp_path / "project.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.gpkg", "notes.gpkg"]


def test_cli_ingest_counts_new_unchanged_replaced_failed(corpus_dir, tmp_path, capsys):
    from incidentmap.cli import main

    articles = tmp_path / "articles"
    shutil.copytree(corpus_dir, articles)
    db = tmp_path / "project.gpkg"
    assert main(["ingest", str(articles), "--db", str(db)]) == 0
    assert "5 new, 0 unchanged, 0 replaced, 0 failed" in capsys.readouterr().err
    before = counts(db)
    assert main(["ingest", str(articles), "--db", str(db)]) == 0
    assert "0 new, 5 unchanged, 0 replaced, 0 failed" in capsys.readouterr().err
    assert counts(db) == before

    edited = sorted(articles.iterdir())[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA correction.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert main(["ingest", str(articles), str(missing), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "0 new, 4 unchanged, 1 replaced, 1 failed" in err and "missing.txt" in err
    assert counts(db)["documents"] == 5


def test_an_analysis_of_many_articles_is_stored_per_article(tmp_path, evidence):
    from incidentmap.geo.pipeline import Analysis
    from incidentmap.geo.store import per_document

    a, b = article("a.txt", "Guns seized in Juarez."), article("b.txt", "Arrest in Texas.")
    first, second = records_for(a, evidence), records_for(b, evidence, routes=[])
    analysis = Analysis(
        documents=[a, b],
        mentions=[*first.mentions, *second.mentions],
        events=[*first.events, *second.events],
        routes=[*first.routes, *second.routes],
    )
    with Store(tmp_path / "project.gpkg") as store:
        assert store.ingest(per_document(analysis)).new == 2
        docs = store.documents().set_index("doc")
    assert docs.loc["a.txt", ["events", "routes", "mentions"]].tolist() == [8, 2, 2]
    assert docs.loc["b.txt", ["events", "routes", "mentions"]].tolist() == [8, 0, 2]
