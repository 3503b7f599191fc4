"""Corrections are data: kept in the store, applied wherever it is read, kept across re-ingest.

Each test runs on a GeoPackage store and on a PostGIS one (`store_target`).
"""

from __future__ import annotations

import json
import subprocess

import pytest

import incidentmap
from incidentmap.gazetteer import default
from incidentmap.geo.corrections import added_event_id, place_json
from incidentmap.geo.errors import GeoError
from incidentmap.geo.stores import open_store

TEXT = (
    "Gunmen shot dead two police officers in Paris on Friday, March 3, 2023, officials said.\n\n"
    "Police arrested three men in Laredo, Texas, on March 5, 2023. Agents seized 40 rifles "
    "in Nogales, Arizona, on Monday."
)


@pytest.fixture()
def store_path(tmp_path, store_target):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    incidentmap.ingest([article], store_target)
    return store_target


def _paris_france():
    # The geoparser reads this Paris as the Texan one (Texas is named in the article).
    return next(c.place for c in default().lookup("Paris", limit=50) if c.place.country == "FR")


def correct_paris_and_nogales(path):
    with open_store(path) as store:
        frame = store.load()
        paris = frame[(frame["kind"] == "mention") & (frame["place_text"] == "Paris")].iloc[0]
        seizure = frame[(frame["kind"] == "event") & (frame["type"] == "seizure")].iloc[0]
        old = {"id": paris["place_id"], "text": "Paris"}
        store.correct(what="set", target="mention", doc_id=paris["doc_id"], doc=paris["doc"],
                      key=paris["id"], field="place", old=old, new=place_json(_paris_france()),
                      who="ana")  # fmt: skip
        store.correct(what="reject", target="event", doc_id=seizure["doc_id"],
                      doc=seizure["doc"], key=seizure["id"], who="ana")  # fmt: skip
        start = TEXT.index("Police")
        end = TEXT.index("2023.", start) + 5
        added = {"type": "arrest", "date": "2023-03-05", "precision": "day",
                 "quote": TEXT[start:end], "start": start, "end": end,
                 "place": json.loads(place_json(_paris_france()))}  # fmt: skip
        store.correct(what="add", target="event", doc_id=paris["doc_id"], doc=paris["doc"],
                      key=added_event_id(paris["doc_id"], start, end, "arrest"),
                      new=added, who="ana")  # fmt: skip
        return paris["doc_id"]


def test_corrections_apply_to_events_export_and_map_from_the_store(store_path, tmp_path):
    correct_paris_and_nogales(store_path)
    events = incidentmap.events(db=store_path, per_article=True)
    kinds = sorted((e.type, e.place.country if e.place else None) for e in events)
    # The killing moved with its mention to France; the seizure is gone; the added arrest is there.
    assert kinds == [("arrest", "FR"), ("arrest", "US"), ("killing", "FR")]
    out = tmp_path / "out.geojson"
    subprocess.run(["incidentmap", "export", "--db", str(store_path), "-o", str(out)], check=True)
    features = json.loads(out.read_text())["features"]
    props = [f["properties"] for f in features]
    assert all(isinstance(p["reviewed"], bool) for p in props)
    assert not any(p["type"] == "seizure" for p in props)
    paris = next(p for p in props if p["kind"] == "mention" and p["place_text"] == "Paris")
    assert paris["reviewed"] is True and paris["country"] == "FR"
    laredo = next(p for p in props if p["kind"] == "mention" and p["place_text"] == "Laredo")
    assert laredo["reviewed"] is False
    gpkg = tmp_path / "out.gpkg"
    subprocess.run(["incidentmap", "export", "--db", str(store_path), "-o", str(gpkg)], check=True)
    info = subprocess.run(
        ["ogrinfo", "-so", str(gpkg), "events"], capture_output=True, text=True, check=True
    ).stdout
    assert "reviewed: Integer(Boolean)" in info
    if not store_path.endswith(".gpkg"):
        return
    # The corrections are a table of the store GIS tools list and open.
    table = subprocess.run(
        ["ogrinfo", "-so", str(store_path), "corrections"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Feature Count: 3" in table and "who: String" in table


def test_corrections_survive_reingest_and_stop_applying_when_the_text_changes(store_path, tmp_path):
    doc_id = correct_paris_and_nogales(store_path)
    article = tmp_path / "a.txt"
    incidentmap.ingest([article], store_path)  # unchanged text: corrections kept
    with open_store(store_path) as store:
        assert "seizure" not in set(store.load(kinds=["event"])["type"])
    article.write_text(TEXT.replace("40 rifles", "41 rifles"), encoding="utf-8")
    incidentmap.ingest([article], store_path)
    from incidentmap.geo.corrections import stale
    from incidentmap.sources.document import content_id

    with open_store(store_path) as store:
        assert "seizure" in set(store.load(kinds=["event"])["type"])
        # The store names the article as it was given: its file name.
        gone = stale(store._db, article.name, content_id(article.read_text()))
    assert {c.what for c in gone} == {"set", "reject", "add"}
    assert {c.doc_id for c in gone} == {doc_id}


def test_eval_scores_the_machine_against_the_reviewed_records(store_path):
    correct_paris_and_nogales(store_path)
    run = subprocess.run(
        ["incidentmap", "eval", "--corpus", str(store_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    score = json.loads(run.stdout)[0]
    # Machine: killing at the Texan Paris, arrest in Laredo, seizure in Nogales.
    # Reviewed: killing in Paris, France; arrest in Laredo; seizure rejected; one arrest added.
    assert (score["events_gold"], score["events_emitted"], score["events_matched"]) == (3, 3, 1)
    assert score["event_precision"] == pytest.approx(0.333)
    assert (score["mentions"], score["mentions_right"], score["mentions_wrong_place"]) == (5, 4, 1)
    assert score["mention_accuracy"] == 0.8


def test_an_undone_correction_stops_applying_and_stays_in_the_history(store_path):
    correct_paris_and_nogales(store_path)
    with open_store(store_path) as store:
        history = store.corrections()
        reject = next(c for c in history if c.what == "reject")
        store.correct(what="undo", target="event", doc_id=reject.doc_id, key=reject.key,
                      new=str(reject.id), who="ana")  # fmt: skip
        events = store.load(kinds=["event"])
        seizure = events[events["type"] == "seizure"]
        assert len(seizure) == 1 and not seizure["reviewed"].iloc[0]
        assert [c.what for c in store.corrections()] == ["set", "reject", "add", "undo"]
        with pytest.raises(GeoError, match="names the id"):
            store.correct(what="undo", target="event", doc_id=reject.doc_id, key=reject.key)


def test_a_correction_moves_a_record_into_and_out_of_a_filter_chosen_in_the_store(store_path):
    correct_paris_and_nogales(store_path)
    with open_store(store_path) as store:
        arrest = next(
            r for _, r in store.load(["event"], corrected=False).iterrows() if r["type"] == "arrest"
        )
        store.correct(what="set", target="event", doc_id=arrest["doc_id"], doc=arrest["doc"],
                      key=arrest["id"], field="date", old=arrest["date"], new="2019-07-01",
                      who="ben")  # fmt: skip
        in_2019 = store.load(["event"], years=(2019, 2019))
        in_2023 = store.load(["event"], years=(2023, 2023))
        # The killing in Paris moved to France with its mention: a box on France finds it,
        # a box on Texas no longer does.
        france = store.load(["event"], bbox=(-5.0, 42.0, 8.0, 51.0))
        texas = store.load(["event"], bbox=(-107.0, 25.5, -93.0, 36.5))
    assert in_2019["id"].tolist() == [arrest["id"]]
    assert arrest["id"] not in set(in_2023["id"])
    assert sorted(france["type"]) == ["arrest", "killing"]  # the added arrest is in Paris too
    assert "killing" not in set(texas["type"])
