"""A geopy geocoder backed by the offline gazetteer: swap it for Nominatim in one line.

::

    from incidentmap.gazetteer.geocoder import GazetteerGeocoder
    geolocator = GazetteerGeocoder()          # was: Nominatim(user_agent="my-app")
    loc = geolocator.geocode("Ciudad Juárez, Chihuahua")
    loc.latitude, loc.longitude, loc.address, loc.raw["geonameid"]

It never touches the network: its geopy adapter refuses every request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from incidentmap.gazetteer.normalize import normalize
from incidentmap.gazetteer.place import Candidate, Place
from incidentmap.gazetteer.store import Gazetteer

__all__ = ["GazetteerGeocoder", "QUALIFIER_BONUS"]

#: Added to a reading's score per qualifier of the query it lies in ("Nogales, Sonora"):
#: as much as the resolver's containment bonus, so a stated state outweighs population.
QUALIFIER_BONUS = 3.0


class _OfflineAdapter(BaseSyncAdapter):
    """A geopy adapter that refuses to send anything anywhere."""

    def __init__(self, *, proxies=None, ssl_context=None) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):  # pragma: no cover - never called
        raise GeocoderServiceError(f"GazetteerGeocoder is offline; refused to fetch {url}")

    def get_text(self, url, *, timeout, headers):  # pragma: no cover - never called
        raise GeocoderServiceError(f"GazetteerGeocoder is offline; refused to fetch {url}")


class GazetteerGeocoder(Geocoder):
    """geopy ``Geocoder`` answering from the bundled GeoNames gazetteer, offline.

    ``geocode(query)`` takes a name (``"Nogales"``), a comma-separated string
    whose later parts narrow it (``"Nogales, Sonora"``, ``"Glendale, AZ, USA"``)
    or a Nominatim-style dict (``{"city": "Nogales", "state": "Sonora"}``), and
    returns a geopy ``Location`` (or a list with ``exactly_one=False``, or
    ``None``). ``Location.raw`` holds the gazetteer fields plus ``score`` and
    ``match``. ``reverse(point)`` gives the nearest city.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, user_agent: str | None = None):
        super().__init__(user_agent=user_agent, adapter_factory=_OfflineAdapter)
        self._gz = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gz is None:
            from incidentmap.gazetteer import default

            self._gz = default()
        return self._gz

    # ----------------------------------------------------------------- helpers
    def _location(self, cand: Candidate) -> Location:
        p = cand.place
        parts = [p.name]
        if p.level in ("city", "admin2") and p.admin1 and p.admin1 != p.name:
            parts.append(p.admin1)
        if p.level != "country" and p.country:
            country = self.gazetteer.country(p.country)
            parts.append(country.name if country else p.country)
        raw = {
            **p.to_dict(),
            "asciiname": p.asciiname,
            "admin1_code": p.admin1_code,
            "admin2": p.admin2,
            "bbox": list(p.bbox) if p.bbox else None,
            "score": round(cand.score, 4),
            "match": cand.match,
            "matched": cand.matched,
        }
        return Location(", ".join(parts), Point(p.lat, p.lon), raw)

    def _countries_named(self, text: str) -> frozenset[str]:
        """ISO codes a qualifier may mean as a country ("MX", "Mexico", "USA")."""
        t = text.strip()
        out = {c.place.country for c in self.gazetteer.lookup(t, level="country", limit=3)}
        if len(t) == 2 and t.isalpha() and self.gazetteer.country(t):
            out.add(t.upper())
        return frozenset(out)

    def candidates(
        self,
        query: str | Mapping[str, str],
        *,
        country_codes: str | Iterable[str] | None = None,
        limit: int | None = None,
    ) -> list[Candidate]:
        """The readings of ``query`` that `geocode` answers from, best first.

        A reading inside more of the query's qualifiers ("Nogales, Sonora")
        comes first, its score raised by `QUALIFIER_BONUS` per qualifier met.

        >>> [c.place.country for c in GazetteerGeocoder().candidates("Nogales, Sonora")][:1]
        ['MX']
        """
        return self._search(query, country_codes, limit)

    def _search(
        self,
        query: str | Mapping[str, str],
        country_codes: str | Iterable[str] | None,
        limit: int | None,
    ) -> list[Candidate]:
        gz = self.gazetteer
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        ccs = {c.upper() for c in country_codes or ()}
        if limit == 1 and not ccs and isinstance(query, str) and "," not in query:
            best = gz.best(query)  # one name, best only: the one-candidate read
            return [best] if best else []
        if isinstance(query, Mapping):
            fields = ("city", "county", "state", "country")
            parts = [query[f] for f in fields if query.get(f)]
        else:
            parts = [p.strip() for p in str(query).split(",") if p.strip()]
            if gz.candidates(normalize(str(query))):
                parts = [str(query)]
        if not parts:
            return []
        name, qualifiers = parts[0], parts[1:]
        cands = gz.lookup(name, limit=None)
        if ccs:
            cands = [c for c in cands if c.place.country in ccs]
        # Qualifiers ("Sonora", "AZ 85004", "USA") may each name a state or a
        # country: candidates matching more of them come first, then by rank.
        quals = []
        for q in qualifiers:
            q = " ".join(w for w in q.split() if not any(ch.isdigit() for ch in w)) or q
            quals.append((self._countries_named(q), gz.admin1_codes(q)))
        if quals:

            def met(c: Candidate) -> int:
                p = c.place
                return sum(p.country in cs or (p.admin1_code or "") in a1 for cs, a1 in quals)

            cands = sorted(
                (
                    Candidate(c.place, c.score + QUALIFIER_BONUS * met(c), c.matched, c.match)
                    for c in cands
                ),
                key=met,
                reverse=True,
            )
        return cands[:limit] if limit else cands

    # --------------------------------------------------------------- geopy API
    def geocode(
        self,
        query: str | Mapping[str, str],
        *,
        exactly_one: bool = True,
        timeout=DEFAULT_SENTINEL,
        limit: int | None = None,
        country_codes: str | Iterable[str] | None = None,
        **kwargs: object,
    ) -> Location | list[Location] | None:
        """Like ``Nominatim.geocode``; other Nominatim keywords are accepted and ignored."""
        cands = self._search(query, country_codes, 1 if exactly_one else (limit or 10))
        if not cands:
            return None
        if exactly_one:
            return self._location(cands[0])
        return [self._location(c) for c in cands]

    def reverse(
        self,
        query: Point | tuple[float, float] | str,
        *,
        exactly_one: bool = True,
        timeout=DEFAULT_SENTINEL,
        limit: int | None = None,
        **kwargs: object,
    ) -> Location | list[Location] | None:
        """The nearest city (or ``limit`` nearest cities) to a point."""
        point = Point(query) if not isinstance(query, Point) else query
        places = self.gazetteer.nearest(
            point.latitude, point.longitude, level="city", limit=1 if exactly_one else (limit or 5)
        )
        if not places:
            return None
        locs = [self._location(Candidate(p, 0.0, p.name, "name")) for p in places]
        return locs[0] if exactly_one else locs

    def place(self, place_id: str) -> Place | None:
        """The gazetteer entry behind a ``Location.raw["id"]``."""
        return self.gazetteer.get(place_id)
