"""The command's frame: help, version, and one line for a missing verb."""

from __future__ import annotations

import subprocess
import sys

from incidentmap.cli import VERBS, build_parser, main


def test_help_lists_every_registered_verb(capsys):
    parser = build_parser()
    text = parser.format_help()
    assert "usage: incidentmap" in text
    for action in parser._subparsers._group_actions:  # noqa: SLF001
        for verb in action.choices:
            assert verb in VERBS
            assert verb in text


def test_version_runs_as_a_console_command():
    out = subprocess.run(
        [sys.executable, "-m", "incidentmap.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("incidentmap ")


def test_no_verb_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "usage: incidentmap" in capsys.readouterr().err
