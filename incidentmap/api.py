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

    import dask_geopandas
    import geopandas as gpd

    from incidentmap.gazetteer import Candidate
    from incidentmap.geo.cases import CaseCatalogue
    from incidentmap.geo.filters import BBox
    from incidentmap.geo.parallel import Found
    from incidentmap.geo.records import Event, Mention, Route
    from incidentmap.geo.store import IngestSummary
    from incidentmap.sources import Document, ReadProblem

from incidentmap.sources.read import DEFAULT_MAX_BYTES

_T = TypeVar("_T")


class EmptyMapWarning(UserWarning):
    """A map or export holds no events and no routes; the message says what to try."""


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
    "migrate",
    "EmptyMapWarning",
]


def read(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
    *,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    lang: str | None = None,
) -> list[Document]:
    """Read the articles in ``paths`` (files, folders, ``.csv``/``.jsonl`` tables).

    Bad files and rows are passed to ``on_problem`` (default: one line on
    stderr) and skipped; see `incidentmap.sources.read_documents`, which streams instead.
    ``lang`` (``"en"``, ``"es"``) sets every article's language instead of detecting
    it; every verb that reads articles takes it.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> docs = incidentmap.read([sample_dir()])
    >>> [(doc.outlet, str(doc.date)) for doc in docs][:2]
    [('World Socialist Web Site', '2011-06-10'), ('Bloomberg', '2020-07-08')]
    """
    from incidentmap.sources import read_documents

    return list(
        read_documents(
            paths, on_problem=on_problem, progress=progress, max_bytes=max_bytes, lang=lang
        )
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

    ``name`` may carry qualifiers after commas, as the geopy geocoder reads
    them (`incidentmap.gazetteer.geocoder.GazetteerGeocoder`): "Nogales,
    Sonora", "Paris, Texas", "Glendale, AZ, USA". ``country`` is an ISO2
    code, ``admin1`` a state/province name or code; both keep only the places
    inside them. Each candidate's ``score`` is the 0–1 confidence
    ``places`` gives a name read without context (its share of the softmax
    over all readings; `incidentmap.geo.resolve.reading_shares`). An unknown
    name gives ``[]``.

    >>> import incidentmap
    >>> incidentmap.geocode("Ciudad Juárez")[0].place.admin1
    'Chihuahua'
    >>> incidentmap.geocode("Nogales, Sonora")[0].place.country
    'MX'
    """
    from incidentmap.gazetteer import default
    from incidentmap.gazetteer.geocoder import GazetteerGeocoder
    from incidentmap.geo.resolve import reading_shares

    gz = default()
    found = gz.lookup(name, country=country, admin1=admin1, level=level, limit=None)
    if not found and "," in name:
        head = name.split(",", 1)[0].strip()
        kept = {
            c.place.id
            for c in gz.lookup(head, country=country, admin1=admin1, level=level, limit=None)
        }
        found = [c for c in GazetteerGeocoder(gz).candidates(name) if c.place.id in kept]
    found = reading_shares(found)
    return found[:limit] if limit else found


def places(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
    *,
    demonyms: bool = True,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    lang: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> list[Mention]:
    """Every place the articles in ``paths`` mention, resolved offline, in document order.

    Each `incidentmap.geo.records.Mention` has the offsets (``text == doc.text[start:end]``),
    the sentence, the chosen ``place`` (None when the name is not in the
    gazetteer) and a ``score``. ``demonyms=False`` drops country adjectives
    ("Mexican officials"). For a GeoDataFrame, pass the result to
    ``incidentmap.geo.frames.mentions_frame``. ``workers`` and ``scheduler``
    spread the articles over processes or a Dask cluster (`incidentmap.geo.parallel`);
    the result is the same.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> found = incidentmap.places([sample_dir()])
    >>> any(m.place.name == "Ciudad Juárez" for m in found if m.place)
    True
    """
    from functools import partial

    from incidentmap.geo.parallel import analyse_document

    task = partial(
        analyse_document, demonyms=demonyms, events=False, routes=False, keep_errors=False
    )
    return _per_document(
        paths,
        task,
        lambda found: found.mentions,
        desc="places",
        on_problem=on_problem,
        progress=progress,
        max_bytes=max_bytes,
        lang=lang,
        workers=workers,
        scheduler=scheduler,
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
    lang: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
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
    from functools import partial

    from incidentmap.geo.cases import load_cases
    from incidentmap.geo.parallel import analyse_document

    found = _per_document(
        paths,
        partial(analyse_document, routes=False, keep_errors=False),
        lambda found: found.events,
        shared=(load_cases(cases_file),),
        desc="events",
        on_problem=on_problem,
        progress=progress,
        max_bytes=max_bytes,
        lang=lang,
        workers=workers,
        scheduler=scheduler,
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
    db: str | PathLike[str] | None = None,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    lang: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> list[Route]:
    """The trafficking routes the articles in ``paths`` state, one per article and flow.

    Each `incidentmap.geo.records.Route` has an origin, a destination and waypoints from
    the gazetteer, the commodity, the volume, unit and period where stated,
    the cases and its provenance. See `incidentmap.geo.routes.extract_routes`.
    ``flows_csv`` adds the rows of a flows table (`incidentmap.geo.tables.read_flows_csv`);
    ``db`` the routes of a project store made by `ingest`, after the others.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> found = incidentmap.routes([sample_dir()])
    >>> all(r.origin.id != r.destination.id for r in found)
    True
    """
    from functools import partial

    from incidentmap.gazetteer import default
    from incidentmap.geo.cases import load_cases
    from incidentmap.geo.parallel import analyse_document

    found = _per_document(
        paths,
        partial(analyse_document, events=False, route_gazetteer=True, keep_errors=False),
        lambda found: found.routes,
        shared=(load_cases(cases_file),),
        desc="routes",
        on_problem=on_problem,
        progress=progress,
        max_bytes=max_bytes,
        lang=lang,
        workers=workers,
        scheduler=scheduler,
    )
    if flows_csv is not None:
        from incidentmap.gazetteer import default
        from incidentmap.geo.tables import read_flows_csv

        found += _curated(read_flows_csv, flows_csv, on_problem, default())
    if db is not None:
        from incidentmap.geo.frames import routes_from_frame

        found += routes_from_frame(_stored(db, kinds=["route"]))
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
    task: Callable[..., Found],
    pick: Callable[[Found], Iterable[_T]],
    *,
    shared: tuple = (),
    desc: str,
    on_problem: Callable[[ReadProblem], None] | None,
    progress: bool,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    lang: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> list[_T]:
    """What ``pick`` keeps of ``task(doc, *shared)`` for each article of ``paths``, in order.

    Each article is read as it is needed (bad ones go to ``on_problem``) and
    analysed once (`incidentmap.geo.parallel.analyse_document`), here or on
    ``workers`` processes or the Dask cluster at ``scheduler``; ``progress``
    shows a bar labelled ``desc`` on stderr.
    """
    from tqdm import tqdm

    from incidentmap.geo.parallel import map_documents
    from incidentmap.sources import read_documents

    docs = read_documents(paths, on_problem=on_problem, max_bytes=max_bytes, lang=lang)
    results = map_documents(docs, task, shared=shared, workers=workers, scheduler=scheduler)
    bar = tqdm(results, desc=desc, unit="doc", disable=None if progress else True)
    return [record for _doc, found in bar for record in pick(found)]


def eval(  # noqa: A001 - the verb's name
    corpora: Iterable[str] = ("tr-news", "lgl"),
    *,
    sample: int | None = None,
    eval_dir: str | PathLike[str] | None = None,
    seed_dir: str | PathLike[str] | None = None,
    demonyms: bool = True,
    lang: str | None = None,
    progress: bool = False,
    data_dir: str | PathLike[str] | None = None,
) -> list[dict[str, object]]:
    """Measure the geoparser and the event extractor on gold corpora; one dict per corpus.

    The gold data is not shipped: it is the shared folder beside the clone,
    ``data_dir`` (else ``$INCIDENTMAP_DATA``, else ``../shared`` from the
    working folder) holding ``eval/``, ``corpus/`` and ``gold/``; a missing
    file raises a ``GeoError`` that says where it was looked for.
    ``corpora`` holds ``"tr-news"``, ``"lgl"`` (found under ``eval_dir``,
    default ``DATA/eval``), XML paths in their schema, or ``"seed"`` (the
    sample corpus and seed gold under ``seed_dir``, default ``DATA``).
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
        CORPORA,
        evaluate_articles,
        evaluate_seed,
        find_corpus,
        read_gold,
        sample_articles,
    )
    from incidentmap.geo.postgis_store import is_database_url

    data = _shared_data(data_dir)
    eval_root = Path(eval_dir) if eval_dir else data / "eval"
    gz = default()
    results: list[dict[str, object]] = []
    for corpus in corpora:
        if corpus == "seed":
            root = Path(seed_dir) if seed_dir else data
            _expect_data(root / "corpus", root / "gold" / "seed_places.csv")
            results.append(evaluate_seed(root / "corpus", root / "gold", gz).to_dict())
            continue
        if str(corpus).lower().endswith(".gpkg") or is_database_url(corpus):
            from incidentmap.geo.reviewed import evaluate_store

            # A project store: its analysts' corrections are the gold (`incidentmap serve`).
            results.append(evaluate_store(corpus))
            continue
        if corpus == "news-dev":
            from incidentmap.geo.events.evaluate import evaluate_news_dev

            _expect_data(eval_root / "news-dev" / "articles.csv")
            score = evaluate_news_dev(eval_root / "news-dev", lang=lang, progress=progress)
            name = f"news-dev ({lang})" if lang else "news-dev"
            result = {**score.to_dict(name), "errors": score.errors}
            if lang in (None, "es"):
                result |= _news_dev_places(eval_root / "news-dev", gz, progress)
            results.append(result)
            continue
        if corpus in CORPORA:
            _expect_data(eval_root / CORPORA[corpus])
        path = find_corpus(corpus, eval_root)
        articles = sample_articles(read_gold(path), sample)
        score = evaluate_articles(articles, corpus, gz, demonyms=demonyms, progress=progress)
        results.append(score.to_dict())
    return results


#: Where `eval` looks for the shared gold data when neither ``data_dir`` nor
#: ``$INCIDENTMAP_DATA`` says: the folder beside the clone, from its top.
DEFAULT_DATA = "../shared"


def _shared_data(data_dir: str | PathLike[str] | None) -> Path:
    """The shared data folder: ``data_dir``, else ``$INCIDENTMAP_DATA``, else `DEFAULT_DATA`
    (or ``shared`` when run from the folder that holds the clone and it)."""
    import os
    from pathlib import Path

    given = data_dir or os.environ.get("INCIDENTMAP_DATA")
    if given:
        return Path(given)
    # From the clone's parent folder the shared folder is ./shared.
    # (``map`` here is the verb, not the builtin.)
    found = [Path(p) for p in (DEFAULT_DATA, "shared") if Path(p).is_dir()]
    return found[0] if found else Path(DEFAULT_DATA)


def _expect_data(*paths: Path) -> None:
    """Raise one line that says where the evaluation data was expected and how to point at it."""
    import os

    from incidentmap.geo.errors import GeoError

    for path in paths:
        if not path.exists():
            raise GeoError(
                f"no evaluation data at {os.fspath(path)!r} (looked from {os.getcwd()}); "
                f"the gold data is not shipped: it is the shared folder beside the clone "
                f"({DEFAULT_DATA}, holding eval/, corpus/ and gold/). Pass --data DIR or set "
                "INCIDENTMAP_DATA=DIR"
            )


def _news_dev_places(root: Path, gz: object, progress: bool) -> dict[str, object]:
    """Place recognition and resolution on news-dev's Spanish place gold, keys ``places_*``."""
    from incidentmap.geo.evaluate import evaluate_articles, read_news_dev_places

    score = evaluate_articles(read_news_dev_places(root), "news-dev", gz, progress=progress)
    figures = score.to_dict()
    del figures["corpus"], figures["articles"]
    misses = [f"place FN {t!r}" for t in score.missed] + [f"place FP {t!r}" for t in score.spurious]
    return {f"places_{k}": v for k, v in figures.items()} | {"place_errors": misses}


def records_frame(
    paths: Iterable[str | PathLike[str]] = (),
    *,
    events_csv: str | PathLike[str] | None = None,
    flows_csv: str | PathLike[str] | None = None,
    db: str | PathLike[str] | None = None,
    incidents: bool | None = None,
    years: tuple[int, int] | None = None,
    cases: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    bbox: BBox | None = None,
    on_problem: Callable[[object], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    lang: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    lazy: bool = False,
) -> gpd.GeoDataFrame | dask_geopandas.GeoDataFrame:
    """Every record from articles, curated tables and a project store, as one frame.

    Events are incidents: reports of one incident in several articles are one
    row with ``sources`` and ``docs`` (``incidents=False``: one row per report).

    ``lazy=True`` returns a dask-geopandas frame instead, read and analysed only
    when computed (`incidentmap.geo.lazy`): a store gives one partition per kind
    and year, so ``years`` leaves the other years unread (``npartitions`` says how
    many partitions will be), and articles are analysed in partitions of
    documents on the scheduler that computes the frame (so ``workers`` and
    ``scheduler`` do not apply: use your ``distributed.Client``). Its events are
    reports, as with ``incidents=False`` (merging them into incidents needs every
    report at once; ``incidents=True`` with ``lazy=True`` is refused), and
    ``.compute()`` holds the same rows and columns as
    ``records_frame(..., incidents=False)``, in another order.

    The shared input of the verbs that map, export or list records: articles
    in ``paths`` are read and analysed (`incidentmap.geo.parallel.analyse_document`),
    the events and flows tables imported, the store ``db`` (made by `ingest`)
    loaded, and all of it stacked into one `incidentmap.geo.frames` frame for
    `incidentmap.geo.filters.filter_frame`. ``years``, ``cases``, ``kinds`` and
    ``bbox`` select the store's records inside the store (in SQL for PostGIS), before its
    reports are merged into incidents, so a map of one case never reads the rest
    of a large store; filter the returned frame as usual. ``workers`` and
    ``scheduler`` spread the articles over processes or a Dask cluster
    (`incidentmap.geo.parallel`) with the same result.
    Files, rows and articles that cannot be used go to ``on_problem`` (one
    printable problem each; default: a line on stderr) and are left out.

    >>> import incidentmap
    >>> frame = incidentmap.records_frame(db="project.gpkg")  # doctest: +SKIP
    >>> frame["kind"].value_counts().to_dict()  # doctest: +SKIP
    {'mention': 212, 'event': 31, 'route': 9}
    >>> lazy = incidentmap.records_frame(db="project.gpkg", years=(2011, 2011), lazy=True)
    >>> lazy.npartitions, len(lazy.compute())  # doctest: +SKIP
    (3, 61)
    """
    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.frames import combined_frame, events_frame, mentions_frame, routes_frame
    from incidentmap.sources.problems import ReadProblem, print_problem

    paths = [paths] if isinstance(paths, str | PathLike) else list(paths)
    if not (paths or events_csv or flows_csv or db):
        raise GeoError("nothing to read: give article PATHs, --events-csv, --flows-csv or --db")
    report = on_problem or print_problem
    if lazy:
        return _lazy_records(
            paths,
            events_csv=events_csv,
            flows_csv=flows_csv,
            db=db,
            incidents=incidents,
            years=years,
            cases=cases,
            kinds=kinds,
            bbox=bbox,
            on_problem=report,
            progress=progress,
            max_bytes=max_bytes,
            lang=lang,
            workers=workers,
            scheduler=scheduler,
        )
    incidents = True if incidents is None else incidents
    frames = []
    reviewed: set[tuple[str, str]] = set()
    if db is not None:
        from incidentmap.geo.corrections import reviewed_keys

        chosen_kinds = list(kinds) if kinds else None
        frames.append(_stored(db, chosen_kinds, years=years, cases=cases, bbox=bbox))
        reviewed = reviewed_keys(frames[-1])
    if paths:
        from incidentmap.geo.cases import load_cases
        from incidentmap.geo.parallel import analyse_document, map_documents
        from incidentmap.sources import read_documents

        # Each article's language is detected where it is analysed (on the workers).
        documents = read_documents(
            paths,
            on_problem=report,
            progress=progress,
            max_bytes=max_bytes,
            lang=lang,
            detect=False,
        )
        found_events, found_routes, found_mentions = [], [], []
        for doc, found in map_documents(
            documents,
            analyse_document,
            shared=(load_cases(),),
            workers=workers,
            scheduler=scheduler,
        ):
            if found.error is not None:
                # One bad article must not sink a batch: report it and go on.
                report(ReadProblem(doc.path, found.error))
                continue
            found_events += found.events
            found_routes += found.routes
            found_mentions += found.mentions
        frames += [
            events_frame(found_events),
            routes_frame(found_routes),
            mentions_frame(found_mentions),
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


def _lazy_records(
    paths: list[str | PathLike[str]],
    *,
    events_csv: str | PathLike[str] | None,
    flows_csv: str | PathLike[str] | None,
    db: str | PathLike[str] | None,
    incidents: bool | None,
    years: tuple[int, int] | None,
    cases: Iterable[str] | None,
    kinds: Iterable[str] | None,
    bbox: BBox | None,
    on_problem: Callable[[object], None],
    progress: bool,
    max_bytes: int | None,
    lang: str | None,
    workers: int | None,
    scheduler: str | None,
) -> dask_geopandas.GeoDataFrame:
    """`records_frame`'s ``lazy=True``: the articles read here, everything else deferred."""
    from functools import partial

    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.lazy import lazy_records
    from incidentmap.sources import read_documents

    if incidents:
        raise GeoError(
            "lazy=True gives one row per report: merging reports into incidents needs "
            "every report at once; pass incidents=False, or lazy=False for incidents"
        )
    if workers is not None or scheduler is not None:
        raise GeoError(
            "lazy=True runs where the frame is computed: drop workers/scheduler and "
            "compute it with your own distributed.Client"
        )
    documents = read_documents(
        paths, on_problem=on_problem, progress=progress, max_bytes=max_bytes, lang=lang
    )
    tables = [
        partial(_curated_frame, kind, path, on_problem)
        for kind, path in (("event", events_csv), ("route", flows_csv))
        if path is not None
    ]
    return lazy_records(
        documents,
        db=db,
        tables=tables,
        years=years,
        cases=cases,
        kinds=kinds,
        bbox=bbox,
        on_problem=on_problem,
    )


def _curated_frame(
    kind: str, path: str | PathLike[str], on_problem: Callable[[object], None]
) -> gpd.GeoDataFrame:
    """The frame of a curated events (``kind="event"``) or flows table, as `records_frame`
    adds it."""
    from incidentmap.geo.frames import events_frame, routes_frame

    if kind == "event":
        from incidentmap.geo.tables import read_events_csv

        return events_frame(_curated(read_events_csv, path, on_problem))
    from incidentmap.geo.tables import read_flows_csv

    return routes_frame(_curated(read_flows_csv, path, on_problem))


def _incident_links(db: str | PathLike[str] | None) -> dict[str, str]:
    """The analysts' incident merges and splits kept in the store ``db`` (none without one)."""
    if db is None:
        return {}
    import contextlib
    import sqlite3

    from incidentmap.geo.corrections import incident_links, read
    from incidentmap.geo.postgis_store import PostgisStore, is_database_url

    if is_database_url(db):
        with PostgisStore(str(db)) as store:
            return incident_links(store.corrections())
    # Not `Store`: its integrity check was made when the records were loaded.
    with contextlib.closing(sqlite3.connect(db)) as con:
        return incident_links(read(con))


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


def _stored(
    db: str | PathLike[str],
    kinds: list[str] | None = None,
    *,
    years: tuple[int, int] | None = None,
    cases: Iterable[str] | None = None,
    bbox: BBox | None = None,
) -> gpd.GeoDataFrame:
    """The records of ``kinds`` (all when None) in the project store ``db`` (a GeoPackage
    file or a ``postgresql://`` URL), only those of ``years``, ``cases`` and ``bbox`` when
    given."""
    from incidentmap.geo.stores import open_store

    with open_store(db, create=False) as store:
        return store.load(kinds, years=years, cases=cases, bbox=bbox)


def export(
    paths: Iterable[str | PathLike[str]] = (),
    output: str | PathLike[str] = "incidentmap.geojson",
    *,
    fmt: str | None = None,
    years: tuple[int, int] | None = None,
    cases: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    bbox: BBox | None = None,
    events_csv: str | PathLike[str] | None = None,
    flows_csv: str | PathLike[str] | None = None,
    db: str | PathLike[str] | None = None,
    on_problem: Callable[[object], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    csv_raw: bool = False,
    lang: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> gpd.GeoDataFrame:
    """Write the records of ``paths`` (and tables, and a store) to ``output`` for GIS tools.

    The format comes from ``output``'s suffix unless ``fmt`` is given
    (geojson, geojsonseq, gpkg, csv, kml; see `incidentmap.geo.export`). The filters are
    those of the map (`incidentmap.geo.filters.filter_frame`); ``bbox`` is
    ``(west, south, east, north)`` in degrees. Articles are named
    by their path relative to the argument they came from, never by a local
    absolute path (`incidentmap.shown_paths`). The file is written atomically.
    In CSV, text cells a spreadsheet would run as formulas (``=``, ``+``, ``-``,
    ``@``...) get a ``'`` in front unless ``csv_raw`` is true
    (`incidentmap.geo.formulas`). Returns the frame that was written.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> written = incidentmap.export([sample_dir()], "evidence.geojson",
    ...                              years=(2011, 2011), kinds=["event"])  # doctest: +SKIP
    """
    from incidentmap.geo.export import format_for, write
    from incidentmap.geo.filters import filter_frame

    fmt = format_for(output, fmt)
    paths = _listed(paths)
    tally = _InputTally(on_problem)
    frame = _shareable_records(
        paths,
        output,
        tally,
        events_csv=events_csv,
        flows_csv=flows_csv,
        db=db,
        progress=progress,
        max_bytes=max_bytes,
        lang=lang,
        workers=workers,
        scheduler=scheduler,
        years=years,
        cases=cases,
        kinds=kinds,
        bbox=bbox,
    )
    chosen = filter_frame(
        frame, years=years, cases=cases, kinds=kinds, min_confidence=min_confidence, bbox=bbox
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
    lang: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    parquet: str | PathLike[str] | None = None,
) -> IngestSummary:
    """Analyse the articles in ``paths`` into the project store ``db`` (a GeoPackage).

    Articles already stored (same text) are skipped without being analysed
    again; an edited article replaces its earlier version; each article is
    committed on its own, so an interrupted run keeps what it stored and the
    next run picks up where it stopped. Articles are stored under their path
    relative to the argument they came from, as maps and exports name them
    (`incidentmap.shown_paths`), so a store can be shared. Returns the counts of new, unchanged,
    replaced and failed articles (unreadable files count as failed).
    ``workers`` and ``scheduler`` analyse the articles on several processes or
    a Dask cluster (`incidentmap.geo.parallel`); this process writes them, in
    the order they were read.

    ``parquet`` (a folder) keeps a GeoParquet dataset of the store beside it,
    partitioned by year (``DIR/year=2011/part-0.parquet``, undated records in
    ``year=unknown``) for DuckDB, dask-geopandas and Sedona: after storing, the
    years this ingest touched are rewritten from the store, each file replaced
    whole (`incidentmap.geo.parquet_dataset`).

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> print(incidentmap.ingest([sample_dir()], "project.gpkg"))  # doctest: +SKIP
    5 new, 0 unchanged, 0 replaced, 0 failed
    >>> incidentmap.ingest([sample_dir()], "project.gpkg", parquet="evidence/")  # doctest: +SKIP
    """
    import itertools
    import sys
    from dataclasses import replace
    from pathlib import Path

    from tqdm import tqdm

    from incidentmap.geo.cases import load_cases
    from incidentmap.geo.parallel import map_documents
    from incidentmap.geo.store import DocumentRecords, IngestSummary
    from incidentmap.geo.stores import open_store
    from incidentmap.shown_paths import shown_path
    from incidentmap.sources import ReadProblem, read_documents
    from incidentmap.sources.problems import print_problem

    report = on_problem or print_problem
    given = _listed(paths)
    if parquet is not None:
        from incidentmap.geo.parquet_dataset import checked_folder

        # Refused before any article is analysed, not after.
        checked_folder(parquet)
    # One catalogue for every article, not one read of it per article.
    catalogue = load_cases()
    unreadable: list[tuple[str, str]] = []

    def read_problem(problem: ReadProblem) -> None:
        if problem.skipped:
            unreadable.append((problem.path, problem.message))
        report(problem)

    # Each article's language is detected where it is analysed (on the workers).
    documents = iter(
        read_documents(given, on_problem=read_problem, max_bytes=max_bytes, lang=lang, detect=False)
    )
    first = next(documents, None)
    if first is None and not Path(db).exists():
        # Nothing readable: no empty store is left behind to be mistaken for a project.
        return IngestSummary(failed=len(unreadable), problems=list(unreadable))

    with open_store(db) as store:
        # The years whose rows this ingest adds or removes: those of the dataset to rewrite.
        touched: set[int | None] = set()

        def analysed():
            # A store is shared like an export: it names articles as a map does.
            docs = (
                replace(doc, path=shown_path(doc.path, given))
                for doc in itertools.chain([first] if first is not None else [], documents)
            )
            for doc, found in map_documents(
                docs,
                # The workers make the rows too (and write them, to a PostGIS store).
                store.analyse_task(),
                shared=(catalogue,),
                # Stored already: no need to analyse it again.
                skip=lambda batch: _stored_already(store, batch),
                workers=workers,
                scheduler=scheduler,
            ):
                if found is None:
                    yield DocumentRecords(doc)
                else:
                    if parquet is not None:
                        # An earlier version's rows go when this one is stored.
                        touched.update(store.years(paths=[doc.path]))
                    yield DocumentRecords(
                        doc, error=found.error, rows=found.rows, written=found.written
                    )

        bar = tqdm(
            desc="ingesting", unit="article", file=sys.stderr, disable=None if progress else True
        )

        def advance(item: DocumentRecords, outcome: str) -> None:
            if outcome == "failed":
                report(ReadProblem(item.document.path, item.error or "could not be analysed"))
            elif parquet is not None and outcome in ("new", "replaced"):
                touched.update(store.years(doc_ids=[item.document.id]))
            bar.update()

        with bar:
            summary = store.ingest(analysed(), on_outcome=advance)
        if parquet is not None:
            from incidentmap.geo.parquet_dataset import update

            update(store, parquet, touched)
    summary.failed += len(unreadable)
    summary.problems[:0] = unreadable
    return summary


def _stored_already(store, batch: list[Document]) -> list[bool]:
    """For each article of ``batch``, whether ``store`` holds its text already (one query)."""
    stored = store.stored([doc.id for doc in batch])
    return [doc.id in stored for doc in batch]


def migrate(db: str | PathLike[str]) -> list[int]:
    """Bring the project store ``db`` to this version's schema; return the versions applied.

    A PostGIS store (``postgresql://`` URL) runs its pending migrations in one
    transaction (`incidentmap.geo.postgis_store.migrate`); a GeoPackage brings
    itself up to date when opened, so it only has to exist.

    >>> import incidentmap
    >>> incidentmap.migrate("postgresql://newsroom@db.example/incidents")  # doctest: +SKIP
    [2]
    """
    from incidentmap.geo.postgis_store import is_database_url
    from incidentmap.geo.postgis_store import migrate as migrate_postgis
    from incidentmap.geo.stores import open_store

    if is_database_url(db):
        return migrate_postgis(str(db))
    with open_store(db, create=False):
        return []


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
    bbox: BBox | None = None,
    events_csv: str | PathLike[str] | None = None,
    flows_csv: str | PathLike[str] | None = None,
    db: str | PathLike[str] | None = None,
    title: str | None = None,
    cdn: bool = False,
    on_problem: Callable[[object], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    lang: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Path:
    """Write a layered, filterable map of the records of ``paths`` (and tables, and a store).

    One HTML file that opens offline: events by type, routes as arrows, events
    per state, mentioned places, heat and clusters; an overlay per case and a
    year filter inside the page; every popup quotes its sentence and cites its
    article by title, outlet, date, URL and its path relative to the argument
    it came from (never a local absolute path: `incidentmap.shown_paths`).
    ``years``/``cases``/``bbox`` keep only matching records first, exactly as
    `export` does (`incidentmap.geo.filters.filter_frame`). A map with no event and
    no route is still written, with an `EmptyMapWarning` that says what to try;
    when every input failed, a ``GeoError`` is raised and nothing is written
    (so for `export`). ``cdn=True`` links Leaflet
    from its CDNs instead of inlining it (a smaller file that needs a network).
    Written atomically; returns the path.

    >>> import incidentmap
    >>> from incidentmap.sources.sample import sample_dir
    >>> incidentmap.map([sample_dir()], "map.html", years=(2009, 2012))  # doctest: +SKIP
    PosixPath('map.html')
    """
    import warnings

    from incidentmap.geo.filters import filter_frame
    from incidentmap.maps.render import map_records, save_map

    paths = _listed(paths)
    tally = _InputTally(on_problem)
    frame = _shareable_records(
        paths,
        output,
        tally,
        events_csv=events_csv,
        flows_csv=flows_csv,
        db=db,
        progress=progress,
        max_bytes=max_bytes,
        lang=lang,
        workers=workers,
        scheduler=scheduler,
        years=years,
        cases=cases,
        bbox=bbox,
    )
    chosen = filter_frame(frame, years=years, cases=cases, min_confidence=min_confidence, bbox=bbox)
    empty = _empty_map_message(frame, chosen, tally.read)
    if empty:
        warnings.warn(EmptyMapWarning(empty), stacklevel=2)
    return save_map(map_records(chosen, title=title or "incidentmap", cdn=cdn), output)


def _shareable_records(
    paths: list[str | PathLike[str]],
    output: str | PathLike[str],
    tally: _InputTally,
    *,
    events_csv: str | PathLike[str] | None,
    flows_csv: str | PathLike[str] | None,
    **options: object,
) -> gpd.GeoDataFrame:
    """The records of the inputs for a file others open (`export`, `map`).

    Refused when no input could be read (nothing is written to ``output``);
    articles named as the user gave them, never by a local absolute path.
    """
    from incidentmap.shown_paths import shown_frame

    frame = records_frame(
        paths, events_csv=events_csv, flows_csv=flows_csv, on_problem=tally, **options
    )
    tally.refuse_unread(frame, output)
    return shown_frame(frame, [*paths, *filter(None, (events_csv, flows_csv))])


def _listed(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
) -> list[str | PathLike[str]]:
    """``paths`` as a list (one path given alone, or an iterator read once)."""
    return [paths] if isinstance(paths, str | PathLike) else list(paths)


class _InputTally:
    """An ``on_problem`` that passes each problem on and counts the articles read and skipped."""

    def __init__(self, report: Callable[[object], None] | None) -> None:
        from incidentmap.sources.problems import print_problem

        self.report = report or print_problem
        self.read = 0
        self.skipped = 0

    def __call__(self, problem: object) -> None:
        self.skipped += bool(getattr(problem, "skipped", True))
        self.report(problem)

    def document_read(self, document: object) -> None:
        self.read += 1
        if counted := getattr(self.report, "document_read", None):
            counted(document)

    def refuse_unread(self, frame: gpd.GeoDataFrame, output: str | PathLike[str]) -> None:
        """Raise when every input failed: an empty file would hide that nothing was read."""
        import os

        from incidentmap.geo.errors import GeoError

        if self.skipped and not self.read and not len(frame):
            raise GeoError(
                "none of the inputs could be read (each is named above); "
                f"{os.fspath(output)} was not written"
            )


def _empty_map_message(frame: gpd.GeoDataFrame, chosen: gpd.GeoDataFrame, articles: int) -> str:
    """What to tell a user whose map shows no event and no route ("" when it shows some)."""

    def counts(f: gpd.GeoDataFrame) -> dict[str, int]:
        return f.loc[f.geometry.notna(), "kind"].value_counts().to_dict()

    found, shown = counts(frame), counts(chosen)
    if shown.get("event") or shown.get("route"):
        return ""
    if found.get("event") or found.get("route"):
        return (
            f"no events or routes left after the filters (of {found.get('event', 0)} events "
            f"and {found.get('route', 0)} routes found); widen --years, --case or "
            "--min-confidence"
        )
    places = shown.get("mention", 0)
    said = f"no events or routes found in {articles} article{'s' * (articles != 1)}"
    if places:
        said += f"; the map shows their {places} mentioned places instead"
    return (
        f"{said}. Try 'incidentmap events PATH' to see what each article yields, "
        "'incidentmap places PATH' for the places it names, or add a curated table "
        "with --events-csv FILE"
    )


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
    from incidentmap.shown_paths import shown_frame
    from incidentmap.sources.sample import sample_dir

    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    frame = shown_frame(records_frame([sample_dir()]), [sample_dir()])
    title = "US–Mexico gun trafficking: sample briefs"
    written = {"map": save_map(map_records(frame, title=title), folder / "map.html")}
    geojson = folder / "incidentmap.geojson"
    write(frame, geojson, "geojson")
    written["geojson"] = geojson
    return written
