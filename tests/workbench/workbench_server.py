"""A real workbench: a store ingested from real articles, served by `incidentmap serve` on a
free local port, as an analyst starts it. The store is a GeoPackage file or a PostGIS database
(a ``postgresql://`` URL): the helpers take either."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
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
def serving(db: Path | str, *extra: str):
    """``incidentmap serve --db db`` on a free port until the block ends; yields (url, stderr).

    ``extra`` arguments come last: ``--who ana`` there names another analyst than "tester".
    """
    port = free_port()
    command = [sys.executable, "-m", "incidentmap.cli", "serve", "--db", str(db)]
    command += ["--port", str(port), "--who", "tester", *extra]
    log = Path(tempfile.mkdtemp(prefix="incidentmap-serve-")) / f"serve-{port}.log"
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


def make_store(tmp_path: Path, target: Path | str | None = None) -> Path | str:
    """A project store of two articles (`ARTICLE`, `HOSTILE`) in ``tmp_path/articles``,
    ingested as a user does into ``target`` (default: ``tmp_path/project.gpkg``)."""
    import incidentmap

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "border.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = target if target is not None else tmp_path / "project.gpkg"
    incidentmap.ingest([folder], db)
    return db


def query(db: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows of ``sql`` (``?`` placeholders) in the store ``db``, either backend."""
    from incidentmap.workbench.queries import connect

    con = connect(str(db))
    try:
        return [tuple(r) for r in con.execute(sql, params).fetchall()]
    finally:
        con.raw.close()


def post_correction(url: str, db: Path | str, body: dict) -> int:
    """POST one correction as the page does (its CSRF token, the event's document); the status."""
    import json
    import urllib.error
    import urllib.request

    doc_id = query(db, "SELECT doc_id FROM events WHERE id = ?", (body["key"],))[0][0]
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
