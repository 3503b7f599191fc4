"""incidentmap: turn news articles into evidence maps.

The same verbs as the ``incidentmap`` command::

    import incidentmap
    incidentmap.geocode("Ciudad Juárez")[0].place.lat

See ``incidentmap.api`` for every verb.
"""

from __future__ import annotations

__version__ = "0.1.0"

from incidentmap.api import *  # noqa: E402,F403
from incidentmap.api import __all__ as __all__  # noqa: E402
