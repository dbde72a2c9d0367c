"""Where the shipped data lives: ``schemas/`` (JSON Schemas and vocabulary).

In a wheel the folder is packaged as ``osce_cli/schemas``; in a source checkout
(editable install, tests) it is the top-level ``schemas/`` beside ``src/``.
"""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def schemas_dir() -> Path:
    package = Path(__file__).resolve().parents[1]
    packaged = package / "schemas"
    if packaged.is_dir():
        return packaged
    checkout = package.parents[1] / "schemas"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("osce is installed without its schemas/ folder")  # pragma: no cover


def vocabulary_dir() -> Path:
    return schemas_dir() / "vocabulary"
