"""Merging reports into incidents: seconds for many reports that share a case and a year.

A store's export or map merges every selected event report into incidents
(`incidentmap.geo.events.incidents.merge_incidents`). Reports of one case in
one year are the worst case for an index by case alone: each would be
compared with every incident of the case. This builds ``--reports`` arrests
(one year, 40 cases, eight border towns, a random day each; a report per
article) and times the merge on one core.

    python benchmarks/incident_merge.py                  # 40,000 reports
    python benchmarks/incident_merge.py --reports 200000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=40_000)
    args = parser.parse_args()

    from incidentmap.gazetteer import default
    from incidentmap.geo.events.incidents import merge_incidents
    from incidentmap.geo.records import Event

    gz = default()
    towns = ("Phoenix", "Tucson", "Nogales", "El Paso", "Laredo", "Houston", "San Diego", "Dallas")
    places = [gz.lookup(name, country="US")[0].place for name in towns]
    rng = random.Random(3)
    reports = []
    for i in range(args.reports):
        day = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(365))
        reports.append(
            Event(
                f"e{i}",
                "arrest",
                f"d{i}.txt",
                f"d{i}",
                "Agents arrested a man.",
                0,
                8,
                date=day.isoformat(),
                precision="day",
                year=2011,
                place=rng.choice(places),
                cases=(f"Case {i % 40}",),
            )  # fmt: skip
        )
    started = time.process_time()
    incidents = merge_incidents(reports)
    spent = time.process_time() - started
    print(
        f"{len(reports):,} reports -> {len(incidents):,} incidents in {spent:.2f} s of CPU "
        f"({len(reports) / spent:,.0f} reports/s)"
    )


if __name__ == "__main__":
    main()
