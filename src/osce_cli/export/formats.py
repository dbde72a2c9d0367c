"""Export formats of ``osce export``: html, json and text, from one record per release."""

from __future__ import annotations

FORMATS: dict[str, str] = {"html": ".html", "json": ".json", "text": ".txt"}
