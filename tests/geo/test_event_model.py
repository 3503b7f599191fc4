"""The event model on real-shaped news: incidents found, non-incidents left out, reports merged."""

from __future__ import annotations

import datetime as dt

import pytest

from incidentmap.geo.events import extract_events
from incidentmap.geo.events.incidents import merge_incidents
from incidentmap.geo.events.lexicon import languages, load_lexicon
from incidentmap.geo.geoparse import geoparse
from incidentmap.sources.document import Document


def _events(text: str, date: dt.date | None = None, path: str = "t.txt", lang: str | None = None):
    doc = Document(id=f"{path}:{abs(hash(text))}", path=path, text=text, date=date)
    if lang:
        object.__setattr__(doc, "lang", lang) if hasattr(doc, "lang") else None
    return extract_events(doc, geoparse(doc))


def _only(events, kind: str):
    found = [e for e in events if e.type == kind]
    assert len(found) == 1, [(e.type, e.place and e.place.name) for e in events]
    return found[0]


def test_seizure_far_from_its_place_with_quantity():
    text = (
        "Agents seized 350 kilograms of methamphetamine and 12 kilograms of fentanyl powder "
        "hidden in a warehouse in Rio Rico, Arizona, on Tuesday."
    )
    event = _only(_events(text, dt.date(2023, 5, 12)), "seizure")
    assert (event.place.name, event.place.admin1) == ("Rio Rico", "Arizona")
    assert (event.quantity, event.unit, event.item) == (350.0, "kilograms", "methamphetamine")
    assert event.date == "2023-05-09"
    assert event.acled_sub_event_type == "Other"  # drugs, not weapons


def test_a_tunnel_discovered_is_a_seizure():
    event = _only(
        _events("Federal agents discovered a smuggling tunnel in Nogales, Arizona."), "seizure"
    )
    assert event.place.name == "Nogales" and event.place.admin1 == "Arizona"


def test_a_scheduled_detention_hearing_at_the_judge_s_city():
    text = "A federal judge in Tucson will hold a detention hearing next week."
    event = _only(_events(text, dt.date(2021, 3, 2)), "hearing")
    assert event.place.name == "Tucson"


def test_a_court_event_sits_at_the_dateline_city():
    text = (
        "MCALLEN, Texas — A south Texas man was sentenced Monday to 30 months in federal "
        "prison for buying firearms for a cartel."
    )
    event = _only(_events(text, dt.date(2013, 6, 17)), "sentencing")
    assert (event.place.name, event.date, event.place_source) == (
        "McAllen",
        "2013-06-17",
        "dateline",
    )


def test_a_place_named_sentences_earlier_holds_for_the_find():
    text = (
        "Officers stopped a pickup truck at the port of entry in Nogales, Arizona, on Tuesday.\n"
        "They found 40 rifles hidden under the bed of the truck."
    )
    event = _only(_events(text, dt.date(2022, 3, 4)), "seizure")
    assert event.place.name == "Nogales" and event.place_source == "context"
    assert (event.quantity, event.item) == (40.0, "rifles")


@pytest.mark.parametrize(
    "text",
    [
        "Dozens of people were killed by the cholera outbreak in Port-au-Prince last month.",
        "Seven people were killed when the earthquake struck Izmir on Friday.",
        "Two men were killed in a car crash in Dallas on Sunday.",
        "The water utility charged customers for water they never used in Flint, Michigan.",
        "The couple met on holiday in Spain in 1970 and married a year later.",
        "Chile announced a new smartphone at its store in Santiago on Monday.",
        "The director said she was shooting a film in Toronto this summer.",
        "He suffered a heart attack at his home in Houston.",
        "He is wanted for murder in Mexico, officials said.",
        "If convicted, he faces up to 10 years in prison in Arizona.",
        "Nobody has been arrested in Ciudad Juarez, police said.",
        "A South Bend homicide suspect was found in Middletown, Ohio.",
        "The announcement effectively killed the massive trade deal in Asia.",
        "A motorcycle wreck on Rivers Avenue in Charleston killed a passenger on Sunday.",
        "Witnesses described hearing a loud crack in Whittier, California.",
        "Prosecutors dropped a kidnapping charge against him in Charleston.",
        "The woman wasn't kidnapped in Harlem, police said.",
    ],
)
def test_what_is_not_an_incident_is_not_reported(text):
    assert _events(text, dt.date(2020, 6, 1)) == []


def test_spanish_arrest_with_its_date_and_place():
    text = (
        "Elementos de la Guardia Nacional detuvieron el 5 de enero de 2023 en Culiacán, "
        "Sinaloa, a un hombre armado."
    )
    event = _only(_events(text, dt.date(2023, 1, 7)), "arrest")
    assert (event.place.name, event.date, event.lang) == ("Culiacán", "2023-01-05", "es")


def test_spanish_seizure_with_quantity():
    text = "En Reynosa, Tamaulipas, soldados aseguraron 25 armas largas y 3 mil cartuchos."
    event = _only(_events(text, dt.date(2023, 1, 7)), "seizure")
    assert event.place.name == "Reynosa"
    assert (event.quantity, event.item) == (25.0, "armas largas")


def test_every_language_has_the_same_keys():
    loaded = {lang: load_lexicon(lang) for lang in languages()}
    assert {"en", "es"} <= set(loaded)
    english = loaded["en"]
    for lexicon in loaded.values():
        assert set(lexicon.sets) == set(english.sets)
        assert set(lexicon.patterns) == set(english.patterns)
        assert {r.type for r in lexicon.rules} <= {r.type for r in english.rules}


def test_confidence_is_a_probability_and_a_clause_place_beats_context():
    text = (
        "Police arrested two men in El Paso, Texas, on Monday.\n"
        "Officers also arrested a woman who had driven the car."
    )
    events = _events(text, dt.date(2021, 6, 9))
    assert all(0.0 <= e.confidence <= 1.0 for e in events)
    clause = [e for e in events if e.place_source == "clause"]
    assert clause and max(e.confidence for e in clause) >= max(e.confidence for e in events)


def test_one_incident_from_two_articles_keeps_both_sources():
    first = _events("García Luna was arrested in Texas in 2019.", path="a.txt")
    second = _events("García Luna was arrested in Texas by federal agents.", path="b.txt")
    (incident,) = merge_incidents(first + second)
    assert incident.sources == 2 and incident.docs == ("a.txt", "b.txt")
    assert incident.date == "2019" and incident.doc == "a.txt"


def test_two_arrests_with_different_people_stay_two():
    day = dt.date(2021, 6, 9)
    first = _events("Juan Perez was arrested in Laredo, Texas, on Monday.", day, "a.txt")
    second = _events("Maria Lopez was arrested in Laredo, Texas, on Monday.", day, "b.txt")
    assert len(merge_incidents(first + second)) == 2


def test_seed_garcia_luna_arrest_is_one_incident(corpus_dir):
    import incidentmap

    arrests = [
        e
        for e in incidentmap.events([corpus_dir])
        if e.type == "arrest" and "García Luna" in e.cases and e.place.name == "Texas"
    ]
    assert len(arrests) == 1 and arrests[0].sources == 2


def test_a_state_then_its_town_puts_the_event_in_the_town():
    text = (
        "En Baja California, elementos de la Guardia Nacional detuvieron a una persona con "
        "armamento oculto en un vehículo. La revisión se realizó en la garita de la línea "
        "internacional, del municipio de Mexicali."
    )
    event = _only(_events(text, dt.date(2023, 9, 6), lang="es"), "arrest")
    assert (event.place.name, event.place.admin1) == ("Mexicali", "Baja California")


def test_goods_handed_to_the_prosecutor_are_seized_not_arrested():
    text = (
        "En Manzanillo, Colima, la sustancia química asegurada fue puesta a "
        "disposición del Agente del Ministerio Público de la Federación."
    )
    kinds = [e.type for e in _events(text, dt.date(2020, 1, 8), lang="es")]
    assert "arrest" not in kinds and "seizure" in kinds


def test_an_operation_carried_out_is_no_killing():
    text = "El cateo se ejecutó en un inmueble de la calle México, en Tijuana, Baja California."
    kinds = [e.type for e in _events(text, dt.date(2020, 6, 1), lang="es")]
    assert "killing" not in kinds and "raid" in kinds


def test_a_prosecutors_office_puts_its_court_event_where_it_sits():
    text = (
        "La Procuraduría General de la República, por conducto de su Delegación en "
        "Chihuahua, consignó ante un juez a una persona por portación de arma de fuego. "
        "El detenido quedó interno en el penal federal ubicado en Tepic, Nayarit."
    )
    event = _only(_events(text, dt.date(2014, 2, 3), lang="es"), "indictment")
    assert event.place.name == "Chihuahua"


@pytest.mark.parametrize(
    ("text", "kind", "absent"),
    [
        ("The man has been charged with attempted murder in Virden, Manitoba.", "indictment",
         "killing"),
        ("He faces charges of second-degree murder in Toronto, police said.", None, "killing"),
        ("Police arrested him in Winnipeg after hearing from the family.", "arrest", "hearing"),
    ],
)  # fmt: skip
def test_a_crime_named_by_a_charge_or_a_verb_is_not_that_event(text, kind, absent):
    kinds = [e.type for e in _events(text, dt.date(2020, 6, 1))]
    assert absent not in kinds
    if kind:
        assert kind in kinds


def test_an_incident_dated_by_a_later_occurred_sentence():
    text = (
        "SAN DIEGO – Officers at the Otay Mesa port of entry in San Diego, California, seized "
        "12 rifles from a pickup truck. The incident occurred on Friday, November 1, at "
        "about noon."
    )
    event = _only(_events(text, dt.date(2024, 11, 5)), "seizure")
    assert (event.date, event.precision) == ("2024-11-01", "day")


def test_an_operation_s_running_total_is_no_incident():
    text = (
        "Operation Hot Iron involved approximately 300 weapons seized in Mexico and in Texas, "
        "officials said."
    )
    assert [e.type for e in _events(text, dt.date(2011, 2, 1))] == []


def test_spanish_organisations_are_no_people_and_an_agency_is_a_whole_word():
    text = (
        "En Culiacán, Sinaloa, integrantes de la Guardia Nacional detuvieron a Juan Pérez "
        "López, quien fue inscrito en el Registro Nacional de Detenciones."
    )
    event = _only(_events(text, dt.date(2023, 1, 7), lang="es"), "arrest")
    assert event.people == ("Juan Pérez López",)
    police = _only(
        _events("Local police arrested two men in Nogales, Arizona.", dt.date(2023, 1, 7)),
        "arrest",
    )
    assert police.agent == "police"
