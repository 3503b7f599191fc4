"""Parallel ingest benchmark: articles per second with 1 and with 2 Dask workers.

The articles are synthesised at run time (never committed) from the sentences
of the evaluation corpora in ../shared/eval (news-dev press releases, TR-News,
LGL): each article draws consecutive-looking runs of real sentences until it
is as long as a real article (the corpora's own lengths), with a seeded
random generator, so every article is distinct (its own content hash) and the
run is repeatable.

Three figures per store:

1. ``--workers 1``: read + analyse + store in this process;
2. ``--workers 2``: the same articles into a new store through a Dask
   ``LocalCluster`` of two worker processes, the cluster's start included;
3. the cluster's start alone; on a running cluster, articles/s, each
   worker's peak memory, and the CPU seconds per article the workers (analysis)
   and this process (reading, writing the store) spend: on a shared machine the
   wall clock says little about speed-up, the CPU split says what N dedicated
   cores would give (this process's share is the serial part).

    python benchmarks/parallel_ingest.py                  # 2,000 articles, GeoPackage
    python benchmarks/parallel_ingest.py -n 500 --db postgresql://user@host/db
    python benchmarks/parallel_ingest.py -n 100000 --db postgresql://user@host/db --runs one,warm

``--runs`` picks the figures (``one``, ``cold``, ``warm``): on 100,000 articles
the cluster's start (under a second) is lost in the noise, so ``warm`` alone
gives the 2-worker figure and each worker's peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z¿¡\"“])")


def corpus_articles(eval_dir: Path) -> list[str]:
    """The texts of the evaluation corpora's articles."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((eval_dir / "news-dev/txt").glob("*"))]
    for xml in (eval_dir / "tr-news/TR-News.xml", eval_dir / "lgl/lgl.xml"):
        if xml.is_file():
            texts += [t.text or "" for t in ET.parse(xml).getroot().iter("text")]
    return [t for t in texts if len(t) > 200]


def synthesise(n: int, eval_dir: Path, seed: int = 13) -> list[str]:
    """``n`` distinct articles of real length, each made of runs of real sentences."""
    rng = random.Random(seed)
    articles = corpus_articles(eval_dir)
    sentences = [s.strip() for a in articles for s in _SENTENCE_END.split(a) if len(s) > 20]
    lengths = [len(a) for a in articles]
    made = []
    for i in range(n):
        target = rng.choice(lengths)
        parts: list[str] = []
        size = 0
        while size < target:
            start = rng.randrange(len(sentences))
            run = sentences[start : start + rng.randint(2, 6)]
            parts += run
            size += sum(len(s) + 1 for s in run)
        paragraphs = [" ".join(parts[j : j + 4]) for j in range(0, len(parts), 4)]
        made.append(f"Article {i}.\n\n" + "\n\n".join(paragraphs) + "\n")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2_000, help="articles (default 2,000)")
    parser.add_argument("--eval-dir", type=Path, default=EVAL, help="../shared/eval")
    parser.add_argument(
        "--db", help="a PostGIS URL to ingest into (default: GeoPackages in a temporary folder)"
    )
    parser.add_argument(
        "--runs",
        default="one,cold,warm",
        help="which figures, comma-separated: one (1 worker), cold (2 workers, the cluster's "
        "start included), warm (2 workers on a running cluster); default: all",
    )
    args = parser.parse_args()
    runs = set(args.runs.split(","))
    if not runs <= {"one", "cold", "warm"}:
        parser.error(f"--runs: choose from one, cold, warm, not {args.runs!r}")
    one = None

    from distributed import Client

    from incidentmap.api import ingest
    from incidentmap.geo.parallel import local_cluster

    texts = synthesise(args.n, args.eval_dir)
    chars = sum(map(len, texts))
    print(f"{args.n} synthesised articles, {chars / args.n:.0f} characters on average")

    def silent(problem: object) -> None:
        print(f"problem: {problem}", file=sys.stderr)

    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")

        def target(name: str) -> str:
            if args.db:
                from incidentmap.geo.postgis_store import drop_store

                drop_store(args.db)
                return args.db
            return str(Path(tmp) / f"{name}.gpkg")

        if "one" in runs:
            url = target("one")
            server = _server_cpu(url)
            started, cpu = time.perf_counter(), time.process_time()
            summary = ingest([folder], url, on_problem=silent, workers=1)
            one = time.perf_counter() - started
            one_cpu = time.process_time() - cpu
            print(
                f"1 worker:  {summary} in {one:.1f} s = {args.n / one:.1f} articles/s "
                f"({1000 * one_cpu / args.n:.1f} CPU ms per article"
                + _server_share(url, server, args.n)
                + ")",
                flush=True,
            )
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"           peak memory of the one process: {rss:.0f} MB", flush=True)

        if "cold" in runs:
            started = time.perf_counter()
            summary = ingest([folder], target("two"), on_problem=silent, workers=2)
            two = time.perf_counter() - started
            print(
                f"2 workers: {summary} in {two:.1f} s = {args.n / two:.1f} articles/s "
                f"(local cluster's start included)"
                + (f", speed-up {one / two:.2f}x" if one else ""),
                flush=True,
            )
        if "warm" not in runs:
            return

        started = time.perf_counter()
        with local_cluster(2) as cluster:
            ready = time.perf_counter() - started
            with Client(cluster.scheduler_address) as client:
                url = target("three")
                server = _server_cpu(url)
                before = client.run(time.process_time)
                started, cpu = time.perf_counter(), time.process_time()
                summary = ingest(
                    [folder],
                    url,
                    on_problem=silent,
                    scheduler=cluster.scheduler_address,
                )
                warm = time.perf_counter() - started
                main_cpu = time.process_time() - cpu
                after = client.run(time.process_time)
                served = _server_share(url, server, args.n)
                peaks = client.run(_peak_rss_mb)
        worker_cpu = sum(after[w] - before[w] for w in after)
        print(f"cluster start: {ready:.1f} s")
        print(
            f"2 workers on a running cluster: {summary} in {warm:.1f} s = "
            f"{args.n / warm:.1f} articles/s"
            + (f", speed-up {one / warm:.2f}x" if one else "")
            + "; worker peak memory "
            + ", ".join(f"{mb:.0f} MB" for mb in peaks.values())
        )
        serial, parallel = main_cpu / args.n, worker_cpu / args.n
        print(
            f"CPU per article: workers {1000 * parallel:.1f} ms, this process "
            f"{1000 * serial:.1f} ms{served}; on N dedicated cores ~"
            + ", ".join(f"{n}: {1 / max(serial, parallel / n):.0f}/s" for n in (1, 2, 4, 8, 16))
            + " articles/s"
        )


def _server_cpu(url: str) -> float | None:
    """The CPU seconds the PostgreSQL server at ``url`` has spent so far, its ended
    connections included, when it runs on this machine (else None)."""
    if not url.startswith("postgresql://"):
        return None
    import psutil
    import psycopg

    with psycopg.connect(url) as db:
        backend = db.execute("SELECT pg_backend_pid()").fetchone()[0]
        try:
            postmaster = psutil.Process(backend).parent()
        except psutil.Error:
            return None  # another machine's server
    if postmaster is None:
        return None
    spent = sum(postmaster.cpu_times())  # its own and its ended children's
    for child in postmaster.children():
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        spent += times.user + times.system
    return spent


def _server_share(url: str, before: float | None, articles: int) -> str:
    """``", server X ms"``: the server's CPU per article since ``before``, when measurable."""
    now = _server_cpu(url)
    if before is None or now is None:
        return ""
    return f", server {1000 * (now - before) / articles:.1f} ms"


def _peak_rss_mb() -> float:
    """This process's own peak memory: ``VmHWM``, which (unlike ``ru_maxrss``, kept across
    the ``exec`` that starts a worker) counts only what the worker itself held."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    main()
