"""Every verb on a folder of hostile files beside one good article, through the real command.

The corpus is what analysts' scrapes hold (issue 15): broken exports, odd file
names, huge pages, a named pipe, a link to a device, a spreadsheet formula as
a title. Whatever the verb, the run must end with no traceback, one line on
stderr for each file it skipped (naming it), the good article's records in
the output, and exit status 1 (some inputs skipped).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = shutil.which("incidentmap") or str(Path(sys.executable).with_name("incidentmap"))
_PAYLOAD = re.compile(r'IncidentMap\.load\(\w+, "([^"]+)"\)')
MAX_BYTES = 1_000_000
GOOD = (
    "Police Report\n\nMarch 3, 2021\n\nOn March 2, 2021, soldiers seized 400 kilograms of "
    "cocaine in Culiacán, Sinaloa. Two people were killed in a shootout in Tijuana, "
    "Baja California.\n"
)
FORMULA = '=HYPERLINK("http://example.invalid/x","click")'
BAD_NAME = os.fsdecode(b"nota-\xff\xfe-utf8.txt")

#: Files that cannot be read at all: each is named on exactly one stderr line.
SKIPPED = ("nested.jsonl", "pipe.txt", "zero.txt", "huge.txt", "binary.txt")
#: Hostile but readable: read (perhaps with one note), never a traceback.
READ = (
    "surrogate.jsonl",
    "bignum.jsonl",
    "days.txt",
    "blank.txt",
    "broken.txt",
    "utf16.txt",
    "deep.html",
    "formula.jsonl",
)


@pytest.fixture(scope="module")
def scraped(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "scraped"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    # A JSONL row holding a lone surrogate escape, which UTF-8 cannot encode.
    (folder / "surrogate.jsonl").write_text(
        '{"title": "Mal \\ud800 dato", "text": "Three people were killed in Reynosa, '
        'Tamaulipas \\udc00 on May 2, 2020.", "date": "2020-05-03"}\n',
        encoding="utf-8",
    )
    (folder / "nested.jsonl").write_text("[" * 200_000 + "]" * 200_000 + "\n")
    (folder / "bignum.jsonl").write_text('{"text": ' + "9" * 5000 + "}\n")
    (folder.parent / "binary.csv").write_bytes(os.urandom(4000) + b"\x00" * 10)
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (folder / os.fsencode(BAD_NAME).decode("utf-8", "surrogateescape")).write_text(
        "March 3, 2021\n\nA shooting in Monterrey, Nuevo León, left one dead.\n"
    )
    (folder / "days.txt").write_text(
        "March 3, 2021\n\nA man was killed in Acapulco, Guerrero 1000000 days ago, "
        "and another 99999999999 days ago.\n"
    )
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "huge.txt").write_text("Tijuana " * (MAX_BYTES // 8 + 10_000))
    (folder / "blank.txt").write_text(
        "\n" * 200_000
        + "Police killed a man in Morelia, Michoacán on May 2, 2020.\n"
        + "\n" * 200_000
    )
    (folder / "broken.txt").write_bytes(
        "Gunmen killed two men in Ciudad Juárez, Chihuahua on May 2, 2020.".encode()
        + b" \xff\xfe\xc3 end.\n"
    )
    (folder / "utf16.txt").write_bytes(
        "Two people were killed in Guadalajara, Jalisco on May 2, 2020.\n".encode("utf-16-le")
    )
    (folder / "deep.html").write_text(
        "<html><body>"
        + "<div>" * 10_000
        + "<p>Soldiers were killed in Matamoros, Tamaulipas on May 2, 2020.</p>"
        + "</div>" * 10_000
        + "</body></html>"
    )
    (folder / "formula.jsonl").write_text(
        json.dumps(
            {
                "title": FORMULA,
                "text": "Two people were killed in Nogales, Sonora on May 2, 2020.",
                "date": "2020-05-03",
            }
        )
        + "\n"
    )
    return folder


def run(verb: str, scraped: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str]:
    """Run ``verb`` on the folder; return the process and what it wrote (stdout or file)."""
    table = str(scraped.parent / "binary.csv")
    args = [verb, str(scraped), "--max-bytes", str(MAX_BYTES)]
    output = None
    if verb in ("read", "places", "events", "routes"):
        args += ["--format", "csv"]
    if verb == "events":
        args += ["--events-csv", table]
    if verb == "routes":
        args += ["--flows-csv", table]
    if verb in ("map", "export"):
        output = tmp_path / ("map.html" if verb == "map" else "evidence.geojson")
        args += ["-o", str(output), "--events-csv", table]
    if verb == "ingest":
        output = tmp_path / "project.gpkg"
        args += ["--db", str(output)]
    proc = subprocess.run(
        [SCRIPT, *args], capture_output=True, text=True, errors="replace", timeout=120
    )
    if output is None:
        return proc, proc.stdout
    if verb == "ingest":
        with sqlite3.connect(output) as db:
            docs = [r[0] for r in db.execute("SELECT doc FROM documents")]
            places = [r[0] for r in db.execute("SELECT place FROM events")]
        return proc, "\n".join(docs + [p or "" for p in places])
    if verb == "map":
        from incidentmap.maps.payload import unpack

        html = output.read_text(encoding="utf-8")
        # The records travel in the page as packed data; what the page shows is its strings.
        return proc, "\n".join(map(str, unpack(_PAYLOAD.search(html).group(1))["strings"]))
    return proc, output.read_text(encoding="utf-8")


@pytest.mark.parametrize("verb", ["read", "places", "events", "routes", "map", "export", "ingest"])
def test_every_verb_survives_the_hostile_folder(verb: str, scraped: Path, tmp_path: Path):
    proc, written = run(verb, scraped, tmp_path)
    err = proc.stderr
    assert "Traceback" not in err, err
    assert proc.returncode == 1, err
    lines = err.splitlines()
    for name in SKIPPED:
        naming = [line for line in lines if name in line]
        assert len(naming) == 1 and "skipped" in naming[0], (name, err)
    for name in READ:
        assert sum(name in line for line in lines) <= 1, (name, err)
        assert not any(name in line and "skipped" in line for line in lines), (name, err)
    if verb in ("events", "map", "export"):
        assert sum("binary.csv" in line for line in lines) == 1, err
    # The good article's records are there (routes: it reports no flow, but is read).
    if verb != "routes":
        assert "good.txt" in written, err
    if verb in ("places", "events", "export", "ingest", "map"):
        assert "Culiac" in written or "Tijuana" in written
    if verb in ("read", "places", "events"):
        # Readable hostile files give their records too, decoded right.
        assert "Juįrez" not in written
    if verb in ("read", "events"):
        # A formula for a title arrives in the CSV as text a spreadsheet will not run.
        titles = {row["title"] for row in csv.DictReader(io.StringIO(written))}
        assert "'" + FORMULA in titles and FORMULA not in titles
    if verb == "places":
        for place in ("Ciudad Juárez", "Guadalajara", "Matamoros", "Morelia", "Monterrey"):
            assert place in written, place
