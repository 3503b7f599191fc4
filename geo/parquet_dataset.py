"""A GeoParquet dataset of a project store, partitioned by year: ``ingest --parquet DIR``.

DuckDB, dask-geopandas, geopandas, pyarrow and Apache Sedona read the folder
as one table (Hive layout, the year in the folder name)::

    DIR/year=2011/part-0.parquet
    DIR/year=2020/part-0.parquet
    DIR/year=unknown/part-0.parquet     # records without a date

Each file is what `incidentmap.geo.export` writes for ``export -o x.parquet``
(GeoParquet, WKB, EPSG:4326, a ``kind`` column), the rows of that year as
``records_frame(db=..., years=(y, y), incidents=False)`` gives them: one row
per report, the analysts' corrections applied. The ``year`` column lives in the
folder names only (Hive's rule: a column in both places makes pyarrow refuse
the dataset), so readers give it as text, ``"2011"`` or ``"unknown"``.
``year=__HIVE_DEFAULT_PARTITION__`` for the undated rows was tried and
dropped: DuckDB reads it as NULL, but geopandas and dask-geopandas fail on it.

The dataset follows the store: `update` rewrites the years an ingest touched
(the new articles' years and those of the rows an edited article's new version
replaced), plus any year the store holds and the folder lacks, and removes a
year the store no longer holds. Each year's file is replaced whole by a rename
(its temporary beside it ends in ``.tmp``, which no reader takes for a Parquet
file), so a reader sees the old or the new year, never half of one. Several
ingests updating one folder take turns (a lock file in it), each reading the
store after its own articles are committed, so the last one to write a year
writes every article committed before it.

>>> with open_store("project.gpkg") as store:  # doctest: +SKIP
...     update(store, "evidence/", {2011})
[2011]
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from incidentmap.geo.atomic import remove_stale_temporaries, temporary_beside
from incidentmap.geo.errors import GeoError

if TYPE_CHECKING:
    from incidentmap.geo.postgis_store import PostgisStore
    from incidentmap.geo.store import Store

#: The folder name's value for records without a year.
UNDATED = "unknown"

#: The one file of each year's folder.
PART = "part-0.parquet"

#: Held while a process rewrites the dataset's years.
LOCK = ".incidentmap.lock"

_PARTITION = re.compile(r"year=(\d+|" + UNDATED + ")")


def checked_folder(directory: str | os.PathLike[str]) -> Path:
    """``directory`` as a folder the dataset can go in (created when missing), or a
    one-line `GeoError` saying why not."""
    folder = Path(directory)
    shown = os.fspath(directory)
    if folder.exists() and not folder.is_dir():
        raise GeoError(
            f"--parquet {shown!r} is a file; give a folder for the GeoParquet dataset "
            "(one year=YYYY folder per year is written in it)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GeoError(
            f"cannot create the folder {shown!r} for --parquet ({exc.strerror})"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise GeoError(f"cannot write in {shown!r} for --parquet (permission denied)")
    return folder


def partition(directory: Path, year: int | None) -> Path:
    """The folder of ``year``'s records (`UNDATED` for None)."""
    return directory / f"year={UNDATED if year is None else year}"


def held_years(directory: Path) -> set[int | None]:
    """The years the dataset in ``directory`` has a file for."""
    found: set[int | None] = set()
    for entry in directory.iterdir():
        match = _PARTITION.fullmatch(entry.name)
        if match and (entry / PART).is_file():
            found.add(None if match.group(1) == UNDATED else int(match.group(1)))
    return found


def update(
    store: Store | PostgisStore,
    directory: str | os.PathLike[str],
    years: Iterable[int | None] | None = None,
) -> list[int | None]:
    """Bring the dataset in ``directory`` up to ``store`` for ``years`` (every year when
    None); return the years rewritten or removed, undated (None) last.

    Years the store holds and the dataset lacks, and years the dataset holds and the
    store no longer does, are always among them: a first ``--parquet`` on an
    existing store writes all of it.
    """
    folder = checked_folder(directory)
    with _locked(folder):
        stored = store.years()
        held = held_years(folder)
        chosen = stored | held if years is None else set(years)
        todo = sorted(chosen | (stored ^ held), key=lambda y: (y is None, y or 0))
        for year in todo:
            write_year(store, folder, year)
    return todo


def write_year(store: Store | PostgisStore, directory: Path, year: int | None) -> int:
    """Replace ``year``'s file with the store's records of that year (None: undated);
    remove it when there are none. Returns the rows written."""
    from incidentmap.geo.export import _write_parquet
    from incidentmap.geo.lazy import conformed_records

    frame = store.load(undated=True) if year is None else store.load(years=(year, year))
    frame = conformed_records(frame).drop(columns="year")
    folder = partition(directory, year)
    target = folder / PART
    if not len(frame):
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()
        return 0
    folder.mkdir(exist_ok=True)
    # Not ".parquet": a reader globbing *.parquet never meets half a file.
    remove_stale_temporaries(target, "")
    tmp = temporary_beside(target, "")
    try:
        written = _write_parquet(iter([frame]), tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return written


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold ``directory``'s lock file: one process at a time rewrites its years."""
    import fcntl

    with open(directory / LOCK, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
