"""Analysing many articles on every local core, or on a Dask cluster, with results in input order.

`map_documents(docs, task)` yields ``(doc, task(doc, *shared))`` for each
document, in the order the documents came, whatever the number of workers:

- ``workers=1`` (or fewer than `SMALL` documents, and no scheduler given):
  in this process, one document after the other. Starting worker processes
  costs seconds, more than a handful of articles take to analyse.
- ``workers=N``: a Dask ``LocalCluster`` of N single-threaded worker
  processes on this machine.
- ``scheduler="tcp://host:8786"`` (or the ``DASK_SCHEDULER_ADDRESS``
  environment variable): an existing Dask cluster (``dask scheduler`` and
  ``dask worker`` processes, anywhere on the network).

Documents travel to the workers as text (a pickled `Document`), so workers need
no access to the files; the ``shared`` objects (a case catalogue) are sent to
every worker once; each worker process opens the gazetteer once (it is the
process-wide `incidentmap.gazetteer.default`). Dask does the scheduling: this
module only cuts the documents into batches and keeps a bounded number of
them in flight, so memory stays bounded on a stream of any length.

>>> from functools import partial
>>> from incidentmap.sources import read_documents
>>> for doc, found in map_documents(read_documents(["articles/"]), analyse_document,
...                                  workers=2):  # doctest: +SKIP
...     print(doc.path, len(found.events))
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from incidentmap.geo.errors import GeoError
from incidentmap.geo.records import Event, Mention, Route

if TYPE_CHECKING:
    from distributed import LocalCluster

    from incidentmap.sources.document import Document

_R = TypeVar("_R")

#: Fewer documents than this are analysed in-process even when workers are asked for:
#: a local cluster takes seconds to start, more than these take to analyse.
SMALL = 50

#: Documents in a stream's first Dask tasks: a few dozen articles still reach every worker.
BATCH = 8

#: Documents per Dask task once a stream is long: a task's overhead (scheduling, messages
#: and the worker's bookkeeping, milliseconds) is then spread over more than half a second
#: of analysis. Measured on 10,000 articles into PostGIS with 2 workers: 8 a task gave
#: 134-162 articles/s, 64 gave 164-170.
MAX_BATCH = 64

#: Batches in flight per worker: the workers never wait, memory stays bounded.
IN_FLIGHT = 4

#: A local cluster's workers do without Dask's statistical profiler, which samples every
#: thread a hundred times a second for a dashboard nobody sees here.
_LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}

#: The environment variable Dask's own tools read for a scheduler's address.
SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"


def default_workers() -> int:
    """How many workers ``--workers`` means when not given: the machine's cores."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class Found(NamedTuple):
    """What the analysis found in one document; ``error`` says why it could not be analysed."""

    mentions: list[Mention]
    events: list[Event]
    routes: list[Route]
    error: str | None = None


def analyse_document(
    doc: Document,
    catalogue: object | None = None,
    *,
    demonyms: bool = True,
    events: bool = True,
    routes: bool = True,
    route_gazetteer: bool = False,
    keep_errors: bool = True,
) -> Found:
    """Geoparse ``doc`` against the process's gazetteer, then (if asked) its events and routes.

    ``catalogue`` is a `incidentmap.geo.cases.CaseCatalogue` (the bundled one when None).
    A document read without its language (``read_documents(detect=False)``) has it
    detected here, on the worker, rather than in the process that reads.
    ``route_gazetteer`` hands the gazetteer to the route extractor too (as the
    ``routes`` verb does). With ``keep_errors`` an exception becomes ``Found.error``
    (one bad article must not sink a batch); without, it propagates.
    """
    from incidentmap.gazetteer import default
    from incidentmap.geo.cases import load_cases
    from incidentmap.geo.events import extract_events
    from incidentmap.geo.geoparse import geoparse
    from incidentmap.geo.routes import extract_routes

    if doc.lang is None:
        from dataclasses import replace

        from incidentmap.sources.language import detect_language

        doc = replace(doc, lang=detect_language(doc.text))
    gz = default()
    cases = catalogue if catalogue is not None or not (events or routes) else load_cases()
    try:
        mentions = geoparse(doc, gz, demonyms=demonyms)
        found_events = extract_events(doc, mentions, cases) if events else []
        if not routes:
            found_routes = []
        elif route_gazetteer:
            found_routes = extract_routes(doc, mentions, cases, gazetteer=gz)
        else:
            found_routes = extract_routes(doc, mentions, cases)
    except Exception as exc:
        if not keep_errors:
            raise
        return Found([], [], [], f"could not be analysed ({type(exc).__name__}: {exc})")
    return Found(mentions, found_events, found_routes)


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The Dask scheduler to use: ``scheduler`` when given, else ``$DASK_SCHEDULER_ADDRESS``."""
    return scheduler or os.environ.get(SCHEDULER_ENV) or None


def map_documents(
    docs: Iterable[Document],
    task: Callable[..., _R],
    *,
    shared: tuple = (),
    skip: Callable[[list[Document]], Collection[bool]] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[tuple[Document, _R | None]]:
    """``(doc, task(doc, *shared))`` for each of ``docs``, in their order.

    ``skip(batch)``, asked in this process of each batch of documents as they are
    read, says for each document of the batch whether to leave it unanalysed (an
    article already in the store): such a document comes out in its place as
    ``(doc, None)``. One question per batch is one query to a store, not one per
    article.

    ``task`` must be importable by the workers (a module-level function, or a
    ``functools.partial`` of one). ``workers`` defaults to `default_workers`;
    ``scheduler`` (or ``$DASK_SCHEDULER_ADDRESS``) names an existing Dask
    cluster, which is then used whatever the number of documents.
    """
    address = scheduler_address(scheduler)
    n = default_workers() if workers is None else workers
    if n < 1:
        raise GeoError(f"--workers must be at least 1, not {n}")
    stream = iter(docs)
    keep = skip or _never
    if address is None:
        if n == 1:
            yield from _in_process(stream, task, shared, keep)
            return
        head = list(itertools.islice(stream, SMALL))
        if len(head) < SMALL:
            yield from _in_process(iter(head), task, shared, keep)
            return
        stream = itertools.chain(head, stream)
    with _client(n, address) as client:
        yield from _on_cluster(client, stream, task, shared, keep)


def _never(batch: list[Document]) -> list[bool]:
    return [False] * len(batch)


def _in_process(stream, task, shared: tuple, skip) -> Iterator[tuple]:
    for doc in stream:
        # Asked as each document comes: one stored just before is then skipped.
        (skipped,) = skip([doc])
        yield doc, None if skipped else task(doc, *shared)


@contextmanager
def _client(workers: int, address: str | None):
    """A Dask client: of the cluster at ``address``, else of a local cluster started for it."""
    import dask
    from distributed import Client

    if address is not None:
        # How long to keep trying a scheduler that does not answer (Dask's own default
        # is 30 s); DASK_INCIDENTMAP__SCHEDULER_TIMEOUT or dask.config.set change it.
        timeout = dask.config.get("incidentmap.scheduler-timeout", "10s")
        try:
            client = Client(address, timeout=timeout)
        except OSError as exc:
            raise GeoError(
                f"cannot reach the Dask scheduler at {address!r} ({exc}); start one with "
                "'dask scheduler' or leave out --scheduler to use this machine's cores"
            ) from None
        with client:
            yield client
        return
    with local_cluster(workers) as cluster, Client(cluster) as client:
        yield client


def local_cluster(workers: int) -> LocalCluster:
    """A Dask cluster of ``workers`` single-threaded processes on this machine, as
    ``--workers N`` starts (its scheduler runs in this process)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(_LOCAL_WORKER_CONFIG):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )


def _on_cluster(client, stream: Iterator[Document], task, shared: tuple, skip):
    """Batches of ``stream`` sent to ``client``'s workers, a bounded number at a time,
    each batch's results yielded as soon as it and every batch before it are done."""
    # Scattered once and then referred to: not pickled again with every batch.
    shared_futures = [client.scatter(obj, broadcast=True, hash=False) for obj in shared]
    limit = IN_FLIGHT * max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque = deque()
    for batch in _batches(stream, limit):
        skipped = list(skip(batch))
        sent = [doc for doc, s in zip(batch, skipped, strict=True) if not s]
        future = client.submit(run_batch, task, sent, *shared_futures, pure=False) if sent else None
        pending.append((batch, skipped, future))
        while len(pending) >= limit:
            yield from _finished(*pending.popleft())
    while pending:
        yield from _finished(*pending.popleft())


def _finished(batch, skipped, future) -> Iterator[tuple]:
    results = iter(future.result() if future is not None else ())
    if future is not None:
        future.release()
    for doc, s in zip(batch, skipped, strict=True):
        yield doc, None if s else next(results)


def _batches(stream: Iterator[Document], in_flight: int) -> Iterator[list[Document]]:
    """Batches of ``stream``: ``in_flight`` of `BATCH` documents, as many of twice that,
    and so on up to `MAX_BATCH`, so that a short stream still keeps every worker busy
    and a long one pays for few tasks."""
    size, made = BATCH, 0
    while batch := list(itertools.islice(stream, size)):
        yield batch
        made += 1
        if made % in_flight == 0:
            size = min(2 * size, MAX_BATCH)


def run_batch(task: Callable[..., _R], batch: list[Document], *shared: object) -> list[_R]:
    """Run on a worker: ``task(doc, *shared)`` for each document of one batch."""
    return [task(doc, *shared) for doc in batch]
