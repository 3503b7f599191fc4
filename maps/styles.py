"""How things look: colours per event type, line styles per commodity, the count ramp.

One place for the styling the layers draw with and the legend explains, so the
two cannot disagree.

>>> EVENT_COLOURS["arrest"], COMMODITY_STYLES["drugs"]["dashArray"]
('#1f77b4', '8 6')
>>> route_width(None), route_width(10.0, largest=10.0)
(2.5, 8.0)
"""

from __future__ import annotations

import math

from incidentmap.geo.records import EVENT_TYPES

#: Fill colour per event type (a categorical palette that stays apart on a pale basemap).
EVENT_COLOURS: dict[str, str] = dict(
    zip(
        EVENT_TYPES,
        (
            "#1f77b4",  # arrest
            "#ff7f0e",  # seizure
            "#ffbb78",  # raid
            "#d62728",  # killing
            "#e377c2",  # attack
            "#f7b6d2",  # kidnapping
            "#9467bd",  # indictment
            "#17becf",  # conviction
            "#9edae5",  # sentencing
            "#393b79",  # extradition
            "#637939",  # escape
            "#2ca02c",  # lawsuit
            "#8c6d31",  # ruling
            "#bcbd22",  # hearing
            "#7f7f7f",  # statement
            "#98df8a",  # law
            "#8c564b",  # trafficking
            "#aec7e8",  # meeting
            "#c5b0d5",  # report
            "#c7c7c7",  # other
        ),
        strict=True,
    )
)

#: Colour of mentioned places, drawn small and hollow so events stay in front.
MENTION_COLOUR = "#37474f"

#: Leaflet path options per route commodity: weapons and drugs differ in colour *and* dash,
#: so the difference survives a grey-scale print.
COMMODITY_STYLES: dict[str, dict[str, object]] = {
    "weapons": {"color": "#b2182b", "dashArray": None},
    "drugs": {"color": "#5e3c99", "dashArray": "8 6"},
    "money": {"color": "#1b7837", "dashArray": "2 6"},
    "people": {"color": "#e08214", "dashArray": "12 4 2 4"},
    "other": {"color": "#4d4d4d", "dashArray": "4 4"},
}

#: Route width in pixels: unknown volume, then the range volumes are spread over.
ROUTE_WIDTH_UNKNOWN = 2.5
ROUTE_WIDTH_RANGE = (2.0, 8.0)

#: Fill colours for admin areas by event count, light to dark (ColorBrewer YlOrRd).
COUNT_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")


def route_width(volume: float | None, largest: float | None = None) -> float:
    """Line width for a route carrying ``volume``, on a log scale up to ``largest``.

    >>> route_width(1.0, largest=1000.0), route_width(1000.0, largest=1000.0)
    (2.0, 8.0)
    """
    if volume is None or math.isnan(volume) or volume <= 0:
        return ROUTE_WIDTH_UNKNOWN
    low, high = ROUTE_WIDTH_RANGE
    top = max(largest or volume, volume)
    if top <= 1:
        return high
    share = math.log10(max(volume, 1.0)) / math.log10(top)
    return round(low + (high - low) * share, 2)


def count_colours(n: int) -> list[str]:
    """``n`` colours of `COUNT_COLOURS`, spread from light to dark.

    >>> count_colours(1), len(count_colours(5))
    (['#fd8d3c'], 5)
    """
    if n <= 1:
        return [COUNT_COLOURS[len(COUNT_COLOURS) // 2]]
    last = len(COUNT_COLOURS) - 1
    return [COUNT_COLOURS[round(i * last / (n - 1))] for i in range(n)]


def count_breaks(largest: int) -> list[int]:
    """Lower bounds of the count classes for areas holding at most ``largest`` events.

    Roughly geometric, so one crowded state does not wash out the rest.

    >>> count_breaks(3), count_breaks(100)
    ([1, 2, 3], [1, 3, 10, 32, 100])
    """
    if largest <= len(COUNT_COLOURS):
        return list(range(1, max(largest, 1) + 1))
    steps = len(COUNT_COLOURS) - 1
    breaks = [round(largest ** (i / steps)) for i in range(steps + 1)]
    out: list[int] = []
    for b in breaks:
        out.append(max(b, out[-1] + 1) if out else 1)
    return out
