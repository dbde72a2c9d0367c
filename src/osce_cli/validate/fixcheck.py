"""A fix changes what it fixes and nothing else: the fixed text, read again.

Edits are applied to the text, so YAML may read more into them than meant: a
comma in a label written plain inside brackets makes two values of one. After
fixing, the file is read again with the reference reader and compared with
the file as it was: every value an edit rewrites must read as the text it
was meant to hold (``Edit.value``), every item an edit deletes must be gone,
and everything else must read exactly as before, the body included.
"""

from __future__ import annotations

from collections.abc import Sequence as Edits
from typing import Any

from osce_cli.frontmatter.document import Document, load_document
from osce_cli.frontmatter.nodes import Alias, Mapping, Node, Scalar, Sequence
from osce_cli.frontmatter.source import SourceText
from osce_cli.report.diagnostics import Edit


class _Unforeseen(Exception):
    """An edit touches a value in a way that has no expected reading."""


def read_for_check(text: str, *, careful: bool = True) -> Document:
    """``text`` read the way the check reads it: with the reference reader.

    Without ``careful``, with the usual readers (for a check whose edits all
    lie in the body, which leaves the front matter as it was).
    """
    return load_document("", SourceText(text, had_bom=False, usable=True), careful=careful)


class Readings:
    """The texts of one file's fixing, each read once for each way it is read."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, bool], Document] = {}

    def read(self, text: str, *, careful: bool) -> Document:
        key = (text, careful)
        if key not in self._known:
            self._known[key] = read_for_check(text, careful=careful)
        return self._known[key]

    def keeps_meaning(self, before: str, after: str, edits: Edits[Edit]) -> bool:
        """:func:`keeps_meaning` of two texts. Edits that leave the front
        matter alone need no reference reading: its text is the same."""
        body_start = self.read(before, careful=False).body_start
        careful = any(edit.start < body_start for edit in edits)
        return keeps_meaning(
            self.read(before, careful=careful), self.read(after, careful=careful), edits
        )


def keeps_meaning(before: Document, fixed: Document, edits: Edits[Edit]) -> bool:
    """Whether ``fixed`` (``before`` with ``edits`` applied) reads as intended.

    Both are texts as :func:`read_for_check` read them.
    """
    if before.closing is None:
        # No front matter: the file is all body, and must stay so.
        return fixed.closing is None and _codes(before) == _codes(fixed)
    if fixed.closing is None:
        return False
    front_start = before.index.line_start(2)  # after the opening line
    front_end = before.closing[0]
    shift = 0
    for edit in edits:
        if front_start <= edit.start and edit.end <= front_end:
            shift += len(edit.replacement) - (edit.end - edit.start)
        elif edit.start < before.body_start:
            return False  # a delimiter line would change
    if fixed.closing[0] != front_end + shift or fixed.body_start != before.body_start + shift:
        return False  # the front matter would end elsewhere
    front_edits = [edit for edit in edits if edit.end <= front_end]
    if (before.front_matter is None) is not (fixed.front_matter is None):
        return False
    try:
        expected = _expected(before.front_matter, front_edits)
    except _Unforeseen:
        return False
    return (
        _every_value_edit_found(before.front_matter, front_edits)
        and expected == _shape(fixed.front_matter)
        and _codes(before) == _codes(fixed)
        and len(before.dropped) == len(fixed.dropped)
    )


def _codes(document: Document) -> list[str]:
    return sorted(problem.code for problem in document.problems)


def _shape(node: Node | None) -> Any:
    """What a tree says, without positions."""
    if isinstance(node, Scalar):
        return ("scalar", node.text, repr(node.value))
    if isinstance(node, Sequence):
        return ("sequence", [_shape(item) for item in node.items])
    if isinstance(node, Mapping):
        return ("mapping", [(_shape(key), _shape(value)) for key, value in node.pairs])
    return None if node is None else ("alias",)


def _deleted(node: Node, edits: list[Edit]) -> bool:
    """Whether an edit that writes no value takes the whole of ``node`` away."""
    return node.end > node.start and any(
        edit.value is None and edit.start <= node.start and node.end <= edit.end for edit in edits
    )


def _rewrite(node: Scalar, edits: list[Edit]) -> Edit | None:
    """The edit that writes a new value into ``node``, if any."""
    for edit in edits:
        if edit.value is not None and node.start <= edit.start and edit.end <= node.end:
            return edit
    return None


def _expected(node: Node | None, edits: list[Edit]) -> Any:
    """The shape ``node`` should have after ``edits``."""
    if isinstance(node, Scalar):
        rewrite = _rewrite(node, edits)
        if rewrite is not None:
            assert rewrite.value is not None
            return ("scalar", rewrite.value, repr(rewrite.value))
        if any(edit.start < node.end and node.start < edit.end for edit in edits):
            raise _Unforeseen
        return _shape(node)
    if isinstance(node, Sequence):
        kept = [item for item in node.items if not _deleted(item, edits)]
        return ("sequence", [_expected(item, edits) for item in kept])
    if isinstance(node, Mapping):
        pairs = []
        for key, value in node.pairs:
            key_gone, value_gone = _deleted(key, edits), _deleted(value, edits)
            if key_gone and (value_gone or value.end == value.start):
                continue
            if key_gone or value_gone:
                raise _Unforeseen
            pairs.append((_expected(key, edits), _expected(value, edits)))
        return ("mapping", pairs)
    if isinstance(node, Alias) and any(
        edit.start < node.end and node.start < edit.end for edit in edits
    ):
        raise _Unforeseen
    return _shape(node)


def _every_value_edit_found(root: Node | None, edits: list[Edit]) -> bool:
    """Whether each edit that writes a value lies within one scalar of the tree."""
    wanted = [edit for edit in edits if edit.value is not None]
    if not wanted:
        return True
    found: set[Edit] = set()
    stack: list[Node] = [] if root is None else [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Scalar):
            rewrite = _rewrite(node, wanted)
            if rewrite is not None:
                found.add(rewrite)
        elif isinstance(node, Sequence):
            stack.extend(node.items)
        elif isinstance(node, Mapping):
            stack.extend(part for pair in node.pairs for part in pair)
    return len(found) == len(wanted)
