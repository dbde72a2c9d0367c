"""Writing YAML scalars and the front matter block, quoted only when needed.

A value is written plain when a YAML 1.2 reader gives back exactly the same
text; otherwise it is double-quoted with YAML escapes. Used by the fixer
(to replace one value in its own style) and by the scaffold (a new file).
"""

from __future__ import annotations

from collections.abc import Sequence

from .yamlnodes import resolve_plain

_INDICATORS = tuple("[]{}&*!|>'\"%@`#,?:-")


def plain_is_safe(text: str) -> bool:
    """Would ``text`` written unquoted be read back as the same text?"""
    return not (
        not text
        or text != text.strip()
        or text.startswith(_INDICATORS)
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or any(ch in text for ch in "\n\r\t")
        or any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in text)
        or not isinstance(resolve_plain(text), str)
    )


def double_quoted(text: str) -> str:
    escaped = []
    for ch in text:
        if ch == "\\":
            escaped.append("\\\\")
        elif ch == '"':
            escaped.append('\\"')
        elif ch == "\n":
            escaped.append("\\n")
        elif ch == "\t":
            escaped.append("\\t")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            escaped.append(f"\\x{ord(ch):02x}")
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is safe, else double-quoted."""
    return text if plain_is_safe(text) else double_quoted(text)


def in_style(text: str, style: str | None) -> str | None:
    """``text`` in the quoting style of an existing value (None for block scalars)."""
    if style == '"':
        return double_quoted(text)
    if style == "'":
        if any(ch in text for ch in "\n\r"):
            return double_quoted(text)
        return "'" + text.replace("'", "''") + "'"
    if style is not None:
        return None
    return scalar(text)


def flow_list(items: Sequence[str]) -> str:
    """``[a, b]``, quoting items that need it in a flow context."""
    return (
        "["
        + ", ".join(
            item
            if plain_is_safe(item) and not any(c in item for c in ",[]{}")
            else double_quoted(item)
            for item in items
        )
        + "]"
    )


def front_matter(fields: Sequence[tuple[str, str | Sequence[str] | None]]) -> str:
    """The lines between the ``---`` delimiters, keys in the order given.

    A string becomes ``key: value``; a list becomes a block list; ``None`` and
    empty lists are left out.
    """
    lines: list[str] = []
    for key, value in fields:
        if value is None or (not isinstance(value, str) and not value):
            continue
        if isinstance(value, str):
            lines.append(f"{key}: {scalar(value)}")
        else:
            lines.append(f"{key}:")
            lines.extend(f"  - {scalar(item)}" for item in value)
    return "\n".join(lines) + "\n"
