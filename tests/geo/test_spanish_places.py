"""Places in Spanish articles: forms, abbreviations, cues, organisations and neighbourhoods."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentmap.geo.geoparse import geoparse
from incidentmap.sources.document import Document

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


def places(text: str, lang: str | None = "es") -> list[tuple[str, str | None, str | None]]:
    doc = Document(id="x", path="x.txt", text=text, lang=lang)
    return [
        (m.text, m.place.name if m.place else None, m.place.level if m.place else None)
        for m in geoparse(doc)
    ]


def test_mexico_after_hacia_is_the_country():
    found = places("Las armas fueron traficadas desde Arizona hacia México, según la Fiscalía.")
    assert found == [("Arizona", "Arizona", "admin1"), ("México", "Mexico", "country")]


def test_national_agencies_are_not_places():
    text = (
        "Elementos de la Guardia Nacional y de la Secretaría de la Defensa Nacional (Sedena) "
        "y de la Semar detuvieron a dos hombres en Culiacán, Sinaloa."
    )
    assert [name for _, name, _ in places(text)] == ["Culiacán", "Sinaloa"]


def test_a_colonia_lies_in_the_city_the_text_names():
    text = "Detuvieron a dos hombres en Culiacán, Sinaloa, en la colonia Tierra Blanca."
    found = places(text)
    assert ("Tierra Blanca", "Culiacán", "city") in found
    text = "Detenidos en la colonia Tierra Blanca de Culiacán, Sinaloa."
    assert places(text)[:2] == [
        ("Tierra Blanca", "Culiacán", "city"),
        ("Culiacán", "Culiacán", "city"),
    ]
    text = "Los hechos ocurrieron en la colonia Madero, en Nuevo Laredo, Tamaulipas."
    assert places(text)[0] == ("Madero", "Nuevo Laredo", "city")


def test_people_and_organisations_naming_places_are_not_mentions():
    text = (
        'Joaquín Guzmán, alias "El Chapo", líder del cártel de Sinaloa, fue detenido en '
        "Los Mochis. La Fiscalía General del Estado de Chihuahua y el Gobierno de México "
        "informaron de la detención."
    )
    assert [name for _, name, _ in places(text)] == ["Los Mochis"]


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Armas provenientes de EE.UU. llegaron a Sonora.", "EE.UU.", "United States"),
        ("El arsenal venía de EUA.", "EUA", "United States"),
        ("Un envío de EU fue asegurado.", "EU", "United States"),
        ("Tres detenidos en Edomex.", "Edomex", "México"),
        ("La entrega fue en la CDMX.", "CDMX", "Ciudad de México"),
        ("Detenido en Cd. Juárez, Chih., ayer.", "Cd. Juárez", "Ciudad Juárez"),
        ("Culiacán, Sin., 5 de enero de 2023.", "Sin.", "Sinaloa"),
        ("Aseguran armas en Reynosa, Tamps., ayer.", "Tamps.", "Tamaulipas"),
        ("Boletín México, D.F., 19 de diciembre.", "México, D.F.", "Ciudad de México"),
        (
            "Cayó en el municipio de Reynosa, en el estado de Tamaulipas.",
            "Tamaulipas",
            "Tamaulipas",
        ),
    ],
)
def test_spanish_forms_and_abbreviations(text, surface, name):
    assert (surface, name) in [(s, n) for s, n, _ in places(text)]


def test_streets_and_brands_named_after_places_are_not_mentions():
    text = (
        "El inmueble está en la calle México, entre las calles Mazatlán y Magisterio, "
        "donde hallaron un fusil Barrett y radios marca Kenwood, en Tijuana."
    )
    assert [name for _, name, _ in places(text)] == ["Tijuana"]


def test_spanish_place_targets_on_news_dev():
    import incidentmap

    if not (EVAL / "news-dev").is_dir():
        pytest.skip("../shared/eval/news-dev is not beside this checkout")
    result = incidentmap.eval(["news-dev"], eval_dir=EVAL, lang="es")[0]
    assert result["places_recognition_f1"] >= 0.85
    assert result["places_end_to_end_acc161"] >= 0.90
