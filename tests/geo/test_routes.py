"""Routes: the seed gold routes come out, merged per article, with volumes and periods."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from incidentmap.geo.records import Mention
from incidentmap.geo.routes import extract_routes
from incidentmap.sources.document import Document


@pytest.fixture(scope="module")
def gz():
    from incidentmap.gazetteer import default

    return default()


@pytest.fixture(scope="module")
def corpus_routes(corpus_dir):
    from incidentmap.geo.geoparse import geoparse
    from incidentmap.sources import read_documents

    routes = []
    for doc in read_documents([corpus_dir]):
        routes += extract_routes(doc, geoparse(doc))
    return routes


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def test_seed_gold_routes_all_come_out(corpus_routes, gold_dir):
    with open(gold_dir / "seed_routes.csv", encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    missing = []
    for row in gold:
        for origin in row["origin"].split("|"):
            hits = [
                r
                for r in corpus_routes
                if _stem(r.doc) == row["doc"]
                and r.origin.name == origin
                and r.destination.name == row["destination"]
                and r.commodity == row["commodity"]
                and (not row["case"] or row["case"] in r.cases)
                and (not row["period"] or r.period == row["period"])
            ]
            if not hits:
                missing.append((row["doc"], origin, row["evidence"]))
    assert missing == []


def test_volumes_and_waypoints_as_stated(corpus_routes):
    by_volume = {r.volume: r for r in corpus_routes if r.volume}
    assert (by_volume[2500].unit, by_volume[200000].period) == ("weapons", "annual")
    assert by_volume[500000].unit == "firearms"
    via = [r for r in corpus_routes if r.waypoints]
    assert sorted(r.origin.name for r in via) == ["Colombia", "Venezuela"]
    assert {w.name for r in via for w in r.waypoints} == {"Central America"}


def test_one_route_per_origin_destination_commodity_and_case(corpus_routes):
    keys = [(r.doc, r.origin.id, r.destination.id, r.commodity, r.cases) for r in corpus_routes]
    assert len(keys) == len(set(keys))
    # Three sentences of the 2011 article tell the same flow; it is one route.
    flows = [r for r in corpus_routes if _stem(r.doc).startswith("002")]
    assert len(flows) == 1 and flows[0].volume == 2500


def _mentions(doc: Document, surface: str, place) -> list[Mention]:
    """A mention of ``place`` at every occurrence of ``surface``."""
    found, start = [], doc.text.find(surface)
    while start >= 0:
        found.append(Mention(doc.path, doc.id, start, start + len(surface), surface, "", place))
        start = doc.text.find(surface, start + 1)
    return found


def test_direction_word_uses_the_articles_two_countries(gz):
    doc = Document(
        id="t1",
        path="t.txt",
        text=(
            "Mexico and the United States met. Mexico asked the United States for help. "
            "About 3,000 rifles a month are smuggled north."
        ),
        date=dt.date(2020, 1, 1),
    )
    mentions = _mentions(doc, "Mexico", gz.country("MX")) + _mentions(
        doc, "United States", gz.country("US")
    )
    (route,) = extract_routes(doc, mentions)
    assert (route.origin.country, route.destination.country) == ("MX", "US")
    assert (route.volume, route.unit, route.period) == (3000, "rifles", "monthly")


def test_no_route_without_goods_or_direction(gz):
    doc = Document(
        id="t2",
        path="t.txt",
        text="Mexico will send a note to the United States. Guns are a problem in Mexico.",
    )
    mentions = _mentions(doc, "Mexico", gz.country("MX")) + _mentions(
        doc, "United States", gz.country("US")
    )
    assert extract_routes(doc, mentions) == []


def test_cli_routes_csv(corpus_dir, capsys):
    from incidentmap.cli import main

    assert main(["routes", str(corpus_dir), "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {"doc", "origin", "destination", "commodity", "volume", "case"} <= set(rows[0])
    annual = next(r for r in rows if r["period"] == "annual")
    assert (annual["origin"], annual["destination"], annual["volume"]) == (
        "United States",
        "Mexico",
        "200000.0",
    )
    assert next(r for r in rows if r["origin"] == "Colombia")["waypoints"] == "Central America"


def _routes_of(text: str) -> list[tuple[str, str, str, float | None]]:
    from incidentmap.geo.geoparse import geoparse

    doc = Document(id=f"es:{abs(hash(text))}", path="es.txt", text=text, date=dt.date(2023, 1, 5))
    return [
        (r.origin.name, r.destination.name, r.commodity, r.volume)
        for r in extract_routes(doc, geoparse(doc))
    ]


def test_spanish_route_from_a_state_to_a_state():
    found = _routes_of(
        "La red se dedicaba al tráfico de armas de Arizona a Sonora, según la Fiscalía."
    )
    assert ("Arizona", "Sonora", "weapons", None) in found


def test_spanish_weapons_from_the_united_states_go_to_mexico_with_their_count():
    found = _routes_of(
        "Soldados aseguraron 40 armas provenientes de Estados Unidos en Culiacán, Sinaloa. "
        "Las armas entraron a México por Nogales, Sonora, dijo el Ejército."
    )
    assert ("United States", "Mexico", "weapons", 40.0) in found


def test_a_law_named_for_firearms_carries_nothing():
    found = _routes_of(
        "Fue consignado por violar la Ley Federal de Armas de Fuego en Tijuana, Baja "
        "California, y trasladado a Mexicali."
    )
    assert found == []


def test_every_language_has_the_same_route_words():
    import tomllib
    from importlib import resources

    folder = resources.files("incidentmap.geo.data")
    keys = {
        lang: {
            section: set(table) if isinstance(table, dict) else None
            for section, table in tomllib.loads(
                folder.joinpath(f"routes_{lang}.toml").read_text(encoding="utf-8")
            ).items()
            if section not in ("numbers", "scales")
        }
        for lang in ("en", "es")
    }
    assert keys["en"] == keys["es"]
