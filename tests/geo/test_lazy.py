"""``records_frame(lazy=True)``: a dask-geopandas frame that computes to the eager frame.

Both store backends (``store_target``: a GeoPackage, then PostGIS), the sample
briefs ingested for real; a filtered frame holds only the partitions of its years.
"""

from __future__ import annotations

import dask_geopandas
import geopandas as gpd
import pytest
from geopandas.testing import assert_geodataframe_equal

import incidentmap
from incidentmap.geo.errors import GeoError
from incidentmap.sources.sample import sample_dir

KEY = ["kind", "id", "doc_id"]


def _sorted(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.sort_values(KEY).reset_index(drop=True)


def _same(lazy_frame, eager: gpd.GeoDataFrame) -> None:
    computed = lazy_frame.compute()
    assert isinstance(computed, gpd.GeoDataFrame)
    assert list(computed.columns) == list(eager.columns)
    assert len(computed) == len(eager)
    assert_geodataframe_equal(_sorted(computed), _sorted(eager), check_like=False)


@pytest.fixture()
def stored(store_target):
    summary = incidentmap.ingest([sample_dir()], store_target, workers=1, on_problem=print)
    assert summary.new == 5
    return store_target


def test_lazy_store_frame_computes_to_the_eager_reports(stored):
    lazy = incidentmap.records_frame(db=stored, lazy=True)
    assert isinstance(lazy, dask_geopandas.GeoDataFrame)
    eager = incidentmap.records_frame(db=stored, incidents=False)
    assert {"event", "route", "mention"} <= set(eager["kind"])
    _same(lazy, eager)


def test_a_year_filter_leaves_the_other_years_out_of_the_graph(stored):
    everything = incidentmap.records_frame(db=stored, lazy=True)
    one_year = incidentmap.records_frame(db=stored, years=(2011, 2011), lazy=True)
    eager_all = incidentmap.records_frame(db=stored, incidents=False)
    held = {(k, y) for k, y in zip(eager_all["kind"], eager_all["year"], strict=True)}
    # One partition per kind and year the store holds (undated records one more per kind).
    assert everything.npartitions == len({(k, None if pd_na(y) else y) for k, y in held})
    in_2011 = {k for k, y in held if not pd_na(y) and y == 2011}
    assert one_year.npartitions == len(in_2011) < everything.npartitions
    computed = one_year.compute()
    assert set(computed["year"]) == {2011}
    _same(one_year, incidentmap.records_frame(db=stored, years=(2011, 2011), incidents=False))
    events_2011 = incidentmap.records_frame(
        db=stored, years=(2011, 2011), kinds=["event"], cases=["Fast and Furious"], lazy=True
    )
    assert events_2011.npartitions == 1
    eager = incidentmap.records_frame(
        db=stored, years=(2011, 2011), kinds=["event"], cases=["Fast and Furious"], incidents=False
    )
    assert len(eager)
    _same(events_2011, eager)


def pd_na(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_lazy_articles_and_store_on_a_local_cluster(stored, tmp_path):
    from distributed import Client, LocalCluster

    extra = tmp_path / "raid.txt"
    extra.write_text(
        "Soldiers seized 40 rifles in Nogales, Sonora, on 3 March 2015, officials said.\n",
        encoding="utf-8",
    )
    # The sample is stored already: its records come from the store, the new article's
    # from the analysis, as in the eager frame.
    inputs = [sample_dir(), extra]
    lazy = incidentmap.records_frame(inputs, db=stored, lazy=True)
    eager = incidentmap.records_frame(inputs, db=stored, incidents=False)
    assert (eager["doc_id"].nunique()) == 6
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        _same(lazy, eager)


def test_lazy_articles_alone_and_a_filtered_store(stored):
    # A year filter applies to the store only: the articles' records all stay, and those of
    # the stored articles outside the selection come from the analysis.
    lazy = incidentmap.records_frame([sample_dir()], db=stored, years=(2011, 2011), lazy=True)
    eager = incidentmap.records_frame(
        [sample_dir()], db=stored, years=(2011, 2011), incidents=False
    )
    assert eager["year"].nunique() > 1
    _same(lazy, eager)
    _same(
        incidentmap.records_frame([sample_dir()], lazy=True, incidents=False),
        incidentmap.records_frame([sample_dir()], incidents=False),
    )


def test_a_corrected_date_moves_a_record_to_its_new_years_partition(stored):
    from incidentmap.geo.stores import open_store

    db = stored
    with open_store(db) as store:
        event = store.load(["event"], years=(2011, 2011)).iloc[0]
        store.correct(
            what="set",
            target="event",
            doc_id=event["doc_id"],
            doc=event["doc"],
            key=event["id"],
            field="date",
            old=event["date"],
            new="1999-05-01",
        )
    moved = incidentmap.records_frame(db=db, years=(1999, 1999), lazy=True).compute()
    assert moved["id"].tolist() == [event["id"]]
    assert moved["reviewed"].tolist() == [True]
    _same(
        incidentmap.records_frame(db=db, lazy=True),
        incidentmap.records_frame(db=db, incidents=False),
    )


def test_lazy_incidents_are_refused_in_one_line(tmp_path):
    db = tmp_path / "project.gpkg"
    incidentmap.ingest([sample_dir()], db, workers=1)
    with pytest.raises(GeoError, match="incidents=False"):
        incidentmap.records_frame(db=db, lazy=True, incidents=True)
    with pytest.raises(GeoError, match="distributed.Client"):
        incidentmap.records_frame(db=db, lazy=True, workers=2)


def test_a_lazy_bounding_box_computes_to_the_eager_box(stored):
    border = (-117.5, 25.0, -97.0, 33.0)
    lazy = incidentmap.records_frame(db=stored, bbox=border, lazy=True)
    eager = incidentmap.records_frame(db=stored, bbox=border, incidents=False)
    everything = incidentmap.records_frame(db=stored, incidents=False)
    assert 0 < len(eager) < len(everything)
    _same(lazy, eager)
