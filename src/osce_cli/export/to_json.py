"""JSON: one object per release, with sorted keys; documented by schemas/export.schema.json."""

from __future__ import annotations

import json
from typing import Any

from osce_cli.export import plaintext
from osce_cli.export.release_data import Record
from osce_cli.export.to_html import body_html


def as_dict(record: Record) -> dict[str, Any]:
    return {
        "path": record.path,
        "id": record.id,
        "title": record.title,
        "date": record.date.isoformat(),
        "type": record.type.as_dict(),
        "place": list(record.places),
        "sources": [term.as_dict() for term in record.sources],
        "fields": [term.as_dict() for term in record.fields],
        "states": [term.as_dict() for term in record.states],
        "language": record.language,
        "summary": record.summary,
        "embargo": record.embargo.isoformat() if record.embargo else None,
        "contacts": [dict(contact) for contact in record.contacts],
        "dateline": record.dateline_text,
        "body": {
            "markdown": record.body_markdown,
            "html": body_html(record),
            "text": plaintext.render(record.body_markdown.strip(), width=None),
        },
    }


def encode(data: Any, level: int = 0) -> str:
    """Byte-stable JSON: sorted keys, two-space indent, UTF-8 (no final newline).

    With ``level``, the text is what the value would be nested that deep in
    an enclosing array: every line but the first indented by ``level`` steps
    (for writing an array one element at a time).
    """
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("\n", "\n" + "  " * level) if level else text


def dumps(data: Any) -> str:
    """Byte-stable JSON with a final newline: the text of a JSON export."""
    return encode(data) + "\n"


def render(record: Record) -> str:
    return dumps(as_dict(record))
