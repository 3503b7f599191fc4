"""Gazetteer-only baseline on the public evaluation sets: each gold toponym's phrase,
looked up alone (no context), top candidate scored against the gold GeoNames point.

This measures the gazetteer's coverage and its context-free ranking, the floor the
resolver in ``geo`` builds on. Reads ``../shared/eval/*/*.xml`` (evaluation only)::

    python benchmarks/gazetteer_baseline.py [--misses N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", type=int, default=0, help="print the N most frequent misses")
    args = ap.parse_args()
    from incidentmap.gazetteer import default, haversine_km

    gz = default()
    for path in sorted(EVAL.glob("*/*.xml")):
        n = found = ok = exact = 0
        errors = []
        misses: Counter = Counter()
        for top in ET.parse(path).getroot().iter("toponym"):
            gaz = top.find("gaztag")
            if gaz is None or gaz.findtext("lat") is None:
                continue
            n += 1
            phrase = top.findtext("phrase") or ""
            lat, lon = float(gaz.findtext("lat")), float(gaz.findtext("lon"))
            cands = gz.lookup(phrase, limit=1)
            if not cands:
                misses[(phrase, "not found", gaz.findtext("fcode"))] += 1
                continue
            found += 1
            p = cands[0].place
            d = haversine_km(p.lat, p.lon, lat, lon)
            errors.append(d)
            ok += d <= 161
            exact += p.geonameid == int(gaz.get("geonameid"))
            if d > 161:
                misses[
                    (phrase, f"{p.name}/{p.level}/{p.country}/{p.admin1}", gaz.findtext("fcode"))
                ] += 1
        print(
            f"{path.parent.name:8} toponyms {n:5}  found {found / n:6.1%}  "
            f"acc@161 {ok / n:6.1%}  exact id {exact / n:6.1%}  "
            f"median km {statistics.median(errors) if errors else float('nan'):7.1f}"
        )
        for (phrase, got, fcode), k in misses.most_common(args.misses):
            print(f"    {k:3} {phrase!r:28} {fcode:6} -> {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
