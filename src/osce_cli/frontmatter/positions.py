"""Conversion between character offsets and 1-based line and column numbers.

Every position that leaves the library is a 1-based line and a 1-based column
counted in Unicode code points, from the top of the file. Line breaks are
``\\r\\n``, ``\\n`` or a lone ``\\r`` (as YAML and CommonMark count them).
"""

from __future__ import annotations

import bisect
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: Most files only break lines with "\n"; searching for one literal character
#: is faster than trying the three alternatives at every offset.
_NEWLINE = re.compile(r"\n")


class LineIndex:
    """Maps offsets in a text to (line, column) pairs and back."""

    __slots__ = ("_known_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._known_starts: list[int] | None = None

    @property
    def _starts(self) -> list[int]:
        # Found on first use: a file without findings is read and checked
        # without ever asking for a line number.
        starts = self._known_starts
        if starts is None:
            breaks = _LINE_BREAK if "\r" in self.text else _NEWLINE
            starts = self._known_starts = [0] + [m.end() for m in breaks.finditer(self.text)]
        return starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._starts[max(0, min(line, len(self._starts)) - 1)]

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.line_start(line)
        end = self._starts[line] if line < len(self._starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
