"""osce: scaffold, validate and export OSCE press releases kept in git."""

__version__ = "0.1.0"
