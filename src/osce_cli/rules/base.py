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

from osce_cli.format.dates import DateProblem, parse_iso_date
from osce_cli.frontmatter.document import Document
from osce_cli.frontmatter.nodes import Scalar
from osce_cli.report.diagnostics import Finding, Severity
from osce_cli.vocabulary.languages import check_tag

if TYPE_CHECKING:
    from osce_cli.vocabulary.terms import Vocabulary

CheckFunction = Callable[["Context"], Iterable[Finding]]
T = TypeVar("T")


class Rule(NamedTuple):
    """A registered check."""

    code: str
    name: str
    severity: Severity
    fixable: bool
    #: What finds the rule's findings in a file; None for a rule whose findings
    #: are made while the file is read and its shape checked: the checker takes
    #: them from ``Context.findings_by_code``, under the rule's code.
    check: CheckFunction | None
    #: The function whose docstring documents the rule (the check, if it has one).
    documented: Callable[..., object]

    @property
    def doc(self) -> str:
        import inspect  # only `osce rules` reads the documentation

        return inspect.cleandoc(self.documented.__doc__ or "")

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
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a code."""

    def register(check: CheckFunction) -> CheckFunction:
        REGISTRY.append(Rule(code, name, severity, fixable, check, check))
        return check

    return register


def relayed_rule(
    code: str, name: str, severity: Severity = Severity.ERROR, *, fixable: bool = False
) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register a rule whose findings the reading of a file and its shape check make.

    The function registered only documents the rule; the findings under its
    code are those of ``Context.findings_by_code``.
    """

    def register(documented: Callable[[], None]) -> Callable[[], None]:
        REGISTRY.append(Rule(code, name, severity, fixable, None, documented))
        return documented

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


class Original(NamedTuple):
    """The original of a translation, as the checker found it beside the file.

    The T rules read it: a translation's findings depend on this other file
    (the cache keys the translation's result with the original's bytes).
    """

    #: The original's path, as it is shown.
    path: str
    #: The translation's language, as its file name gives it.
    language: str
    #: A file is there (readable or not).
    found: bool
    #: The original, read as every rule reads a file; ``None`` when it cannot
    #: be read. Called only by the rules that need it.
    read: Callable[[], Document | None]


class Context:
    """One document plus what several rules derive from it, computed once."""

    def __init__(
        self,
        document: Document,
        vocabulary: Callable[[], Vocabulary],
        source_grace_days: int,
        original: Original | None = None,
    ) -> None:
        self.document = document
        self._vocabulary = vocabulary
        #: The ``source-grace-days`` setting (see V103).
        self.source_grace_days = source_grace_days
        #: What the file name makes this file the translation of (``None``: an original).
        self.original = original
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
    def original_document(self) -> Document | None:
        """The original of a translation, read once; ``None`` for none that can be read."""
        return None if self.original is None else self.original.read()

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
        from osce_cli.rules.shape_findings import validate_shape

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
