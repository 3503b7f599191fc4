"""What a shared map or export names an article by: never a path on the user's machine.

Records keep ``doc`` as the path the reader saw (``/home/ana/cases/briefs/a.md``), which
is right on the user's own screen and wrong in a file that is mailed: it tells strangers
how the user's disk is laid out. A map or an export names each article by its title,
outlet, date and URL, and by its file relative to what the user passed: the folder's
own name and the path inside it (``briefs/a.md``; ``sample/a.md`` for the bundled
briefs), or the file's name. A path given relative and inside the working folder is
kept as typed; any other absolute path (from a project store, say) is cut to its file
name.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from os import PathLike
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd

#: The frame columns that may hold a document's path.
PATH_COLUMNS = ("doc", "source", "docs")


def shown_path(path: str, given: Iterable[str | PathLike[str]] = ()) -> str:
    """``path`` as a shared map shows it, relative to the argument ``given`` it came from.

    >>> shown_path("/home/ana/cases/briefs/2011/a.md", ["/home/ana/cases/briefs"])
    'briefs/2011/a.md'
    >>> shown_path("/home/ana/traces.csv#4", ["/home/ana/traces.csv"])
    'traces.csv#4'
    >>> shown_path("articles/a.md", ["articles/"])
    'articles/a.md'
    >>> shown_path("/srv/store/old.md"), shown_path("https://example.org/a")
    ('old.md', 'https://example.org/a')
    """
    if "://" in path:
        return path
    for arg in given:
        arg = os.fspath(arg)
        inside = _inside(path, arg)
        if inside is not None:
            if not _private(arg):
                return path
            name = _name(arg)
            return f"{name}/{inside}" if inside and not inside.startswith("#") else name + inside
    if not _private(path):
        return path
    file, hash_, row = path.partition("#")
    return _name(file) + hash_ + row


def shown_frame(
    frame: gpd.GeoDataFrame, given: Iterable[str | PathLike[str]] = ()
) -> gpd.GeoDataFrame:
    """``frame`` with the paths in ``doc``, ``source`` and ``docs`` made `shown_path`'s.

    >>> import geopandas as gpd
    >>> f = gpd.GeoDataFrame({"doc": ["/home/ana/briefs/a.md"], "source": [None],
    ...                       "docs": ["/home/ana/briefs/a.md; /srv/b.md"]}, geometry=[None])
    >>> shown_frame(f, ["/home/ana/briefs"]).iloc[0][["doc", "docs"]].tolist()
    ['briefs/a.md', 'briefs/a.md; b.md']
    """
    given = [os.fspath(g) for g in given]
    seen: dict[str, str] = {}

    def show(cell: object) -> object:
        if not isinstance(cell, str) or not cell:
            return cell
        if cell not in seen:
            seen[cell] = "; ".join(shown_path(p, given) for p in cell.split("; "))
        return seen[cell]

    out = frame.copy()
    for column in PATH_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(show).astype(object)
    return out


def _private(path: str) -> bool:
    """Whether ``path`` says more than the user typed about their disk: absolute, or above."""
    return os.path.isabs(path) or ".." in path.replace("\\", "/").split("/")


def _inside(path: str, arg: str) -> str | None:
    """The part of ``path`` below the given ``arg`` ("" for ``arg`` itself), else None."""
    base = arg.rstrip("/\\") or arg
    if path == base or path.startswith(base + "#"):
        return path[len(base) :]
    for sep in ("/", os.sep):
        if path.startswith(base + sep):
            return path[len(base) + 1 :].replace(os.sep, "/")
    return None


def _name(path: str) -> str:
    """The last part of ``path``: a folder's or file's own name."""
    trimmed = path.rstrip("/\\")
    name = posixpath.basename(trimmed.replace("\\", "/"))
    if name in ("", ".", ".."):
        name = os.path.basename(os.path.abspath(trimmed or path))
    return name or "."
