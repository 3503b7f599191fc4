"""The error this package raises for bad input, shown to users as one clear line."""

from __future__ import annotations


class SourceError(Exception):
    """A problem in reading articles and tables that the user can fix.

    The message names the file, row or value at fault and what to do about it;
    the `incidentmap` command prints it on one line and exits with status 2.
    """
