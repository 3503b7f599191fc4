"""Tables shown at a terminal print an article's escape sequences as text, never obey them."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from incidentmap.output import write_records
from incidentmap.sources.problems import ReadProblem, print_problem

SCRIPT = shutil.which("incidentmap") or str(Path(sys.executable).with_name("incidentmap"))
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eevil\r"


def run_in_terminal(*args: str, cwd: Path) -> tuple[int, bytes, str]:
    """Run the command with stdout on a pseudo-terminal, as a person at a shell would."""
    leader, follower = os.openpty()
    proc = subprocess.Popen(
        [SCRIPT, *args], stdout=follower, stderr=subprocess.PIPE, cwd=cwd, text=False
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed once the command exited
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    return proc.wait(timeout=300), b"".join(chunks), stderr


def test_events_table_at_a_terminal_shows_escape_sequences_as_text(tmp_path: Path):
    (tmp_path / "report.txt").write_text(
        "March 3, 2021\n\nTwo people were killed in Tijuana, Baja California"
        f" {HOSTILE} on May 2, 2020.\n",
        encoding="utf-8",
    )
    status, shown, stderr = run_in_terminal("events", "report.txt", cwd=tmp_path)
    assert status == 0, stderr
    assert b"Tijuana" in shown
    assert b"\x1b" not in shown and b"\x07" not in shown
    text = shown.decode("utf-8")
    assert "\x9b" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text
    # Only the terminal's own line endings (\r\n) remain; no bare carriage return.
    assert "\r" not in text.replace("\r\n", "")


def test_table_formatting_escapes_controls_and_keeps_columns_aligned():
    stream = io.StringIO()
    write_records([{"title": f"a{HOSTILE}b", "n": 1}, {"title": "Juárez", "n": 2}], "table", stream)
    header, first, second = stream.getvalue().splitlines()
    assert "\x1b" not in first and "\x07" not in first and "\r" not in first
    assert first.startswith("a\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202eevil\\rb")
    assert header.index("n") == second.index("2")


def test_problem_lines_name_a_hostile_file_on_one_visible_line(capsys):
    print_problem(
        ReadProblem("evil\n\x1b[2Jname.txt", "unsupported file type ''"), "incidentmap read"
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "\x1b" not in err and "evil\\n\\x1b[2Jname.txt" in err
