"""Writing YAML scalars and the front matter block, quoted only when needed.

Whether a text can be written plain, and how it is quoted otherwise, is
decided by the YAML 1.2 rules for where it goes: in a flow collection
(``[a, b]``, ``{k: v}``) a plain scalar ends at ``,[]{}``, where in a block it
does not; an implicit key must stay short. Used by the fixer (to replace one
value in its own style, with the least change that reads back as the new
text) and by the scaffold (a new file).
"""

from __future__ import annotations

from collections.abc import Sequence

from osce_cli.frontmatter.nodes import resolve_plain

#: Characters that may not start a plain scalar (c-indicator). ``-``, ``?``
#: and ``:`` may, when a character that is safe in a plain scalar follows.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}")
#: An implicit key (one written without ``?``) is at most 1024 characters.
MAX_IMPLICIT_KEY = 1024
#: Short escapes of double-quoted scalars, where they read better than ``\xNN``.
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _written_as_is(char: str) -> bool:
    """Whether ``char`` can stand in a quoted or plain scalar as itself.

    That is a printable character (YAML 1.2 ``c-printable``) that is no line
    break and no tab, and not the byte order mark. NEL, LS and PS are
    ordinary characters in YAML 1.2, but YAML 1.1 readers take them for line
    breaks: they are escaped too.
    """
    code = ord(char)
    if code < 0x7F:
        return code >= 0x20
    if code <= 0x9F:
        return False
    return not (0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF))


def plain_is_safe(text: str, *, flow: bool = False, key: bool = False) -> bool:
    """Would ``text`` written unquoted be read back as the same text?

    ``flow``: the scalar is inside brackets or braces. ``key``: it is an
    implicit key.
    """
    if not text or text != text.strip(" ") or not all(_written_as_is(c) for c in text):
        return False
    if key and len(text) > MAX_IMPLICIT_KEY:
        return False
    if flow and not _FLOW_INDICATORS.isdisjoint(text):
        return False
    first = text[0]
    if first in _INDICATORS and not (first in "-?:" and len(text) > 1 and text[1] != " "):
        return False
    if flow and first in "?:":
        # libyaml and YAML 1.1 readers take "?" for an explicit key there, and
        # ruamel.yaml, the reference, refuses a leading ":" inside braces.
        return False
    if text[:3] in ("---", "...") and text[3:4] in ("", " "):
        return False  # a document marker at the start of a line
    return (
        ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and isinstance(resolve_plain(text), str)
    )


def single_quoted(text: str) -> str | None:
    """``text`` in single quotes, or ``None`` when it needs escapes."""
    if not all(_written_as_is(char) for char in text):
        return None
    return "'" + text.replace("'", "''") + "'"


def double_quoted(text: str) -> str:
    escaped = []
    for char in text:
        if char in _SHORT_ESCAPES:
            escaped.append(_SHORT_ESCAPES[char])
        elif _written_as_is(char):
            escaped.append(char)
        elif ord(char) <= 0xFF:
            escaped.append(f"\\x{ord(char):02x}")
        else:
            escaped.append(f"\\u{ord(char):04x}")
    return '"' + "".join(escaped) + '"'


def quoted(text: str) -> str:
    """``text`` in the quotes that add least: double quotes on a tie."""
    double = double_quoted(text)
    single = single_quoted(text)
    return single if single is not None and len(single) < len(double) else double


def scalar(text: str, *, flow: bool = False, key: bool = False) -> str:
    """``text`` as a YAML scalar: plain when that is safe, else quoted."""
    return text if plain_is_safe(text, flow=flow, key=key) else quoted(text)


def in_style(text: str, style: str | None, *, flow: bool = False, key: bool = False) -> str | None:
    """``text`` in the quoting style of an existing value (None for block scalars).

    A quoted value keeps its quotes, unless single quotes cannot hold the
    text; a plain value stays plain unless the text would read differently
    there.
    """
    if style == '"':
        return double_quoted(text)
    if style == "'":
        return single_quoted(text) or double_quoted(text)
    if style is not None:
        return None
    return scalar(text, flow=flow, key=key)


def flow_list(items: Sequence[str]) -> str:
    """``[a, b]``, quoting items that need it in a flow context."""
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


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
