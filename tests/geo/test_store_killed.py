"""An ingest on two workers killed with SIGKILL part-way, again and again (issue 13).

Whatever the moment of the kill, what was committed stays whole, and the next
run of the same ingest stores the rest: every article once, each with the
very events one uninterrupted ingest gives it, no row without its article.
Both stores: a GeoPackage (the calling process writes) and PostGIS (the
workers write, each over its own connection).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from test_store_concurrency import SCRIPT, write_articles

ARTICLES = 120


def _query(target: str, sql: str) -> list[tuple]:
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target) as db:
            return db.execute(sql).fetchall()
    if not Path(target).exists():
        return []
    with contextlib.closing(sqlite3.connect(target, timeout=30)) as db:
        return db.execute(sql).fetchall()


def _stored(target: str) -> int:
    try:
        return _query(target, "SELECT count(*) FROM documents")[0][0]
    except Exception:  # the tables are not made yet
        return 0


def _ingest(folder: Path, target: str) -> subprocess.Popen:
    # A session of its own: the kill reaches the Dask workers too, as a kill of the
    # terminal's process group would.
    return subprocess.Popen(
        [SCRIPT, "ingest", str(folder), "--db", target, "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _events_per_article(target: str) -> dict[str, int]:
    return dict(
        _query(
            target,
            "SELECT d.doc, count(e.doc_id) FROM documents d "
            "LEFT JOIN events e ON e.doc_id = d.doc_id GROUP BY d.doc",
        )
    )


def test_ingests_killed_part_way_then_run_again_store_every_article_once(store_target, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write_articles(folder, range(ARTICLES))
    rng = random.Random(13)
    killed_at = []
    for threshold in sorted(rng.sample(range(1, ARTICLES // 2), 3)):
        run = _ingest(folder, store_target)
        deadline = time.monotonic() + 120
        while run.poll() is None and time.monotonic() < deadline:
            if _stored(store_target) >= threshold:
                break
            time.sleep(0.005)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        killed_at.append(_stored(store_target))
    # At least one kill came while articles were still being written.
    assert any(0 < n < ARTICLES for n in killed_at), killed_at

    last = _ingest(folder, store_target)
    _, err = last.communicate(timeout=300)
    assert last.returncode == 0, err
    assert "0 failed" in err and "Traceback" not in err

    # Every article once, none twice, no row left of an interrupted transaction.
    names = [Path(row[0]).name for row in _query(store_target, "SELECT doc FROM documents")]
    assert sorted(names) == sorted(p.name for p in folder.iterdir())
    for table in ("events", "mentions", "routes"):
        orphans = _query(
            store_target,
            f'SELECT count(*) FROM "{table}" x '
            "WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = x.doc_id)",
        )
        assert orphans == [(0,)], table
    # The very events an uninterrupted ingest stores.
    alone = str(tmp_path / "alone.gpkg")
    uninterrupted = _ingest(folder, alone)
    assert uninterrupted.wait(timeout=300) == 0
    assert _events_per_article(store_target) == _events_per_article(alone)
    assert sum(_events_per_article(alone).values()) >= ARTICLES
