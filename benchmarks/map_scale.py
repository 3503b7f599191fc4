"""Map scale benchmark: 1k, 10k and 100k synthetic events, rendered and opened in Chromium.

For each size: time to build and write the map (``map_records`` + ``save_map``,
the per-state join included), the HTML file's size, the time from navigation
until the page script reports the map ready (every layer built and the
filters applied), and the time one year filter click takes to redraw.
Targets at 100k: at most 15 MB, 10 s to render, 3 s to interactive.

Run: python benchmarks/map_scale.py [--sizes 1000 10000 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "maps"))

from map_browser import launch  # noqa: E402

from incidentmap.geo.records import EVENT_TYPES  # noqa: E402

TARGETS = {"html_mb": 15.0, "render_s": 10.0, "interactive_s": 3.0}

#: Cities that news about US–Mexico gun trafficking keeps naming: (name, country, admin1, lat, lon).
CITIES = [
    ("Phoenix", "US", "Arizona", 33.448, -112.074),
    ("Tucson", "US", "Arizona", 32.222, -110.926),
    ("El Paso", "US", "Texas", 31.759, -106.487),
    ("Houston", "US", "Texas", 29.763, -95.363),
    ("Laredo", "US", "Texas", 27.506, -99.507),
    ("San Antonio", "US", "Texas", 29.424, -98.494),
    ("Los Angeles", "US", "California", 34.052, -118.244),
    ("Brooklyn", "US", "New York", 40.650, -73.950),
    ("Boston", "US", "Massachusetts", 42.358, -71.060),
    ("Ciudad Juárez", "MX", "Chihuahua", 31.720, -106.460),
    ("Culiacán", "MX", "Sinaloa", 24.799, -107.389),
    ("Tijuana", "MX", "Baja California", 32.533, -117.017),
    ("Nuevo Laredo", "MX", "Tamaulipas", 27.476, -99.516),
    ("Monterrey", "MX", "Nuevo León", 25.675, -100.318),
    ("Guadalajara", "MX", "Jalisco", 20.667, -103.392),
    ("Mexico City", "MX", "Mexico City", 19.428, -99.128),
    ("Acapulco", "MX", "Guerrero", 16.863, -99.890),
    ("Nogales", "MX", "Sonora", 31.308, -110.942),
]
CASES = [
    "Fast and Furious",
    "García Luna",
    "Cienfuegos",
    "Mexico v. Smith & Wesson",
    "Bernal Reyes",
    "Operation Wide Receiver",
    "Project Gunrunner",
]
OUTLETS = ["Border Desk", "Reuters", "AP", "El Universal", "Proceso", "The Guardian"]
VERBS = ["seized", "arrested", "charged", "found", "reported", "traced", "intercepted"]
ITEMS = [
    "AK-47 rifles",
    "rounds of ammunition",
    "AR-15 rifles",
    ".50-calibre rifles",
    "handguns",
    "grenades",
    "kilograms of cocaine",
]


def synthetic_events(n: int, seed: int = 7):
    """``n`` events as ``incidentmap.geo.frames`` builds them, around real cities, 2000–2024."""
    import geopandas as gpd
    import shapely

    from incidentmap.geo.frames import COLUMNS, CRS

    rng = random.Random(seed)
    rows, points = [], []
    for i in range(n):
        name, cc, admin1, lat, lon = rng.choice(CITIES)
        lat, lon = lat + rng.gauss(0, 0.25), lon + rng.gauss(0, 0.25)
        undated = rng.random() < 0.05
        year = None if undated else rng.randint(2000, 2024)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        precision = "unknown" if undated else rng.choice(["day", "day", "month", "year"])
        date = (
            None
            if undated
            else {
                "day": f"{year}-{month:02d}-{day:02d}",
                "month": f"{year}-{month:02d}",
                "year": str(year),
            }[precision]
        )
        case = rng.choice(CASES + [None, None])
        doc = i // 4
        rows.append(
            {
                "kind": "event",
                "id": f"ev{i}",
                "type": rng.choice(EVENT_TYPES),
                "date": date,
                "precision": precision,
                "year": year,
                "case": case,
                "place": name,
                "place_text": name,
                "country": cc,
                "admin1": admin1,
                "people": None,
                "doc": f"articles/{doc:06d}.txt",
                "doc_id": f"{doc:016x}",
                "title": f"Guns, cartels and the border: report {doc}",
                "outlet": rng.choice(OUTLETS),
                "doc_date": date,
                "source": f"https://news.example.org/{doc}",
                "quote": (
                    f"Agents {rng.choice(VERBS)} {rng.randint(2, 900)} {rng.choice(ITEMS)} near "
                    f"{name} on {date or 'an unknown date'}, officials said in case {i}."
                ),
                "start": 0,
                "end": 100,
            }
        )
        points.append(shapely.Point(lon, lat))
    frame = gpd.GeoDataFrame(rows, columns=list(COLUMNS), geometry=points, crs=CRS)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def measure(n: int, folder: Path, browser) -> dict[str, float]:
    from incidentmap.maps.render import map_records, save_map

    frame = synthetic_events(n)
    start = time.perf_counter()
    path = save_map(map_records(frame, title=f"{n:,} synthetic events"), folder / f"map_{n}.html")
    render_s = time.perf_counter() - start

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    outside: list[str] = []
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith("file:")
            else (outside.append(r.request.url), r.abort())
        ),
    )
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function(
        "document.documentElement.dataset.incidentmap === 'ready'", timeout=120_000, polling=20
    )
    interactive_s = time.perf_counter() - start
    shown = page.evaluate("IncidentMap.counts().events")
    steps = page.evaluate("IncidentMap.timings")
    print(
        f"  page steps at {n:,} (ms since navigation):",
        {k: round(v) for k, v in steps.items()},
        flush=True,
    )
    start = time.perf_counter()
    page.click("#im-years-none")
    page.check("input.im-year[value='2011']")
    page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
    filter_s = time.perf_counter() - start
    page.close()
    assert not outside, outside
    return {
        "events": n,
        "shown": shown,
        "render_s": round(render_s, 2),
        "html_mb": round(path.stat().st_size / 1e6, 2),
        "interactive_s": round(interactive_s, 2),
        "filter_s": round(filter_s, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="write the maps here instead of a temp folder")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        browser = launch(p)
        print("events   render_s  html_mb  interactive_s  filter_s")
        results = []
        for n in args.sizes:
            r = measure(n, folder, browser)
            results.append(r)
            print(
                f"{n:>7,}  {r['render_s']:>8}  {r['html_mb']:>7}  {r['interactive_s']:>13}"
                f"  {r['filter_s']:>8}",
                flush=True,
            )
        browser.close()
    last = results[-1]
    if last["events"] >= 100_000:
        missed = [k for k, limit in TARGETS.items() if last[k] > limit]
        print("targets at 100k:", "met" if not missed else f"missed {', '.join(missed)}")
        return 1 if missed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
