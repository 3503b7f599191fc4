"""Maintainer scripts that (re)generate the reviewed fact tables in ``gazetteer/data``."""
