"""A real workbench: a store ingested from real articles, served by `incidentmap serve` on a
free local port, as an analyst starts it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ARTICLE = (
    "Gunmen shot dead two police officers in Paris on Friday, March 3, 2023, officials said.\n\n"
    "Police arrested three men in Laredo, Texas, on March 5, 2023. Agents seized 40 rifles in "
    "Nogales, Arizona, on Monday. A truck carrying 200 rifles was stopped at a checkpoint near "
    "Reynosa, Tamaulipas, on March 7, 2023.\n"
)
#: An article whose text holds markup that must show as text and never run.
HOSTILE = (
    "Police arrested a man in El Paso, Texas. <script>window.__pwned = 1</script>"
    '<img src=x onerror="window.__pwned = 2"> He was held at the county jail.\n'
)
MISSED = "A truck carrying 200 rifles was stopped at a checkpoint near Reynosa, Tamaulipas"


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path, *extra: str):
    """``incidentmap serve --db db`` on a free port until the block ends; yields (url, stderr)."""
    port = free_port()
    command = [sys.executable, "-m", "incidentmap.cli", "serve", "--db", str(db)]
    command += ["--port", str(port), "--who", "tester", *extra]
    log = db.parent / f"serve-{port}.log"
    with open(log, "w") as err:
        proc = subprocess.Popen(command, stderr=err, env={**os.environ, "NO_COLOR": "1"})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                break
            if proc.poll() is not None:
                raise RuntimeError(log.read_text())
            time.sleep(0.2)
        else:
            raise RuntimeError("the workbench did not start: " + log.read_text())
        yield f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def make_store(tmp_path: Path) -> Path:
    """A project store of two articles (`ARTICLE`, `HOSTILE`), ingested as a user does."""
    import incidentmap

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "border.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "project.gpkg"
    incidentmap.ingest([folder], db)
    return db


def post_correction(url: str, db: Path, body: dict) -> int:
    """POST one correction as the page does (its CSRF token, the event's document); the status."""
    import json
    import sqlite3
    import urllib.error
    import urllib.request

    with contextlib.closing(sqlite3.connect(db)) as con:
        row = con.execute("SELECT doc_id FROM events WHERE id = ?", (body["key"],)).fetchone()
    doc_id = row[0]
    page = urllib.request.urlopen(f"{url}/doc/{doc_id}", timeout=20).read().decode()
    csrf = page.split("name='csrf-token' content='")[1].split("'")[0]
    request = urllib.request.Request(
        url + "/api/correct",
        data=json.dumps({**body, "doc_id": doc_id}).encode(),
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
