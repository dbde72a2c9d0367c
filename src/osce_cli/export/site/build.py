"""The site around the release pages: listings, facet pages, feeds and sitemap.

Called once the release pages are written, with every published release's
entry; each file goes through `SiteOutput.put`, which makes it only when
what it is made from changed. A listing page or a feed is recorded with what
it shows (`shows`), so that `write_shown` can make it again on its own when
only the content of releases it shows changed (see ``incremental.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from osce_cli.export.site import feeds, pages
from osce_cli.export.site.entries import SiteEntry, compact_json
from osce_cli.export.site.listings import build
from osce_cli.export.site.output import SiteOutput
from osce_cli.export.site.pages import SitePages
from osce_cli.export.site.paths import feed_of, folder_page
from osce_cli.export.site.sitemap import URL_LIMIT, sitemaps

#: What a listing page or feed shows, as stored: its kind, listing folder and
#: title, (for a page) its number and the listing's page count, and the
#: release pages of its entries.
Shows = list[Any]


def write_site(
    output: SiteOutput,
    entries: Iterable[SiteEntry],
    stamps: dict[str, str],
    site_pages: SitePages,
    url_limit: int = URL_LIMIT,
) -> dict[str, list[str]]:
    """Write the site of these entries; ``stamps`` are their digests by release page.

    Returns the files showing each entry (listing pages and feeds), by release page.
    """
    site = build(entries, site_pages.branding.name)
    listed: list[tuple[str, str]] = []  # (page, last change) for the sitemap
    shown_on: defaultdict[str, list[str]] = defaultdict(list)
    for listing in (site.everything, *site.listings):
        newest = listing.entries[0].date if listing.entries else ""
        for number in range(1, listing.page_count + 1):
            shows = ["listing", listing.folder, listing.title, number, listing.page_count]
            shown = listing.page(number)
            path = write_shown(output, shows, shown, stamps, site_pages)
            listed.append((path, newest))
            for entry in shown:
                shown_on[entry.page].append(path)
        shown = listing.entries[: feeds.FEED_SIZE]
        shows = ["feed", listing.folder, listing.title]
        path = write_shown(output, shows, shown, stamps, site_pages)
        for entry in shown:
            shown_on[entry.page].append(path)
    for facet in site.facets:
        path, made_from, make = site_pages.facet_page(facet)
        output.put(path, made_from, make)
        newest = max(
            (listing.entries[0].date for listing in site.listings if listing.facet == facet.folder),
            default="",
        )
        listed.append((path, newest))
    listed += sorted((entry.page, entry.date) for entry in site.everything.entries)
    for name, made_from, make in sitemaps(site_pages.base_url, listed, url_limit):
        output.put(name, made_from, make)
    return shown_on


def write_shown(
    output: SiteOutput,
    shows: Shows,
    entries: Sequence[SiteEntry],
    stamps: dict[str, str],
    site_pages: SitePages,
) -> str:
    """Make a listing page or feed as recorded (again only if what it is made from changed).

    ``shows`` is as `write_site` recorded it, without its entries' pages: the
    entries themselves, in their order, are ``entries``. Returns its path.
    """
    recorded = compact_json([*shows, [entry.page for entry in entries]])
    if shows[0] == "listing":
        _, folder, title, number, page_count = shows
        path, made_from, make = site_pages.listing_page(
            (folder, title), number, page_count, entries, stamps
        )
        output.put(path, made_from, make, recorded)
        return path
    _, folder, title = shows
    feed_path = feed_of(folder)
    base_url, name = site_pages.base_url, site_pages.branding.name
    title = name if not folder else f"{title} – {name}"
    made_from = "\n".join(
        ["feed", feed_path, title, base_url, *(stamps[entry.page] for entry in entries)]
    )
    output.put(
        feed_path,
        made_from,
        lambda: site_pages.feeds.feed(
            title=title,
            feed_path=feed_path,
            page_path=folder_page(folder),
            entries=entries,
            author=pages.AUTHOR,
        ),
        recorded,
    )
    return feed_path
