"""One project store interface, two backends, chosen by what ``--db`` names.

- a file name (``project.gpkg``): `incidentmap.geo.store.Store`, one GeoPackage;
- a URL (``postgresql://user@host:5432/dbname``):
  `incidentmap.geo.postgis_store.PostgisStore`, tables in a PostGIS database.

Both answer ``has``, ``add``, ``ingest``, ``documents`` and
``load(kinds, years=, cases=)`` with the same tables and the same rules.

>>> with open_store("project.gpkg") as store:  # doctest: +SKIP
...     frame = store.load(kinds=["event"], years=(2011, 2011))
"""

from __future__ import annotations

import os

from incidentmap.geo.errors import GeoError
from incidentmap.geo.postgis_store import PostgisStore, is_database_url
from incidentmap.geo.store import Store


def open_store(target: str | os.PathLike[str], *, create: bool = True) -> Store | PostgisStore:
    """The project store ``target`` names: a PostGIS database for a ``postgresql://`` URL,
    else a GeoPackage file. ``create=False`` refuses a GeoPackage that does not exist yet
    (a verb that only reads a store), naming the command that makes one."""
    if is_database_url(target):
        return PostgisStore(str(target))
    if not create and not os.path.isfile(target):
        raise GeoError(
            f"no project store at {os.fspath(target)!r}; make one with "
            f"'incidentmap ingest PATH... --db {os.fspath(target)}'"
        )
    return Store(target)
