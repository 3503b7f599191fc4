"""``--workers N`` and ``--scheduler ADDRESS``: the verbs that analyse articles, on more cores.

`add_parallel_arguments` adds both; `parallel_options` turns the parsed values
into the ``workers``/``scheduler`` keywords of the API verbs
(`incidentmap.geo.parallel.map_documents` does the work).
"""

from __future__ import annotations

import argparse


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of workers, 1 or more: {text!r}")
    return value


def add_parallel_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--workers N`` (default: the machine's cores) and ``--scheduler ADDRESS``."""
    group = parser.add_argument_group("parallel analysis (the output is the same)")
    group.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help=(
            "analyse articles in N processes (default: one per core; 1 analyses in this "
            "process). Fewer than 50 articles are always analysed in this process"
        ),
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=(
            "send the analysis to the Dask cluster whose scheduler is at ADDRESS, "
            "e.g. tcp://10.0.0.5:8786 (default: $DASK_SCHEDULER_ADDRESS, else this machine)"
        ),
    )


def parallel_options(args: argparse.Namespace) -> dict[str, object]:
    """The parsed ``--workers`` and ``--scheduler``, as keywords of the API verbs."""
    return {"workers": args.workers, "scheduler": args.scheduler}
