"""Date expressions resolve against the article's date, and only against it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentmap.geo.dates import UNKNOWN, find_dates, resolve_date

JUNE_10_2011 = dt.date(2011, 6, 10)
MARCH_30_2021 = dt.date(2021, 3, 30)


@pytest.mark.parametrize(
    ("expression", "doc_date", "expected"),
    [
        ("in December 2021", None, ("2021-12", "month", 2021)),
        ("in 2019", None, ("2019", "year", 2019)),
        ("last April", JUNE_10_2011, ("2011-04", "month", 2011)),
        ("in December", MARCH_30_2021, ("2020-12", "month", 2020)),
        ("in March", MARCH_30_2021, ("2021-03", "month", 2021)),
        ("next week", JUNE_10_2011, ("2011-06", "month", 2011)),
        ("next week", dt.date(2011, 6, 28), ("2011-07", "month", 2011)),
        ("on June 28, 2012", None, ("2012-06-28", "day", 2012)),
        ("Jul 8, 2020", None, ("2020-07-08", "day", 2020)),
        ("10 June 2011", None, ("2011-06-10", "day", 2011)),
        ("between 2009 and 2011", None, ("2009/2011", "range", 2009)),
        ("the 2009-2011 operation", None, ("2009/2011", "range", 2009)),
        ("security minister from 2006-12", None, ("2006/2012", "range", 2006)),
        ("from 2012 to 2018", None, ("2012/2018", "range", 2012)),
        ("two months ago", dt.date(2020, 7, 8), ("2020-05", "month", 2020)),
        ("last year", MARCH_30_2021, ("2020", "year", 2020)),
        ("reported Thursday", JUNE_10_2011, ("2011-06-09", "day", 2011)),
        ("since 2006", JUNE_10_2011, ("2006/2011", "range", 2006)),
        ("Since 2006", None, ("2006/..", "range", 2006)),
    ],
)
def test_expressions_resolve(expression, doc_date, expected):
    assert tuple(resolve_date(expression, doc_date)) == expected


@pytest.mark.parametrize("expression", ["last December", "in December", "next week", "on Friday"])
def test_relative_dates_in_undated_article_stay_unknown(expression):
    assert resolve_date(expression, None) == UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "'Fast and Furious' Gun Sting May Come Up in Trump-AMLO Meeting",
        "They march on the capital.",
        "Mexico is ranked as 124 out of 180 countries; $10 billion in damages.",
        "some 2,500 weapons and 200,000 guns and 26,000 rounds",
    ],
)
def test_words_and_numbers_are_not_dates(text):
    assert find_dates(text, JUNE_10_2011) == []


def test_offsets_slice_back_to_the_expression():
    text = "Cienfuegos was arrested in October 2020 after flying to Los Angeles."
    (found,) = find_dates(text, None)
    assert text[found.start : found.end] == found.text == "October 2020"


_PIECES = st.sampled_from(
    ["in ", "last ", "since ", "May ", "December ", "2011", "Friday ", "-", "/", ", ", "12 "]
) | st.text(alphabet="0123456789 ,.-/abcdefghijklmnopqrstuvwxyz", max_size=4)


@given(
    st.lists(_PIECES, max_size=15).map("".join),
    st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1))),
)
def test_any_text_gives_well_formed_dates(text, doc_date):
    for found in find_dates(text, doc_date):
        assert text[found.start : found.end] == found.text
        iso, precision, year = found.value
        assert precision in ("day", "month", "year", "range", "unknown")
        assert (iso is None) == (precision == "unknown") == (year is None)
        if doc_date is None and precision != "unknown" and "/" not in iso:
            # Without an article date only what the text spells out can be known.
            assert str(year) in found.text or str(year)[2:] in found.text
