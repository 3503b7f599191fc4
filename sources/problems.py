"""`ReadProblem`: a file or row the reader could not use as given, reported, never raised."""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something wrong with one input, in one line a user can act on.

    ``path`` names the file or row (``"articles.csv#4"``) as the user gave it.
    ``skipped`` is ``True`` when nothing was read from it, ``False`` for a note
    about a document that was still read (say, a Latin-1 file decoded as such).

    >>> print(ReadProblem("notes.pdf", "unsupported file type '.pdf'"))
    notes.pdf: unsupported file type '.pdf'
    """

    path: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def print_problem(problem: object, prog: str = "incidentmap") -> None:
    """Report ``problem`` as one line on stderr: what the default ``on_problem`` does.

    ``problem`` is a `ReadProblem` or any printable problem with a ``skipped``
    flag (one without counts as skipped).

    ``prog`` names who is speaking, e.g. ``"incidentmap read"`` for a verb.

    >>> import contextlib, io
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     print_problem(ReadProblem("a.csv#2", "the 'text' cell is empty"), "incidentmap read")
    >>> err.getvalue()
    "incidentmap read: skipped: a.csv#2: the 'text' cell is empty\\n"
    """
    from incidentmap.sources.terminal import visible

    label = "skipped" if getattr(problem, "skipped", True) else "note"
    # One line whatever the file name or message holds (a newline, an escape sequence).
    print(f"{prog}: {label}: {visible(str(problem))}", file=sys.stderr)
