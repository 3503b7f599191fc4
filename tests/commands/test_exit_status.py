"""One exit rule for every verb: 0 every input read, 1 some skipped, 2 none could be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from incidentmap.cli import main

GOOD = (
    "March 3, 2021\n\nOn March 2, 2021, two people were killed in a shootout in Tijuana, "
    "Baja California.\n"
)


@pytest.fixture()
def unreadable(tmp_path: Path) -> Path:
    """A folder where nothing is an article: binary text, a named pipe, a link to a device."""
    folder = tmp_path / "scraped"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    return folder


def verb_args(verb: str, inputs: list[str], tmp_path: Path) -> list[str]:
    if verb == "map":
        return ["map", *inputs, "-o", str(tmp_path / "m.html")]
    if verb == "export":
        return ["export", *inputs, "-o", str(tmp_path / "e.geojson")]
    if verb == "ingest":
        return ["ingest", *inputs, "--db", str(tmp_path / "store.gpkg")]
    return [verb, *inputs]


VERBS = ["read", "places", "events", "routes", "map", "export", "ingest"]


@pytest.mark.parametrize("verb", VERBS)
def test_no_readable_input_exits_2(verb, unreadable, tmp_path, capsys):
    assert main(verb_args(verb, [str(unreadable)], tmp_path)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for name in ("binary.txt", "pipe.txt", "zero.txt"):
        assert sum(name in line for line in err.splitlines()) == 1, err
    # Nothing read, nothing written: no empty map, export or store to mistake for a result.
    assert not any(tmp_path.glob("m.html")) and not any(tmp_path.glob("e.geojson"))
    assert not (tmp_path / "store.gpkg").exists()


@pytest.mark.parametrize("verb", VERBS)
def test_some_input_skipped_exits_1(verb, unreadable, tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    assert main(verb_args(verb, [str(unreadable), str(good)], tmp_path)) == 1
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("verb", "option"),
    [
        ("events", "--events-csv"),
        ("routes", "--flows-csv"),
        ("map", "--events-csv"),
        ("map", "--flows-csv"),
        ("export", "--events-csv"),
        ("export", "--flows-csv"),
    ],
)
def test_a_table_that_cannot_be_read_at_all_exits_2(verb, option, tmp_path, capsys):
    table = tmp_path / "table.csv"
    table.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    assert main(verb_args(verb, [option, str(table)], tmp_path)) == 2
    err = capsys.readouterr().err
    assert "table.csv" in err and "Traceback" not in err
