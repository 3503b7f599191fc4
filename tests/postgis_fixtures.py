"""A throwaway PostgreSQL + PostGIS server for the store and workbench tests, started and
stopped by the tests (a pytest plugin of `tests/conftest.py`).

``initdb`` into a temporary folder, ``pg_ctl start`` on a free port (its unix
socket in that folder too), a template database with PostGIS from which each
test gets a fresh database, and the server stopped at the end. The binaries
come from Debian's ``postgresql`` and ``postgis`` packages (``.ci/run``
installs them); the tests that need them skip, saying so, only when they are
absent.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

_TEMPLATE = "incidentmap_template"
_numbers = itertools.count()


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgis_server():
    """The URL prefix (``postgresql://incidentmap@127.0.0.1:PORT/``) of a running server."""
    bindir = _postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql postgis)")
    if not glob.glob(f"/usr/share/postgresql/{bindir.parent.name}/extension/postgis.control"):
        pytest.skip("PostGIS is not installed (apt-get install postgis)")
    root = Path(tempfile.mkdtemp(prefix="incidentmap-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: the package's own account runs it.
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()

    def run(*argv: str) -> None:
        subprocess.run([*as_user, *argv], check=True, capture_output=True, text=True)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "incidentmap", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(root / "log"),
        "-w",
        "start",
    )
    try:
        import psycopg

        base = f"postgresql://incidentmap@127.0.0.1:{port}/"
        with psycopg.connect(base + "postgres", autocommit=True) as db:
            db.execute(f"CREATE DATABASE {_TEMPLATE}")
        with psycopg.connect(base + _TEMPLATE, autocommit=True) as db:
            db.execute("CREATE EXTENSION postgis")
        yield base
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def postgis_url(postgis_server) -> str:
    """A fresh, empty database with PostGIS on the throwaway server."""
    import psycopg

    name = f"store_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(postgis_server + "postgres", autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name} TEMPLATE {_TEMPLATE}")
    return postgis_server + name


@pytest.fixture(params=["gpkg", "postgis"])
def store_target(request, tmp_path) -> str:
    """Where a project store goes: a GeoPackage file, then a PostGIS database."""
    if request.param == "gpkg":
        return str(tmp_path / "project.gpkg")
    return request.getfixturevalue("postgis_url")
