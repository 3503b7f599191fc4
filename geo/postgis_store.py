"""The project store in PostGIS: for teams that share one store and collections past a laptop.

`PostgisStore` answers exactly what `incidentmap.geo.store.Store` (the
GeoPackage) answers — ``has``, ``add``, ``ingest``, ``documents``, ``load`` —
with the same tables and columns (``documents``, ``events``, ``routes``,
``mentions``) and the same rules:

- rows carry their article's content hash ``doc_id``; an article already
  stored is left alone; an edited article (same path, new text) replaces its
  old rows; each article is written in one transaction;
- several processes (or machines) may ingest into one database at once:
  each article's transaction holds a lock on its path, and the unique
  ``doc_id`` lets only one copy of an article in.

Geometries are PostGIS ``geometry(Point, 4326)`` and ``geometry(LineString,
4326)`` columns with GiST indexes, so QGIS opens the tables as it opens any
PostGIS layer. ``load(years=..., cases=...)`` selects rows in SQL (indexes on
``year`` and ``case``): a map of one case never reads the rest of the store.
The schema's version is kept in ``incidentmap_schema``; a store of another
version is refused with what to do.

>>> with PostgisStore("postgresql://newsroom@db.example/incidents") as store:  # doctest: +SKIP
...     print(store.ingest(per_document(analysis)))
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from incidentmap.geo.errors import GeoError
from incidentmap.geo.filters import BBox, bbox_boxes
from incidentmap.geo.frames import KINDS, columns_for
from incidentmap.geo.store import (
    DOCUMENT_COLUMNS,
    TABLES,
    AnalysedRows,
    DocumentRecords,
    IngestSummary,
    _wanted_kinds,
    add_each,
    analysed_rows,
    corrected_years,
    document_row,
    feature_rows,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from incidentmap.geo.corrections import Correction
    from incidentmap.sources.document import Document

#: The SQL that brings a store from the version before to each version, in order.
#: Version 1 is what `PostgisStore._create` makes; every later change of the tables is
#: one entry here, run by ``incidentmap migrate`` (`migrate`) in one transaction.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        # The analysts' corrections (incidentmap serve), as in the GeoPackage store.
        "CREATE TABLE corrections (id bigserial PRIMARY KEY, what text NOT NULL, "
        "target text NOT NULL, doc_id text NOT NULL, doc text, key text NOT NULL, "
        "field text, old text, new text, who text, at text NOT NULL)",
        "CREATE INDEX corrections_doc_id ON corrections (doc_id)",
        "CREATE INDEX corrections_key ON corrections (key)",
    ),
    3: (
        # The workbench's text search (ILIKE '%word%') through trigram indexes, so it
        # need not read every article's text. pg_trgm ships with PostgreSQL and any
        # user who may create tables may enable it; where it cannot be enabled, the
        # search still works, by reading the texts.
        "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; "
        "EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'pg_trgm not available: %', SQLERRM; END $$",
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN "
        "CREATE INDEX documents_text_trgm ON documents USING gin (text gin_trgm_ops); "
        "CREATE INDEX documents_title_trgm ON documents USING gin (title gin_trgm_ops); "
        "END IF; END $$",
    ),
}

#: What the tables look like now: version 1 and every migration after it.
SCHEMA_VERSION = max(MIGRATIONS, default=1)

#: URL schemes that name a PostGIS store rather than a GeoPackage file.
URL_SCHEMES = ("postgresql://", "postgres://")

_GEOMETRY = {"event": "Point", "route": "LineString", "mention": "Point"}
_INTEGER = ("year", "start", "end", "fatalities", "sources")
_FLOAT = ("volume", "confidence", "quantity")


def is_database_url(target: object) -> bool:
    """Whether ``target`` names a PostGIS store (a ``postgresql://`` URL) rather than a file.

    >>> is_database_url("postgresql://me@localhost/news"), is_database_url("project.gpkg")
    (True, False)
    """
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def shown_url(url: str) -> str:
    """``url`` with any password masked, for messages.

    >>> shown_url("postgresql://me:secret@db/news")
    'postgresql://me:***@db/news'
    """
    return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)


class PostgisStore:
    """A project store in the PostGIS database at ``url``; its tables are created on first use.

    >>> with PostgisStore("postgresql://me@localhost/news") as store:  # doctest: +SKIP
    ...     events = store.load(kinds=["event"], years=(2011, 2011))
    """

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.shown = shown_url(url)
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise GeoError(
                f"cannot connect to the project store {self.shown} ({_first_line(exc)}); "
                "check the URL, that the server runs and that the user may log in"
            ) from None
        try:
            # A commit need not wait for the disk: should the server itself crash, the
            # last fraction of a second of articles is lost whole, never half-written,
            # and the next ingest stores them again. A killed ingest loses nothing.
            self._db.execute("SET synchronous_commit = off")
            self._prepare()
        except BaseException:
            self._db.close()
            raise

    # -- schema ----------------------------------------------------------------

    def _prepare(self) -> None:
        """Create the tables in an empty database; refuse a store of another schema version."""
        with self._db.transaction():
            # Two processes opening a new database at once: one creates, the other waits.
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key("schema"),))
            version = self._version()
            if version is None:
                self._create()
                _upgrade(self._db, 1)
                return
        if version != SCHEMA_VERSION:
            if version > SCHEMA_VERSION:
                advice = "upgrade incidentmap (pip install -U incidentmap) to use it"
            else:
                advice = (
                    f"run 'incidentmap migrate --db {self.shown}' (after a pg_dump, "
                    "as for any schema change; see docs/scaling.md, 'Migrations')"
                )
            raise GeoError(
                f"the project store {self.shown} has schema version {version}; this "
                f"incidentmap reads version {SCHEMA_VERSION}: {advice}"
            )

    def _version(self) -> int | None:
        exists = self._db.execute("SELECT to_regclass('incidentmap_schema')").fetchone()[0]
        if exists is None:
            tables = self._db.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name = ANY(%s)",
                (["documents", *TABLES.values()],),
            ).fetchone()[0]
            if tables:
                raise GeoError(
                    f"{self.shown} holds tables named like a project store's but is not one; "
                    "give a new database for the project store"
                )
            return None
        row = self._db.execute("SELECT max(version) FROM incidentmap_schema").fetchone()
        return row[0]

    def _create(self) -> None:
        import psycopg

        db = self._db
        try:
            db.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except psycopg.Error as exc:
            raise GeoError(
                f"PostGIS is not available in {self.shown} ({_first_line(exc)}); install it "
                "(Debian: apt-get install postgis) and run 'CREATE EXTENSION postgis' as the "
                "database's owner"
            ) from None
        db.execute(
            "CREATE TABLE incidentmap_schema (version integer PRIMARY KEY, "
            "applied timestamptz NOT NULL DEFAULT now())"
        )
        db.execute("INSERT INTO incidentmap_schema (version) VALUES (1)")
        fields = ", ".join(
            f'"{c}" {"integer" if c == "chars" else "text"}'
            for c in DOCUMENT_COLUMNS
            if c != "doc_id"
        )
        db.execute(
            f"CREATE TABLE documents (fid bigserial PRIMARY KEY, doc_id text NOT NULL UNIQUE, "
            f"{fields})"
        )
        db.execute("CREATE INDEX documents_doc ON documents (doc)")
        for kind, table in TABLES.items():
            fields = ", ".join(f'"{c}" {_sql_type(c)}' for c in columns_for(kind))
            db.execute(
                f'CREATE TABLE "{table}" (fid bigserial PRIMARY KEY, {fields}, '
                f"geom geometry({_GEOMETRY[kind]}, 4326))"
            )
            db.execute(f'CREATE INDEX "{table}_geom" ON "{table}" USING gist (geom)')
            for column in ("doc_id", "year", "case"):
                db.execute(f'CREATE INDEX "{table}_{column}" ON "{table}" ("{column}")')

    def drop(self) -> None:
        """Remove the store's tables (all its articles and records) from the database."""
        with self._db.transaction():
            for table in ("documents", *TABLES.values(), "corrections", "incidentmap_schema"):
                self._db.execute(f'DROP TABLE IF EXISTS "{table}"')

    # -- the store's interface ---------------------------------------------------

    def __enter__(self) -> PostgisStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; every ingested article is already committed.

        An ingest that analysed in this very process (one worker) wrote through
        this process's worker connection (`analysed_and_stored`): it goes too.
        """
        worker = _WORKER_STORES.get(self.url)
        if worker is not None and worker is not self:
            del _WORKER_STORES[self.url]
            worker.close()
        self._db.close()

    @property
    def encode_geometry(self) -> Callable[[object], bytes | None]:
        """How this store's rows hold a geometry: 2-D WKB, as PostGIS reads it."""
        return _wkb

    def analyse_task(self) -> Callable[..., AnalysedRows]:
        """What an ingest's workers run per article (``task(doc, catalogue)``): analyse it
        and store it over the worker's own connection (`analysed_and_stored`), so that
        the writing is spread over the workers as the analysis is."""
        from functools import partial

        return partial(analysed_and_stored, url=self.url)

    def has(self, doc_id: str) -> bool:
        """Whether the article with content hash ``doc_id`` is stored (so need not be analysed)."""
        return bool(self.stored([doc_id]))

    def stored(self, doc_ids: Collection[str]) -> set[str]:
        """Which of the content hashes ``doc_ids`` are stored, in one query."""
        query = "SELECT doc_id FROM documents WHERE doc_id = ANY(%s)"
        return {row[0] for row in self._db.execute(query, (list(doc_ids),))}

    def ingest(
        self,
        items: Iterable[DocumentRecords],
        on_outcome: Callable[[DocumentRecords, str], None] | None = None,
    ) -> IngestSummary:
        """Add each article's records, one transaction per article; return the counts.

        As `incidentmap.geo.store.Store.ingest`: ``on_outcome(item, outcome)`` hears
        each outcome as it is committed; articles committed before an error stay.
        """
        return add_each(self.add, items, on_outcome)

    def add(self, item: DocumentRecords) -> str:
        """Store one article in one transaction; return ``"new"``, ``"unchanged"``,
        ``"replaced"`` or ``"failed"``.

        Two round trips to the server whatever the article's size: the path's lock
        and what is stored under its path or text, then (pipelined) the old
        version's removal, the new rows and the commit.
        """
        import psycopg

        if item.error is not None:
            return "failed"
        if item.written is not None:
            return item.written
        doc = item.document
        rows = item.rows if item.rows is not None else feature_rows(item, _wkb)
        db = self._db
        with db.pipeline(), db.transaction():
            # One writer per path at a time: two versions of one article never interleave.
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(doc.path),))
            stored = [
                r[0]
                for r in db.execute(
                    "SELECT doc_id FROM documents WHERE doc_id = %s OR doc = %s",
                    (doc.id, doc.path),
                ).fetchall()
            ]
            if doc.id in stored:
                return "unchanged"
            if stored:
                for table in (*TABLES.values(), "documents"):
                    db.execute(f'DELETE FROM "{table}" WHERE doc_id = ANY(%s)', (stored,))
            inserted = db.execute(
                f"INSERT INTO documents ({_names(DOCUMENT_COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * len(DOCUMENT_COLUMNS))}) "
                "ON CONFLICT (doc_id) DO NOTHING RETURNING doc_id",
                document_row(doc),
            )
            with db.cursor() as cursor:
                for kind, table in TABLES.items():
                    if rows[kind]:
                        columns = columns_for(kind)
                        marks = ", ".join(["%s"] * len(columns))
                        cursor.executemany(
                            f'INSERT INTO "{table}" ({_names(columns)}, geom) '
                            f"VALUES ({marks}, ST_GeomFromWKB(%s, 4326))",
                            rows[kind],
                        )
            if inserted.fetchone() is None:
                # The same text under another path, stored by another writer meanwhile.
                raise psycopg.Rollback()
        return "replaced" if stored else "new"

    def documents(self) -> pd.DataFrame:
        """The stored articles (without their text), oldest ingest first.

        Columns: `incidentmap.geo.store.DOCUMENT_COLUMNS` but ``text``, plus how many
        ``events``, ``routes`` and ``mentions`` each has.
        """
        import pandas as pd

        names = [c for c in DOCUMENT_COLUMNS if c != "text"]
        counts = ", ".join(
            f'(SELECT count(*) FROM "{t}" x WHERE x.doc_id = d.doc_id) AS "{t}"'
            for t in TABLES.values()
        )
        cols = ", ".join(f'd."{c}"' for c in names)
        rows = self._db.execute(f"SELECT {cols}, {counts} FROM documents d ORDER BY d.fid")
        return pd.DataFrame(rows.fetchall(), columns=[*names, *TABLES.values()])

    def correct(self, **correction: object) -> int:
        """Keep one analyst's correction (`incidentmap.geo.corrections.record`); return its id."""
        from incidentmap.geo.corrections import record

        return record(self._db, **correction)  # type: ignore[arg-type]

    def corrections(self, doc_id: str | None = None) -> list[Correction]:
        """The analysts' corrections (of one article when ``doc_id`` is given), oldest first."""
        from incidentmap.geo.corrections import read

        return read(self._db, doc_id)

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
        """The stored records of ``kinds`` (all when None) as one `incidentmap.geo.frames` frame.

        As `incidentmap.geo.store.Store.load`: the analysts' corrections are
        applied and a ``reviewed`` column says which records they touched,
        unless ``corrected`` is false. ``years``, ``cases`` and ``bbox`` select
        rows as `incidentmap.geo.filters.filter_frame` does, in SQL (the box
        through the geometry's GiST index): only the chosen rows leave the
        database, with the rows of the articles an analyst corrected, which are
        judged again once corrected (a correction may move a record into or out
        of the selection). ``undated`` keeps only the rows without a year.
        """
        import geopandas as gpd
        import shapely

        from incidentmap.geo.frames import combined_frame, conform

        wanted = _wanted_kinds(kinds)
        # A mention's new place moves the events placed there, even when only events are read.
        fixes = (
            [c for c in self.corrections() if c.target in (*wanted, "mention")] if corrected else []
        )
        corrected_docs = sorted({c.doc_id for c in fixes})
        frames = []
        for kind in KINDS:
            if kind not in wanted:
                continue
            table, columns = TABLES[kind], columns_for(kind)
            where, params = self._where(table, years, cases, bbox)
            if undated:
                where += " AND year IS NULL"
            if corrected_docs:
                where = f"({where}) OR doc_id = ANY(%s)"
                params = [*params, corrected_docs]
            rows = self._db.execute(
                f'SELECT {_names(columns)}, ST_AsBinary(geom) FROM "{table}" '
                # By article, then as the article's analysis gave them: workers write
                # articles in the order they finish, and several ingests at once
                # interleave, but what is read back is the same whoever wrote it.
                f"WHERE {where} ORDER BY doc, fid",
                params,
            ).fetchall()
            data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
            geometry = shapely.from_wkb([None if r[-1] is None else bytes(r[-1]) for r in rows])
            frame = gpd.GeoDataFrame(data, geometry=list(geometry), crs="EPSG:4326")
            frames.append(conform(frame, kind))
        frame = combined_frame(*frames)
        if not corrected:
            return frame
        if not fixes:
            frame["reviewed"] = False
            return frame
        from incidentmap.geo.corrections import apply
        from incidentmap.geo.filters import filter_frame

        frame = apply(frame, fixes, self.stored(corrected_docs))
        # Added records, and records whose date, case or place an analyst changed.
        frame = filter_frame(frame, years=years, cases=cases, bbox=bbox)
        if undated:
            frame = frame[frame["year"].isna()]
        return frame.reset_index(drop=True)

    def years(
        self,
        kinds: Iterable[str] | None = None,
        *,
        doc_ids: Iterable[str] | None = None,
        paths: Iterable[str] | None = None,
    ) -> set[int | None]:
        """The years of the stored records of ``kinds`` (all when None); None stands for
        records without one. Only the records of the articles ``doc_ids`` and of those
        stored under ``paths`` when either is given (what an ingest of them changes). The
        years the analysts' corrections give records are included, as
        `incidentmap.geo.store.Store.years` includes them."""
        wanted = _wanted_kinds(kinds)
        where, params = "true", []
        chosen: set[str] | None = None
        if doc_ids is not None or paths is not None:
            named = self._db.execute(
                "SELECT doc_id FROM documents WHERE doc = ANY(%s)", (list(paths or ()),)
            ).fetchall()
            chosen = {*(doc_ids or ()), *(r[0] for r in named)}
            where, params = "doc_id = ANY(%s)", [sorted(chosen)]
        found: set[int | None] = set()
        for kind in wanted:
            rows = self._db.execute(
                f'SELECT DISTINCT year FROM "{TABLES[kind]}" WHERE {where}', params
            ).fetchall()
            found |= {None if y is None else int(y) for (y,) in rows}
        return found | corrected_years(self.corrections, wanted, chosen)

    def _where(
        self,
        table: str,
        years: tuple[int, int] | None,
        cases: Iterable[str] | None,
        bbox: BBox | None = None,
    ) -> tuple[str, list[object]]:
        from incidentmap.geo.filters import _case_keys, _case_matches

        clauses, params = ["true"], []
        if years is not None:
            clauses.append("year BETWEEN %s AND %s")
            params += list(years)
        keys = _case_keys([c for c in cases or [] if c and c.strip()])
        if keys:
            # Case names match ignoring accents and by alias: decide on the few distinct
            # values here, then let the index find their rows.
            distinct = self._db.execute(f'SELECT DISTINCT "case" FROM "{table}"').fetchall()
            chosen = [v for (v,) in distinct if v is not None and _case_matches(v, keys)]
            clauses.append('("case" = ANY(%s) OR (%s AND "case" IS NULL))')
            params += [chosen, _case_matches(None, keys)]
        if bbox is not None:
            boxes = bbox_boxes(bbox)
            clauses.append(
                "("
                + " OR ".join(
                    ["ST_Intersects(geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))"] * len(boxes)
                )
                + ")"
            )
            params += [x for box in boxes for x in box]
        return " AND ".join(clauses), params


def migrate(url: str) -> list[int]:
    """Bring the PostGIS store at ``url`` to `SCHEMA_VERSION`; return the versions applied.

    All pending steps run in one transaction, under the lock that keeps two
    processes from creating or changing the tables at once: a failure leaves the
    store as it was. A store already up to date is left alone (``[]``).
    """
    import psycopg

    shown = shown_url(url)
    try:
        db = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise GeoError(
            f"cannot connect to the project store {shown} ({_first_line(exc)})"
        ) from None
    with db, db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key("schema"),))
        exists = db.execute("SELECT to_regclass('incidentmap_schema')").fetchone()[0]
        if exists is None:
            raise GeoError(
                f"{shown} holds no project store to migrate; 'incidentmap ingest --db' "
                "creates one at the current version"
            )
        version = db.execute("SELECT max(version) FROM incidentmap_schema").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise GeoError(
                f"the project store {shown} has schema version {version}, newer than this "
                f"incidentmap's {SCHEMA_VERSION}; upgrade incidentmap instead"
            )
        return _upgrade(db, version)


def _upgrade(db, version: int) -> list[int]:
    """Run the migrations after ``version`` on ``db`` (inside the caller's transaction)."""
    applied = []
    for step in sorted(v for v in MIGRATIONS if v > version):
        for statement in MIGRATIONS[step]:
            db.execute(statement)
        db.execute("INSERT INTO incidentmap_schema (version) VALUES (%s)", (step,))
        applied.append(step)
    return applied


#: Each worker process's own connection to the stores it writes, opened at its first article.
_WORKER_STORES: dict[str, PostgisStore] = {}


def analysed_and_stored(doc: Document, catalogue: object | None, url: str) -> AnalysedRows:
    """On an ingest's worker: ``doc`` analysed and stored in the PostGIS store at ``url``,
    in one transaction of its own (`PostgisStore.add`); the outcome goes back, not the rows.

    Workers of a ``--scheduler`` cluster must reach the database at ``url`` too. A
    store that cannot be written (the server gone) fails the article with the reason,
    and the next article connects again.
    """
    import psycopg

    found = analysed_rows(doc, catalogue, _wkb)
    if found.error is not None:
        return found
    try:
        store = _WORKER_STORES.get(url)
        if store is None or store._db.closed:
            store = _WORKER_STORES[url] = PostgisStore(url)
        return AnalysedRows(None, written=store.add(DocumentRecords(doc, rows=found.rows)))
    except (psycopg.Error, GeoError) as exc:
        lost = _WORKER_STORES.pop(url, None)
        if lost is not None:
            lost.close()
        return AnalysedRows(None, f"could not be stored ({_first_line(exc)})")


def drop_store(url: str) -> None:
    """Remove the project store's tables from the database at ``url`` (for benchmarks, tests)."""
    with PostgisStore(url) as store:
        store.drop()


def _sql_type(column: str) -> str:
    if column in _INTEGER:
        return "integer"
    return "double precision" if column in _FLOAT else "text"


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _lock_key(text: str) -> int:
    """A 32-bit advisory lock key for ``text`` (the same in every process)."""
    return zlib.crc32(f"incidentmap:{text}".encode()) - 2**31


def _wkb(geometry) -> bytes | None:
    """A geometry as PostGIS reads it (2-D WKB); nothing for a missing or empty one."""
    import shapely

    return (
        None
        if geometry is None or geometry.is_empty
        else shapely.to_wkb(geometry, output_dimension=2)
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
