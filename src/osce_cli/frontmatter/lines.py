"""Front matter in its common layout, read line by line with one regular expression.

Nearly every release is a column of ``key: value`` lines, some keys followed
by ``- item`` lines, with comments and blank lines between: no nesting, no
flow collections, no multi-line scalars. For that layout each line is one of
four kinds, and a single pattern (run by the C regular expression engine)
tells them apart and cuts out their keys and values. Building the tree from
its matches costs less than libyaml's events cost as Python objects,
and PyYAML need not be imported at all.

Anything else makes :func:`read_common_layout` return ``None``, and the
parsers take over. It never guesses: a value whose reading is not plain
text, a quoted string with escapes, a line that might continue the one
before, an indentation it does not expect, a duplicate key: all step aside.
On what it accepts it gives exactly the tree libyaml's events give (positions,
styles and values), which ``tests/equivalence/test_lines.py`` checks.

Kept beside the parsers because ``osce validate`` of an archive then needs no
YAML library for most files, which buys more than the tenth a second
implementation must buy (benchmarks/README.md, "Shortcuts").
"""

from __future__ import annotations

import re
from typing import Any

from osce_cli.frontmatter.nodes import (
    Mapping,
    Scalar,
    Sequence,
    UnreadableValue,
    YamlTree,
    resolve_plain,
)

#: ASCII characters this reader leaves to the parsers: the control characters
#: (tab and carriage return among them; the line feed only ends a line).
_NOT_ORDINARY = "\\x00-\\x1f\\x7f"
#: The others, beyond ASCII: C1 controls (NEL was a line break in YAML 1.1),
#: the Unicode line and paragraph separators, byte order marks, surrogates
#: and the two non-characters, which YAML does not allow. Searched for apart,
#: and only in text that is not all ASCII: in the line pattern they would
#: make it slower to compile and to run.
_NOT_ORDINARY_BEYOND_ASCII = re.compile(
    "[\\x80-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff]"
)

# Each pattern reads a line one way only: every repeated piece stops where
# what follows it must start (a word at a blank, a comment's text at the
# line's end), so a line that does not match fails in time proportional to
# its length. (Possessive quantifiers would say so too, but need Python 3.11.)

#: A plain scalar may not start with an indicator (``-``, ``?`` and ``:`` may,
#: when a non-space follows; such values are left to the parsers).
_PLAIN_FIRST = f"[^ \\-?:,\\[\\]{{}}#&*!|>'\"%@`{_NOT_ORDINARY}]"
#: The rest of a word: no spaces, and a colon only when more of the word
#: follows. (``a::b`` is plain text too, but left to the parsers.)
_WORD_REST = f"[^ :{_NOT_ORDINARY}]*(?::[^ :{_NOT_ORDINARY}]+)*"
#: Words separated by spaces; a word after a space may not start with ``#``
#: (that starts a comment) nor with ``:`` (``a :`` could end a key).
_PLAIN = f"{_PLAIN_FIRST}{_WORD_REST}(?:[ ]+[^ :#{_NOT_ORDINARY}]{_WORD_REST})*"
#: Quoted scalars on one line: single quotes with ``''`` for a quote, double
#: quotes without escapes. A quote next to another is never a single quote's
#: end nor its start: ``''`` is always a quote inside.
_SINGLE_QUOTED = f"(?<!')'[^'{_NOT_ORDINARY}]*(?:''[^'{_NOT_ORDINARY}]*)*'(?!')"
_DOUBLE_QUOTED = f'"[^"\\\\{_NOT_ORDINARY}]*"'
_QUOTED = f"{_SINGLE_QUOTED}|{_DOUBLE_QUOTED}"
#: A plain scalar inside brackets (``place: [Vienna, Warsaw]``) stops at the
#: flow indicators too. Colons are left to the parsers altogether.
_FLOW_WORD_REST = f"[^ :,\\[\\]{{}}{_NOT_ORDINARY}]*"
_FLOW_PLAIN = (
    f"{_PLAIN_FIRST}{_FLOW_WORD_REST}(?:[ ]+[^ :,\\[\\]{{}}#{_NOT_ORDINARY}]{_FLOW_WORD_REST})*"
)
_FLOW_ITEM = f"(?:{_FLOW_PLAIN}|{_QUOTED})"
#: A list in brackets on one line, of plain or quoted scalars; a comma may
#: follow the last one.
_FLOW = f"\\[[ ]*(?:{_FLOW_ITEM}[ ]*(?:,[ ]*{_FLOW_ITEM}[ ]*)*(?:,[ ]*)?)?\\]"
#: The items of such a list, plain or quoted, in order: the commas and blanks
#: between them match neither.
_FLOW_ITEMS = re.compile(f"({_FLOW_PLAIN})|({_QUOTED})")
#: Keys as front matter writes them; a simple key longer than 1,024
#: characters is an error in YAML, and these stay far below.
_KEY = "[A-Za-z_][A-Za-z0-9_-]{0,127}"
#: After a key or a value: blanks, or a comment after at least one of them
#: (its own blanks at the end are part of it).
_END = f"(?:[ ]+#[^{_NOT_ORDINARY}]*|[ ]*)\\n"

#: One line, of one of four kinds. Groups: an item (``  - value``): its
#: indentation, dash and blanks, then its value, plain or quoted; a key
#: (``key: value``) and its value, plain, quoted or a list in brackets, or a
#: key alone (``key:``, whose value is empty or the items that follow). A
#: line that matches with every group empty is blank or a comment.
_LINE = re.compile(
    f"(?:([ ]*-[ ]+)(?:({_PLAIN})|({_QUOTED}))"
    f"|({_KEY}):(?:[ ]+(?:({_PLAIN})|({_QUOTED})|({_FLOW})))?){_END}"
    f"|[ ]*(?:#[^{_NOT_ORDINARY}]*)?\\n"
)


def _plain(written: str, start: int) -> Scalar:
    """The node of a plain scalar at ``start``."""
    return Scalar(start, start + len(written), written, None, resolve_plain(written))


def _quoted(written: str, start: int) -> Scalar:
    """The node of a quoted scalar, quotes included, at ``start``."""
    end = start + len(written)
    if written[0] == "'":
        text = written[1:-1].replace("''", "'")
        return Scalar(start, end, text, "'", text)
    return Scalar(start, end, written[1:-1], '"', written[1:-1])


def _flow_sequence(written: str, start: int) -> tuple[Sequence, list[Any]]:
    """The node of a list in brackets, brackets included, at ``start``, and its values."""
    sequence = Sequence(start, start + len(written))
    values = []
    for item in _FLOW_ITEMS.finditer(written):
        plain, quoted = item.groups()
        at = start + item.start()
        node = _plain(plain, at) if plain is not None else _quoted(quoted, at)
        sequence.items.append(node)
        values.append(node.value)
    return sequence, values


#: What a line of the common layout says, read once: its item lead (indentation,
#: dash and blanks) or its key and the key's value; where its value starts
#: in the line and how long it is as written; the value's text, quoting style
#: and value; and a list in brackets as written. An item or a key with a
#: value has a length; a key alone has none; a blank line or a comment has
#: neither lead nor key. The empty tuple: a line of no kind the reader knows.
_Line = tuple[str, str, Any, int, int, str, "str | None", Any, str]
_BLANK: _Line = ("", "", None, 0, 0, "", None, None, "")
_OTHER: tuple[()] = ()

#: Lines already read, by their text. Most lines of an archive's front
#: matter ("type: Press release", "  - Elections") recur in file after file:
#: a dictionary look-up then stands for running the pattern and resolving
#: the value. Emptied when full, so that lines that never recur (titles,
#: dates) cannot grow it forever.
_KNOWN_LINES: dict[str, _Line | tuple[()]] = {}
_MAX_KNOWN_LINES = 10_000


def _read_line(line: str) -> _Line | tuple[()]:
    """What one line (without its line break) says, or `_OTHER`."""
    match = _LINE.match(line + "\n")
    if match is None:
        return _OTHER
    item_lead, item_plain, item_quoted, key, plain, quoted, flow = match.groups()
    if item_lead is not None:
        lead, key_value, at = item_lead, None, len(item_lead)
    elif key is None:
        return _BLANK
    else:
        lead = ""
        key_value = resolve_plain(key)
        if flow is not None:
            return ("", key, key_value, match.start(7), 0, "", None, None, flow)
        if plain is None and quoted is None:
            return ("", key, key_value, 0, 0, "", None, None, "")
        at = match.start(5) if plain is not None else match.start(6)
        item_plain, item_quoted = plain, quoted
    # The value's node at offset 0 gives its length, text, style and value.
    if item_plain is not None:
        node = _plain(item_plain, 0)
    else:
        assert item_quoted is not None
        node = _quoted(item_quoted, 0)
    return (lead, key or "", key_value, at, node.end, node.text, node.style, node.value, "")


def read_common_layout(text: str, base: int) -> YamlTree | None:
    """The tree of front matter in the common layout, or ``None`` for anything else.

    ``base`` is the offset of ``text`` in the file. The text must end with a
    line break, as front matter cut from a release does. A value that cannot
    be read (a number too long) is left to the parsers, which report it.
    """
    try:
        return _read_common_layout(text, base)
    except UnreadableValue:
        return None


def _read_common_layout(text: str, base: int) -> YamlTree | None:
    if not text.isascii() and _NOT_ORDINARY_BEYOND_ASCII.search(text):
        return None
    # No line of the pattern holds a line break but the one that ends it, so
    # matching line by line is matching the text from its start, line after
    # line. The piece after the last line break must be empty.
    lines = text.split("\n")
    if lines.pop():
        return None
    root = Mapping(0, 0)  # its start is set at the first key
    python: dict[str, Any] = {}
    # A key written alone on its line ("fields:"), whose value is not known
    # until the next key: the items in between, or nothing.
    waiting: Scalar | None = None
    sequence: Sequence | None = None
    nodes: list[Any] = []  # the sequence's items
    items: list[Any] = []  # and their values
    lead = ""
    position = base
    known = _KNOWN_LINES
    for line in lines:
        start = position
        position += len(line) + 1
        parts = known.get(line)
        if parts is None:
            if len(known) >= _MAX_KNOWN_LINES:
                known.clear()
            parts = known[line] = _read_line(line)
        if not parts:
            return None  # a line of none of the four kinds
        item_lead, key, key_value, at, length, written, style, value, flow = parts
        if item_lead:
            if waiting is None:
                return None  # items after a key with a value, or at the top
            if sequence is None:
                sequence = Sequence(start + item_lead.index("-"), 0)
                nodes = sequence.items
                items = []
                lead = item_lead
            elif item_lead != lead:
                return None  # a nested sequence, or a misaligned item
            start += at
            nodes.append(Scalar(start, start + length, written, style, value))
            items.append(value)
            continue
        if not key:
            continue  # blank or a comment
        if waiting is not None:
            # Both libyaml and ruamel.yaml end a collection, and put an empty
            # value, where the next key starts.
            if sequence is not None:
                sequence.end = start
                python[waiting.text] = items
                root.add(waiting, sequence)
                sequence = None
            else:
                root.add(waiting, Scalar(start, start))
            waiting = None
        elif not python:
            root.start = start
        if key in python:
            return None  # a duplicate key: the parsers report it
        key_node = Scalar(start, start + len(key), key, None, key_value)
        if length:
            start += at
            python[key] = value
            root.add(key_node, Scalar(start, start + length, written, style, value))
        elif flow:
            listed, python[key] = _flow_sequence(flow, start + at)
            root.add(key_node, listed)
        else:
            waiting = key_node
            python[key] = None
    if not python:
        return None  # no key at all
    end = position
    if waiting is not None:
        if sequence is not None:
            sequence.end = end
            python[waiting.text] = items
            root.add(waiting, sequence)
        else:
            root.add(waiting, Scalar(end, end))
    root.end = end
    return YamlTree(root, [], python=python)
