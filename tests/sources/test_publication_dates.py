"""Publication dates: from metadata values and from the date line at an article's top."""

from __future__ import annotations

import datetime as dt

import pytest

from incidentmap.sources.dates import find_date_line, parse_date


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("Headline\n\nJul 8, 2020\n\nShare\n", dt.date(2020, 7, 8)),
        ("# Headline\n\n**Bill Van Auken****10 June 2011**\n", dt.date(2011, 6, 10)),
        ("back arrow iconBack to News\n\nJanuary 12, 2022\n", dt.date(2022, 1, 12)),
        ("Getting ready...\n|\nMarch 30, 2021\nMASTHEAD\n", dt.date(2021, 3, 30)),
        ("Published: 2021-03-30T10:00:00Z\n", dt.date(2021, 3, 30)),
        ("Headline\nMar. 3rd, 2021\n", dt.date(2021, 3, 3)),
        ("Titular\n10 de junio de 2011\n", dt.date(2011, 6, 10)),
        (
            "WASHINGTON, March 3, 2021 (Reuters) - U.S. officials said on Wednesday that talks"
            " on border security would resume next month in Mexico City.",
            dt.date(2021, 3, 3),
        ),
    ],
)
def test_date_lines_near_the_top_are_found(top: str, expected: dt.date):
    assert find_date_line(top) == expected


@pytest.mark.parametrize(
    "top",
    [
        # A date inside a sentence is an event's date, not the article's.
        "Holder was held in contempt of Congress on June 28, 2012, in a vote along party lines.",
        "June 28, 2012 was the day the House voted to hold the attorney general in contempt.",
        "June 28, 2012 - the House votes to hold the attorney general in contempt of Congress.",
        # Month and year only, relative dates, future dates: no publication date.
        "Headline\nMay 2021\n",
        "Headline\nlast Tuesday\n",
        "Headline\nPosted 5 May 2099\n",
        # Far down the text: out of reach.
        "Headline\n" + "Body sentence.\n" * 60 + "Jul 8, 2020\n",
    ],
)
def test_no_publication_date_is_made_up(top: str):
    assert find_date_line(top) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2011-06-10", dt.date(2011, 6, 10)),
        ("2020-07-08T14:03:00+02:00", dt.date(2020, 7, 8)),
        ("July 8, 2020", dt.date(2020, 7, 8)),
        ("8 juillet 2020", dt.date(2020, 7, 8)),
        ("", None),
        ("n/a", None),
        ("last week", None),
        ("2020", None),
        ("2099-01-01", None),
    ],
)
def test_metadata_values_are_parsed_to_full_dates_only(value: str, expected: dt.date | None):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Culiacán, Sin., 5 de enero de 2023.- Autoridades federales detuvieron a dos hombres "
         "armados en la colonia Tierra Blanca.", dt.date(2023, 1, 5)),
        ("México, D.F., 19 de diciembre de 2011.-  El Gobierno Federal informa que se aseguraron "
         "480 tambos de precursores químicos en el puerto.", dt.date(2011, 12, 19)),
        ("26 de marzo, 2025 Morelia, Michoacán de Ocampo\nFGR obtiene vinculación a proceso",
         dt.date(2025, 3, 26)),
    ],
)  # fmt: skip
def test_spanish_communique_datelines_date_the_article(head, expected):
    assert find_date_line(head) == expected


def test_a_spanish_date_inside_a_sentence_is_an_event_not_the_article():
    text = "Los hombres fueron detenidos el 5 de enero de 2023 en Culiacán, informó la Fiscalía."
    assert find_date_line(text) is None
