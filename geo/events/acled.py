"""Our event types as ACLED's ``event_type`` / ``sub_event_type``, so exports sit beside ACLED data.

The table is data (``acled.toml`` beside this module). Seizures of weapons
are ACLED's "Disrupted weapons use"; seizures of anything else are "Other".

>>> acled_types("arrest")
('Strategic developments', 'Arrests')
>>> acled_types("seizure", "AK-47 rifles")
('Strategic developments', 'Disrupted weapons use')
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

_WEAPONS = re.compile(
    r"weapon|gun|firearm|rifle|pistol|revolver|ammunition|round|cartridge|magazine|grenade"
    r"|explosive|AK-47|AR-15|arma|fusil|cartucho|cargador",
    re.IGNORECASE,
)


@functools.cache
def _table() -> dict[str, tuple[str, str]]:
    text = resources.files("incidentmap.geo.events").joinpath("acled.toml").read_text("utf-8")
    return {k: (v["event_type"], v["sub_event_type"]) for k, v in tomllib.loads(text).items()}


def acled_types(event_type: str, item: str | None = None) -> tuple[str, str]:
    """ACLED's event type and sub-event type for one of ours (``item``: what was seized)."""
    if event_type == "seizure" and item and not _WEAPONS.search(item):
        return ("Strategic developments", "Other")
    return _table().get(event_type, ("Strategic developments", "Other"))
