"""Export formats of ``osce export``, from one record per release: the one list of them.

``FORMATS`` maps each format to the suffix of its output files; the CLI's
choices, completion and help all read it. ``STREAMS`` are the formats that
are one stream of every release (standard output or one file), never one
file per release in a folder. ``site`` writes HTML release pages with
listings, feeds and a sitemap around them.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "html": ".html",
    "json": ".json",
    "jsonl": ".jsonl",
    "text": ".txt",
    "site": ".html",
}

#: Written as one stream (stdout or ``-o FILE``), one line per release.
STREAMS = frozenset({"jsonl"})
