"""`read_documents`: files, folders and tables of articles in, `Document` records out.

One bad file or row is reported through ``on_problem`` and skipped; the rest
of the batch goes on. Nothing here raises for bad input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from incidentmap.sources.decode import decode_bytes
from incidentmap.sources.document import Document
from incidentmap.sources.errors import SourceError
from incidentmap.sources.problems import ReadProblem, print_problem

#: File types read, by suffix (lower case), and the kind of input each is.
SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".jsonl": "jsonl",
}
_LISTED = ", ".join(SUFFIXES)


def read_documents(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
) -> Iterator[Document]:
    """Read the articles in ``paths``: files, and folders searched recursively.

    Folders are walked in sorted order of their relative paths, skipping hidden
    files and files of other types, so the same folder always yields the same
    documents in the same order. Each ``Document.path`` is the path as given,
    joined with the file's path inside a given folder, plus ``#<row>`` for a
    table row. A missing path, an empty folder, or a file or row that cannot be
    read is passed to ``on_problem`` (by default printed as one line on stderr)
    and skipped. ``progress`` shows a bar on stderr when it is a terminal.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> brief = "Raid in Juarez\\n\\n10 June 2011\\n\\nPolice found rifles."
    >>> _ = (folder / "raid.txt").write_text(brief)
    >>> [(d.title, d.date.isoformat()) for d in read_documents([folder])]
    [('Raid in Juarez', '2011-06-10')]
    """
    report = on_problem or print_problem
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    jobs: list[tuple[str, Path] | ReadProblem] = []
    for given in paths:
        jobs.extend(_expand(os.fspath(given)))
    from tqdm import tqdm

    bar = tqdm(
        jobs,
        desc="reading",
        unit="file",
        file=sys.stderr,
        leave=False,
        disable=None if progress else True,
    )
    for job in bar:
        if isinstance(job, ReadProblem):
            report(job)
            continue
        shown, path = job
        try:
            yield from _read_file(shown, path, report)
        except SourceError as exc:
            report(ReadProblem(shown, _without_name(str(exc), shown)))


def _expand(given: str) -> Iterator[tuple[str, Path] | ReadProblem]:
    path = Path(given)
    if path.is_file():
        if path.suffix.lower() in SUFFIXES:
            yield given, path
        else:
            yield ReadProblem(
                given,
                f"unsupported file type {path.suffix or '(none)'!r}; articles must be {_LISTED}",
            )
        return
    if not path.is_dir():
        if "://" in given:
            # incidentmap never goes online; say so rather than "no such file".
            message = "URLs are not fetched (incidentmap works offline); save the page and read it"
        else:
            message = "no such file or folder"
        yield ReadProblem(given, message)
        return
    found = sorted(_articles_in(path), key=lambda rel: rel.split("/"))
    if not found:
        yield ReadProblem(given, f"no articles in this folder (looked for {_LISTED} files)")
    for rel in found:
        yield os.path.join(given, rel), path / rel


def _articles_in(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(root, name).relative_to(folder).as_posix()


def _read_file(shown: str, path: Path, report: Callable[[ReadProblem], None]) -> Iterator[Document]:
    kind = SUFFIXES[path.suffix.lower()]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{shown}: cannot read it ({exc.strerror})") from None
    decoded = decode_bytes(data, shown)
    if decoded.note:
        report(ReadProblem(shown, decoded.note, skipped=False))
    if kind in ("text", "markdown"):
        from incidentmap.sources.text import read_text

        yield read_text(shown, decoded.text, markdown=kind == "markdown")
    elif kind == "html":
        from incidentmap.sources.webpages import read_html

        yield read_html(shown, decoded.text)
    elif kind == "csv":
        from incidentmap.sources.tables import read_csv

        yield from read_csv(shown, decoded.text, report)
    else:
        from incidentmap.sources.tables import read_jsonl

        yield from read_jsonl(shown, decoded.text, report)


def _without_name(message: str, shown: str) -> str:
    # Errors raised below name the file first; the problem carries the name itself.
    prefix = f"{shown}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
