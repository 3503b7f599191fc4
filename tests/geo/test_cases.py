"""The case catalogue names the cases an analyst files events under."""

from __future__ import annotations

import pytest

from incidentmap.geo.cases import load_cases
from incidentmap.geo.errors import GeoError


@pytest.fixture(scope="module")
def catalogue():
    return load_cases()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Obama-era “fast and furious” gun-running sting", ("Fast and Furious",)),
        ("hearings on “Operation Fast and Furious” next week", ("Fast and Furious",)),
        ("Genaro Garcia Luna, Mexico's security minister", ("García Luna",)),
        ("GARCÍA LUNA was arrested in Texas", ("García Luna",)),
        ("Gen. Salvador Cienfuegos was detained", ("Cienfuegos",)),
        ("Gen. Juan Ernesto Antonio Bernal Reyes was arrested", ("Bernal Reyes",)),
        ("Mexico’s pending lawsuit against U.S. manufacturers", ("Mexico v. Smith & Wesson",)),
        ("Project Gunrunner and Operation Wide Receiver", ("Project Gunrunner", "Wide Receiver")),
        ("Lunar eclipse over Luna county; a fast car", ()),
    ],
)
def test_match(catalogue, text, expected):
    assert catalogue.match(text) == expected


def test_user_file_adds_and_overrides(tmp_path, catalogue):
    extra = tmp_path / "cases.toml"
    extra.write_text(
        '[[case]]\nname = "Cienfuegos"\nkind = "prosecution"\npeople = ["El Padrino"]\n'
        '[[case]]\nname = "Lone Wolf"\naliases = ["Lone Wolf Trading"]\n',
        encoding="utf-8",
    )
    cat = load_cases(extra)
    assert len(cat) == len(catalogue) + 1
    assert cat.match("El Padrino and Lone Wolf Trading Co.") == ("Cienfuegos", "Lone Wolf")
    # The user's entry replaced the shipped one, people and all.
    assert cat.get("Cienfuegos").people == ("El Padrino",)


def test_bad_user_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "cases.toml"
    bad.write_text("[[case]]\nkind = 'operation'\n", encoding="utf-8")
    with pytest.raises(GeoError, match="has no name"):
        load_cases(bad)
    with pytest.raises(GeoError, match="not found"):
        load_cases(tmp_path / "missing.toml")
