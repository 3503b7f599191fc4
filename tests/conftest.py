"""Shared fixtures: where the sample corpus and the gold annotations live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The throwaway PostGIS server, for every folder of tests that needs one.
from postgis_fixtures import postgis_server, postgis_url, store_target  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
EVAL = SHARED / "eval"


def _shared(folder: Path) -> Path:
    # CI always has ../shared beside the clone: there a missing folder is a
    # failure, not a quiet skip of every accuracy test.
    if not folder.is_dir():
        message = f"../shared/{folder.name} is not beside this checkout"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _shared(CORPUS)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return _shared(GOLD)


@pytest.fixture()
def evidence():
    """Events, routes and mentions as the pipeline hands them out, with real coordinates.

    Facts restated from the sample corpus; text chosen to exercise escaping
    (quotes, accents, ``<script>``, ``&``) and the year × case filters.
    """
    from incidentmap.gazetteer.place import Place
    from incidentmap.geo.records import Event, Mention, Route

    def place(pid, name, level, lat, lon, country, admin1=None):
        return Place(f"geonames:{pid}", name, level, lat, lon, country, admin1)

    juarez = place(4013708, "Ciudad Juárez", "city", 31.72024, -106.46084, "MX", "Chihuahua")
    texas = place(4736286, "Texas", "admin1", 31.25044, -99.25061, "US", "Texas")
    la = place(5368361, "Los Angeles", "city", 34.05223, -118.24368, "US", "California")
    mexico = place(3996063, "Mexico", "country", 23.0, -102.0, "MX")
    cdmx = place(3530597, "Mexico City", "city", 19.42847, -99.12766, "MX", "Mexico City")
    dc = place(4140963, "Washington, D.C.", "city", 38.89511, -77.03637, "US")
    usa = place(6252001, "United States", "country", 39.76, -98.5, "US")
    venezuela = place(3625428, "Venezuela", "country", 8.0, -66.0, "VE")
    guatemala = place(3595528, "Guatemala", "country", 15.5, -90.25, "GT")
    script = 'He said "we will not stop" <script>alert(1)</script> & left for Ciudad Juárez.'

    def event(eid, type_, doc, date, precision, year, where, cases, sentence="A sentence."):
        return Event(
            eid, type_, f"corpus/{doc}.txt", doc, sentence, 0, len(sentence),
            date=date, precision=precision, year=year, place=where, cases=cases,
            title="Armas de EE.UU. en México", outlet="Reuters", source=f"https://example.org/{doc}",
        )  # fmt: skip

    events = [
        event("e1", "seizure", "d2", "2011-04", "month", 2011, juarez, ("Fast and Furious",),
              "discovered in a raid last April in Ciudad Juarez"),
        event("e2", "arrest", "d3", "2019", "year", 2019, texas, ("García Luna",)),
        event("e3", "arrest", "d0", None, "unknown", None, texas, ("García Luna",)),
        event("e4", "arrest", "d4", "2020-10-16", "day", 2020, la, ("Cienfuegos",)),
        event("e5", "law", "d4", "2020-12", "month", 2020, mexico, ()),
        event("e6", "statement", "d0", None, "unknown", None, cdmx, ("Fast and Furious",), script),
        event("e7", "hearing", "d2", "2011-06", "month", 2011, dc, ("Fast and Furious",)),
        event("ACLED-1", "trial", "d5", "2009/2011", "range", 2009, None,
              ("García Luna", "Fast and Furious")),
    ]  # fmt: skip
    routes = [
        Route("r1", usa, mexico, "corpus/d1.txt", "d1", "Guns bought in the US go to Mexico.",
              0, 35, volume=2500.0, unit="weapons", period="2009/2011",
              cases=("Fast and Furious",)),
        Route("r2", venezuela, mexico, "corpus/d1.txt", "d1", "Arms from Venezuela via Guatemala.",
              0, 34, commodity="drugs", waypoints=(guatemala,)),
    ]  # fmt: skip
    mentions = [
        Mention("corpus/d2.txt", "d2", 40, 53, "Ciudad Juarez", "in Ciudad Juarez", juarez, 0.9),
        Mention("corpus/d2.txt", "d2", 60, 66, "Narnia", "off to Narnia", None, 0.0),
    ]
    return events, routes, mentions
