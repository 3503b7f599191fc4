"""The Python API: one function per ``incidentmap`` verb, sharing its implementation.

Heavy libraries (geopandas, folium) are imported inside the functions that
use them, so ``import incidentmap`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from os import PathLike
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sources import Document, ReadProblem

__all__: list[str] = ["read"]


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
    >>> docs = incidentmap.read(["articles/", "more/rows.csv"])  # doctest: +SKIP
    >>> [(doc.path, doc.date, doc.date_source) for doc in docs]  # doctest: +SKIP
    [('articles/a.txt', datetime.date(2020, 7, 8), 'text'), ...]
    """
    from sources import read_documents

    return list(read_documents(paths, on_problem=on_problem, progress=progress))
