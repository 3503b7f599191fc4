"""How fast `read_documents` reads: many small articles, and single 50 MB files.

Run: ``python benchmarks/sources_read.py`` (writes generated files to a temp folder).
"""

from __future__ import annotations

import csv
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from incidentmap.sources import read_documents

PARAGRAPH = (
    "Police in Ciudad Juárez seized {n} rifles bought in Arizona, officials said on day {n}."
)


def article(n: int, paragraphs: int = 8) -> str:
    body = "\n\n".join(PARAGRAPH.format(n=n + i) for i in range(paragraphs))
    return f"Rifles seized, report {n}\n\nMarch 30, 2021\n\n{body}\n"


def big_text(size: int) -> str:
    parts, total, n = [], 0, 0
    while total < size:
        part = PARAGRAPH.format(n=n) + "\n\n"
        parts.append(part)
        total += len(part.encode())
        n += 1
    return "Rifles seized\n\nMarch 30, 2021\n\n" + "".join(parts)


def timed(label: str, paths: list[Path], megabytes: float) -> None:
    problems: list = []
    started = time.perf_counter()
    docs = list(read_documents(paths, on_problem=problems.append, max_bytes=None))
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:28} {len(docs):6} docs {took:7.2f} s {megabytes / took:7.1f} MB/s"
        f"  {len(problems)} problems  peak RSS {peak:,.0f} MB"
    )


def write(path: Path, writer: Callable[[Path], None]) -> tuple[list[Path], float]:
    writer(path)
    return [path], path.stat().st_size / 1e6


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "articles"
        folder.mkdir()
        for n in range(2000):
            (folder / f"{n:05}.txt").write_text(article(n), encoding="utf-8")
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        list(
            read_documents([folder / "00000.txt"], max_bytes=None)
        )  # load dateparser once, outside the timing
        timed("2,000 small .txt files", [folder], size)

        text = big_text(50_000_000)
        timed("50 MB .txt (UTF-8)", *write(root / "big.txt", lambda p: p.write_text(text)))
        timed(
            "50 MB .txt (Latin-1)",
            *write(root / "latin.txt", lambda p: p.write_text(text, encoding="latin-1")),
        )

        def table(path: Path) -> None:
            with path.open("w", newline="", encoding="utf-8") as f:
                rows = csv.writer(f)
                rows.writerow(["text", "date"])
                for n in range(50_000_000 // 1000):
                    rows.writerow([article(n, paragraphs=10)[:1000], "2021-03-30"])

        timed("50 MB .csv (50k rows)", *write(root / "rows.csv", table))
        page = "".join(f"<p>{PARAGRAPH.format(n=n)}</p>\n" for n in range(550_000))
        timed(
            "50 MB .html",
            *write(root / "big.html", lambda p: p.write_text(f"<html><body>{page}</body></html>")),
        )


if __name__ == "__main__":
    main()
