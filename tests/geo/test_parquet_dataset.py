"""``incidentmap ingest --parquet DIR``: a GeoParquet dataset by year that equals the store.

Read back as its users read it (geopandas, pyarrow.dataset, dask-geopandas, DuckDB),
on both store backends (``store_target``), with the sample briefs ingested for real.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dask_geopandas
import duckdb
import geopandas as gpd
import pyarrow.dataset as ds
import pytest
from geopandas.testing import assert_geodataframe_equal

import incidentmap
from incidentmap.cli import main
from incidentmap.geo.export import write
from incidentmap.sources.sample import sample_dir

KEY = ["kind", "id", "doc_id"]

NEW_2011 = """# Rifles seized in Nogales

Source: Reuters
Published: 5 May 2011

Soldiers seized 40 rifles in Nogales, Sonora, on 3 May 2011, officials said.
"""


def _sorted(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.sort_values(KEY).reset_index(drop=True)


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Each data file of the dataset: its bytes and its modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.glob("year=*/*.parquet"))
    }


@pytest.fixture()
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(sample_dir(), folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def _ingest(articles: Path, db: str, out: Path, capsys) -> int:
    status = main(["ingest", str(articles), "--db", db, "--parquet", str(out), "--workers", "1"])
    capsys.readouterr()
    return status


def test_each_year_holds_what_export_db_gives_for_it(store_target, articles, tmp_path, capsys):
    out = tmp_path / "evidence"
    assert _ingest(articles, store_target, out, capsys) == 0
    years = sorted(p.name for p in out.glob("year=*"))
    assert "year=2011" in years and "year=unknown" in years
    for folder in out.glob("year=*"):
        assert [p.name for p in folder.iterdir()] == ["part-0.parquet"]
        year = folder.name.removeprefix("year=")
        written = gpd.read_parquet(folder / "part-0.parquet")
        exported = tmp_path / f"{year}.parquet"
        if year == "unknown":
            # No --year selects the undated records: the stored reports without a year,
            # written as export writes them.
            undated = incidentmap.records_frame(db=store_target, incidents=False)
            write(undated[undated["year"].isna()], exported)
        else:
            assert main(["export", "--db", store_target, "--year", year, "-o", str(exported)]) == 0
        expected = gpd.read_parquet(exported)
        assert len(written) > 0
        assert_geodataframe_equal(
            _sorted(written), _sorted(expected.drop(columns="year")), check_dtype=False
        )
    capsys.readouterr()

    # The whole folder, as each reader opens it: every stored record, its year from the path.
    stored = incidentmap.records_frame(db=store_target, incidents=False)
    per_year = stored["year"].astype("string").fillna("unknown").value_counts().to_dict()
    as_geopandas = gpd.read_parquet(out)
    assert as_geopandas["year"].astype(str).value_counts().to_dict() == per_year
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(stored)
    assert len(dask_geopandas.read_parquet(out).compute()) == len(stored)
    counts = duckdb.sql(
        f"SELECT year, count(*) FROM read_parquet('{out}/*/*.parquet', hive_partitioning=true) "
        "GROUP BY year"
    ).fetchall()
    assert {str(y): n for y, n in counts} == per_year


def test_a_rerun_changes_no_file_and_a_new_article_only_its_year(
    store_target, articles, tmp_path, capsys
):
    out = tmp_path / "evidence"
    assert _ingest(articles, store_target, out, capsys) == 0
    before = _files(out)
    assert _ingest(articles, store_target, out, capsys) == 0
    assert _files(out) == before

    (articles / "2011-05-05-nogales.md").write_text(NEW_2011, encoding="utf-8")
    assert _ingest(articles, store_target, out, capsys) == 0
    after = _files(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"year=2011/part-0.parquet"}
    year_2011 = gpd.read_parquet(out / "year=2011")
    assert year_2011["doc"].str.endswith("2011-05-05-nogales.md").any()


def test_an_edited_article_leaves_no_old_rows(store_target, articles, tmp_path, capsys):
    out = tmp_path / "evidence"
    assert _ingest(articles, store_target, out, capsys) == 0
    edited = articles / "2011-06-10-juarez-arsenal-fast-and-furious.md"
    old_ids = set(gpd.read_parquet(out)["doc_id"])
    edited.write_text(NEW_2011, encoding="utf-8")
    assert _ingest(articles, store_target, out, capsys) == 0
    dataset = gpd.read_parquet(out)
    stored = incidentmap.records_frame(db=store_target, incidents=False)
    assert set(dataset["doc_id"]) == set(stored["doc_id"])
    assert len(set(dataset["doc_id"]) - old_ids) == 1
    assert len(old_ids - set(dataset["doc_id"])) == 1
    assert len(dataset) == len(stored)
    # A year only the old version had is gone from the folder too.
    assert sorted(p.name for p in out.glob("year=*")) == sorted(
        {f"year={y}" for y in stored["year"].astype("string").fillna("unknown")}
    )


def test_a_first_parquet_on_an_existing_store_writes_all_of_it(tmp_path, articles, capsys):
    db = str(tmp_path / "project.gpkg")
    assert main(["ingest", str(articles), "--db", db, "--workers", "1"]) == 0
    out = tmp_path / "evidence"
    assert _ingest(articles, db, out, capsys) == 0
    assert len(gpd.read_parquet(out)) == len(incidentmap.records_frame(db=db, incidents=False))


def test_parquet_given_a_file_is_one_line_and_nothing_is_stored(tmp_path, articles, capsys):
    db, taken = tmp_path / "project.gpkg", tmp_path / "evidence.parquet"
    taken.write_bytes(b"not a folder")
    status = main(["ingest", str(articles), "--db", str(db), "--parquet", str(taken)])
    err = capsys.readouterr().err
    assert status == 2
    assert "is a file; give a folder" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not db.exists()
