"""Recognition: which capitalised words are places, judged by the context a reader uses."""

from __future__ import annotations

import pytest

from incidentmap.gazetteer import default
from incidentmap.geo.recognise import demonyms, lexicon, recognise


@pytest.fixture(scope="module")
def gz():
    return default()


def _found(text: str, gz, **kw) -> list[str]:
    return [text[h.start : h.end] for h in recognise(text, gz, **kw)]


def test_multi_word_names_are_one_mention(gz) -> None:
    text = "Flights from Los Angeles and Mexico City reached Central America and Ciudad de México."
    assert _found(text, gz, demonyms=False) == [
        "Los Angeles",
        "Mexico City",
        "Central America",
        "Ciudad de México",
    ]


def test_abbreviations_keep_their_full_stops(gz) -> None:
    text = "U.S. agents in Washington, D.C. and Lexington, Ky., met US officials."
    assert _found(text, gz) == ["U.S.", "Washington", "D.C.", "Lexington", "Ky.", "US"]


def test_state_abbreviation_needs_a_town_before_it(gz) -> None:
    assert "La." not in _found("He went to La. Then he left.", gz)
    assert "La." in _found("He lives in Alexandria, La., with his wife.", gz)


def test_a_given_name_makes_the_next_word_a_person(gz) -> None:
    assert _found("Eric Holder and Christopher Landau met.", gz) == []
    # ... and the same surname later in the article too.
    assert _found("Genaro García Luna was tried. Luna denied it.", gz) == []


def test_titles_and_nicknames_mark_people(gz) -> None:
    text = 'Gen. Salvador Cienfuegos and Joaquin "El Chapo" Guzman; later Guzman’s lawyer spoke.'
    assert _found(text, gz) == []


def test_organisations_and_streets_are_not_places(gz) -> None:
    text = "The Brookings Institution and the Washington Post wrote about Dublin Road."
    assert _found(text, gz) == []


def test_common_words_and_months(gz) -> None:
    text = "Most agents agreed in March. Police said May was quiet."
    assert _found(text, gz) == []


def test_small_town_needs_evidence(gz) -> None:
    assert _found("Holder spoke first.", gz) == []
    assert _found("The family moved to Holder last year.", gz) == ["Holder"]
    # Its state named in the article is evidence too.
    assert "Rio Rico" in _found("Rio Rico saw a raid. Arizona officials confirmed it.", gz)


def test_large_places_need_no_introduction(gz) -> None:
    assert _found("Texas and Chihuahua signed; Washington responded.", gz) == [
        "Texas",
        "Chihuahua",
        "Washington",
    ]


def test_demonyms_stand_for_countries(gz) -> None:
    hits = recognise("Mexican and Turkish officials met Americans.", gz)
    assert [(h.kind, h.place.country) for h in hits] == [
        ("demonym", "MX"),
        ("demonym", "TR"),
        ("demonym", "US"),
    ]
    assert recognise("Latin American nations", gz) == []
    assert recognise("African-American voters", gz) == []
    assert _found("a Russian-American crew", gz) == ["Russian", "American"]
    assert recognise("European officials", gz)[0].place.name == "Europe"
    assert demonyms()["canadian"] == "CA"


def test_accents_and_capitals_fold(gz) -> None:
    assert _found("CIUDAD JUAREZ and Culiacan and Culiacán", gz) == [
        "CIUDAD JUAREZ",
        "Culiacan",
        "Culiacán",
    ]


def test_lexicon_is_built_once_per_gazetteer(gz) -> None:
    assert lexicon(gz) is lexicon(gz)


def test_a_sentence_initial_the_is_not_part_of_the_name(gz) -> None:
    text = "The United States sent agents. The Hague ruled."
    assert _found(text, gz) == ["United States", "The Hague"]


def test_a_dateline_is_evidence_for_a_small_town(gz) -> None:
    assert _found("RIO RICO — Agents seized rifles on Monday.", gz) == ["RIO RICO"]
    assert _found("Rio Rico agents seized rifles on Monday.", gz) == []


def test_languages_are_not_countries(gz) -> None:
    assert _found("The letter was in Spanish for English speakers.", gz) == []
    assert _found("Spanish police arrested him.", gz) == ["Spanish"]


def test_a_direction_before_a_place_is_not_a_place(gz) -> None:
    assert _found("Floods spread across North Texas and Metro Nashville.", gz) == [
        "Texas",
        "Nashville",
    ]
