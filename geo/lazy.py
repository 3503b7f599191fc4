"""Records as a dask-geopandas frame whose partitions are read or analysed when computed.

`lazy_records` is what ``records_frame(..., lazy=True)`` returns. Nothing is read
from the store and no article is analysed until ``.compute()`` (or a write):

- a project store gives **one partition per kind and year** (and one per kind
  for the undated records), each a call of the store's ``load`` for that kind
  and year, with the case filter; PostGIS chooses the rows in SQL, a GeoPackage
  through GDAL. A ``years`` filter leaves the other years' partitions out of the
  graph altogether: ``npartitions`` shows what will be read.
- articles are read in this process (as every verb does: it reads and hashes
  them, then sends their text to the workers) and analysed in partitions of
  `ARTICLES_PER_PARTITION` documents, on whatever scheduler computes the frame
  (Dask's default threads, or your ``distributed.Client``).
- a curated events or flows table is one partition each.

The rows are **reports**, one per article's event (as ``incidents=False``):
merging reports into incidents compares every report with every other of its
type, place and case, across years and articles, which no partition can do
alone. ``frame.compute()`` holds exactly the rows and columns of
``records_frame(..., incidents=False)`` for the same arguments (the row order
may differ).

>>> frame = lazy_records([], db="project.gpkg", years=(2011, 2011))  # doctest: +SKIP
>>> frame.npartitions, len(frame.compute())  # doctest: +SKIP
(3, 212)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from incidentmap.geo.frames import KINDS

if TYPE_CHECKING:
    import dask_geopandas
    import geopandas as gpd

    from incidentmap.geo.filters import BBox
    from incidentmap.sources.document import Document

#: Articles analysed by one partition: ~10 ms each, so a task of about half a second,
#: long enough to outweigh Dask's overhead per task, short enough to spread over workers.
ARTICLES_PER_PARTITION = 64

#: The columns that make a record itself: a record found twice is kept once.
KEY = ["kind", "id", "doc_id"]


def lazy_records(
    documents: Iterable[Document] = (),
    *,
    db: str | os.PathLike[str] | None = None,
    tables: Iterable[Callable[[], gpd.GeoDataFrame]] = (),
    years: tuple[int, int] | None = None,
    cases: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    bbox: BBox | None = None,
    on_problem: Callable[[object], None] | None = None,
) -> dask_geopandas.GeoDataFrame:
    """The records of the store ``db``, of ``documents`` and of ``tables`` as a lazy frame.

    ``years``, ``cases``, ``kinds`` and ``bbox`` select the store's records (as
    `incidentmap.geo.stores.open_store(db).load` does); the articles' and the
    tables' records are all kept, as in the eager ``records_frame``. Each of
    ``tables`` is a picklable function returning one frame (an events or flows
    table read). An article that cannot be analysed is reported to ``on_problem``
    where its partition is computed and left out.
    """
    import dask
    import dask.dataframe as dd
    import dask_geopandas

    from incidentmap.geo.cases import load_cases

    parts = []
    stored: set[str] = set()
    cases = list(cases) if cases else None
    if db is not None:
        parts += [
            dask.delayed(load_partition)(os.fspath(db), kind, year, cases, bbox)
            for kind, year in stored_partitions(db, kinds=kinds, years=years)
        ]
    documents = list(_distinct(documents))
    if documents and db is not None:
        from incidentmap.geo.stores import open_store

        with open_store(db, create=False) as store:
            stored = store.stored([doc.id for doc in documents])
    if documents:
        catalogue = dask.delayed(load_cases(), pure=True)
        selection = {
            "kinds": list(kinds) if kinds else None,
            "years": years,
            "cases": cases,
            "bbox": bbox,
        }
        for start in range(0, len(documents), ARTICLES_PER_PARTITION):
            chunk = documents[start : start + ARTICLES_PER_PARTITION]
            # Records the store already gives are kept from the store, as the eager frame does.
            known = (os.fspath(db), selection) if stored & {d.id for d in chunk} else None
            parts.append(dask.delayed(analysed_partition)(chunk, catalogue, known, on_problem))
    parts += [dask.delayed(_conformed_call)(table) for table in tables]
    meta = conformed_records(None)
    # Text columns stay Python objects, as in the eager frame (Dask would make them
    # Arrow strings), so that computing gives exactly what records_frame gives.
    with dask.config.set({"dataframe.convert-string": False}):
        if not parts:
            return dask_geopandas.from_geopandas(meta, npartitions=1)
        return dd.from_delayed(parts, meta=meta, verify_meta=False)


def stored_partitions(
    db: str | os.PathLike[str],
    *,
    kinds: Iterable[str] | None = None,
    years: tuple[int, int] | None = None,
) -> list[tuple[str, int | None]]:
    """The ``(kind, year)`` partitions of the store ``db`` that ``kinds`` and ``years``
    select, in kind then year order; year None is the kind's undated records (left
    out when ``years`` is given, as `incidentmap.geo.filters.filter_frame` leaves them)."""
    from incidentmap.geo.stores import open_store

    wanted = list(kinds) if kinds else list(KINDS)
    found = []
    with open_store(db, create=False) as store:
        for kind in KINDS:
            if kind not in wanted:
                continue
            held = store.years([kind])
            dated = sorted(y for y in held if y is not None)
            if years is not None:
                found += [(kind, y) for y in dated if years[0] <= y <= years[1]]
            else:
                found += [(kind, y) for y in dated] + [(kind, None)] * (None in held)
    return found


def load_partition(
    db: str,
    kind: str,
    year: int | None,
    cases: list[str] | None = None,
    bbox: BBox | None = None,
) -> gpd.GeoDataFrame:
    """The stored records of one ``kind`` and ``year`` (None: undated) of ``cases`` in
    ``bbox``."""
    from incidentmap.geo.stores import open_store

    with open_store(db, create=False) as store:
        if year is None:
            frame = store.load([kind], cases=cases, bbox=bbox, undated=True)
        else:
            frame = store.load([kind], years=(year, year), cases=cases, bbox=bbox)
    return conformed_records(frame)


def analysed_partition(
    documents: list[Document],
    catalogue: object,
    known: tuple[str, dict] | None = None,
    on_problem: Callable[[object], None] | None = None,
) -> gpd.GeoDataFrame:
    """The records the analysis finds in ``documents``, as one frame.

    ``known`` is ``(db, selection)`` when some of the articles are in that store:
    their records the store's selection already holds are left out (the store's
    version is the one kept, corrections and all).
    """
    from incidentmap.geo.frames import combined_frame, events_frame, mentions_frame, routes_frame
    from incidentmap.geo.parallel import analyse_document
    from incidentmap.sources.problems import ReadProblem, print_problem

    report = on_problem or print_problem
    events, routes, mentions = [], [], []
    for doc in documents:
        found = analyse_document(doc, catalogue)
        if found.error is not None:
            report(ReadProblem(doc.path, found.error))
            continue
        events += found.events
        routes += found.routes
        mentions += found.mentions
    frame = combined_frame(events_frame(events), routes_frame(routes), mentions_frame(mentions))
    if known is not None and len(frame):
        from incidentmap.geo.stores import open_store

        db, selection = known
        with open_store(db, create=False) as store:
            held = store.load(
                selection["kinds"],
                years=selection["years"],
                cases=selection["cases"],
                bbox=selection["bbox"],
            )
        keys = set(zip(*(held[c] for c in KEY), strict=True))
        frame = frame[[key not in keys for key in zip(*(frame[c] for c in KEY), strict=True)]]
    return conformed_records(frame)


def _conformed_call(read: Callable[[], gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    return conformed_records(read())


def conformed_records(frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """``frame`` with the eager frame's columns and types: every kind's columns, the
    geometry, then ``reviewed``; a record found twice kept once."""
    from incidentmap.geo.corrections import mark_reviewed, reviewed_keys
    from incidentmap.geo.frames import combined_frame

    frames = [] if frame is None else [frame]
    reviewed = reviewed_keys(frame) if frame is not None else set()
    whole = combined_frame(*frames).drop_duplicates(subset=KEY).reset_index(drop=True)
    return mark_reviewed(whole, reviewed)


def _distinct(documents: Iterable[Document]) -> Iterable[Document]:
    """``documents`` without repeats of one text (an article given twice is analysed once)."""
    seen: set[str] = set()
    for doc in documents:
        if doc.id not in seen:
            seen.add(doc.id)
            yield doc
