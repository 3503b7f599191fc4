"""``incidentmap eval`` outside the clone: one line that says where the shared data is
expected and how to point at it, never a raw ``[Errno 2]``; pointed at it, it runs."""

from __future__ import annotations

import os
import subprocess

import pytest


def run(*args: str, cwd, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "INCIDENTMAP_DATA"}
    return subprocess.run(
        ["incidentmap", "eval", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        env={**environ, **env},
    )


@pytest.mark.parametrize("corpus", ["seed", "tr-news", "news-dev"])
def test_outside_the_clone_eval_says_where_the_data_is_expected(corpus, tmp_path):
    done = run("--corpus", corpus, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Errno" not in lines[0] and "Traceback" not in lines[0]
    assert "../shared" in lines[0]
    assert "--data DIR" in lines[0] and "INCIDENTMAP_DATA" in lines[0]


def test_eval_finds_the_data_it_is_pointed_at(corpus_dir, tmp_path):
    shared = str(corpus_dir.parent)
    by_option = run("--corpus", "seed", "--data", shared, "--format", "json", cwd=tmp_path)
    assert by_option.returncode == 0, by_option.stderr
    assert '"corpus": "seed"' in by_option.stdout
    by_env = run("--corpus", "seed", "--format", "json", cwd=tmp_path, INCIDENTMAP_DATA=shared)
    assert by_env.returncode == 0, by_env.stderr
    assert by_env.stdout == by_option.stdout
