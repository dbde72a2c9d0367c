"""Plain text for wire services and e-mail: title, dateline and body, then the metadata."""

from __future__ import annotations

import textwrap
from typing import Any

from osce_cli.export import plaintext
from osce_cli.export.release_data import Record
from osce_cli.format import keys
from osce_cli.format.dates import long_date
from osce_cli.format.keys import CONTACT_KEYS, KEYS


def _metadata_line(label: str, value: str, width: int) -> list[str]:
    return textwrap.wrap(
        f"{label}: {value}",
        width=width,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _shown(kind: str, value: Any) -> list[str]:
    """The metadata lines of a record value, by its kind (none for an empty one)."""
    if value is None or value == ():
        return []
    if kind == keys.DATE:
        return [long_date(value)]
    if kind == keys.EMBARGO:
        return [value.isoformat()]
    if kind == keys.LABEL:
        return [value.label]
    if kind == keys.LABELS:
        return ["; ".join(term.label for term in value)]
    if kind == keys.PLACES:
        return [", ".join(value)]
    if kind == keys.CONTACTS:  # a line each
        return [", ".join(c[part] for part in CONTACT_KEYS if c.get(part)) for c in value]
    return [str(value)]


def render(record: Record, width: int = 72) -> str:
    title = textwrap.wrap(record.title, width=width, break_long_words=False, break_on_hyphens=False)
    body = plaintext.render(record.body_markdown.strip(), width)
    metadata: list[tuple[str, str]] = []
    for key in KEYS:
        if key.shown_as is not None:
            metadata.extend(
                (key.shown_as, text) for text in _shown(key.kind, getattr(record, key.attribute))
            )
    lines = [*title, "", body, "", "--"]
    for label, value in metadata:
        lines.extend(_metadata_line(label, value, width))
    return "\n".join(lines) + "\n"
