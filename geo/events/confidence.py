"""How sure an extracted event is: a logistic model over what placed and dated it.

The weights live in ``confidence.toml`` beside this module, fitted on the
news-dev set by ``python -m incidentmap.geo.events.fit_confidence`` (a
logistic regression over the features below), so that a score means what it
says: of the events scored 0.8 or more, about 80 % or more are right.

>>> features(type("E", (), {"type": "arrest", "place_source": "clause", "precision": "day",
...     "place": None, "quantity": None, "people": (), "fatalities": None})(), "x")["clause"]
1.0
"""

from __future__ import annotations

import functools
import math
import tomllib
from importlib import resources

from incidentmap.geo.records import Event

#: Type groups: the model learns one weight per group, not per type.
TYPE_GROUPS = {
    "arrest": "field",
    "seizure": "field",
    "raid": "field",
    "killing": "violence",
    "attack": "violence",
    "kidnapping": "violence",
    "indictment": "court",
    "conviction": "court",
    "sentencing": "court",
    "hearing": "court",
    "ruling": "court",
    "lawsuit": "court",
    "extradition": "transfer",
    "escape": "transfer",
}
FEATURES = (
    "bias",
    "clause",
    "sentence",
    "dateline",
    "context",
    "document",
    "dated",
    "field",
    "violence",
    "court",
    "transfer",
    "country_level",
    "counted",
    "named",
)


def features(event: Event, sentence: str) -> dict[str, float]:
    """The model's inputs for one event."""
    out = dict.fromkeys(FEATURES, 0.0)
    out["bias"] = 1.0
    if event.place_source in ("clause", "sentence", "dateline", "context", "document"):
        out[event.place_source] = 1.0
    out["dated"] = float(event.precision != "unknown")
    group = TYPE_GROUPS.get(event.type)
    if group:
        out[group] = 1.0
    place = event.place
    out["country_level"] = float(place is not None and place.level == "country")
    out["counted"] = float(event.quantity is not None or event.fatalities is not None)
    out["named"] = float(bool(event.people))
    return out


@functools.cache
def weights() -> dict[str, float]:
    """The fitted weights (``confidence.toml``)."""
    text = resources.files("incidentmap.geo.events").joinpath("confidence.toml")
    data = tomllib.loads(text.read_text(encoding="utf-8"))
    return {k: float(data["weights"].get(k, 0.0)) for k in FEATURES}


def score_event(event: Event, sentence: str) -> float:
    """The event's confidence in 0–1, rounded to two places."""
    w = weights()
    z = sum(w[k] * v for k, v in features(event, sentence).items())
    return round(1.0 / (1.0 + math.exp(-z)), 2)
