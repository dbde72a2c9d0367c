"""Atom 1.0 feeds (RFC 4287), written with ``xml.etree.ElementTree``.

A feed holds the latest `FEED_SIZE` entries of its listing. Every time in it
comes from the releases (the feed's ``updated`` is its newest entry's), so the
same archive gives the same bytes. An entry's id is a tag URI (RFC 4151) made
of the site's host, the release's date and its id: it does not change when
other releases change, nor when the site moves to another path.

A release is an entry of many feeds (the site's, its year's, each of its
facet values'), always the same entry at the same depth: each entry is
serialized once (`entry_xml`, kept for the feeds that follow) and a feed is
its head, serialized by ElementTree, with its entries' text put in before
``</feed>``. The bytes are what ElementTree writes for the whole feed, as
tests/export/site/test_site.py holds
(`test_a_feed_is_what_elementtree_writes_for_its_tree`).
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from osce_cli.export.site.entries import SiteEntry
from osce_cli.export.site.paths import url_path
from osce_cli.report.printable import without_controls

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
#: The ``updated`` of a feed without entries (RFC 4287 requires one): a fixed time.
EMPTY_UPDATED = "1970-01-01T00:00:00Z"


def entry_id(base_url: str, entry: SiteEntry) -> str:
    """``tag:www.example.org,2007-11-18:release-id``."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{entry.date}:{quote(entry.id, safe='')}"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = without_controls(text)
    return element


def feed(
    *,
    title: str,
    feed_path: str,
    page_path: str,
    entries: Sequence[SiteEntry],
    base_url: str,
    author: str,
) -> bytes:
    """The feed of one listing; ``feed_path`` and ``page_path`` are below the site's root."""
    root = ET.Element("feed", {"xmlns": ATOM})
    shown = entries[:FEED_SIZE]
    _text(root, "id", base_url + url_path(feed_path))
    _text(root, "title", title)
    _text(root, "updated", max((entry.updated for entry in shown), default=EMPTY_UPDATED))
    ET.SubElement(
        root,
        "link",
        {"rel": "self", "type": "application/atom+xml", "href": base_url + url_path(feed_path)},
    )
    ET.SubElement(
        root,
        "link",
        {"rel": "alternate", "type": "text/html", "href": base_url + url_path(page_path)},
    )
    _text(ET.SubElement(root, "author"), "name", author)
    ET.indent(root)
    head = ET.tostring(root, encoding="utf-8", xml_declaration=True).decode("utf-8")
    closing = "</feed>"
    assert head.endswith(closing)
    parts = [head[: -len(closing)]]
    parts += (f"  {entry_xml(base_url, entry)}\n" for entry in shown)
    parts.append(closing + "\n")
    return "".join(parts).encode("utf-8")


#: Entries kept serialized: more than a feed holds, so that a release's entry
#: is made once for the many feeds that show it.
_KEPT_ENTRIES = 4096


@functools.lru_cache(maxsize=_KEPT_ENTRIES)
def entry_xml(base_url: str, entry: SiteEntry) -> str:
    """One entry as it is written in a feed, indented as a child of ``<feed>``."""
    item = ET.Element("entry", {"xml:lang": entry.language} if entry.language else {})
    _text(item, "id", entry_id(base_url, entry))
    _text(item, "title", entry.title)
    _text(item, "updated", entry.updated)
    _text(item, "published", entry.updated)
    for name in entry.authors:
        _text(ET.SubElement(item, "author"), "name", name)
    ET.SubElement(
        item,
        "link",
        {"rel": "alternate", "type": "text/html", "href": base_url + url_path(entry.page)},
    )
    for facet in entry.facets:
        ET.SubElement(
            item,
            "category",
            {"term": facet.id, "scheme": f"{base_url}{facet.folder}/", "label": facet.label},
        )
    if entry.teaser:
        _text(item, "summary", entry.teaser)
    ET.indent(item, level=1)
    return ET.tostring(item, encoding="unicode")
