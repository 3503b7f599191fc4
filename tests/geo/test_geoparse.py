"""The geoparser end to end: the seed gold, traps, offsets, odd inputs and the CLI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentmap.gazetteer import default, normalize
from incidentmap.geo.evaluate import evaluate_seed
from incidentmap.geo.geoparse import geoparse, resolve_spans
from incidentmap.sources.document import Document, content_id


def _doc(text: str, path: str = "a.txt") -> Document:
    return Document(id=content_id(text), path=path, text=text)


def _places(text: str, **kw) -> list[tuple[str, str | None, str | None]]:
    return [
        (m.text, m.place.name if m.place else None, m.place.level if m.place else None)
        for m in geoparse(_doc(text), **kw)
    ]


@pytest.fixture(scope="module")
def gz():
    return default()


def test_seed_gold_every_place_found_and_resolved(corpus_dir: Path, gold_dir: Path, gz) -> None:
    score = evaluate_seed(corpus_dir, gold_dir, gz)
    assert score.pairs == 35
    assert score.failures == []
    assert score.resolved == score.pairs


def test_seed_traps_never_reported(corpus_dir: Path, gold_dir: Path, gz) -> None:
    assert evaluate_seed(corpus_dir, gold_dir, gz).traps == []


def test_trap_words_in_context_are_not_places(gz) -> None:
    text = (
        "Attorney General Eric Holder met Genaro García Luna in Mexico City. Later, Luna "
        "and Holder spoke. Border Patrol agent Brian Terry was killed in Arizona; Terry's "
        "family sued. Christopher Landau, Mark Morgan, Timothy Shea and Darrell Issa of "
        "California commented. Gen. Salvador Cienfuegos was arrested; Cienfuegos denied it. "
        "The Brookings Institution, Reuters and Bloomberg reported it in March. Most agents "
        "agreed. George W. Bush said little."
    )
    found = {t for t, _, _ in _places(text)}
    traps = {"Holder", "Luna", "García", "Terry", "Landau", "Morgan", "Shea", "Issa"}
    traps |= {"Cienfuegos", "Salvador", "Brookings", "Reuters", "Bloomberg", "March"}
    traps |= {"Most", "George", "Bush"}
    assert not found & traps
    assert {"Mexico City", "Arizona", "California"} <= found


def test_names_without_accents_and_abbreviations(gz) -> None:
    got = _places("Guns moved from Ciudad Juarez to the U.S. and on to Washington, D.C.")
    assert ("Ciudad Juarez", "Ciudad Juárez", "city") in got
    assert ("U.S.", "United States", "country") in got
    assert any(name == "Washington" and level == "city" for _, name, level in got)


def test_washington_is_the_capital_unless_the_text_says_state(gz) -> None:
    [(_, _, level)] = _places("Washington responded with a diplomatic note.")
    assert level == "city"
    got = _places("Officials in Washington state seized rifles.")
    assert got[0][2] == "admin1"


def test_containment_chooses_the_right_town(gz) -> None:
    mentions = geoparse(_doc("Agents in Rio Rico, Arizona and Nogales, Sonora seized rifles."))
    by_text = {m.text: m.place for m in mentions}
    assert by_text["Rio Rico"].admin1 == "Arizona"
    assert by_text["Nogales"].admin1 == "Sonora"


def test_article_country_steers_ambiguous_names(gz) -> None:
    mentions = geoparse(_doc("Mexican police arrested him in Oaxaca after a raid in Sinaloa."))
    oaxaca = next(m for m in mentions if m.text == "Oaxaca")
    assert oaxaca.place.country == "MX"


def test_bare_state_name_is_the_state(gz) -> None:
    assert _places("The rifles were bought in Texas.") == [("Texas", "Texas", "admin1")]


def test_demonyms_can_be_left_out(gz) -> None:
    text = "Mexican officials met in Mexico City."
    assert ("Mexican", "Mexico", "country") in _places(text)
    assert [t for t, _, _ in _places(text, demonyms=False)] == ["Mexico City"]


def test_article_with_no_places(gz) -> None:
    assert geoparse(_doc("The committee met on Monday and adjourned without a vote.")) == []
    assert geoparse(_doc("")) == []


def test_one_megabyte_article(gz, corpus_dir: Path) -> None:
    text = (corpus_dir / "002_02e1e572519bdb36.txt").read_text(encoding="utf-8")
    big = (text + "\n\n") * (1_000_000 // len(text) + 1)
    mentions = geoparse(_doc(big))
    assert len(big) > 1_000_000
    assert mentions[-1].end <= len(big)
    assert all(big[m.start : m.end] == m.text for m in mentions)
    per_copy = len(geoparse(_doc(text)))
    assert len(mentions) >= per_copy * (len(big) // len(text) - 1)


def test_mentions_carry_provenance(gz) -> None:
    text = "Guns seized. Agents in El Paso found more. Nothing else."
    [m] = geoparse(_doc(text, "briefs/a.txt"))
    assert (m.doc, m.sentence, m.place.admin1) == (
        "briefs/a.txt",
        "Agents in El Paso found more.",
        "Texas",
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "in",
                "Mexico",
                "U.S.",
                "Ciudad Juárez",
                "Luna",
                ",",
                ".",
                "\n",
                "said",
                "Texas",
                "García",
                "’s",
                "“El Chapo”",
                "New",
                "York",
                "D.C.",
                "de",
                "the",
                "É",
                "x",
            ]
        )
        | st.text(max_size=8),
        max_size=40,
    )
)
def test_offsets_always_slice_back(parts: list[str]) -> None:
    text = " ".join(parts)
    mentions = geoparse(_doc(text))
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(m.sentence and m.text in m.sentence for m in mentions)


def test_resolve_spans_resolves_given_phrases(gz) -> None:
    text = "From Phoenix, the Turkish envoy flew to Glendale, Arizona."
    spans = [(5, 12), (18, 25), (40, 48)]
    got = resolve_spans(_doc(text), spans)
    assert [m.text for m in got] == ["Phoenix", "Turkish", "Glendale"]
    assert got[0].place.admin1 == "Arizona"
    assert got[1].place.country == "TR"
    assert got[2].place.admin1 == "Arizona"


def test_cli_places_jsonl_fields(corpus_dir: Path) -> None:
    exe = Path(sys.executable).parent / "incidentmap"
    path = str(corpus_dir / "004_3efa1be4316af08c.txt")
    out = subprocess.run(
        [str(exe), "places", path, "--format", "jsonl"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = [json.loads(line) for line in out.splitlines()]
    fields = {"doc", "start", "end", "text", "name", "lat", "lon", "level", "country", "admin1"}
    assert all(fields | {"geonameid", "score"} <= set(r) for r in rows)
    assert {r["doc"] for r in rows} == {path}
    la = next(r for r in rows if r["text"] == "Los Angeles")
    assert abs(la["lat"] - 34.05) < 0.5 and la["country"] == "US"
    text = Path(path).read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_cli_places_csv_and_folder(corpus_dir: Path) -> None:
    exe = Path(sys.executable).parent / "incidentmap"
    out = subprocess.run(
        [str(exe), "places", str(corpus_dir), "--format", "csv", "--no-demonyms"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = list(csv.DictReader(out.splitlines()))
    assert len({r["doc"] for r in rows}) == 5
    assert not any(normalize(r["text"]) == "mexican" for r in rows)


@pytest.mark.parametrize(
    ("text", "surface", "name", "kind"),
    [
        (
            "Agents arrested him at DFW airport on Tuesday.",
            "DFW",
            "Dallas-Fort Worth",
            "abbreviation",
        ),
        ("He had flown in from IAH that morning.", "IAH", "George Bush", "abbreviation"),
        ("He was arrested in San Ysidro, Calif., on Monday.", "San Ysidro", "San Ysidro", "name"),
        (
            "Rifles crossed at the Hidalgo Port of Entry.",
            "Hidalgo Port of Entry",
            "Hidalgo",
            "name",
        ),
        ("The case moved from Tucs. to Phoenix.", "Tucs.", "Tucson", "abbreviation"),
        (
            "A shootout in Colonia Independencia, Tijuana, left two dead.",
            "Independencia",
            "Tijuana",
            "neighbourhood",
        ),
    ],
)
def test_places_the_gazetteer_lacked(text, surface, name, kind):
    """Issue 10, item 9: airports, ports, districts, analysts' abbreviations."""
    from incidentmap.sources.document import Document

    found = {m.text: m for m in geoparse(Document(id="x", path="x.txt", text=text, lang="en"))}
    assert found[surface].place.name.startswith(name)
    assert found[surface].kind == kind


def test_an_offset_is_a_point_that_far_away():
    from incidentmap.sources.document import Document

    text = "The bodies were found 40 km south of Reynosa, Tamaulipas, on Sunday."
    found = geoparse(Document(id="x", path="x.txt", text=text, lang="en"))
    reynosa = next(m for m in found if m.text == "Reynosa")
    assert reynosa.kind == "offset"
    assert reynosa.place.name == "40 km south of Reynosa"
    assert 25.6 < reynosa.place.lat < 25.8 and reynosa.place.admin1 == "Tamaulipas"


def test_an_unlisted_name_falls_back_to_its_stated_state_not_a_namesake():
    from incidentmap.sources.document import Document

    text = "Deputies searched a ranch in Zorbaville, N.M., on Friday."
    found = {m.text: m for m in geoparse(Document(id="x", path="x.txt", text=text, lang="en"))}
    assert found["Zorbaville"].place.name == "New Mexico"
