"""`incidentmap read`, run as the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = shutil.which("incidentmap") or str(Path(sys.executable).with_name("incidentmap"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "read", *args], capture_output=True, text=True, cwd=cwd)


def test_jsonl_has_one_object_per_article_with_the_contract_fields(corpus_dir: Path):
    shown = os.path.relpath(corpus_dir)
    out = run(shown, "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 5
    for row in rows:
        assert {"doc", "id", "title", "outlet", "date", "date_source", "chars"} <= set(row)
        assert row["doc"].startswith(shown)
    assert [r["date"] for r in rows] == [
        None,
        "2020-07-08",
        "2011-06-10",
        "2022-01-12",
        "2021-03-30",
    ]
    assert rows[0]["date_source"] == "unknown"
    assert rows[1]["chars"] == len((corpus_dir / Path(rows[1]["doc"]).name).read_text())
    # Nothing but records on stdout; no progress bar when stderr is not a terminal.
    assert out.stderr == ""


def test_table_is_the_default_and_lists_each_file(corpus_dir: Path):
    out = run(str(corpus_dir))
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0].split()[:3] == ["doc", "date", "date_source"]
    assert len(lines) == 6
    assert "2011-06-10" in out.stdout


def test_text_flag_adds_the_article_text(tmp_path: Path):
    (tmp_path / "a.md").write_text("# Guns traced\n\nJul 8, 2020\n\nAgents lost the guns.\n")
    out = run(str(tmp_path / "a.md"), "--format", "json", "--text")
    (row,) = json.loads(out.stdout)
    assert row["text"].endswith("Agents lost the guns.\n")
    assert row["title"] == "Guns traced"


def test_skipped_inputs_are_reported_on_stderr_with_exit_status_1(corpus_dir: Path, tmp_path):
    (tmp_path / "bad.csv").write_text("headline,body\nA,B\n")
    out = run(str(corpus_dir / "001_8c67c9f5ebec74e0.txt"), str(tmp_path / "bad.csv"), "nowhere")
    assert out.returncode == 1
    assert len(out.stdout.splitlines()) == 2
    errors = out.stderr.splitlines()
    assert len(errors) == 2
    assert "bad.csv: no 'text' column (columns: 'headline', 'body')" in errors[0]
    assert "nowhere: no such file or folder" in errors[1]
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_nothing_readable_exits_2_without_a_traceback(tmp_path: Path, fmt: str):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out = run(str(tmp_path), "--format", fmt)
    assert out.returncode == 2
    assert "no articles in this folder" in out.stderr
    assert "Traceback" not in out.stderr


def test_help_explains_inputs_and_exit_status():
    out = subprocess.run([SCRIPT, "read", "--help"], capture_output=True, text=True, check=True)
    assert "--format" in out.stdout and "jsonl" in out.stdout
    assert "Exit status" in out.stdout


def test_progress_bar_shows_on_a_terminal(tmp_path: Path):
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    for i in range(50):
        (tmp_path / f"{i:02}.txt").write_text(f"Report number {i} here\n\nRifles seized.\n")
    leader, follower = pty.openpty()
    # A terminal of zero columns would give tqdm no room to draw.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen(
        [SCRIPT, "read", str(tmp_path), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = proc.communicate()
    os.close(leader)
    assert proc.returncode == 0
    assert b"reading:" in shown and b"/50 " in shown
    assert len(stdout.splitlines()) == 50
