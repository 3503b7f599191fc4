"""Resolution: choosing among places of the same name with the rest of the article."""

from __future__ import annotations

import pytest

from incidentmap.gazetteer import default
from incidentmap.geo.geoparse import geoparse
from incidentmap.sources.document import Document, content_id


@pytest.fixture(scope="module")
def gz():
    return default()


def _where(text: str, name: str, gz):
    doc = Document(id=content_id(text), path="a.txt", text=text)
    return next(m.place for m in geoparse(doc, gz) if m.text == name)


def test_containment_picks_the_town_in_the_named_state(gz) -> None:
    assert _where("Guns were bought in Glendale, Arizona.", "Glendale", gz).admin1 == "Arizona"
    assert _where("Guns were bought in Glendale, California.", "Glendale", gz).admin1 == (
        "California"
    )


def test_country_in_the_article_steers_the_reading(gz) -> None:
    mexican = "Mexican soldiers patrolled Guadalajara."
    assert _where(mexican, "Guadalajara", gz).country == "MX"
    spanish = "In Spain, police in Madrid and Guadalajara arrested two men."
    assert _where(spanish, "Guadalajara", gz).country == "ES"


def test_towns_of_one_state_pull_together(gz) -> None:
    text = "Crews from Paris, Palestine and Huntsville fought the fire near Tyler."
    assert _where(text, "Paris", gz).admin1 == "Texas"


def test_bare_big_names(gz) -> None:
    assert _where("He flew to Paris.", "Paris", gz).country == "FR"
    assert _where("He flew to Texas.", "Texas", gz).level == "admin1"
    colorado = _where("He is held in a federal prison in Colorado.", "Colorado", gz)
    assert colorado.level == "admin1"


def test_state_cue_turns_washington_into_the_state(gz) -> None:
    assert _where("Washington responded.", "Washington", gz).level == "city"
    assert _where("He moved to the state of Washington.", "Washington", gz).level == "admin1"


def test_confidence_is_a_share(gz) -> None:
    doc = Document(id="x", path="a.txt", text="Ciudad Juárez and Springfield.")
    scores = {m.text: m.score for m in geoparse(doc, gz)}
    assert 0 < scores["Springfield"] < scores["Ciudad Juárez"] <= 1.0


def test_explicit_context_beats_one_reading_per_article():
    """Issue 10, item 8: "the one in France, where officials in Paris ..." is Paris, France."""
    from incidentmap.geo.geoparse import geoparse
    from incidentmap.sources.document import Document

    text = (
        "Flooding hit Paris, Texas, on Monday, and the county opened shelters. It was not "
        "the only Paris under water: the one in France, where officials in Paris were "
        "watching the level of the Seine, also closed roads. Paris in France stayed calm."
    )
    found = geoparse(Document(id="x", path="x.txt", text=text, lang="en"))
    paris = [(m.start, m.place.country) for m in found if m.text == "Paris"]
    assert paris[0] == (13, "US")
    explicit = [country for start, country in paris if start > text.index("France")]
    assert explicit == ["FR", "FR"]


def test_a_name_tied_to_its_state_once_means_that_place_throughout(gz) -> None:
    text = (
        "Port of San Luis officers seize weapons\n"
        "SAN LUIS, Ariz. – Officers at the Area Port of San Luis seized a cache of rifles. "
        "The driver was stopped at San Luis as he tried to leave for Mexico."
    )
    doc = Document(id=content_id(text), path="a.txt", text=text)
    readings = {
        (m.place.name, m.place.admin1) for m in geoparse(doc, gz) if m.text.lower() == "san luis"
    }
    assert readings == {("San Luis", "Arizona")}
