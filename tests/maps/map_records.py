"""Records that look like the ones the pipeline makes: 3 cases, 4 years, undated, hostile text."""

from __future__ import annotations

from incidentmap.gazetteer.place import Place
from incidentmap.geo.records import Event, Mention, Route

PHOENIX = Place("geonames:5308655", "Phoenix", "city", 33.448, -112.074, "US", "Arizona")
GLENDALE = Place("geonames:5295985", "Glendale", "city", 33.539, -112.186, "US", "Arizona")
TUCSON = Place("geonames:5318313", "Tucson", "city", 32.222, -110.926, "US", "Arizona")
JUAREZ = Place("geonames:4013708", "Ciudad Juárez", "city", 31.720, -106.460, "MX", "Chihuahua")
CULIACAN = Place("geonames:4012176", "Culiacán", "city", 24.799, -107.389, "MX", "Sinaloa")
MEXICO_CITY = Place("geonames:3530597", "Mexico City", "city", 19.428, -99.128, "MX", "Mexico City")
BROOKLYN = Place("geonames:5110302", "Brooklyn", "city", 40.650, -73.950, "US", "New York")
BOSTON = Place("geonames:4930956", "Boston", "city", 42.358, -71.060, "US", "Massachusetts")
NOGALES = Place("geonames:4004886", "Nogales", "city", 31.308, -110.942, "MX", "Sonora")
HOUSTON = Place("geonames:4699066", "Houston", "city", 29.763, -95.363, "US", "Texas")
US = Place("geonames:6252001", "United States", "country", 39.76, -98.5, "US")
MX = Place("geonames:3996063", "Mexico", "country", 23.0, -102.0, "MX")
COLOMBIA = Place("geonames:3686110", "Colombia", "country", 4.0, -73.25, "CO")

#: The sentence an article carried that must show as text in a popup and never run.
HOSTILE = (
    "Agents seized rifles <script>window.__pwned = 1</script>"
    '<img src=x onerror="window.__pwned=2">.'
)

F_AND_F = "Fast and Furious"
GARCIA_LUNA = "García Luna"
LAWSUIT = "Mexico v. Smith & Wesson"


def _event(n, type_, date, precision, year, place, cases=(), sentence=None, **kw):
    return Event(
        id=f"e{n}",
        type=type_,
        doc=f"corpus/article{n % 3}.txt",
        doc_id=f"doc{n % 3}",
        sentence=sentence or f"Sentence {n} about a {type_} in {place.name}.",
        start=0,
        end=10,
        date=date,
        precision=precision,
        year=year,
        place=place,
        place_text=place.name,
        cases=tuple(cases),
        title=f"Article {n % 3}: guns across the border",
        outlet="Border Desk",
        source="https://example.org/article" if n % 2 else f"corpus/article{n % 3}.txt",
        **{"doc_date": "2021-03-30", **kw},
    )


#: Events 10 and 12 come from undated articles: an event its text leaves undated
#: takes its article's date, so only these stay undated on the map.
EVENTS = [
    _event(1, "arrest", "2011-01-19", "day", 2011, PHOENIX, [F_AND_F]),
    _event(2, "seizure", "2011-04", "month", 2011, JUAREZ, [F_AND_F]),
    _event(3, "killing", "2010-12-14", "day", 2010, TUCSON, [F_AND_F]),
    _event(4, "trafficking", "2010", "year", 2010, GLENDALE, [F_AND_F]),
    _event(5, "arrest", "2019-12-09", "day", 2019, HOUSTON, [GARCIA_LUNA]),
    _event(6, "sentencing", "2023-02-21", "day", 2023, BROOKLYN, [GARCIA_LUNA]),
    _event(7, "lawsuit", "2021-08-04", "day", 2021, BOSTON, [LAWSUIT]),
    _event(8, "hearing", "2022-01-12", "day", 2022, BOSTON, [LAWSUIT]),
    _event(9, "seizure", "2011", "year", 2011, CULIACAN, [F_AND_F], sentence=HOSTILE),
    _event(10, "statement", None, "unknown", None, MEXICO_CITY, [LAWSUIT], doc_date=None),
    _event(11, "attack", "2021-06", "month", 2021, NOGALES, []),
    _event(
        12, "meeting", None, "unknown", None, MEXICO_CITY, [F_AND_F, GARCIA_LUNA], doc_date=None
    ),
]

ROUTES = [
    Route(
        "r1",
        US,
        MX,
        "corpus/article1.txt",
        "doc1",
        "Traffickers buy arms in the United States and take them to Mexico.",
        0,
        10,
        commodity="weapons",
        volume=200000.0,
        unit="guns",
        period="annual",
        year=2021,
        cases=(LAWSUIT,),
        title="Article 1",
        outlet="Border Desk",
    ),
    Route(
        "r2",
        PHOENIX,
        CULIACAN,
        "corpus/article0.txt",
        "doc0",
        "About 2,500 weapons were smuggled south to Sinaloa.",
        0,
        10,
        commodity="weapons",
        volume=2500.0,
        unit="weapons",
        period="2009/2011",
        year=2010,
        cases=(F_AND_F,),
    ),
    Route(
        "r3",
        COLOMBIA,
        MX,
        "corpus/article2.txt",
        "doc2",
        "Cocaine moves from Colombia through Central America into Mexico.",
        0,
        10,
        commodity="drugs",
        year=2019,
        cases=(GARCIA_LUNA,),
    ),
]

MENTIONS = [
    Mention("corpus/article0.txt", "doc0", 5, 12, "Phoenix", "Guns bought in Phoenix.", PHOENIX),
    Mention(
        "corpus/article1.txt",
        "doc1",
        5,
        11,
        "Sonora",
        "Crossed into Sonora.",
        Place("geonames:3982846", "Sonora", "admin1", 29.5, -110.7, "MX", "Sonora"),
    ),
]


def frames():
    """(events, routes, mentions) GeoDataFrames as geo.frames builds them."""
    from incidentmap.geo.frames import events_frame, mentions_frame, routes_frame

    return events_frame(EVENTS), routes_frame(ROUTES), mentions_frame(MENTIONS)
