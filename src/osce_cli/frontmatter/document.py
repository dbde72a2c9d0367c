"""A release file split into its front matter (as a positioned tree) and body.

``load_document`` never raises for anything inside the file: every problem
becomes a finding on the document, and the later checks look only at what
could be read.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from osce_cli.frontmatter.nodes import Mapping, Node
from osce_cli.frontmatter.positions import LineIndex
from osce_cli.frontmatter.source import SourceText
from osce_cli.frontmatter.tree import parse_yaml
from osce_cli.report.diagnostics import Finding
from osce_cli.support.records import Record

#: Front matter is a dozen lines; a limit keeps the YAML parser's time bounded.
MAX_FRONT_MATTER_CHARS = 64 * 1024

_OPENING = re.compile(r"---[ \t]*(?:\r\n|\r|\n|\Z)")
#: A line break, then a whole line that closes the front matter: a delimiter,
#: maybe followed by blanks, up to the next line break or the end. (Lines
#: break at "\r\n", "\r" or "\n": ``^`` and ``$`` would only see "\n".)
_CLOSING = re.compile(r"[\r\n](?:---|\.\.\.)[ \t]*(?![^\r\n])")
#: The same for text whose lines all end in "\n": a pattern that starts with
#: one literal character is searched for quickly, a class of two is tried at
#: every offset.
_CLOSING_AFTER_NEWLINE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?![^\r\n])")


class Document(Record):
    """One release file, read as far as it could be read.

    Offsets are into ``text`` (the decoded file without its BOM). ``front_matter``
    is the root mapping, or ``None`` when the front matter is missing or broken;
    ``data`` is the same mapping as plain Python values. ``dropped`` holds the
    start offsets of values already reported and dropped (tags, aliases).
    """

    __slots__ = (
        "body_start",
        "closing",
        "data",
        "dropped",
        "front_matter",
        "index",
        "opening",
        "path",
        "problems",
        "source",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "path",
        "source",
        "index",
        "front_matter",
        "data",
        "opening",
        "closing",
        "body_start",
        "problems",
        "dropped",
    )

    def __init__(
        self,
        path: str,
        source: SourceText,
        index: LineIndex,
        front_matter: Mapping | None = None,
        data: dict[str, Any] | None = None,
        opening: tuple[int, int] | None = None,
        closing: tuple[int, int] | None = None,
        body_start: int = 0,
        problems: list[Finding] | None = None,
        dropped: frozenset[int] = frozenset(),
    ) -> None:
        self.path = path
        self.source = source
        self.index = index
        self.front_matter = front_matter
        self.data = data
        self.opening = opening
        self.closing = closing
        self.body_start = body_start
        self.problems: list[Finding] = [] if problems is None else problems
        self.dropped = dropped

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def has_front_matter(self) -> bool:
        return self.closing is not None

    def problems_with(self, code: str) -> list[Finding]:
        return [finding for finding in self.problems if finding.code == code]

    def node_at(self, *path: str | int) -> Node | None:
        """The node at a key path such as ``("contacts", 0, "email")``."""
        if len(path) == 1 and self.front_matter is not None and path[0].__class__ is str:
            # Most questions are about one top-level key.
            pair = self.front_matter.by_key.get(path[0])
            return pair[1] if pair else None
        node: Node | None = self.front_matter
        for step in path:
            if isinstance(node, Mapping) and isinstance(step, str):
                pair = node.get(step)
                node = pair[1] if pair else None
            elif node is not None and isinstance(step, int) and hasattr(node, "items"):
                items = node.items
                node = items[step] if 0 <= step < len(items) else None
            else:
                return None
        return node

    def key_at(self, *path: str | int) -> Node | None:
        """The key node of the last step of a key path (for a mapping entry)."""
        *parents, last = path
        parent = self.node_at(*parents) if parents else self.front_matter
        if isinstance(parent, Mapping) and isinstance(last, str):
            pair = parent.get(last)
            return pair[0] if pair else None
        return None


def load_document(path: str, source: SourceText, *, careful: bool = False) -> Document:
    """Split the front matter from the body and parse it.

    ``careful``: read the front matter with the reference reader only (see
    :func:`parse_yaml`).
    """
    document = Document(path=path, source=source, index=LineIndex(source.text))
    document.problems.extend(source.problems)
    if not source.usable:
        return document
    text = source.text
    opening = _OPENING.match(text)
    if opening is None:
        _report_missing(document)
        return document
    document.opening = (0, 3)
    closing = _find_closing(text, opening.end())
    if closing is None:
        document.problems.append(
            Finding(
                "F102",
                0,
                3,
                "front matter opened on line 1 is never closed: add a line '---' after it",
            )
        )
        return document
    closing_start = closing.start() + 1  # after the line break the match starts with
    # The delimiter is three characters ("---" or "..."); blanks may follow.
    document.closing = (closing_start, closing_start + 3)
    document.body_start = _next_line_start(text, closing.end())
    yaml_start = opening.end()
    yaml_text = text[yaml_start:closing_start]
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        document.problems.append(
            Finding(
                "F004",
                0,
                3,
                f"front matter is larger than {MAX_FRONT_MATTER_CHARS // 1024} KiB",
            )
        )
        return document
    tree = parse_yaml(yaml_text, base=yaml_start, first_line=2, careful=careful)
    document.problems.extend(tree.problems)
    document.dropped = tree.dropped
    root = tree.root
    if root is None:
        if not any(p.code == "F103" for p in tree.problems):
            document.front_matter = Mapping(yaml_start, yaml_start)
            document.data = {}
        return document
    if not isinstance(root, Mapping):
        document.problems.append(
            Finding(
                "F107",
                root.start,
                max(root.end, root.start + 1),
                "front matter must be a mapping of keys to values (title: ..., date: ...)",
            )
        )
        return document
    document.front_matter = root
    document.data = tree.values()
    return document


def _find_closing(text: str, line_two: int) -> re.Match[str] | None:
    """The first line from line 2 (at ``line_two``) that is only ``---`` or ``...`` and blanks.

    The match starts at the line break before that line. Offsets are worked
    out from the text, not a `LineIndex`: a file without findings never needs
    its line numbers.
    """
    if line_two == 0 or text[line_two - 1] not in "\r\n":
        return None  # the opening line is the whole file
    # One search instead of cutting out every line of the front matter; it
    # starts at the line break that ends line 1.
    closing = _CLOSING if "\r" in text else _CLOSING_AFTER_NEWLINE
    return closing.search(text, line_two - 1)


def _next_line_start(text: str, line_end: int) -> int:
    """The start of the line after the one ending at ``line_end`` (its break or the end)."""
    if text.startswith("\r\n", line_end):
        return line_end + 2
    return min(line_end + 1, len(text))


def _report_missing(document: Document) -> None:
    text = document.text
    stripped = text.lstrip()
    if stripped.startswith("---"):
        offset = len(text) - len(stripped)
        document.problems.append(
            Finding(
                "F101",
                offset,
                offset + 3,
                "front matter must start on the first line of the file",
            )
        )
        return
    first_line_end = document.index.line_start(2) if document.index.line_count > 1 else len(text)
    end = len(document.index.line_text(1)) if first_line_end else 0
    document.problems.append(
        Finding(
            "F101",
            0,
            max(end, 0),
            "missing front matter: a release starts with a '---' line, "
            "then title, date, type, place, sources and fields, then '---'",
        )
    )
