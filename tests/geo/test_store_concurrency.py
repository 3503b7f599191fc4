"""Several `incidentmap ingest` processes writing one GeoPackage at once (issue 13).

Each run waits for the others (SQLite's busy timeout, the transaction retried)
instead of failing: no traceback, no "readonly database", and the store holds
exactly the union of what they were given, each article once.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = shutil.which("incidentmap") or str(Path(sys.executable).with_name("incidentmap"))
CITIES = [
    ("Tijuana", "Baja California"),
    ("Culiacán", "Sinaloa"),
    ("Reynosa", "Tamaulipas"),
    ("Monterrey", "Nuevo León"),
    ("Ciudad Juárez", "Chihuahua"),
    ("Acapulco", "Guerrero"),
    ("Morelia", "Michoacán"),
    ("Guadalajara", "Jalisco"),
]


def write_articles(folder: Path, numbers: range) -> list[Path]:
    """Small distinct articles, one incident each, generated (no corpus text)."""
    paths = []
    for n in numbers:
        city, state = CITIES[n % len(CITIES)]
        path = folder / f"report-{n:03d}.txt"
        path.write_text(
            f"Report {n}\n\nMarch {1 + n % 28}, 2021\n\n"
            f"On March {1 + n % 28}, 2021, {n + 2} people were killed in a shootout in "
            f"{city}, {state}. Police found {n + 1} rifles at the scene.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def ingest_at_once(batches: list[list[Path]], store: Path) -> list[tuple[int, str]]:
    procs = [
        subprocess.Popen(
            [SCRIPT, "ingest", *map(str, batch), "--db", str(store)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for batch in batches
    ]
    return [(p.wait(timeout=300), p.stderr.read()) for p in procs]


def stored(store: Path) -> dict[str, object]:
    with contextlib.closing(sqlite3.connect(store)) as db:
        docs = [r[0] for r in db.execute("SELECT doc FROM documents")]
        duplicates = {
            table: db.execute(
                f'SELECT count(*) FROM (SELECT 1 FROM "{table}" GROUP BY id, doc_id '
                "HAVING count(*) > 1)"
            ).fetchone()[0]
            for table in ("events", "mentions", "routes")
        }
        orphans = db.execute(
            "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
        ).fetchone()[0]
        events_per_doc = dict(
            db.execute(
                "SELECT d.doc, count(e.fid) FROM documents d "
                "LEFT JOIN events e ON e.doc_id = d.doc_id GROUP BY d.doc"
            ).fetchall()
        )
    return {
        "docs": docs,
        "duplicates": duplicates,
        "orphans": orphans,
        "events": events_per_doc,
    }


def assert_clean(runs: list[tuple[int, str]]) -> None:
    for status, err in runs:
        assert "Traceback" not in err, err
        assert "readonly" not in err, err
        assert status == 0, err


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> dict[str, object]:
    """What one ingest of all 50 articles stores: the answer the concurrent runs must give."""
    tmp_path = tmp_path_factory.mktemp("alone")
    articles = write_articles(tmp_path, range(50))
    assert_clean(ingest_at_once([articles], tmp_path / "alone.gpkg"))
    result = stored(tmp_path / "alone.gpkg")
    result["events"] = {Path(doc).name: n for doc, n in result["events"].items()}
    return result


@pytest.mark.parametrize("existing", [False, True], ids=["new store", "existing store"])
def test_four_ingests_at_once_store_the_union_once(tmp_path: Path, existing: bool, alone):
    folder = tmp_path / "articles"
    folder.mkdir()
    articles = write_articles(folder, range(50))
    store = tmp_path / "project.gpkg"
    if existing:
        assert_clean(ingest_at_once([articles[:5]], store))
    # Four overlapping sets of 20: 0-19, 10-29, 20-39, 30-49 (and the first 5 stored already).
    batches = [articles[k * 10 : k * 10 + 20] for k in range(4)]
    assert_clean(ingest_at_once(batches, store))

    result = stored(store)
    # Stores name an article given as a file by its file name (no local paths).
    assert sorted(Path(d).name for d in result["docs"]) == sorted(p.name for p in articles)
    assert result["duplicates"] == {"events": 0, "mentions": 0, "routes": 0}
    assert result["orphans"] == 0
    # Each article has the very events one ingest of everything stores for it.
    assert {Path(doc).name: n for doc, n in result["events"].items()} == alone["events"]
    assert sum(alone["events"].values()) >= len(articles)
    # No temporary or journal files are left beside the store.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "project.gpkg"]


def test_a_store_locked_too_long_is_one_clear_line(tmp_path: Path, monkeypatch, capsys):
    from incidentmap.cli import main
    from incidentmap.geo import store as store_module

    (article,) = write_articles(tmp_path, range(1))
    store = tmp_path / "project.gpkg"
    assert main(["ingest", str(article), "--db", str(store)]) == 0
    (second,) = write_articles(tmp_path, range(1, 2))
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.5)
    with contextlib.closing(sqlite3.connect(store, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")  # another program holding the store
        status = main(["ingest", str(second), "--db", str(store)])
        other.execute("ROLLBACK")
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    (line,) = [x for x in err.splitlines() if "busy" in x]
    assert "project.gpkg" in line and "again" in line
    # Nothing was lost: once the other program is done, the article goes in.
    assert main(["ingest", str(second), "--db", str(store)]) == 0
    assert len(stored(store)["docs"]) == 2
