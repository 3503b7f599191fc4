"""`ProblemCounter`: a verb's skipped inputs, reported on stderr and counted for its exit status."""

from __future__ import annotations


class ProblemCounter:
    """An ``on_problem`` callback that prints each problem as one line and counts the skipped.

    Every problem is printed by `incidentmap.sources.problems.print_problem` as
    ``<prog>: skipped: ...`` (or ``note:`` for one that was still read);
    ``skipped`` counts those that left an input out.

    >>> import contextlib, io
    >>> from incidentmap.sources import ReadProblem
    >>> problems = ProblemCounter("incidentmap read")
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     problems(ReadProblem("notes.pdf", "unsupported file type '.pdf'"))
    >>> problems.skipped, problems.exit_status()
    (1, 1)
    """

    def __init__(self, prog: str) -> None:
        self.prog = prog
        self.skipped = 0

    def __call__(self, problem: object) -> None:
        from incidentmap.sources.problems import print_problem

        self.skipped += getattr(problem, "skipped", True)
        print_problem(problem, prog=self.prog)

    def exit_status(self) -> int:
        """0 when nothing was skipped, 1 when some input was."""
        return 1 if self.skipped else 0
