"""`ProblemCounter`: a verb's skipped inputs, reported on stderr and counted for its exit status.

Every verb that reads articles ends with one rule (`EXIT_STATUS_HELP`):
0 when every input was read, 1 when some were skipped (each named on stderr
with the reason), 2 when none could be read. Verbs also take ``--max-bytes``
(`add_max_bytes_argument`), the size above which one article is skipped.
"""

from __future__ import annotations

import argparse

#: The exit-status rule every verb that reads articles follows, for its --help.
EXIT_STATUS_HELP = (
    "Exit status: 0 every input read; 1 some inputs skipped (each named on stderr with "
    "the reason, one line each); 2 none could be read."
)


def add_max_bytes_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-bytes N``: the size above which an article file or row is skipped."""
    from incidentmap.sources.read import DEFAULT_MAX_BYTES, TABLE_FACTOR

    parser.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=(
            "skip an article over N bytes (default %(default)s; a .csv/.jsonl table may "
            f"be {TABLE_FACTOR} times that, each row at most N; 0 for no limit). Special "
            "files (named pipes, devices, sockets) are always skipped"
        ),
    )


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang CODE``: every article's language, instead of detecting it per article."""
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help=(
            "the articles' language (en, es): read every article as this language instead "
            "of detecting it per article (a table's 'lang' column, else the text)"
        ),
    )


def _size(text: str) -> int | None:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of bytes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("a size cannot be negative")
    return value or None


class ProblemCounter:
    """An ``on_problem`` callback that prints each problem as one line and counts the skipped.

    Every problem is printed by `incidentmap.sources.problems.print_problem` as
    ``<prog>: skipped: ...`` (or ``note:`` for one that was still read);
    ``skipped`` counts those that left an input out, ``read`` the articles
    `incidentmap.sources.read_documents` read (it calls ``document_read``).

    >>> import contextlib, io
    >>> from incidentmap.sources import ReadProblem
    >>> problems = ProblemCounter("incidentmap read")
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     problems(ReadProblem("notes.pdf", "unsupported file type '.pdf'"))
    >>> problems.skipped, problems.exit_status()
    (1, 2)
    """

    def __init__(self, prog: str) -> None:
        self.prog = prog
        self.skipped = 0
        self.read = 0
        self._skipped_paths: set[str] = set()

    def __call__(self, problem: object) -> None:
        from incidentmap.sources.problems import print_problem

        skipped = getattr(problem, "skipped", True)
        self.skipped += skipped
        # A whole input left out (a row of a table has its own ``row``).
        if skipped and getattr(problem, "row", None) is None and hasattr(problem, "path"):
            self._skipped_paths.add(str(problem.path))  # type: ignore[attr-defined]
        print_problem(problem, prog=self.prog)

    def any_read(self, *inputs: object) -> bool:
        """Whether any of ``inputs`` (``--db``, ``--events-csv``... None when not given) was read.

        A curated table counts as read unless it was skipped whole (a bad row
        is reported as ``table.csv#4``, the table itself as ``table.csv``).
        """
        return any(x is not None and str(x) not in self._skipped_paths for x in inputs)

    def document_read(self, _document: object) -> None:
        """Count one article read (called by the reader for each)."""
        self.read += 1

    def exit_status(self, *, other_input: bool = False) -> int:
        """0 when nothing was skipped, 1 when some input was, 2 when nothing was read.

        ``other_input`` says something besides articles was read (a project
        store, a curated table's rows), so skipped articles leave 1, not 2.
        """
        if not self.skipped:
            return 0
        return 1 if self.read or other_input else 2
