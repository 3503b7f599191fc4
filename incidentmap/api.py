"""The Python API: one function per ``incidentmap`` verb, sharing its implementation.

Heavy libraries (geopandas, folium) are imported inside the functions that
use them, so ``import incidentmap`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from os import PathLike
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gazetteer import Candidate
    from sources import Document, ReadProblem

__all__: list[str] = ["read", "geocode"]


def read(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
    *,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
) -> list[Document]:
    """Read the articles in ``paths`` (files, folders, ``.csv``/``.jsonl`` tables).

    Bad files and rows are passed to ``on_problem`` (default: one line on
    stderr) and skipped; see `sources.read_documents`, which streams instead.

    >>> import incidentmap
    >>> from sources.sample import sample_dir
    >>> docs = incidentmap.read([sample_dir()])
    >>> [(doc.outlet, str(doc.date)) for doc in docs][:2]
    [('World Socialist Web Site', '2011-06-10'), ('Bloomberg', '2020-07-08')]
    """
    from sources import read_documents

    return list(read_documents(paths, on_problem=on_problem, progress=progress))


def geocode(
    name: str,
    *,
    country: str | None = None,
    admin1: str | None = None,
    level: str | Collection[str] | None = None,
    limit: int | None = 10,
) -> list[Candidate]:
    """The places ``name`` may refer to, best first, from the offline gazetteer.

    ``country`` is an ISO2 code, ``admin1`` a state/province name or code;
    both keep only the places inside them. An unknown name gives ``[]``.

    >>> import incidentmap
    >>> incidentmap.geocode("Ciudad Juárez")[0].place.admin1
    'Chihuahua'
    """
    from gazetteer import default

    return default().lookup(name, country=country, admin1=admin1, level=level, limit=limit)
