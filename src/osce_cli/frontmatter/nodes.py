"""The nodes of a YAML tree with source positions, and YAML 1.2 plain scalars.

Whichever reader made a tree (libyaml's or ruamel.yaml's events, or the
line reader of `lines`), it is made of these nodes, and its unquoted
scalars are resolved here, by the YAML 1.2 core schema.
"""

from __future__ import annotations

import math
import re
from typing import Any, ClassVar

from osce_cli.report.diagnostics import Finding
from osce_cli.support.records import Record

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
#: The numbers of the YAML 1.2 core schema, one alternative (and group) per
#: kind, tried in the schema's order: one search tells text from a number.
_NUMBER = re.compile(
    r"(?P<decimal>[-+]?[0-9]+)"
    r"|0o(?P<octal>[0-7]+)"
    r"|0x(?P<hexadecimal>[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<infinity>[-+]?\.(?:inf|Inf|INF))"
)
_NAN = frozenset({".nan", ".NaN", ".NAN"})

#: Python converts no longer run of decimal digits into an integer, and no
#: larger integer into digits (``sys.get_int_max_str_digits``, against
#: quadratic conversions). A YAML integer beyond it cannot be read, whatever
#: the limit of the Python that runs osce, so that every run says the same.
MAX_INT_DIGITS = 4300


class UnreadableValue(ValueError):
    """A plain scalar whose YAML reading Python cannot hold; the message says why."""


_TOO_LONG = (
    f"a number of more than {MAX_INT_DIGITS} digits cannot be read; put it in quotes if it is text"
)


def _integer(digits: str, base: int) -> int:
    """``int(digits, base)``, or `UnreadableValue` for a number of more than 4300 digits."""
    if base == 10 and len(digits) - (digits[0] in "+-") > MAX_INT_DIGITS:
        raise UnreadableValue(_TOO_LONG)
    try:
        value = int(digits, base)
    except ValueError:  # a lower limit, set for this Python
        raise UnreadableValue(_TOO_LONG) from None
    # Hexadecimal and octal digits convert at any length; their decimal
    # digits would not.
    if value.bit_length() > 14_000 and abs(value) >= 10**MAX_INT_DIGITS:
        raise UnreadableValue(_TOO_LONG)
    return value


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar with the YAML 1.2 core schema.

    Unlike YAML 1.1, ``no``, ``on`` and ``012`` stay text and dates stay text;
    the release model decides what a date is. Raises `UnreadableValue` for an
    integer of more than `MAX_INT_DIGITS` digits.
    """
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    number = _NUMBER.fullmatch(text)
    if number is None:
        return math.nan if text in _NAN else text
    kind = number.lastgroup
    if kind == "decimal":
        return _integer(text, 10)
    if kind == "octal":
        return _integer(text[2:], 8)
    if kind == "hexadecimal":
        return _integer(text[2:], 16)
    if kind == "float":
        return float(text)
    return -math.inf if text.startswith("-") else math.inf


class Node(Record):
    """Base of all tree nodes; ``start`` and ``end`` are offsets in the file."""

    __slots__ = ("end", "start")
    _fields: ClassVar[tuple[str, ...]] = ("start", "end")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end


class Scalar(Node):
    __slots__ = ("style", "text", "value")
    _fields: ClassVar[tuple[str, ...]] = ("start", "end", "text", "style", "value")

    def __init__(
        self, start: int, end: int, text: str = "", style: str | None = None, value: Any = None
    ) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.style = style
        self.value = value


class Alias(Node):
    """An alias left unexpanded: its value is ``None``."""

    __slots__ = ()


class Sequence(Node):
    __slots__ = ("items",)
    _fields: ClassVar[tuple[str, ...]] = ("start", "end", "items")

    def __init__(self, start: int, end: int, items: list[Node] | None = None) -> None:
        self.start = start
        self.end = end
        self.items: list[Node] = [] if items is None else items


class Mapping(Node):
    """A mapping's pairs in order; its keys are all different (see `add`)."""

    __slots__ = ("by_key", "pairs")
    _fields: ClassVar[tuple[str, ...]] = ("start", "end", "pairs")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end
        self.pairs: list[tuple[Scalar, Node]] = []
        #: The same pairs by key: rules ask for keys by name a dozen times per file.
        self.by_key: dict[str, tuple[Scalar, Node]] = {}

    def add(self, key: Scalar, value: Node) -> None:
        """Append a pair whose key is not in the mapping yet."""
        pair = (key, value)
        self.pairs.append(pair)
        self.by_key[key.text] = pair

    def get(self, key: str) -> tuple[Scalar, Node] | None:
        return self.by_key.get(key)


def to_python(node: Node | None) -> Any:
    """Plain Python values (dict, list, str, int...) of a tree."""
    if isinstance(node, Scalar):  # the most common node first
        return node.value
    if node is None or isinstance(node, Alias):
        return None
    if isinstance(node, Sequence):
        return [to_python(item) for item in node.items]
    if isinstance(node, Mapping):
        return {key.text: to_python(value) for key, value in node.pairs}
    raise TypeError(type(node).__name__)  # pragma: no cover - all node types handled


#: ``YamlTree.python`` when the plain values have not been made yet.
NOT_CONVERTED: Any = object()


class YamlTree(Record):
    """The root node (``None`` for an empty document) and what went wrong.

    ``dropped`` holds the start offsets of values that were reported and
    replaced by ``None`` (refused tags, aliases), so that later checks do not
    report the same value again as empty or of the wrong type. ``python`` is
    ``to_python(root)`` when the parse made it on the way (see :meth:`values`).
    """

    __slots__ = ("dropped", "problems", "python", "root")
    _fields: ClassVar[tuple[str, ...]] = ("root", "problems", "dropped", "python")

    def __init__(
        self,
        root: Node | None,
        problems: list[Finding],
        dropped: frozenset[int] = frozenset(),
        python: Any = NOT_CONVERTED,
    ) -> None:
        self.root = root
        self.problems = problems
        self.dropped = dropped
        self.python = python

    def values(self) -> Any:
        """The tree as plain Python values, as :func:`to_python` gives them."""
        if self.python is NOT_CONVERTED:
            self.python = to_python(self.root)
        return self.python
