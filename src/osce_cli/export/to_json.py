"""JSON and JSON Lines: one object per release, with sorted keys (see ``json_schema.py``)."""

from __future__ import annotations

from typing import Any

from osce_cli.export import plaintext
from osce_cli.export.jsonencode import to_json
from osce_cli.export.release_data import Record
from osce_cli.export.to_html import body_html
from osce_cli.format import keys


def _exported(kind: str, value: Any) -> Any:
    """A record value as JSON holds it, by its kind of value (see ``format/keys.py``)."""
    if value is None:
        return None
    if kind in (keys.DATE, keys.EMBARGO):
        return value.isoformat()
    if kind == keys.LABEL:
        return value.as_dict()
    if kind == keys.LABELS:
        return [term.as_dict() for term in value]
    if kind in (keys.PLACES, keys.CONTACTS):
        return [dict(item) if isinstance(item, dict) else item for item in value]
    return value


def as_dict(record: Record) -> dict[str, Any]:
    return {
        "path": record.path,
        **{key.name: _exported(key.kind, getattr(record, key.attribute)) for key in keys.KEYS},
        "dateline": record.dateline_text,
        "body": {
            "markdown": record.body_markdown,
            "html": body_html(record),
            "text": plaintext.render(record.body_markdown.strip(), width=None),
        },
        "translations": [
            {"language": version.language, "path": version.path} for version in record.translations
        ],
    }


def line(data: Any) -> str:
    """One JSON Lines line (without its newline): compact, sorted keys, UTF-8."""
    import json

    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps(data: Any) -> str:
    """Byte-stable JSON: sorted keys, two-space indent, UTF-8, final newline."""
    return to_json(data) + "\n"


def render(record: Record) -> str:
    return dumps(as_dict(record))
