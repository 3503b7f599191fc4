"""Files written whole or not at all: a temporary file beside the target, renamed over it.

A process killed mid-write (``kill -9``, a power cut) cannot clean up after
itself, so each temporary file's name carries the writer's process id:
``.<stem>.<pid>-<random>.tmp<suffix>``. The next write to the same target
removes the temporaries of writers that are no longer running, so a killed
export leaves nothing behind for long.

>>> from pathlib import Path
>>> with atomic_path(Path("events.geojson")) as tmp:  # doctest: +SKIP
...     tmp.write_text("{}")
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

#: What SQLite (GeoPackage) may leave beside a database file.
_SIDECARS = ("-journal", "-wal", "-shm")

#: A temporary of ours without a process id (written by an older version) is
#: removed once it is this old: no write takes an hour.
_ORPHAN_AGE_S = 3600.0


def temporary_beside(target: Path, suffix: str | None = None) -> Path:
    """A fresh temporary path beside ``target`` for this process (the suffix kept for GDAL)."""
    suffix = target.suffix if suffix is None else suffix
    return target.with_name(f".{target.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp{suffix}")


def remove_stale_temporaries(target: Path, suffix: str | None = None) -> list[Path]:
    """Remove the temporaries that killed writers left beside ``target``; return them.

    A temporary belongs to a dead writer when the process id in its name no
    longer runs (or, for a name without one, when it is over an hour old).
    Temporaries of writers still running are left alone.
    """
    suffix = target.suffix if suffix is None else suffix
    pattern = re.compile(
        rf"\.{re.escape(target.stem)}\.(?:(\d+)-)?[0-9a-f]{{8}}\.tmp{re.escape(suffix)}"
        rf"(?:{'|'.join(_SIDECARS)})?"
    )
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        pid = match.group(1)
        if pid is not None and _running(int(pid)):
            continue
        if pid is None:
            with contextlib.suppress(OSError):
                if time.time() - entry.stat().st_mtime < _ORPHAN_AGE_S:
                    continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it when the block succeeds.

    Stale temporaries of earlier, killed writes to ``target`` are removed first;
    this write's own temporary (and any SQLite sidecar) is removed whatever happens.
    """
    remove_stale_temporaries(target)
    tmp = temporary_beside(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in _SIDECARS)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
