"""The project store: a GeoPackage that grows as a newsroom adds articles, and QGIS opens as is.

One file, four tables: ``documents`` (one row per article, its text and
metadata), and the feature tables ``events``, ``mentions`` (points) and
``routes`` (lines), with the columns of `incidentmap.geo.frames`. Every row carries its
article's content-hash ``doc_id``:

- ingesting an article already in the store changes nothing (same text, same id);
- an edited article (same path, new text, so a new id) replaces the old
  version's rows, all in **one transaction**;
- each article is committed on its own, so an interrupted ingest keeps every
  article committed before the interruption, and running it again skips them.

GDAL creates the file once (so the GeoPackage metadata tables are what QGIS
and ArcGIS expect); rows are then written through SQLite transactions, with
geometries in the GeoPackage binary encoding.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import struct
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from incidentmap.geo.atomic import remove_stale_temporaries, temporary_beside
from incidentmap.geo.corrections import apply as apply_corrections
from incidentmap.geo.corrections import ensure_table as ensure_corrections
from incidentmap.geo.corrections import read as read_corrections
from incidentmap.geo.errors import GeoError
from incidentmap.geo.filters import BBox, bbox_boxes
from incidentmap.geo.frames import KINDS, columns_for
from incidentmap.geo.records import Event, Mention, Route
from incidentmap.sources.document import Document

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from incidentmap.geo.corrections import Correction

#: Feature table for each kind of record.
TABLES = {"event": "events", "route": "routes", "mention": "mentions"}

#: Columns of the ``documents`` table (the article's text is there too, as ``text``).
DOCUMENT_COLUMNS = (
    "doc_id",
    "doc",
    "title",
    "outlet",
    "url",
    "date",
    "date_source",
    "format",
    "chars",
    "ingested",
    "text",
)

_SRS_ID = 4326

#: How long an ingest waits for another process writing the same store, in seconds.
BUSY_TIMEOUT_S = 60.0

#: GeoPackage 1.2: what QGIS, ArcGIS and older GDAL builds all read without a warning.
_GPKG_OPTIONS = {"VERSION": "1.2"}


@dataclass(slots=True)
class DocumentRecords:
    """One article and what the analysis found in it: the unit the store commits.

    ``error`` says why the article could not be analysed; it is then counted as
    failed and nothing of it is written. ``rows``, when given, are the records
    already made into the store's rows (`feature_rows`, on the worker that
    analysed the article: `analysed_rows`); the records themselves are then left out.
    ``written`` is the outcome when that worker stored the article itself (a
    PostGIS store, `incidentmap.geo.postgis_store.analysed_and_stored`).
    """

    document: Document
    mentions: Sequence[Mention] = ()
    events: Sequence[Event] = ()
    routes: Sequence[Route] = ()
    error: str | None = None
    rows: dict[str, list[tuple]] | None = None
    written: str | None = None


@dataclass(slots=True)
class IngestSummary:
    """How many articles an ingest added, left alone, replaced, or could not analyse."""

    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.new} new, {self.unchanged} unchanged, "
            f"{self.replaced} replaced, {self.failed} failed"
        )


def add_each(
    add: Callable[[DocumentRecords], str],
    items: Iterable[DocumentRecords],
    on_outcome: Callable[[DocumentRecords, str], None] | None = None,
) -> IngestSummary:
    """Every backend's ``ingest`` loop: ``add`` each item (one transaction each), count the
    outcomes, tell ``on_outcome`` of each as it is committed."""
    summary = IngestSummary()
    for item in items:
        outcome = add(item)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        if outcome == "failed":
            summary.problems.append((item.document.path, item.error or "failed"))
        if on_outcome:
            on_outcome(item, outcome)
    return summary


def per_document(analysis) -> Iterator[DocumentRecords]:
    """Split a `incidentmap.geo.pipeline.Analysis` of many articles into one `DocumentRecords` each.

    >>> from incidentmap.geo.pipeline import Analysis
    >>> list(per_document(Analysis()))
    []
    """
    by_doc: dict[str, DocumentRecords] = {
        d.id: DocumentRecords(d, [], [], []) for d in analysis.documents
    }
    for name in ("mentions", "events", "routes"):
        for record in getattr(analysis, name):
            getattr(by_doc[record.doc_id], name).append(record)
    yield from by_doc.values()


class Store:
    """A GeoPackage project store at ``path``, created on first use.

    >>> with Store("project.gpkg") as store:  # doctest: +SKIP
    ...     print(store.ingest(per_document(analysis)))
    ...     events = store.load(kinds=["event"])
    5 new, 0 unchanged, 0 replaced, 0 failed
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        shown = os.fspath(path)
        if any(ord(ch) < 32 or ch == "\x7f" for ch in shown):
            # GDAL drops such characters and writes elsewhere; SQLite would not.
            raise GeoError(
                f"{shown!r}: a store's file name cannot hold a newline or other control "
                "character; choose a plain name"
            )
        if self.path.is_dir():
            raise GeoError(f"{shown!r} is a folder; give a .gpkg file name for the project store")
        remove_stale_temporaries(self.path)
        if not self.path.exists():
            _create(self.path)
        else:
            check_intact(self.path)
        # Another ingest may be writing: wait for it (SQLite's busy timeout) rather than fail.
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        self._logging = False
        try:
            with _waiting(self.path):
                tables = {r[0] for r in self._db.execute("SELECT table_name FROM gpkg_contents")}
        except GeoError:
            self._db.close()
            raise
        except sqlite3.DatabaseError:
            tables = set()
        if not {"documents", *TABLES.values()} <= tables:
            self._db.close()
            raise GeoError(
                f"{shown!r} is not an incidentmap project store; give a new file name to create one"
            )
        try:
            with _waiting(self.path):
                self._add_missing_columns()
                ensure_corrections(self._db)
        except BaseException:
            self._db.close()
            raise

    def _add_missing_columns(self) -> None:
        """Bring a store written by an earlier version up to today's columns (new ones empty)."""
        for kind, table in TABLES.items():
            have = {r[1] for r in self._db.execute(f'PRAGMA table_info("{table}")')}
            for column in columns_for(kind):
                if column not in have:
                    kind_sql = "REAL" if column in ("confidence", "quantity") else "TEXT"
                    if column in ("fatalities", "sources"):
                        kind_sql = "INTEGER"
                    try:
                        self._db.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {kind_sql}')
                    except sqlite3.OperationalError as exc:
                        # Another process opening the same older store added it first.
                        if "duplicate column" not in str(exc):
                            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file; every ingested article is already committed."""
        self._settle()
        self._db.close()

    def _settle(self) -> None:
        if self._logging:
            self._logging = False
            # Back to one self-contained file (no -wal beside it) that QGIS opens anywhere.
            # While another ingest still has the store open this cannot be done, and need
            # not be: the last one to close settles it. So do not wait for the others.
            self._db.execute("PRAGMA busy_timeout = 0")
            with contextlib.suppress(sqlite3.OperationalError):
                self._db.execute("PRAGMA journal_mode = DELETE")
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    @property
    def encode_geometry(self) -> Callable[[object], bytes | None]:
        """How this store's rows hold a geometry: GeoPackage binary (`gpkg_geometry`)."""
        return gpkg_geometry

    def analyse_task(self) -> Callable[..., AnalysedRows]:
        """What an ingest's workers run per article (``task(doc, catalogue)``): analyse it
        into this store's rows, which this process then writes (SQLite has one writer)."""
        from functools import partial

        return partial(analysed_rows, encode=gpkg_geometry)

    def has(self, doc_id: str) -> bool:
        """Whether the article with content hash ``doc_id`` is stored (so need not be analysed)."""
        return bool(self.stored([doc_id]))

    def stored(self, doc_ids: Collection[str]) -> set[str]:
        """Which of the content hashes ``doc_ids`` are stored (one query per 500 of them)."""
        ids = list(doc_ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = f"SELECT doc_id FROM documents WHERE doc_id IN ({', '.join('?' * len(chunk))})"
            found.update(row[0] for row in self._db.execute(query, chunk))
        return found

    def ingest(
        self,
        items: Iterable[DocumentRecords],
        on_outcome: Callable[[DocumentRecords, str], None] | None = None,
    ) -> IngestSummary:
        """Add each article's records, one transaction per article; return the counts.

        ``on_outcome(item, outcome)`` hears each article's outcome (``"new"``,
        ``"unchanged"``, ``"replaced"`` or ``"failed"``) as it is committed: a
        progress bar's hook. If ``items`` raises part-way, the articles
        committed so far stay.
        """
        try:
            return add_each(self.add, items, on_outcome)
        finally:
            self._settle()

    def add(self, item: DocumentRecords) -> str:
        """Store one article in one transaction; return ``"new"``, ``"unchanged"``, ``"replaced"``
        or ``"failed"``."""
        if item.error is not None:
            return "failed"
        if item.written is not None:
            return item.written
        doc = item.document
        with _waiting(self.path):
            if self.has(doc.id):
                return "unchanged"
        rows = item.rows if item.rows is not None else feature_rows(item)
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                return self._write(item, rows)
            except sqlite3.OperationalError as exc:
                # Another writer held the store past SQLite's own wait (or changed its
                # journal under us): the transaction was rolled back whole, so try again.
                if not _busy(exc) or time.monotonic() > deadline:
                    with _waiting(self.path):
                        raise
                time.sleep(0.05)

    def _write(self, item: DocumentRecords, rows: dict[str, list[tuple]]) -> str:
        """`add`'s transaction: every row of one article, or (on any error) none."""
        doc = item.document
        db = self._db
        if not self._logging:
            # A write-ahead log while ingesting: a commit then needs no disk flush, yet
            # survives the process being killed, and readers never wait for a writer.
            # Only once there is something to write, so an ingest that adds nothing
            # leaves the file byte for byte as it was.
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            self._logging = True
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have stored it since the check above.
            if self.has(doc.id):
                db.execute("ROLLBACK")
                return "unchanged"
            old = [
                r[0] for r in db.execute("SELECT doc_id FROM documents WHERE doc = ?", (doc.path,))
            ]
            for table in ("documents", *TABLES.values()):
                db.executemany(f'DELETE FROM "{table}" WHERE doc_id = ?', [(i,) for i in old])
            db.execute(_insert_sql("documents", DOCUMENT_COLUMNS), document_row(doc))
            for kind, table in TABLES.items():
                if rows[kind]:
                    sql = _insert_sql(table, (*columns_for(kind), "geom"))
                    db.executemany(sql, rows[kind])
            db.executemany(
                "UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?",
                [(_now(), t) for t in ("documents", *TABLES.values())],
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return "replaced" if old else "new"

    def correct(self, **correction: object) -> int:
        """Keep one analyst's correction (`incidentmap.geo.corrections.record`); return its id."""
        from incidentmap.geo.corrections import record

        with _waiting(self.path):
            return record(self._db, **correction)  # type: ignore[arg-type]

    def corrections(self, doc_id: str | None = None) -> list[Correction]:
        """The analysts' corrections (of one article when ``doc_id`` is given), oldest first."""
        return read_corrections(self._db, doc_id)

    def documents(self) -> pd.DataFrame:
        """The stored articles (without their text), oldest ingest first.

        Columns: `DOCUMENT_COLUMNS` but ``text``, plus how many ``events``,
        ``routes`` and ``mentions`` each has.
        """
        import pandas as pd

        cols = ", ".join(f'd."{c}"' for c in DOCUMENT_COLUMNS if c != "text")
        counts = ", ".join(
            f'(SELECT count(*) FROM "{t}" x WHERE x.doc_id = d.doc_id) AS "{t}"'
            for t in TABLES.values()
        )
        query = f"SELECT {cols}, {counts} FROM documents d ORDER BY d.fid"
        return pd.read_sql_query(query, self._db)

    def load(
        self,
        kinds: Iterable[str] | None = None,
        corrected: bool = True,
        *,
        years: tuple[int, int] | None = None,
        cases: Iterable[str] | None = None,
        bbox: BBox | None = None,
        undated: bool = False,
    ) -> gpd.GeoDataFrame:
        """Every stored record of ``kinds`` (all when None) as one `incidentmap.geo.frames` frame.

        The analysts' corrections (`incidentmap.geo.corrections`) are applied, and
        a ``reviewed`` column says which records they touched, unless
        ``corrected`` is false (what the machine alone found). The result goes
        straight to `incidentmap.geo.filters.filter_frame`,
        `incidentmap.geo.export.write` or a map. ``years``, ``cases`` and ``bbox``
        keep only the rows `incidentmap.geo.filters.filter_frame` keeps (as the
        PostGIS store does); ``undated`` keeps only the rows without a year (those
        ``years`` never keeps). Without corrections to apply (a correction may move
        a record into or out of them), the years and the box are chosen by GDAL as
        it reads the tables, so one year of a large store is all that is read.
        """
        import pyogrio

        from incidentmap.geo.frames import combined_frame, conform

        wanted = _wanted_kinds(kinds)
        # A mention's new place moves the events placed there, even when only events are read.
        fixes = (
            [c for c in read_corrections(self._db) if c.target in (*wanted, "mention")]
            if corrected
            else []
        )
        read_options: dict[str, object] = {}
        if not fixes:
            # Nothing an analyst changed can move a record into the filter: let GDAL skip
            # the rest (the box by envelope; `filter_frame` below decides exactly).
            if undated:
                read_options["where"] = "year IS NULL"
            elif years is not None:
                read_options["where"] = f"year BETWEEN {int(years[0])} AND {int(years[1])}"
            if bbox is not None and len(bbox_boxes(bbox)) == 1:
                read_options["bbox"] = bbox
        try:
            frames = [
                conform(pyogrio.read_dataframe(self.path, layer=TABLES[kind], **read_options), kind)
                for kind in KINDS
                if kind in wanted
            ]
        except Exception as exc:  # GDAL's errors for a damaged file come in many classes
            raise GeoError(_damaged(self.path, _first_line(exc))) from None
        frame = combined_frame(*frames)
        if fixes:
            # Which corrected articles are stored, not every article's id.
            frame = apply_corrections(frame, fixes, self.stored({c.doc_id for c in fixes}))
        elif corrected:
            frame["reviewed"] = False
        if years is not None or cases or bbox is not None:
            from incidentmap.geo.filters import filter_frame

            frame = filter_frame(frame, years=years, cases=cases, bbox=bbox)
            frame = frame.reset_index(drop=True)
        if undated:
            frame = frame[frame["year"].isna()].reset_index(drop=True)
        return frame

    def years(
        self,
        kinds: Iterable[str] | None = None,
        *,
        doc_ids: Iterable[str] | None = None,
        paths: Iterable[str] | None = None,
    ) -> set[int | None]:
        """The years of the stored records of ``kinds`` (all when None); None stands for
        records without one.

        Only the records of the articles ``doc_ids`` and of the articles stored under
        ``paths`` when either is given (what an ingest of them changes). The years the
        analysts' corrections give records are included, so ``load(years=(y, y))`` of
        each year returned, and ``load(undated=True)``, hold every record between them.
        """
        wanted = _wanted_kinds(kinds)
        ids: list[str] | None = None
        if doc_ids is not None or paths is not None:
            ids = list(doc_ids or ())
            for chunk in _chunked(list(paths or ())):
                marks = ", ".join("?" * len(chunk))
                sql = f"SELECT doc_id FROM documents WHERE doc IN ({marks})"
                ids += [r[0] for r in self._db.execute(sql, chunk)]
        found: set[int | None] = set()
        with _waiting(self.path):
            for kind in wanted:
                table = TABLES[kind]
                if ids is None:
                    rows = self._db.execute(f'SELECT DISTINCT year FROM "{table}"').fetchall()
                else:
                    rows = []
                    for chunk in _chunked(ids):
                        marks = ", ".join("?" * len(chunk))
                        sql = f'SELECT DISTINCT year FROM "{table}" WHERE doc_id IN ({marks})'
                        rows += self._db.execute(sql, chunk).fetchall()
                found |= {None if y is None else int(y) for (y,) in rows}
            found |= corrected_years(self.corrections, wanted, None if ids is None else set(ids))
        return found


def corrected_years(
    corrections_of: Callable[[str | None], list[Correction]],
    kinds: Iterable[str],
    doc_ids: set[str] | None = None,
) -> set[int | None]:
    """The years the analysts' corrections give records of ``kinds`` (a date set, an event
    added), of the articles ``doc_ids`` only when given: what a store's ``years`` adds to
    the years stored, every backend alike. ``corrections_of(doc_id)`` is the store's
    reader (every correction for None).
    """
    # Only the chosen articles' corrections (an indexed read each), not every one: an
    # ingest with --parquet asks once per article.
    fixes = (
        corrections_of(None)
        if doc_ids is None
        else [c for doc_id in doc_ids for c in corrections_of(doc_id)]
    )
    wanted = set(kinds)
    found: set[int | None] = set()
    for c in fixes:
        if c.target in wanted:
            if c.what == "set" and c.field == "date":
                found.add(_year_of(c.new))
            elif c.what == "add":
                found.add(_year_of(json.loads(c.new or "{}").get("date")))
    return found


def _wanted_kinds(kinds: Iterable[str] | None) -> list[str]:
    """``kinds`` as a list (every kind when None), an unknown one refused in one line."""
    wanted = list(kinds) if kinds else list(KINDS)
    unknown = sorted(set(wanted) - set(KINDS))
    if unknown:
        raise GeoError(f"unknown kind {unknown[0]!r}; choose from {', '.join(KINDS)}")
    return wanted


def _chunked(values: list[str], size: int = 500) -> Iterator[list[str]]:
    """``values`` in slices SQLite takes as one statement's parameters."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _year_of(date: object) -> int | None:
    """The year an ISO date (``"2011-06-10"``, ``"2011/2012"``) gives a record, as
    `incidentmap.geo.corrections` sets it."""
    text = str(date or "")
    return int(text[:4]) if text[:4].isdigit() else None


#: The first bytes of every SQLite database file (a GeoPackage is one).
_SQLITE_HEADER = b"SQLite format 3\x00"


def check_intact(path: Path) -> None:
    """Raise `GeoError` naming ``path`` as damaged, with what to do, unless SQLite's
    ``quick_check`` finds it whole (a file that is no database at all is left to the
    caller, which says it is not a project store).

    A store cut short by a full disk or a copy that stopped, or with pages
    overwritten, must not be read as if it held fewer articles ("0 new, 100
    unchanged"): everything read from it would be wrong in silence.
    """
    try:
        with open(path, "rb") as file:
            header = file.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise GeoError(f"cannot open the project store {str(path)!r} ({exc.strerror})") from None
    if header != _SQLITE_HEADER:
        if header and _SQLITE_HEADER.startswith(header):
            raise GeoError(_damaged(path, "the file is cut short"))
        return
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with (
            _waiting(path),
            contextlib.closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)) as db,
        ):
            problems = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        raise GeoError(_damaged(path, str(exc))) from None
    if problems != ["ok"]:
        raise GeoError(_damaged(path, "; ".join(problems)))


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds the store, not because of it."""
    text = str(exc)
    return "locked" in text or "busy" in text


@contextlib.contextmanager
def _waiting(path: Path) -> Iterator[None]:
    """Say in one line that the store stayed busy past `BUSY_TIMEOUT_S`, instead of a traceback."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if not _busy(exc):
            raise
        raise GeoError(
            f"the project store {str(path)!r} is busy: another process kept it locked for "
            f"{BUSY_TIMEOUT_S:.0f} s; nothing of this article was written, run the command "
            "again once the other has finished (articles already stored are skipped)"
        ) from None


def _damaged(path: Path, detail: str) -> str:
    detail = " ".join(detail.split())[:300]
    return (
        f"the project store {str(path)!r} is damaged ({detail}); nothing was read from "
        "or written to it. Restore it from a backup, or move it aside and rebuild it with "
        f"'incidentmap ingest ARTICLES... --db {path}'"
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _create(path: Path) -> None:
    """Create an empty store: GDAL writes the GeoPackage tables, in a temporary file renamed
    into place, so a crash never leaves half a store."""
    import pandas as pd
    import pyogrio

    from incidentmap.geo.frames import empty_frame

    if not path.parent.is_dir():
        raise GeoError(f"cannot create {str(path)!r}: folder {str(path.parent)!r} missing")
    if path.suffix.lower() != ".gpkg":
        raise GeoError(f"a project store is a GeoPackage: name it {path.stem}.gpkg")
    tmp = temporary_beside(path, ".gpkg")
    try:
        for kind, table in TABLES.items():
            pyogrio.write_dataframe(
                empty_frame(kind),
                tmp,
                layer=table,
                driver="GPKG",
                dataset_options=_GPKG_OPTIONS,
                append=tmp.exists(),
                geometry_type="LineString" if kind == "route" else "Point",
                # A spatial index's triggers call GDAL's SQL functions, which plain SQLite
                # (our writer) lacks; QGIS does without one at a newsroom's scale.
                layer_options={"SPATIAL_INDEX": "NO"},
            )
        documents = pd.DataFrame(
            {c: pd.Series([], dtype="Int64" if c == "chars" else object) for c in DOCUMENT_COLUMNS}
        )
        pyogrio.write_dataframe(
            documents,
            tmp,
            layer="documents",
            driver="GPKG",
            dataset_options=_GPKG_OPTIONS,
            append=True,
        )
        with contextlib.closing(sqlite3.connect(tmp)) as db, db:
            db.execute('CREATE UNIQUE INDEX "documents_doc_id" ON documents (doc_id)')
            db.execute('CREATE INDEX "documents_doc" ON documents (doc)')
            for table in TABLES.values():
                db.execute(f'CREATE INDEX "{table}_doc_id" ON "{table}" (doc_id)')
        _publish(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _publish(tmp: Path, path: Path) -> None:
    """Put the new store ``tmp`` at ``path`` unless another process created one there first.

    A rename would replace that store under the process already writing to it
    (SQLite then says "attempt to write a readonly database" and its articles
    are lost); a hard link fails instead when ``path`` exists, and that
    process's store is used.
    """
    try:
        os.link(tmp, path)
    except FileExistsError:
        return
    except OSError:
        # A file system without hard links: the rename is the best there is.
        if not path.exists():
            os.replace(tmp, path)


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'


def document_row(doc: Document) -> tuple:
    """The ``documents`` row of ``doc``, in `DOCUMENT_COLUMNS` order (every backend's)."""
    return (
        doc.id,
        doc.path,
        doc.title,
        doc.outlet,
        doc.url,
        doc.date.isoformat() if doc.date else None,
        doc.date_source,
        doc.kind,
        len(doc.text),
        _now(),
        doc.text,
    )


def feature_rows(
    item: DocumentRecords, encode: Callable[[object], object] | None = None
) -> dict[str, list[tuple]]:
    """Rows to insert per kind: the `incidentmap.geo.frames` columns, then the geometry
    as ``encode`` writes it (default: GeoPackage's binary, `gpkg_geometry`)."""
    from incidentmap.geo.frames import event_row, mention_row, route_row

    encode = encode or gpkg_geometry
    made = {
        "event": map(event_row, item.events),
        "route": map(route_row, item.routes),
        "mention": map(mention_row, item.mentions),
    }
    rows: dict[str, list[tuple]] = {}
    for kind, pairs in made.items():
        columns = columns_for(kind)
        rows[kind] = [(*(row[c] for c in columns), encode(g)) for row, g in pairs]
    return rows


class AnalysedRows(NamedTuple):
    """One article's records as a store's rows (`feature_rows`), or why it failed; or,
    ``written``, what storing it gave where the worker stored it itself."""

    rows: dict[str, list[tuple]] | None
    error: str | None = None
    written: str | None = None


def analysed_rows(
    doc: Document, catalogue: object | None, encode: Callable[[object], object]
) -> AnalysedRows:
    """``doc`` analysed (`incidentmap.geo.parallel.analyse_document`) into the rows a store
    writes, geometries as ``encode`` writes them: what an ingest's workers send back
    (plain tuples travel faster than records), so the writing process only writes."""
    from incidentmap.geo.parallel import analyse_document

    found = analyse_document(doc, catalogue)
    if found.error is not None:
        return AnalysedRows(None, found.error)
    made = DocumentRecords(doc, found.mentions, found.events, found.routes)
    return AnalysedRows(feature_rows(made, encode))


def gpkg_geometry(geometry) -> bytes | None:
    """A shapely geometry in GeoPackage binary form (header, envelope, WKB), WGS84.

    >>> import shapely
    >>> gpkg_geometry(shapely.Point(-106.46, 31.72))[:4]
    b'GP\\x00\\x01'
    """
    import shapely

    if geometry is None or geometry.is_empty:
        return None
    wkb = shapely.to_wkb(geometry, byte_order=1, output_dimension=2)
    if geometry.geom_type == "Point":
        # Flags: little-endian, no envelope (a point is its own envelope).
        return b"GP\x00\x01" + struct.pack("<i", _SRS_ID) + wkb
    minx, miny, maxx, maxy = geometry.bounds
    # Flags: little-endian, envelope [minx, maxx, miny, maxy].
    return b"GP\x00\x03" + struct.pack("<i4d", _SRS_ID, minx, maxx, miny, maxy) + wkb


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
