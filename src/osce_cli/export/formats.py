"""Export formats of ``osce export``: html, json and text, from one record per release,
and site (html release pages, with listings, feeds and a sitemap around them)."""

from __future__ import annotations

FORMATS: dict[str, str] = {"html": ".html", "json": ".json", "text": ".txt", "site": ".html"}
