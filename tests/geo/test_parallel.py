"""Analysis on a real Dask cluster: the same output, in the same order, as in one process.

The inputs are the bundled sample articles plus the news-dev press releases
(57 articles, over `SMALL`, so ``--workers 2`` starts a local cluster of two
worker processes).
"""

from __future__ import annotations

import sqlite3

import pytest

from incidentmap.cli import main
from incidentmap.geo.parallel import SMALL


@pytest.fixture(scope="module")
def articles(corpus_dir):
    news = corpus_dir.parent / "eval" / "news-dev" / "txt"
    if not news.is_dir():
        pytest.skip("../shared/eval/news-dev is not beside this checkout")
    paths = [str(corpus_dir), str(news)]
    assert len(list(corpus_dir.iterdir())) + len(list(news.iterdir())) >= SMALL
    return paths


@pytest.fixture(scope="module")
def cluster():
    """A Dask cluster of two worker processes, as `dask scheduler` + 2 `dask worker` give."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as running:
        yield running


def _store_rows(db):
    """Every stored row but the ingest time, in stored order."""
    with sqlite3.connect(db) as con:
        docs = con.execute(
            "SELECT doc_id, doc, title, date, chars, text FROM documents ORDER BY fid"
        ).fetchall()
        tables = {
            t: con.execute(f'SELECT * FROM "{t}" ORDER BY fid').fetchall()
            for t in ("events", "routes", "mentions")
        }
    return docs, tables


def _postgis_rows(url):
    """Every stored row but the ingest time and row number, in a stable order: workers
    write to PostGIS side by side, so articles land in the order they finish."""
    import psycopg

    from incidentmap.geo.frames import columns_for

    with psycopg.connect(url) as db:
        docs = db.execute(
            "SELECT doc_id, doc, title, date, chars, text FROM documents ORDER BY doc_id"
        ).fetchall()
        tables = {}
        for kind, table in (("event", "events"), ("route", "routes"), ("mention", "mentions")):
            names = ", ".join(f'"{c}"' for c in columns_for(kind))
            tables[table] = sorted(
                db.execute(f'SELECT {names}, ST_AsText(geom) FROM "{table}"').fetchall(),
                key=repr,
            )
    return docs, tables


def test_workers_write_to_postgis_what_one_process_writes(
    articles, postgis_server, tmp_path, capsys
):
    import psycopg

    urls = []
    for name in ("one", "two"):
        with psycopg.connect(postgis_server + "postgres", autocommit=True) as db:
            db.execute(f"CREATE DATABASE parallel_{name} TEMPLATE incidentmap_template")
        urls.append(postgis_server + f"parallel_{name}")
    one, two = urls
    assert main(["ingest", *articles, "--db", one, "--workers", "1"]) == 0
    assert main(["ingest", *articles, "--db", two, "--workers", "2"]) == 0
    assert "0 failed" in capsys.readouterr().err
    assert _postgis_rows(one) == _postgis_rows(two)
    docs, tables = _postgis_rows(two)
    assert len(docs) >= SMALL and len(tables["events"]) > 50
    assert main(["ingest", *articles, "--db", two, "--workers", "2"]) == 0
    assert f"0 new, {len(docs)} unchanged" in capsys.readouterr().err
    # Whoever wrote the store, what it gives back comes in the same order.
    exports = []
    for url in urls:
        out = tmp_path / f"{url.rsplit('/', 1)[1]}.geojson"
        assert main(["export", "--db", url, "-o", str(out)]) == 0
        exports.append(out.read_bytes())
    assert exports[0] == exports[1]


def test_ingest_on_two_workers_stores_what_one_worker_stores(articles, tmp_path, capsys):
    one, two = tmp_path / "one.gpkg", tmp_path / "two.gpkg"
    assert main(["ingest", *articles, "--db", str(one), "--workers", "1"]) == 0
    assert main(["ingest", *articles, "--db", str(two), "--workers", "2"]) == 0
    assert _store_rows(one) == _store_rows(two)
    docs, tables = _store_rows(two)
    assert len(docs) >= SMALL and len(tables["events"]) > 50
    # Again on two workers: every article is known, nothing is analysed or written.
    assert main(["ingest", *articles, "--db", str(two), "--workers", "2"]) == 0
    assert f"0 new, {len(docs)} unchanged" in capsys.readouterr().err
    assert _store_rows(one) == _store_rows(two)


def test_export_events_places_on_a_scheduler_match_one_process(
    articles, cluster, tmp_path, capsys, monkeypatch
):
    one, two = tmp_path / "one.geojson", tmp_path / "two.geojson"
    assert main(["export", *articles, "-o", str(one), "--workers", "1"]) == 0
    assert (
        main(["export", *articles, "-o", str(two), "--scheduler", cluster.scheduler_address]) == 0
    )
    assert one.read_bytes() == two.read_bytes()
    capsys.readouterr()

    for verb in (["events", "--per-article"], ["places"], ["routes"]):
        assert main([*verb, *articles, "--format", "jsonl", "--workers", "1"]) == 0
        alone = capsys.readouterr().out
        # The scheduler's address from the environment, as Dask's own tools read it.
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
        assert main([*verb, *articles, "--format", "jsonl"]) == 0
        monkeypatch.delenv("DASK_SCHEDULER_ADDRESS")
        spread = capsys.readouterr().out
        assert spread == alone and spread.count("\n") > 20, verb

    # The work was done there: each worker process opened the gazetteer (once).
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        opened = client.run(_gazetteer_opened)
    assert list(opened.values()) == [True, True]


def _gazetteer_opened() -> bool:
    import incidentmap.gazetteer as gazetteer

    return gazetteer._default is not None


def test_map_on_a_scheduler_writes_the_same_page(articles, cluster, tmp_path):
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    assert main(["map", *articles, "-o", str(one), "--workers", "1"]) == 0
    assert main(["map", *articles, "-o", str(two), "--scheduler", cluster.scheduler_address]) == 0
    assert one.stat().st_size == two.stat().st_size > 10_000


def test_an_unreachable_scheduler_is_one_line(corpus_dir, tmp_path, capsys):
    import dask

    with dask.config.set({"incidentmap.scheduler-timeout": "2s"}):
        status = main(
            ["places", str(corpus_dir), "--scheduler", "tcp://127.0.0.1:9", "--format", "jsonl"]
        )
    err = capsys.readouterr().err
    assert status == 2
    assert "Dask scheduler at 'tcp://127.0.0.1:9'" in err and "Traceback" not in err


def test_workers_must_be_a_positive_number(corpus_dir, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["places", str(corpus_dir), "--workers", "0"])
    assert stop.value.code == 2
    assert "1 or more" in capsys.readouterr().err


def test_a_long_stream_keeps_its_order_and_asks_what_to_skip_once_per_batch(cluster):
    from operator import attrgetter

    from incidentmap.geo.parallel import MAX_BATCH, map_documents
    from incidentmap.sources.document import Document

    docs = [Document(id=f"id{i}", path=f"article{i}.txt", text="x") for i in range(1000)]
    asked: list[int] = []

    def skip(batch):
        asked.append(len(batch))
        return [int(doc.id[2:]) % 3 == 0 for doc in batch]

    out = list(
        map_documents(docs, attrgetter("path"), skip=skip, scheduler=cluster.scheduler_address)
    )
    assert [doc for doc, _ in out] == docs
    assert [found for _, found in out] == [
        None if i % 3 == 0 else f"article{i}.txt" for i in range(1000)
    ]
    # Every document was asked about once, a batch at a time: small batches first (a
    # short stream still reaches both workers), then batches of MAX_BATCH.
    assert sum(asked) == 1000
    assert asked[0] < MAX_BATCH and max(asked) == MAX_BATCH
    assert len(asked) < 1000 / 8
