"""The shape check's errors as findings: placed at the key or value and worded
in the release's own terms. Every rule reads them from ``Context.schema_findings``."""

from __future__ import annotations

from typing import Any

from osce_cli.format.keys import BY_NAME, CONTACT_KEYS, EXPECTED, LIST_KEYS, RELEASE_KEYS
from osce_cli.format.shape import shape_errors
from osce_cli.frontmatter.document import Document
from osce_cli.frontmatter.nodes import Mapping, Scalar, Sequence
from osce_cli.report.diagnostics import Finding
from osce_cli.rules.locate import json_path, value_span
from osce_cli.vocabulary.suggest import closest

_EMPTY_TYPES = {"string_too_short", "string_pattern_mismatch", "too_short"}
_TYPE_ERRORS = {"string_type", "list_type", "model_type", "dict_type", "model_attributes_type"}
_CUSTOM_CODES = {
    "iso_date": "M201",
    "embargo_offset": "M202",
    "embargo_format": "M203",
    "language_tag": "M204",
    "pattern": "M205",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _describe(loc: tuple[str | int, ...]) -> str:
    """'title', 'item 2 of sources', 'email of contact 1'."""
    if len(loc) == 1:
        return f"'{loc[0]}'"
    if len(loc) == 2 and isinstance(loc[1], int):
        return f"item {loc[1] + 1} of '{loc[0]}'"
    if len(loc) == 2:
        return f"'{loc[0]}.{loc[1]}'"
    if loc[0] == "contacts" and isinstance(loc[1], int) and len(loc) == 3:
        return f"'{loc[2]}' of contact {loc[1] + 1}"
    return "'" + ".".join(str(part) for part in loc) + "'"


def _span(document: Document, loc: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
    """Where to point for a key path: the key itself, or its value."""
    if key:
        node = document.key_at(*loc)
        if node is not None:
            return node.start, node.end
    node = document.node_at(*loc)
    if (isinstance(node, Scalar) and node.start == node.end) or node is None:
        key_node = document.key_at(*loc) if isinstance(loc[-1], str) else None
        if key_node is not None:
            return key_node.start, key_node.end
        if node is None:
            parent = document.node_at(*loc[:-1]) if len(loc) > 1 else None
            if parent is not None:
                return parent.start, parent.start
            return document.opening or (0, 0)
    assert node is not None
    if isinstance(node, Scalar) and node.start == node.end and isinstance(loc[-1], int):
        # An empty list item: point at its dash.
        dash = document.text.rfind("-", 0, node.start)
        if dash >= 0 and not document.text[dash + 1 : node.start].strip():
            return dash, dash + 1
    if isinstance(node, (Mapping, Sequence)):
        # Point at the first line of a collection, not at everything in it.
        return node.start, node.start + 1
    return value_span(node)


def _translate(document: Document, error: Any) -> Finding | None:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    where = _describe(loc)
    path = json_path(*loc)
    if kind == "missing":
        start, end = _span(document, loc)
        if len(loc) == 1:
            start, end = document.opening or (0, 0)
        return Finding("M102", start, end, f"missing required key {where}", json_path=path)
    if kind == "extra_forbidden":
        start, end = _span(document, loc, key=True)
        name = str(loc[-1])
        allowed = list(CONTACT_KEYS if len(loc) > 1 else RELEASE_KEYS)
        near = closest(name, allowed, limit=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else f" (allowed: {', '.join(allowed)})"
        return Finding(
            "M101",
            start,
            end,
            f"unknown key '{name}'{hint}",
            suggestions=tuple(near),
            json_path=path,
        )
    start, end = _span(document, loc)
    if kind in _CUSTOM_CODES:
        message = error["msg"]
        if not isinstance(value, str) and kind != "language_tag":
            message = f"{where} must be {EXPECTED.get(str(loc[-1]), 'text')}, not {_kind(value)}"
        elif kind in ("pattern", "language_tag") and not message.startswith("'"):
            message = f"{where} {message}"
        elif kind == "language_tag":
            message = f"language {message}"
        return Finding(_CUSTOM_CODES[kind], start, end, message, json_path=path)
    is_item = len(loc) >= 2 and isinstance(loc[-1], int)
    if kind in _EMPTY_TYPES or (kind in _TYPE_ERRORS and value is None):
        if is_item:
            return Finding("M106", start, end, f"{where} is empty", json_path=path)
        if kind == "too_short" or str(loc[-1]) in LIST_KEYS:
            message = f"{where} is empty: give at least one item"
            if value is None and len(loc) == 1 and not BY_NAME[str(loc[0])].required:
                message = f"{where} has no value: write '{loc[0]}: []' or remove the key"
        else:
            message = f"{where} is empty"
        return Finding("M104", start, end, message, json_path=path)
    expected = EXPECTED.get(str(loc[-1]), "text") if not is_item else "text"
    if is_item and loc[0] == "contacts" and len(loc) == 2:
        expected = "a mapping with name, email and phone"
    return Finding(
        "M103", start, end, f"{where} must be {expected}, not {_kind(value)}", json_path=path
    )


def validate_shape(document: Document) -> list[Finding]:
    """Validate the front matter against the release model."""
    if document.data is None:
        return []
    # The same errors as validating with model.Release, without importing
    # Pydantic on every run (see shape.py and tests/equivalence/test_shape.py).
    findings = [_translate(document, item) for item in shape_errors(document.data)]
    return [
        finding
        for finding in findings
        if finding is not None and not _about_dropped(document, finding)
    ]


def _about_dropped(document: Document, finding: Finding) -> bool:
    """A finding about a value that F105/F106 already reported and dropped."""
    return any(
        finding.start <= offset < max(finding.end, finding.start + 1) for offset in document.dropped
    )
