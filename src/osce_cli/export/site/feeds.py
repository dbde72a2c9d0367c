"""Atom 1.0 feeds (RFC 4287), from the templates ``feed.xml`` (a feed) and
``feed-entry.xml`` (one release in it), which a project may replace
(``templates.py``).

A feed holds the latest `FEED_SIZE` entries of its listing. Every time in it
comes from the releases (the feed's ``updated`` is its newest entry's), so the
same archive gives the same bytes. An entry's id is a tag URI (RFC 4151) made
of the site's host, the release's date and its id: it does not change when
other releases change, nor when the site moves to another path.

A release is an entry of many feeds (the site's, its year's, each of its
facet values'), always the same entry: each entry is made once and kept
(`Feeds.entry`) for the feeds that follow, which put the entries together.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, urlsplit

from osce_cli.export.site.entries import SiteEntry
from osce_cli.export.site.paths import url_path
from osce_cli.export.site.templates import SiteTemplates

if TYPE_CHECKING:
    from markupsafe import Markup

FEED_SIZE = 50
#: The ``updated`` of a feed without entries (RFC 4287 requires one): a fixed time.
EMPTY_UPDATED = "1970-01-01T00:00:00Z"
#: Entries kept made: more than a feed holds, so that a release's entry is
#: made once for the many feeds that show it (the newest releases of each listing).
_KEPT_ENTRIES = 2048


class Category(NamedTuple):
    term: str  # the vocabulary id
    scheme: str  # the listing folder's address: "https://example.org/fields/"
    label: str


class FeedEntry(NamedTuple):
    """A release as the feeds show it."""

    id: str
    title: str
    updated: str
    published: str
    authors: tuple[str, ...]
    url: str  # the release page's address
    categories: tuple[Category, ...]
    summary: str
    language: str
    #: The entry as ``feed-entry.xml`` writes it.
    xml: Markup


def entry_id(base_url: str, entry: SiteEntry) -> str:
    """``tag:www.example.org,2007-11-18:release-id``."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{entry.date}:{quote(entry.id, safe='')}"


class Feeds:
    """The feeds of one site: its base URL and templates."""

    def __init__(self, base_url: str, templates: SiteTemplates) -> None:
        self.base_url = base_url
        self.templates = templates
        self.entry = functools.lru_cache(maxsize=_KEPT_ENTRIES)(self._entry)

    def feed(
        self,
        *,
        title: str,
        feed_path: str,
        page_path: str,
        entries: Sequence[SiteEntry],
        author: str,
    ) -> bytes:
        """The feed of one listing; ``feed_path`` and ``page_path`` are below the site's root."""
        shown = entries[:FEED_SIZE]
        address = self.base_url + url_path(feed_path)
        context: dict[str, Any] = {
            "id": address,
            "title": title,
            "updated": max((entry.updated for entry in shown), default=EMPTY_UPDATED),
            "self_url": address,
            "page_url": self.base_url + url_path(page_path),
            "author": author,
            "entries": [self.entry(entry) for entry in shown],
        }
        return self.templates.render("feed.xml", context).encode("utf-8")

    def _entry(self, entry: SiteEntry) -> FeedEntry:
        from markupsafe import Markup

        base_url = self.base_url
        made = FeedEntry(
            id=entry_id(base_url, entry),
            title=entry.title,
            updated=entry.updated,
            published=entry.updated,
            authors=entry.authors,
            url=base_url + url_path(entry.page),
            categories=tuple(
                Category(facet.id, f"{base_url}{facet.folder}/", facet.label)
                for facet in entry.facets
            ),
            summary=entry.teaser,
            language=entry.language,
            xml=Markup(""),
        )
        xml = self.templates.render("feed-entry.xml", {"entry": made}, part=True)
        return made._replace(xml=Markup(xml))
