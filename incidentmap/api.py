"""The Python API: one function per ``incidentmap`` verb, sharing its implementation.

Heavy libraries (geopandas, folium) are imported inside the functions that
use them, so ``import incidentmap`` stays fast.
"""

from __future__ import annotations

__all__: list[str] = []
