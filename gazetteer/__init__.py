"""The bundled, offline gazetteer (GeoNames, CC-BY 4.0) and its lookup.

Imports none of incidentmap's other packages.
"""
