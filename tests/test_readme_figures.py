"""The README's figures about the gazetteer agree with the artifact this checkout builds."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_states_the_gazetteers_size_as_built():
    from incidentmap.gazetteer import default

    built = default().path.stat().st_size / 1e6
    text = README.read_text(encoding="utf-8")
    stated = [
        int(n)
        for n in re.findall(r"\(a (\d+) MB file|SQLite file \((\d+) MB", text)
        for n in n
        if n
    ]
    assert len(stated) == 2, stated
    for size in stated:
        assert abs(size - built) / built < 0.1, (size, built)


def test_the_readme_says_how_to_point_eval_at_its_data():
    text = README.read_text(encoding="utf-8")
    assert "--data DIR" in text and "INCIDENTMAP_DATA" in text
    assert "about a minute" not in text
