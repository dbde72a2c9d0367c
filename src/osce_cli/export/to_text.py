"""Plain text for wire services and e-mail: title, dateline and body, then the metadata."""

from __future__ import annotations

import textwrap

from osce_cli.export import plaintext
from osce_cli.export.release_data import Record
from osce_cli.format.dates import long_date


def _metadata_line(label: str, value: str, width: int) -> list[str]:
    return textwrap.wrap(
        f"{label}: {value}",
        width=width,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def render(record: Record, width: int = 72) -> str:
    title = textwrap.wrap(record.title, width=width, break_long_words=False, break_on_hyphens=False)
    body = plaintext.render(record.body_markdown.strip(), width)
    day = long_date(record.date)
    metadata = [
        ("Date", day),
        ("Place", ", ".join(record.places)),
        ("Content type", record.type.label),
        ("Sources", "; ".join(t.label for t in record.sources)),
        ("Fields of work", "; ".join(t.label for t in record.fields)),
    ]
    if record.states:
        metadata.append(("States", "; ".join(t.label for t in record.states)))
    metadata.append(("Language", record.language))
    if record.embargo is not None:
        metadata.append(("Embargo", record.embargo.isoformat()))
    for contact in record.contacts:
        parts = [contact.get("name", ""), contact.get("email", ""), contact.get("phone", "")]
        metadata.append(("Contact", ", ".join(part for part in parts if part)))
    lines = [*title, "", body, "", "--"]
    for label, value in metadata:
        lines.extend(_metadata_line(label, value, width))
    return "\n".join(lines) + "\n"
