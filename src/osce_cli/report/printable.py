"""Text from release files and file names, made safe to write out.

Each escape is defined here once, and applied where text leaves osce, never
in the messages themselves: to a whole report by `formatters.get_formatter`,
to each message written to stderr, and to each export as it is written
(`export.job.written_text`).

- A file name that is not UTF-8 reaches Python with each byte it cannot
  decode held as a lone surrogate (U+DC80 to U+DCFF, "surrogateescape").
  :func:`encodable` shows each such byte as ``\\xHH``, as Python's
  ``backslashreplace`` shows bytes it cannot decode (any other lone surrogate
  as ``\\udXXX``), so that every output is valid UTF-8.
- :func:`printable` also shows the characters a terminal or a CI log acts on
  as escapes: the C0 and C1 control characters and DEL (``\\n``, ``\\r``,
  ``\\t``, ``\\x1b``...), the Unicode line and paragraph separators, and the
  bidirectional embeddings, overrides and isolates that reorder what is shown
  (``\\u2028``, ``\\u202e``...). Such text stays on its one line and shows what
  it holds: it cannot start a GitHub Actions workflow command, forge a
  ``path:line:col:`` line for a problem matcher or drive the terminal.
- :func:`without_controls` is the escape of exported pages and text, which
  keep their tabs and line breaks, and their bidirectional controls, which
  right-to-left text needs.
"""

from __future__ import annotations

import re

_SURROGATES = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def encodable(text: str) -> str:
    """``text`` with the bytes that were not UTF-8 shown as ``\\xHH``: always valid UTF-8."""
    if _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub(_escape, text)


def encodable_json(text: str) -> str:
    """JSON text with any lone surrogate in its strings written as the JSON of `encodable`."""
    if _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub(lambda match: "\\" + _escape(match), text)


def file_name_bytes(text: str) -> bytes:
    """The bytes of a file name as the file system has them (for a URI of the file)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no undecodable byte stands for
        return encodable(text).encode("utf-8")


def printable(text: str) -> str:
    """``text`` on one line, with what a terminal or CI acts on shown as escapes."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def without_controls(text: str) -> str:
    """``text`` with control characters but tabs and line feeds shown as escapes."""
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(_escape, text)
