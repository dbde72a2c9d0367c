"""JSON: one object per release, with sorted keys; documented by schemas/export.schema.json."""

from __future__ import annotations

from typing import Any

from osce_cli.export import plaintext
from osce_cli.export.jsonencode import to_json
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


def dumps(data: Any) -> str:
    """Byte-stable JSON: sorted keys, two-space indent, UTF-8, final newline."""
    return to_json(data) + "\n"


def render(record: Record) -> str:
    return dumps(as_dict(record))
