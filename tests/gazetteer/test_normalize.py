from __future__ import annotations

import pytest

from incidentmap.gazetteer import normalize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ciudad Juárez", "ciudad juarez"),
        ("CIUDAD  JUÁREZ ", "ciudad juarez"),
        ("U.S.", "us"),
        ("US", "us"),
        ("D.C.", "dc"),
        ("Washington, D.C.", "washington dc"),
        ("St. Louis", "st louis"),
        ("Winston-Salem", "winston salem"),
        ("Łódź", "lodz"),
        ("Côte d’Ivoire", "cote divoire"),
        ("Querétaro", "queretaro"),
    ],
)
def test_normalize(a, b):
    assert normalize(a) == b


def test_normalize_is_idempotent():
    for s in ["Ciudad Juárez", "U.S.-Mexico border", "Washington, D.C."]:
        assert normalize(normalize(s)) == normalize(s)
