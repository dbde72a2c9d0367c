"""What every output format takes: the options of a report and the counting words."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TextIO

from osce_cli.report.diagnostics import Report


class OutputOptions(NamedTuple):
    """How to write a report; ``color`` only matters to the text format."""

    color: bool = False
    strict: bool = False
    severities: tuple[tuple[str, str], ...] = ()  # effective severity per code (SARIF rules)


Formatter = Callable[[Report, TextIO, OutputOptions], None]


def plural(count: int, word: str, words: str = "") -> str:
    """``1 file``, ``2 files``: a count and its noun (``words`` when not just an s)."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"
