"""Records the gazetteer hands out: a `Place` and a scored `Candidate` for a name."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Levels a place can have, from largest to smallest; ``other`` is a point inside a
#: city: a port of entry, an airport, a courthouse, a border district.
LEVELS = ("region", "country", "admin1", "admin2", "city", "other")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is stable across builds: ``"geonames:<id>"`` for GeoNames entries,
    ``"incidentmap:<slug>"`` for entries from the project's own reviewed tables
    (regions, admin1 points). ``country`` is the ISO 3166-1 alpha-2 code;
    ``admin1`` the first-level division's name (``"Chihuahua"``), ``admin1_code``
    its GeoNames code (``"MX.06"``). ``bbox`` is ``(west, south, east, north)``
    where known (``west > east`` when it crosses the 180th meridian).
    ``admin2``/``admin2_code`` name the second-level division (a US county,
    a Mexican municipality: ``"El Paso County"``, ``"US.TX.141"``) where known.
    """

    id: str
    name: str
    level: str
    lat: float
    lon: float
    country: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    geonameid: int | None = None
    asciiname: str = ""
    population: int = 0
    bbox: tuple[float, float, float, float] | None = None
    alternate_names: tuple[str, ...] = field(default=(), compare=False, repr=False)
    admin2: str | None = None
    admin2_code: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Flat, JSON-ready fields (no alternate names)."""
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1": self.admin1,
            "geonameid": self.geonameid,
            "population": self.population,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, with how well it matched.

    ``match`` says which name matched: ``"name"`` (the primary name),
    ``"alias"`` (the project's reviewed aliases, e.g. CDMX) or ``"alternate"``
    (a GeoNames alternate name). Higher ``score`` is better; scores are
    comparable within one lookup.
    """

    place: Place
    score: float
    matched: str
    match: str

    def to_dict(self) -> dict[str, object]:
        return {**self.place.to_dict(), "score": round(self.score, 4), "match": self.match}


def _fast_constructor(cls: type):
    """A positional constructor of the frozen slots class ``cls``, ~5x faster.

    A frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``; the gazetteer builds thousands of places a second.
    This fills a twin class with the same slots by plain attribute stores and
    then gives the object its real class (their layouts are identical), so
    the result is an ordinary ``cls`` instance, equal to ``cls(*args)``.
    """
    names = cls.__slots__
    twin = type(f"_{cls.__name__}Fill", (), {"__slots__": names})
    args = ", ".join(names)
    body = "".join(f"    o.{n} = {n}\n" for n in names)
    src = f"def make({args}):\n    o = Twin()\n{body}    o.__class__ = Real\n    return o\n"
    ns: dict[str, object] = {"Twin": twin, "Real": cls}
    exec(src, ns)  # noqa: S102 - generated from the class's own slot names
    make = ns["make"]
    make.__doc__ = f"``{cls.__name__}(*args)``, with every field given positionally."
    return make


#: ``Place(...)`` / ``Candidate(...)`` with every field positional, in field order.
new_place = _fast_constructor(Place)
new_candidate = _fast_constructor(Candidate)
