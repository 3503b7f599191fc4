"""`read_documents`: files, folders and tables of articles in, `Document` records out.

One bad file or row is reported through ``on_problem`` and skipped; the rest
of the batch goes on. Nothing here raises for bad input.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from incidentmap.sources.decode import decode_bytes
from incidentmap.sources.document import Document
from incidentmap.sources.errors import SourceError
from incidentmap.sources.language import detect_language, normalise_language
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

#: The largest article file read by default, in bytes: 5 MB is some 800,000 words,
#: far beyond any news article; a larger "article" is a mistake or an attack that
#: would take minutes and gigabytes to analyse. ``max_bytes`` (``--max-bytes``)
#: changes it; a table of articles may be `TABLE_FACTOR` times as large, and
#: each of its rows is held to the article limit.
DEFAULT_MAX_BYTES = 5_000_000
TABLE_FACTOR = 20


def read_documents(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    on_problem: Callable[[ReadProblem], None] | None = None,
    progress: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    lang: str | None = None,
    detect: bool = True,
) -> Iterator[Document]:
    """Read the articles in ``paths``: files, and folders searched recursively.

    Folders are walked in sorted order of their relative paths, skipping hidden
    files and files of other types, so the same folder always yields the same
    documents in the same order. Each ``Document.path`` is the path as given,
    joined with the file's path inside a given folder, plus ``#<row>`` for a
    table row. A missing path, an empty folder, or a file or row that cannot be
    read is passed to ``on_problem`` (by default printed as one line on stderr)
    and skipped. ``progress`` shows a bar on stderr when it is a terminal.

    Only regular files are read (a named pipe, device or socket is skipped, so
    nothing blocks or reads forever), and an article over ``max_bytes`` (a
    table over `TABLE_FACTOR` times that) is skipped with the reason; ``None``
    lifts the limit. ``lang`` (``"en"``, ``"es"``, ...) is every document's
    language; by default a table's ``lang`` column says, else the text is
    detected (`incidentmap.sources.language.detect_language`), unless ``detect``
    is false: then ``lang`` stays None for whoever analyses the text to detect
    (`incidentmap.geo.parallel.analyse_document` does, on its worker). A name that is
    not valid UTF-8 is shown with ``\\xNN`` escapes for its
    bad bytes, so every output can be written.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> brief = "Raid in Juarez\\n\\n10 June 2011\\n\\nPolice found rifles."
    >>> _ = (folder / "raid.txt").write_text(brief)
    >>> [(d.title, d.date.isoformat(), d.lang) for d in read_documents([folder])]
    [('Raid in Juarez', '2011-06-10', 'en')]
    """
    report = on_problem or print_problem
    lang = normalise_language(lang)
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
            for doc in _read_file(shown, path, report, max_bytes):
                if lang or doc.lang or detect:
                    doc = replace(doc, lang=lang or doc.lang or detect_language(doc.text))
                if on_document := getattr(report, "document_read", None):
                    on_document(doc)
                yield doc
        except SourceError as exc:
            report(ReadProblem(shown, _without_name(str(exc), shown)))
        except RecursionError:
            report(ReadProblem(shown, "nested too deeply to read"))


def printable_path(name: str) -> str:
    """``name`` with the bytes of a file name that is not valid UTF-8 written ``\\xNN``.

    Python keeps such bytes as lone surrogates, which no UTF-8 output can hold.

    >>> printable_path(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", errors="surrogateescape")
        return raw.decode("utf-8", errors="backslashreplace")
    return name


def _special(path: Path) -> str | None:
    """What kind of special file ``path`` is (after links), or None for a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    for test, kind in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return None


def _expand(given: str) -> Iterator[tuple[str, Path] | ReadProblem]:
    path = Path(given)
    given = printable_path(given)
    special = _special(path)
    if special:
        yield ReadProblem(given, f"{special}, not a file; only regular files are read")
        return
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
        shown = os.path.join(given, printable_path(rel))
        special = _special(path / rel)
        if special:
            yield ReadProblem(shown, f"{special}, not a file; only regular files are read")
        else:
            yield shown, path / rel


def _articles_in(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(root, name).relative_to(folder).as_posix()


def _read_file(
    shown: str, path: Path, report: Callable[[ReadProblem], None], max_bytes: int | None
) -> Iterator[Document]:
    kind = SUFFIXES[path.suffix.lower()]
    table = kind in ("csv", "jsonl")
    limit = None if max_bytes is None else max_bytes * (TABLE_FACTOR if table else 1)
    data = _read_bounded(shown, path, limit)
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

        yield from read_csv(shown, decoded.text, report, max_bytes)
    else:
        from incidentmap.sources.tables import read_jsonl

        yield from read_jsonl(shown, decoded.text, report, max_bytes)


def _read_bounded(shown: str, path: Path, limit: int | None) -> bytes:
    """The bytes of the regular file ``path``, refusing one over ``limit`` bytes.

    The file is opened without blocking and checked again once open, so a file
    swapped for a pipe or a device after the folder was listed cannot hang the
    batch; at most ``limit + 1`` bytes are ever read, whatever the size says.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise SourceError(f"{shown}: cannot read it ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"{shown}: not a regular file; only regular files are read")
        if limit is not None and info.st_size > limit:
            raise SourceError(_too_large(shown, info.st_size, limit))
        try:
            if limit is None:
                data = file.read()
            else:
                # Ask for what the file holds (a buffer of the limit's size for every
                # small file costs more than reading it), then for any growth since.
                want = min(limit, info.st_size) + 1
                data = file.read(want)
                if len(data) == want and want <= limit:
                    data += file.read(limit + 1 - want)
        except OSError as exc:
            raise SourceError(f"{shown}: cannot read it ({exc.strerror})") from None
    if limit is not None and len(data) > limit:
        raise SourceError(_too_large(shown, len(data), limit))
    return data


def _too_large(shown: str, size: int, limit: int) -> str:
    return (
        f"{shown}: {_megabytes(size)}, over the {_megabytes(limit)} limit for one input; "
        "raise it with --max-bytes if this is really one article"
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _without_name(message: str, shown: str) -> str:
    # Errors raised below name the file first; the problem carries the name itself.
    prefix = f"{shown}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
