"""Export benchmark: 1M synthetic events streamed to GeoJSON and GeoJSONSeq in bounded memory.

Each format runs in a fresh process so its peak RSS is its own. Events are
made in frames of `incidentmap.geo.export.CHUNK` rows (the `incidentmap.geo.frames` columns) and
written as they come, so memory stays that of one chunk whatever the total; ``--whole`` builds one
frame of every event first, as a notebook user would, for comparison.

    python benchmarks/export_bench.py                 # 1,000,000 events, both formats
    python benchmarks/export_bench.py -n 100000 --whole

Target: ≤ 15 s per format for 1M features. Prints one JSON line per run:
format, features, seconds in total (wall clock, making the records included),
CPU seconds of the process (imports included), MB written, peak RSS in MB.
The "(records only)" line is the cost of making the records, to subtract.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def synthetic_chunks(n: int, size: int) -> Iterator:
    """``n`` plausible events (Mexico/US border region, 2006–2023), ``size`` per frame.

    Built column by column (not record by record) so the benchmark times the
    export, not the making of a million `Event` objects.
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    from incidentmap.geo.frames import conform
    from incidentmap.geo.records import EVENT_TYPES

    rng = np.random.default_rng(7)
    cases = np.array(["Fast and Furious", "García Luna", "Cienfuegos; García Luna", None], object)
    types = np.array(EVENT_TYPES, dtype=object)
    for start in range(0, n, size):
        k = np.arange(start, min(start + size, n))
        years = rng.integers(2006, 2024, len(k))
        months = rng.integers(1, 13, len(k))
        docs = (k // 20).astype(str).astype(object)
        place = ("Place " + (k % 5000).astype(str)).astype(object)
        frame = pd.DataFrame(
            {
                "kind": "event",
                "id": ("ev" + k.astype(str)).astype(object),
                "type": types[k % len(types)],
                "date": (years.astype(str) + "-" + np.char.zfill(months.astype(str), 2)),
                "precision": "month",
                "year": years,
                "case": cases[k % len(cases)],
                "place": place,
                "country": "MX",
                "doc": "corpus/a" + docs + ".txt",
                "doc_id": docs,
                "title": "Article " + docs,
                "outlet": "Synthetic Wire",
                "source": "https://example.org/" + docs,
                "quote": 'Agents seized "' + (k % 97).astype(str).astype(object)
                + ' rifles" near ' + place + " <b>&</b> and arrested two.",
                "start": 0,
                "end": 60,
            }
        )  # fmt: skip
        points = shapely.points(rng.uniform(-117.0, -86.7, len(k)), rng.uniform(14.5, 36.0, len(k)))
        yield conform(gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326"), "event")


def run_one(fmt: str, n: int, whole: bool) -> dict:
    from incidentmap.geo.export import CHUNK, write

    suffix = {"geojson": ".geojson", "geojsonseq": ".geojsonl"}[fmt]
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        path = Path(tmp) / f"bench{suffix}"
        started = time.perf_counter()
        if whole:
            import pandas as pd

            frames = list(synthetic_chunks(n, CHUNK))
            source = frames[0].__class__(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
            del frames
        else:
            source = synthetic_chunks(n, CHUNK)
        made = time.perf_counter() - started if whole else None
        written = write(source, path)
        total = time.perf_counter() - started
        size = path.stat().st_size
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "format": fmt,
        "features": written,
        "mode": "whole frame" if whole else "streamed",
        "make_s": made,
        "total_s": round(total, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "mb_written": round(size / 1e6, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def make_only(n: int) -> dict:
    """Time to make the records alone, to subtract from the streamed totals."""
    from incidentmap.geo.export import CHUNK

    started = time.perf_counter()
    for _ in synthetic_chunks(n, CHUNK):
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "format": "(records only)",
        "features": n,
        "total_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="events (default 1,000,000)")
    parser.add_argument("--whole", action="store_true", help="build one frame first")
    parser.add_argument("--one", choices=["geojson", "geojsonseq", "make"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = make_only(args.n) if args.one == "make" else run_one(args.one, args.n, args.whole)
        print(json.dumps(result))
        return
    for one in ("make", "geojson", "geojsonseq"):
        cmd = [sys.executable, __file__, "-n", str(args.n), "--one", one]
        if args.whole:
            cmd.append("--whole")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        print(out.strip(), flush=True)


if __name__ == "__main__":
    main()
