"""Where a value stands in the file: its span, its JSON path, and the edit that
rewrites it in its own style. Shared by the rules and the shape findings."""

from __future__ import annotations

from osce_cli.frontmatter.document import Document
from osce_cli.frontmatter.nodes import Mapping, Node, Scalar, Sequence
from osce_cli.report.diagnostics import Edit


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
    from osce_cli.frontmatter.emit import in_style

    flow, key = scalar_place(document, node)
    written = in_style(new_text, node.style, flow=flow, key=key)
    if written is None:
        return None
    return Edit(content_start(document.text, node), node.end, written, new_text)
