"""One module per ``incidentmap`` verb; each has ``register(subparsers)``."""
