"""The place recogniser's per-language word files: every one loads, with the same keys."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from incidentmap.geo.lexicon import KEYS, languages, place_words


def test_every_language_loads_with_the_same_keys():
    assert {"en", "es"} <= set(languages())
    folder = resources.files("incidentmap.geo.lexicon")
    for lang in languages():
        data = tomllib.loads(folder.joinpath(f"{lang}.toml").read_text("utf-8"))
        assert set(data) == set(KEYS), lang
        words = place_words(lang)
        assert words.lang == lang
        assert words.titles and words.locatives and words.months


@pytest.mark.parametrize(
    ("lang", "abbreviation", "name"),
    [("en", "Ky.", "Kentucky"), ("es", "Tamps.", "Tamaulipas"), ("es", "EUA", "United States")],
)
def test_abbreviations_are_per_language(lang, abbreviation, name):
    assert place_words(lang).abbreviations[abbreviation][0] == name


def test_a_language_without_a_file_reads_as_english():
    assert place_words("fr").lang == "en"
