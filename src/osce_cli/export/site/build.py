"""The site around the release pages: listings, facet pages, feeds and sitemap.

Called once the release pages are written, with every published release's
entry; each file goes through `SiteOutput.put`, which makes it only when
what it is made from changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from osce_cli.export.site import feeds, pages
from osce_cli.export.site.entries import SiteEntry
from osce_cli.export.site.listings import Listing, build
from osce_cli.export.site.output import SiteOutput
from osce_cli.export.site.paths import feed_of, folder_page
from osce_cli.export.site.sitemap import URL_LIMIT, sitemaps
from osce_cli.export.to_html import Branding


def write_site(
    output: SiteOutput,
    entries: Iterable[SiteEntry],
    stamps: dict[str, str],
    base_url: str,
    templates: Path | None,
    branding: Branding,
    url_limit: int = URL_LIMIT,
) -> None:
    """Write the site of these entries; ``stamps`` are their digests by release page."""
    site = build(entries, branding.name)
    listed: list[tuple[str, str]] = []  # (page, last change) for the sitemap
    for listing in (site.everything, *site.listings):
        newest = listing.entries[0].date if listing.entries else ""
        for number in range(1, listing.page_count + 1):
            path, made_from, make = pages.listing_page(
                listing, number, base_url, templates, stamps, branding
            )
            output.put(path, made_from, make)
            listed.append((path, newest))
        _feed(output, listing, base_url, stamps, branding.name)
    for facet in site.facets:
        path, made_from, make = pages.facet_page(facet, base_url, templates, branding)
        output.put(path, made_from, make)
        newest = max(
            (listing.entries[0].date for listing in site.listings if listing.facet == facet.folder),
            default="",
        )
        listed.append((path, newest))
    listed += sorted((entry.page, entry.date) for entry in site.everything.entries)
    for name, made_from, make in sitemaps(base_url, listed, url_limit):
        output.put(name, made_from, make)


def _feed(
    output: SiteOutput, listing: Listing, base_url: str, stamps: dict[str, str], name: str
) -> None:
    shown = listing.entries[: feeds.FEED_SIZE]
    feed_path = feed_of(listing.folder)
    title = name if not listing.folder else f"{listing.title} – {name}"
    made_from = "\n".join(
        ["feed", feed_path, title, base_url, *(stamps[entry.page] for entry in shown)]
    )
    output.put(
        feed_path,
        made_from,
        lambda: feeds.feed(
            title=title,
            feed_path=feed_path,
            page_path=folder_page(listing.folder),
            entries=shown,
            base_url=base_url,
            author=pages.AUTHOR,
        ),
    )
