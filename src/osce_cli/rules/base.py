"""What a rule is, and the per-file context every rule reads from.

A rule is a function that yields findings for one file, registered with a
stable code, a name and a default severity. Its docstring is its user
documentation (`osce rules CODE`): what it checks, why, and a failing and a
passing example.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, overload

from ..config import DEFAULT_SOURCE_GRACE_DAYS
from ..dates import DateProblem, parse_iso_date
from ..diagnostics import Edit, Finding, Severity
from ..document import Document
from ..languages import check_tag
from ..yamlnodes import Mapping, Node, Scalar, Sequence

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary

CheckFunction = Callable[["Context"], Iterable[Finding]]
T = TypeVar("T")


class Rule(NamedTuple):
    """A registered check."""

    code: str
    name: str
    severity: Severity
    fixable: bool
    check: CheckFunction
    #: The rule only reports, under its own code, a problem found while the
    #: file was read (see ``Document.problems``): with none, it has nothing to say.
    reports_reading: bool = False
    #: The rule only reports the findings of its code among the reading
    #: problems and the shape pass (``Context.findings_by_code``).
    reports_shape: bool = False

    @property
    def doc(self) -> str:
        import inspect  # only `osce rules` reads the documentation

        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].rstrip(".")

    @property
    def family(self) -> str:
        return self.code[0]


REGISTRY: list[Rule] = []


def rule(
    code: str,
    name: str,
    severity: Severity = Severity.ERROR,
    *,
    fixable: bool = False,
    reports_reading: bool = False,
    reports_shape: bool = False,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a code."""

    def register(check: CheckFunction) -> CheckFunction:
        REGISTRY.append(Rule(code, name, severity, fixable, check, reports_reading, reports_shape))
        return check

    return register


class once(Generic[T]):
    """A value computed on first access, then kept on the instance.

    What ``functools.cached_property`` does, without the lock it takes on
    every first access in Python 3.11: a context is made for each file and
    half a dozen of its values are asked for, so the lock showed in profiles.
    A context belongs to one thread.
    """

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> once[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> once[T] | T:
        if instance is None:
            return self
        # No __set__: from now on the instance's own attribute is found first.
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class Context:
    """One document plus what several rules derive from it, computed once."""

    def __init__(
        self,
        document: Document,
        vocabulary: Callable[[], Vocabulary],
        source_grace_days: int = DEFAULT_SOURCE_GRACE_DAYS,
    ) -> None:
        self.document = document
        self._vocabulary = vocabulary
        #: The ``source-grace-days`` setting (see V103).
        self.source_grace_days = source_grace_days
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, compute: Callable[[Context], T]) -> T:
        """Compute something several rules share once per file."""
        if name not in self._memo:
            self._memo[name] = compute(self)
        result: T = self._memo[name]
        return result

    @once
    def vocabulary(self) -> Vocabulary:
        return self._vocabulary()

    @property
    def data(self) -> dict[str, Any] | None:
        return self.document.data

    @once
    def release_date(self) -> dt.date | None:
        """The front matter date when it is a real date, else `None`."""
        value = (self.data or {}).get("date")
        if not isinstance(value, str):
            return None
        try:
            return parse_iso_date(value)
        except DateProblem:
            return None

    @once
    def language(self) -> str:
        value = (self.data or {}).get("language", "en")
        return value if isinstance(value, str) else "en"

    @once
    def is_english(self) -> bool:
        """English, or no usable language tag (English is the default).

        Every dateline rule asks; the tag is checked once per file.
        """
        if check_tag(self.language) is not None:
            return True
        return self.language.lower().split("-")[0] == "en"

    @once
    def schema_findings(self) -> list[Finding]:
        from .schema import validate_shape

        return validate_shape(self.document)

    @once
    def findings_by_code(self) -> dict[str, list[Finding]]:
        """The reading problems, then the schema findings, by code.

        Ten rules each take their own code from these: sorting them once per
        file spares each rule a pass over both lists.
        """
        grouped: dict[str, list[Finding]] = {}
        for finding in (*self.document.problems, *self.schema_findings):
            grouped.setdefault(finding.code, []).append(finding)
        return grouped

    def string_items(self, key: str) -> Iterator[tuple[int | None, Scalar]]:
        """The text values of a key: `(index, node)` for lists, `(None, node)` for one."""
        node = self.document.node_at(key)
        if isinstance(node, Scalar) and isinstance(node.value, str):
            yield None, node
            return
        for index, item in enumerate(getattr(node, "items", [])):
            if isinstance(item, Scalar) and isinstance(item.value, str) and item.value.strip():
                yield index, item


def json_path(*steps: str | int | None) -> str:
    """`$.sources[0]` style path of a key path."""
    path = "$"
    for step in steps:
        if step is None:
            continue
        if isinstance(step, int):
            path += f"[{step}]"
        elif step.isidentifier():
            path += f".{step}"
        else:
            escaped = step.replace("\\", "\\\\").replace("'", "\\'")
            path += f"['{escaped}']"
    return path


def value_span(node: Node) -> tuple[int, int]:
    """The span of a value's text, without the quotes of a quoted scalar."""
    if isinstance(node, Scalar) and node.style in ("'", '"') and node.end - node.start >= 2:
        return node.start + 1, node.end - 1
    return node.start, node.end


def content_start(text: str, node: Node) -> int:
    """Where a node's own text starts: after its tag and anchor, if it has any.

    A parser places a node at its anchor (``&a``), or at its tag (``!!str``)
    when it has no anchor. Each property runs to the next blank; blanks,
    line breaks and comments separate it from the next one and from the text.
    """
    position, end = node.start, node.end
    while position < end and text[position] in "!&":
        while position < end and text[position] not in " \t\r\n":
            position += 1
        while position < end:
            if text[position] in " \t\r\n":
                position += 1
            elif text[position] == "#":
                line_end = text.find("\n", position)
                position = end if line_end < 0 else line_end
            else:
                break
    return position


def scalar_place(document: Document, node: Scalar) -> tuple[bool, bool]:
    """``(flow, key)``: whether a scalar of the front matter is inside brackets
    or braces, and whether it is a mapping key. Both change what may be
    written plain there."""
    text = document.text
    parent: Node | None = None
    current: Node | None = document.front_matter
    while current is not None and current is not node:
        parent, current = current, _child_holding(current, node)
    if current is None or parent is None:
        return False, False
    key = isinstance(parent, Mapping) and any(pair[0] is node for pair in parent.pairs)
    return _is_flow(text, parent), key


def _child_holding(collection: Node, node: Scalar) -> Node | None:
    """The item, key or value of ``collection`` that is ``node`` or holds it."""
    if isinstance(collection, Sequence):
        children: list[Node] = collection.items
    elif isinstance(collection, Mapping):
        children = [part for pair in collection.pairs for part in pair]
    else:
        return None
    for child in children:
        if child is node or (child.start <= node.start and node.end <= child.end):
            return child
    return None


def _is_flow(text: str, collection: Node) -> bool:
    """Whether a sequence or mapping is written in brackets or braces.

    A block sequence starts with '-', a flow one with '['. A block mapping
    starts with its first key, which can itself start with '{' (``{a: b}:
    c``); the first key of a flow mapping starts after the brace.
    """
    start = content_start(text, collection)
    if isinstance(collection, Sequence):
        return text.startswith("[", start)
    if not isinstance(collection, Mapping) or not text.startswith("{", start):
        return False
    return not collection.pairs or collection.pairs[0][0].start > start


def replace_scalar(document: Document, node: Scalar, new_text: str) -> Edit | None:
    """The edit that writes ``new_text`` over a value, in the value's style.

    Only the value's own characters change: a tag or an anchor before it
    stays. A quoted value stays quoted with the same quotes, when they can
    hold the text; a plain value stays plain unless the new text would read
    differently where it stands (in brackets, as a key). Block scalars are
    left to the author (``None``). The edit carries ``new_text``, which the
    fixer checks the result against.
    """
    from ..yamlemit import in_style

    flow, key = scalar_place(document, node)
    written = in_style(new_text, node.style, flow=flow, key=key)
    if written is None:
        return None
    return Edit(content_start(document.text, node), node.end, written, new_text)
