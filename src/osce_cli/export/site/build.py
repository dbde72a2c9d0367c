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
from osce_cli.export.site.entries import ORDER, SiteEntry
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
) -> list[tuple[str, Sequence[SiteEntry]]]:
    """Write the site of these entries; ``stamps`` are their digests by release page.

    Returns each listing page and feed with the entries it shows (`shown_on`
    turns that round).

    The files are put in the order that spreads them best over the workers
    (`SiteOutput.flush`): the sitemap first (one large file, not left for
    last, when one worker would make it while the other waits), the facet
    pages, the feeds, then the listing pages by the date of their newest entry. A
    release is on pages of many listings, and its item is made once per
    worker (`SitePages.shown_entries`): pages of releases of the same days,
    worked on together, are mostly made in the same worker.
    """
    site = build(entries, site_pages.branding.name)
    listed: list[tuple[str, str]] = []  # (page, last change) for the sitemap
    listing_pages: list[tuple[Shows, Sequence[SiteEntry]]] = []
    feeds_shown: list[tuple[Shows, Sequence[SiteEntry]]] = []
    for listing in (site.everything, *site.listings):
        newest = listing.entries[0].date if listing.entries else ""
        for number in range(1, listing.page_count + 1):
            shows = ["listing", listing.folder, listing.title, number, listing.page_count]
            listing_pages.append((shows, listing.page(number)))
            listed.append((folder_page(listing.folder, number), newest))
        shows = ["feed", listing.folder, listing.title]
        feeds_shown.append((shows, listing.entries[: feeds.FEED_SIZE]))
    facet_pages = []
    for facet in site.facets:
        path, made_from, make = site_pages.facet_page(facet)
        facet_pages.append((path, made_from, make))
        newest = max(
            (listing.entries[0].date for listing in site.listings if listing.facet == facet.folder),
            default="",
        )
        listed.append((path, newest))
    listed += sorted((entry.page, entry.date) for entry in site.everything.entries)
    for name, made_from, make in sitemaps(site_pages.base_url, listed, url_limit):
        output.put(name, made_from, make)
    for path, made_from, make in facet_pages:
        output.put(path, made_from, make)
    # Sorted newest first by the first entry; Python's sort keeps the order
    # of equal keys, reversed too: the same site gives the same order.
    listing_pages.sort(key=lambda page: ORDER(page[1][0]) if page[1] else ("",), reverse=True)
    return [
        (write_shown(output, shows, shown, stamps, site_pages), shown)
        for shows, shown in (*feeds_shown, *listing_pages)
    ]


def shown_on(files: list[tuple[str, Sequence[SiteEntry]]]) -> dict[str, list[str]]:
    """The files showing each entry, by release page, from what each file shows."""
    showing: defaultdict[str, list[str]] = defaultdict(list)
    for path, shown in files:
        for entry in shown:
            showing[entry.page].append(path)
    return showing


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
    recorded = [*shows, [entry.page for entry in entries]]
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
