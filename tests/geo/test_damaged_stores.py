"""Damaged stores and leftovers of killed runs: named as such, with what to do; never read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import incidentmap
from incidentmap.geo.errors import GeoError
from incidentmap.geo.store import Store

ARTICLE = (
    "Rifles seized\n\nMarch 3, 2021\n\n"
    "Police in Ciudad Juarez seized {n} rifles bought in Phoenix.\n"
)


@pytest.fixture(scope="module")
def store_of_30(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for n in range(30):
        (folder / f"a{n:02d}.txt").write_text(ARTICLE.format(n=n) * 20)
    db = folder / "project.gpkg"
    summary = incidentmap.ingest([folder], db, on_problem=print)
    assert summary.new == 30
    return db


def damaged_copy(store: Path, tmp_path: Path, how: str) -> Path:
    copy = tmp_path / f"{how}.gpkg"
    shutil.copy(store, copy)
    size = copy.stat().st_size
    if how == "truncated":
        os.truncate(copy, size // 2)
    else:
        with open(copy, "r+b") as file:
            file.seek(size // 2)
            file.write(bytes(range(256)) * 32)
    return copy


@pytest.mark.parametrize("how", ["truncated", "overwritten"])
def test_a_damaged_store_is_named_damaged_with_what_to_do(store_of_30, tmp_path, how):
    damaged = damaged_copy(store_of_30, tmp_path, how)
    before = damaged.read_bytes()
    with pytest.raises(GeoError, match="is damaged") as caught:
        Store(damaged)
    assert "backup" in str(caught.value) and "incidentmap ingest" in str(caught.value)
    assert "\n" not in str(caught.value)
    # Never "0 new, 30 unchanged": ingest refuses it and leaves it as it was.
    with pytest.raises(GeoError, match="is damaged"):
        incidentmap.ingest([store_of_30.parent / "a00.txt"], damaged)
    assert damaged.read_bytes() == before


def test_export_and_map_of_a_damaged_store_say_so_in_one_line(store_of_30, tmp_path):
    damaged = damaged_copy(store_of_30, tmp_path, "overwritten")
    for verb, output in (("export", "out.geojson"), ("map", "out.html")):
        run = subprocess.run(
            [sys.executable, "-m", "incidentmap.cli", verb, "--db", str(damaged), "-o", output],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr
        assert "is damaged" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_a_folder_or_a_name_with_a_newline_is_refused_before_anything_is_written(tmp_path):
    (tmp_path / "dir.gpkg").mkdir()
    with pytest.raises(GeoError, match="is a folder"):
        Store(tmp_path / "dir.gpkg")
    with pytest.raises(GeoError, match="control character"):
        Store(tmp_path / "new\nline.gpkg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.gpkg"]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporaries_of_a_killed_export_are_removed_by_the_next_one(store_of_30, tmp_path):
    target = tmp_path / "events.geojson"
    stale = tmp_path / f".events.{dead_pid()}-0123abcd.tmp.geojson"
    stale.write_text("half a file")
    live = tmp_path / f".events.{os.getppid()}-4567cdef.tmp.geojson"
    live.write_text("another run is writing this")
    incidentmap.export(db=store_of_30, output=target)
    assert target.exists()
    assert not stale.exists()
    # A writer still running keeps its temporary.
    assert live.exists()


def test_temporaries_of_a_killed_store_creation_are_removed_by_the_next_open(tmp_path):
    stale = tmp_path / f".project.{dead_pid()}-89abcdef.tmp.gpkg"
    stale.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    Path(f"{stale}-journal").write_bytes(b"")
    with Store(tmp_path / "project.gpkg"):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.gpkg"]
