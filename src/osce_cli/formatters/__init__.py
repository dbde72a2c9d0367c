"""Output formats of ``osce validate``: one module per format, chosen by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TextIO

from ..diagnostics import Report


class OutputOptions(NamedTuple):
    """How to write a report; ``color`` only matters to the text format."""

    color: bool = False
    strict: bool = False
    severities: tuple[tuple[str, str], ...] = ()  # effective severity per code (SARIF rules)


Formatter = Callable[[Report, TextIO, OutputOptions], None]


def plural(count: int, word: str, words: str = "") -> str:
    """``1 file``, ``2 files``: a count and its noun (``words`` when not just an s)."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


FORMAT_NAMES: tuple[str, ...] = ("text", "json", "github", "sarif")


def get_formatter(name: str) -> Formatter:
    """The formatter for a format name (imported only when used)."""
    if name == "text":
        from .text import render
    elif name == "json":
        from .json import render
    elif name == "github":
        from .github import render
    elif name == "sarif":
        from .sarif import render
    else:
        raise ValueError(f"unknown format '{name}' (use {', '.join(FORMAT_NAMES)})")
    return render
