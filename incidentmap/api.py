"""The Python API: one function per ``incidentmap`` verb, sharing its implementation.

Heavy libraries (geopandas, folium) are imported inside the functions that
use them, so ``import incidentmap`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from os import PathLike
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd

    from incidentmap.gazetteer import Candidate
    from incidentmap.geo.cases import CaseCatalogue
    from incidentmap.geo.records import Event, Mention, Route
    from incidentmap.geo.store import IngestSummary
    from incidentmap.sources import Document, ReadProblem

from incidentmap.sources.read import DEFAULT_MAX_BYTES

_T = TypeVar("_T")

__all__: list[str] = [
    "read",
    "geocode",
    "places",
    "events",
    "routes",
    "eval",
    "records_frame",
    "export",
    "ingest",
    "map",
    "demo",
]


def read(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
    *,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> list[Document]:
    """Read the articles in ``paths`` (files, folders, ``.csv``/``.jsonl`` tables).

    Bad files and rows are passed to ``on_problem`` (default: one line on
    stderr) and skipped; see `incidentmap.sources.read_documents`, which streams instead.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> docs = incidentmap.read([sample_dir()])
    >>> [(doc.outlet, str(doc.date)) for doc in docs][:2]
    [('World Socialist Web Site', '2011-06-10'), ('Bloomberg', '2020-07-08')]
    """
    from incidentmap.sources import read_documents

    return list(
        read_documents(paths, on_problem=on_problem, progress=progress, max_bytes=max_bytes)
    )


def geocode(
    name: str,
    *,
    country: str | None = None,
    admin1: str | None = None,
    level: str | Collection[str] | None = None,
    limit: int | None = 10,
) -> list[Candidate]:
    """The places ``name`` may refer to, best first, from the offline gazetteer.

    ``country`` is an ISO2 code, ``admin1`` a state/province name or code;
    both keep only the places inside them. An unknown name gives ``[]``.

    >>> import incidentmap
    >>> incidentmap.geocode("Ciudad Juárez")[0].place.admin1
    'Chihuahua'
    """
    from incidentmap.gazetteer import default

    return default().lookup(name, country=country, admin1=admin1, level=level, limit=limit)


def places(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
    *,
    demonyms: bool = True,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> list[Mention]:
    """Every place the articles in ``paths`` mention, resolved offline, in document order.

    Each `incidentmap.geo.records.Mention` has the offsets (``text == doc.text[start:end]``),
    the sentence, the chosen ``place`` (None when the name is not in the
    gazetteer) and a ``score``. ``demonyms=False`` drops country adjectives
    ("Mexican officials"). For a GeoDataFrame, pass the result to
    ``incidentmap.geo.frames.mentions_frame``.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> found = incidentmap.places([sample_dir()])
    >>> any(m.place.name == "Ciudad Juárez" for m in found if m.place)
    True
    """
    return _per_document(
        paths,
        lambda _doc, mentions: mentions,
        desc="places",
        demonyms=demonyms,
        on_problem=on_problem,
        progress=progress,
        max_bytes=max_bytes,
    )


def events(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str] = (),
    *,
    cases_file: str | PathLike[str] | None = None,
    events_csv: str | PathLike[str] | None = None,
    db: str | PathLike[str] | None = None,
    per_article: bool = False,
    min_confidence: float = 0.0,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> list[Event]:
    """The incidents the articles in ``paths`` report at a place, in order of first report.

    Reports of one incident in several articles are merged into one event
    (`incidentmap.geo.events.incidents`): its ``sources`` counts the articles,
    its ``docs`` lists them, its ``doc``/``sentence`` are the first report's.
    ``per_article=True`` gives one event per article's report instead.
    ``min_confidence`` drops events scored below it (0–1).

    Each `incidentmap.geo.records.Event` has a type, a date normalised against the
    article's date (with its precision), the place, the people named, the
    cases (from the bundled catalogue, extended by ``cases_file``) and its
    provenance. See `incidentmap.geo.events.extract_events`. ``events_csv`` adds the rows
    of an analyst's events table (`incidentmap.geo.tables.read_events_csv`) after the
    articles' events; its bad rows go to ``on_problem`` too. ``db`` adds the
    events of a project store made by `ingest`, after the others.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> found = incidentmap.events([sample_dir()])
    >>> all(e.place is not None for e in found)
    True
    """
    from incidentmap.geo.cases import load_cases
    from incidentmap.geo.events import extract_events

    catalogue = load_cases(cases_file)
    found = _per_document(
        paths,
        lambda doc, mentions: extract_events(doc, mentions, catalogue),
        desc="events",
        on_problem=on_problem,
        progress=progress,
        max_bytes=max_bytes,
    )
    if events_csv is not None:
        from incidentmap.geo.tables import read_events_csv

        found += _curated(read_events_csv, events_csv, on_problem)
    if db is not None:
        from incidentmap.geo.frames import events_from_frame

        found += events_from_frame(_stored(db, kinds=["event"]))
    if not per_article:
        from incidentmap.geo.events.links import merge_with_links

        found = merge_with_links(found, _incident_links(db))
    return [e for e in found if e.confidence >= min_confidence]


def routes(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str] = (),
    *,
    cases_file: str | PathLike[str] | None = None,
    flows_csv: str | PathLike[str] | None = None,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> list[Route]:
    """The trafficking routes the articles in ``paths`` state, one per article and flow.

    Each `incidentmap.geo.records.Route` has an origin, a destination and waypoints from
    the gazetteer, the commodity, the volume, unit and period where stated,
    the cases and its provenance. See `incidentmap.geo.routes.extract_routes`.
    ``flows_csv`` adds the rows of a flows table (`incidentmap.geo.tables.read_flows_csv`).

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> found = incidentmap.routes([sample_dir()])
    >>> all(r.origin.id != r.destination.id for r in found)
    True
    """
    from incidentmap.gazetteer import default
    from incidentmap.geo.cases import load_cases
    from incidentmap.geo.routes import extract_routes

    gz = default()
    catalogue = load_cases(cases_file)
    found = _per_document(
        paths,
        lambda doc, mentions: extract_routes(doc, mentions, catalogue, gazetteer=gz),
        desc="routes",
        on_problem=on_problem,
        progress=progress,
        max_bytes=max_bytes,
    )
    if flows_csv is not None:
        from incidentmap.geo.tables import read_flows_csv

        found += _curated(read_flows_csv, flows_csv, on_problem, gz)
    return found


def _curated(
    read_table: Callable[..., list[_T]],
    path: str | PathLike[str],
    on_problem: Callable[[ReadProblem], None] | None,
    gazetteer: object = None,
) -> list[_T]:
    """The records of a curated events or flows table; a table that cannot be read at all
    is one skipped input (reported to ``on_problem``), never the end of the batch."""
    from incidentmap.geo.errors import GeoError
    from incidentmap.sources.problems import ReadProblem, print_problem

    report = on_problem or print_problem
    try:
        return read_table(path, gazetteer, report)
    except GeoError as exc:
        shown = str(path)
        message = str(exc)
        message = message[len(shown) :].lstrip(" :") if message.startswith(shown) else message
        report(ReadProblem(shown, message))
        return []


def _per_document(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
    extract: Callable[[Document, list[Mention]], Iterable[_T]],
    *,
    desc: str,
    demonyms: bool = True,
    on_problem: Callable[[ReadProblem], None] | None,
    progress: bool,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> list[_T]:
    """What ``extract(doc, mentions)`` finds in each article of ``paths``, in document order.

    Each article is read as it is needed (bad ones go to ``on_problem``) and
    geoparsed once against the bundled gazetteer; ``progress`` shows a bar
    labelled ``desc`` on stderr.
    """
    from tqdm import tqdm

    from incidentmap.gazetteer import default
    from incidentmap.geo.geoparse import geoparse
    from incidentmap.sources import read_documents

    gz = default()
    docs = read_documents(paths, on_problem=on_problem, max_bytes=max_bytes)
    bar = tqdm(docs, desc=desc, unit="doc", disable=None if progress else True)
    return [found for doc in bar for found in extract(doc, geoparse(doc, gz, demonyms=demonyms))]


def eval(  # noqa: A001 - the verb's name
    corpora: Iterable[str] = ("tr-news", "lgl"),
    *,
    sample: int | None = None,
    eval_dir: str | PathLike[str] | None = None,
    seed_dir: str | PathLike[str] | None = None,
    demonyms: bool = True,
    lang: str | None = None,
    progress: bool = False,
) -> list[dict[str, object]]:
    """Measure the geoparser and the event extractor on gold corpora; one dict per corpus.

    ``corpora`` holds ``"tr-news"``, ``"lgl"`` (found under ``eval_dir``,
    default ``../shared/eval``), XML paths in their schema, or ``"seed"`` (the
    sample corpus and seed gold under ``seed_dir``, default ``../shared``).
    ``sample`` scores that many articles spread over each corpus.
    ``"news-dev"`` scores events against ``news-dev/gold_events.csv`` (``lang``
    keeps one language: ``"en"`` or ``"es"``); its ``errors`` list every miss
    and every false report. A project store (``"project.gpkg"``) scores the
    automatic places and events against its analysts' reviewed records
    (`incidentmap.geo.reviewed`).

    >>> import incidentmap
    >>> incidentmap.eval(["tr-news"], sample=10)[0]["recognition_f1"]  # doctest: +SKIP
    0.87
    """
    from pathlib import Path

    from incidentmap.gazetteer import default
    from incidentmap.geo.evaluate import (
        evaluate_articles,
        evaluate_seed,
        find_corpus,
        read_gold,
        sample_articles,
    )

    gz = default()
    results: list[dict[str, object]] = []
    for corpus in corpora:
        if corpus == "seed":
            root = Path(seed_dir) if seed_dir else Path("../shared")
            results.append(evaluate_seed(root / "corpus", root / "gold", gz).to_dict())
            continue
        if str(corpus).lower().endswith(".gpkg"):
            from incidentmap.geo.reviewed import evaluate_store

            # A project store: its analysts' corrections are the gold (`incidentmap serve`).
            results.append(evaluate_store(corpus))
            continue
        if corpus == "news-dev":
            from incidentmap.geo.events.evaluate import evaluate_news_dev

            root = Path(eval_dir) if eval_dir else Path("../shared/eval")
            score = evaluate_news_dev(root / "news-dev", lang=lang, progress=progress)
            name = f"news-dev ({lang})" if lang else "news-dev"
            results.append({**score.to_dict(name), "errors": score.errors})
            continue
        path = find_corpus(corpus, eval_dir)
        articles = sample_articles(read_gold(path), sample)
        score = evaluate_articles(articles, corpus, gz, demonyms=demonyms, progress=progress)
        results.append(score.to_dict())
    return results


def records_frame(
    paths: Iterable[str | PathLike[str]] = (),
    *,
    events_csv: str | PathLike[str] | None = None,
    flows_csv: str | PathLike[str] | None = None,
    db: str | PathLike[str] | None = None,
    incidents: bool = True,
    on_problem: Callable[[object], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> gpd.GeoDataFrame:
    """Every record from articles, curated tables and a project store, as one frame.

    Events are incidents: reports of one incident in several articles are one
    row with ``sources`` and ``docs`` (``incidents=False``: one row per report).

    The shared input of the verbs that map, export or list records: articles
    in ``paths`` are read and analysed (`incidentmap.geo.pipeline.analyse`), the events and
    flows tables imported, the store ``db`` (made by `ingest`) loaded, and all
    of it stacked into one `incidentmap.geo.frames` frame for
    `incidentmap.geo.filters.filter_frame`.
    Files, rows and articles that cannot be used go to ``on_problem`` (one
    printable problem each; default: a line on stderr) and are left out.

    >>> import incidentmap
    >>> frame = incidentmap.records_frame(db="project.gpkg")  # doctest: +SKIP
    >>> frame["kind"].value_counts().to_dict()  # doctest: +SKIP
    {'mention': 212, 'event': 31, 'route': 9}
    """
    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.frames import combined_frame, events_frame, mentions_frame, routes_frame
    from incidentmap.sources.problems import ReadProblem, print_problem

    paths = [paths] if isinstance(paths, str | PathLike) else list(paths)
    if not (paths or events_csv or flows_csv or db):
        raise GeoError("nothing to read: give article PATHs, --events-csv, --flows-csv or --db")
    report = on_problem or print_problem
    frames = []
    reviewed: set[tuple[str, str]] = set()
    if db is not None:
        from incidentmap.geo.corrections import reviewed_keys

        frames.append(_stored(db))
        reviewed = reviewed_keys(frames[-1])
    if paths:
        from incidentmap.geo.pipeline import analyse
        from incidentmap.sources import read_documents

        documents = read_documents(paths, on_problem=report, progress=progress, max_bytes=max_bytes)
        analysis = analyse(
            documents, on_problem=lambda path, message: report(ReadProblem(path, message))
        )
        frames += [
            events_frame(analysis.events),
            routes_frame(analysis.routes),
            mentions_frame(analysis.mentions),
        ]
    if events_csv is not None:
        from incidentmap.geo.tables import read_events_csv

        frames.append(events_frame(_curated(read_events_csv, events_csv, report)))
    if flows_csv is not None:
        from incidentmap.geo.tables import read_flows_csv

        frames.append(routes_frame(_curated(read_flows_csv, flows_csv, report)))
    # An article both stored and given again yields the same records once.
    frame = combined_frame(*frames).drop_duplicates(subset=["kind", "id", "doc_id"])
    if incidents:
        frame = _incidents_only(frame, _incident_links(db))
    frame = frame.reset_index(drop=True)
    from incidentmap.geo.corrections import mark_reviewed

    # Every record says whether an analyst reviewed it in the store (`incidentmap serve`).
    return mark_reviewed(frame, reviewed)


def _incident_links(db: str | PathLike[str] | None) -> dict[str, str]:
    """The analysts' incident merges and splits kept in the store ``db`` (none without one)."""
    if db is None:
        return {}
    import contextlib
    import sqlite3

    from incidentmap.geo.corrections import incident_links

    with contextlib.closing(sqlite3.connect(db)) as con:
        return incident_links(con)


def _incidents_only(
    frame: gpd.GeoDataFrame, links: dict[str, str] | None = None
) -> gpd.GeoDataFrame:
    """``frame`` with its events merged into incidents across articles (one row each), as
    the analysts' ``links`` say where they do (`incidentmap.geo.events.links`)."""
    from incidentmap.geo.events.links import merge_with_links
    from incidentmap.geo.frames import combined_frame, events_frame, events_from_frame

    is_event = frame["kind"] == "event"
    if not is_event.any():
        return frame
    merged = merge_with_links(events_from_frame(frame[is_event]), links or {})
    return combined_frame(events_frame(merged), frame[~is_event])


def _stored(db: str | PathLike[str], kinds: list[str] | None = None) -> gpd.GeoDataFrame:
    """The records of ``kinds`` (all when None) in the project store ``db``."""
    import os

    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.store import Store

    if not os.path.isfile(db):
        raise GeoError(
            f"no project store at {os.fspath(db)!r}; make one with "
            f"'incidentmap ingest PATH... --db {os.fspath(db)}'"
        )
    with Store(db) as store:
        return store.load(kinds)


def export(
    paths: Iterable[str | PathLike[str]] = (),
    output: str | PathLike[str] = "incidentmap.geojson",
    *,
    fmt: str | None = None,
    years: tuple[int, int] | None = None,
    cases: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    events_csv: str | PathLike[str] | None = None,
    flows_csv: str | PathLike[str] | None = None,
    db: str | PathLike[str] | None = None,
    on_problem: Callable[[object], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    csv_raw: bool = False,
) -> gpd.GeoDataFrame:
    """Write the records of ``paths`` (and tables, and a store) to ``output`` for GIS tools.

    The format comes from ``output``'s suffix unless ``fmt`` is given
    (geojson, geojsonseq, gpkg, csv, kml; see `incidentmap.geo.export`). The filters are
    those of the map (`incidentmap.geo.filters.filter_frame`). The file is written
    atomically. In CSV, text cells a spreadsheet would run as formulas (``=``,
    ``+``, ``-``, ``@``...) get a ``'`` in front unless ``csv_raw`` is true
    (`incidentmap.geo.formulas`). Returns the frame that was written.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> written = incidentmap.export([sample_dir()], "evidence.geojson",
    ...                              years=(2011, 2011), kinds=["event"])  # doctest: +SKIP
    """
    from incidentmap.geo.export import format_for, write
    from incidentmap.geo.filters import filter_frame

    fmt = format_for(output, fmt)
    frame = records_frame(
        paths,
        events_csv=events_csv,
        flows_csv=flows_csv,
        db=db,
        on_problem=on_problem,
        progress=progress,
        max_bytes=max_bytes,
    )
    chosen = filter_frame(
        frame, years=years, cases=cases, kinds=kinds, min_confidence=min_confidence
    )
    write(chosen, output, fmt, csv_raw=csv_raw)
    return chosen


def ingest(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
    db: str | PathLike[str],
    *,
    on_problem: Callable[[object], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> IngestSummary:
    """Analyse the articles in ``paths`` into the project store ``db`` (a GeoPackage).

    Articles already stored (same text) are skipped without being analysed
    again; an edited article replaces its earlier version; each article is
    committed on its own, so an interrupted run keeps what it stored and the
    next run picks up where it stopped. Returns the counts of new, unchanged,
    replaced and failed articles (unreadable files count as failed).

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> print(incidentmap.ingest([sample_dir()], "project.gpkg"))  # doctest: +SKIP
    5 new, 0 unchanged, 0 replaced, 0 failed
    """
    import sys

    from tqdm import tqdm

    from incidentmap.geo.cases import load_cases
    from incidentmap.geo.store import DocumentRecords, Store
    from incidentmap.sources import ReadProblem, read_documents
    from incidentmap.sources.problems import print_problem

    report = on_problem or print_problem
    # One catalogue for every article, not one read of it per article.
    catalogue = load_cases()
    unreadable: list[tuple[str, str]] = []

    def read_problem(problem: ReadProblem) -> None:
        if problem.skipped:
            unreadable.append((problem.path, problem.message))
        report(problem)

    with Store(db) as store:

        def analysed():
            for doc in read_documents(paths, on_problem=read_problem, max_bytes=max_bytes):
                if store.has(doc.id):
                    # Stored already: no need to analyse it again.
                    yield DocumentRecords(doc)
                    continue
                yield _analysed_document(doc, catalogue)

        bar = tqdm(
            desc="ingesting", unit="article", file=sys.stderr, disable=None if progress else True
        )

        def advance(item: DocumentRecords, outcome: str) -> None:
            if outcome == "failed":
                report(ReadProblem(item.document.path, item.error or "could not be analysed"))
            bar.update()

        with bar:
            summary = store.ingest(analysed(), on_outcome=advance)
    summary.failed += len(unreadable)
    summary.problems[:0] = unreadable
    return summary


def _analysed_document(doc: Document, catalogue: CaseCatalogue | None = None):
    """One article analysed into `incidentmap.geo.store.DocumentRecords`, or marked failed with why.

    ``catalogue`` is the case catalogue (the bundled one when None).
    """
    from incidentmap.geo.pipeline import analyse
    from incidentmap.geo.store import DocumentRecords

    problems: list[str] = []
    result = analyse(
        [doc], cases=catalogue, on_problem=lambda _path, message: problems.append(message)
    )
    if problems:
        return DocumentRecords(doc, error=problems[0])
    return DocumentRecords(doc, result.mentions, result.events, result.routes)


def map(  # noqa: A001 - the verb's name
    paths: Iterable[str | PathLike[str]] = (),
    output: str | PathLike[str] = "map.html",
    *,
    years: tuple[int, int] | None = None,
    cases: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    events_csv: str | PathLike[str] | None = None,
    flows_csv: str | PathLike[str] | None = None,
    db: str | PathLike[str] | None = None,
    title: str | None = None,
    cdn: bool = False,
    on_problem: Callable[[object], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Path:
    """Write a layered, filterable map of the records of ``paths`` (and tables, and a store).

    One HTML file that opens offline: events by type, routes as arrows, events
    per state, mentioned places, heat and clusters; an overlay per case and a
    year filter inside the page; every popup quotes its sentence and cites its
    article. ``years``/``cases`` keep only matching records first, exactly as
    `export` does (`incidentmap.geo.filters.filter_frame`). ``cdn=True`` links Leaflet
    from its CDNs instead of inlining it (a smaller file that needs a network).
    Written atomically; returns the path.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> incidentmap.map([sample_dir()], "map.html", years=(2009, 2012))  # doctest: +SKIP
    PosixPath('map.html')
    """
    from incidentmap.geo.filters import filter_frame
    from incidentmap.maps.render import map_records, save_map

    frame = records_frame(
        paths,
        events_csv=events_csv,
        flows_csv=flows_csv,
        db=db,
        on_problem=on_problem,
        progress=progress,
        max_bytes=max_bytes,
    )
    chosen = filter_frame(frame, years=years, cases=cases, min_confidence=min_confidence)
    return save_map(map_records(chosen, title=title or "incidentmap", cdn=cdn), output)


def demo(output_dir: str | PathLike[str] = "incidentmap-demo") -> dict[str, Path]:
    """Map and export the bundled sample briefs into ``output_dir``; return the files written.

    Writes ``map.html`` (open it in any browser, no network needed) and
    ``incidentmap.geojson`` (for QGIS and friends).

    >>> import incidentmap
    >>> sorted(incidentmap.demo("demo"))  # doctest: +SKIP
    ['geojson', 'map']
    """
    from pathlib import Path

    from incidentmap.geo.export import write
    from incidentmap.maps.render import map_records, save_map
    from incidentmap.sources.sample import sample_dir

    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    frame = records_frame([sample_dir()])
    title = "US–Mexico gun trafficking: sample briefs"
    written = {"map": save_map(map_records(frame, title=title), folder / "map.html")}
    geojson = folder / "incidentmap.geojson"
    write(frame, geojson, "geojson")
    written["geojson"] = geojson
    return written
