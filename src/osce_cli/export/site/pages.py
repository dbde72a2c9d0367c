"""The site's HTML: listing and facet pages from Jinja2 templates, and what a
release page adds to the page template (navigation, linked facet values,
canonical link, feed autodiscovery), as template variables.

The templates (``templates.py``) are ``listing.html`` (a page of a
listing), ``listing-entry.html`` (one release's item in it) and
``facet.html``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from osce_cli.export.site.entries import SiteEntry
from osce_cli.export.site.feeds import Feeds
from osce_cli.export.site.listings import FacetIndex
from osce_cli.export.site.paths import (
    RELEASES,
    YEARS,
    feed_of,
    folder_page,
    link,
    segment,
    to_root,
    url_path,
)
from osce_cli.export.site.templates import SiteTemplates
from osce_cli.format.keys import BY_NAME, LISTINGS
from osce_cli.format.local_dates import date_in
from osce_cli.support.records import Record as MutableRecord

if TYPE_CHECKING:
    from markupsafe import Markup

    from osce_cli.export.to_html import Branding

#: The folder of the listings by language.
LANGUAGES = BY_NAME["language"].folder
#: The record attribute whose values each facet's listings hold, by the facet's folder.
_ATTRIBUTES = {folder: attribute for attribute, folder, _ in LISTINGS}
#: The organisation named as the feeds' author.
AUTHOR = "Organization for Security and Co-operation in Europe"


class Navigation(tuple[tuple[str, str], ...]):
    """The site's navigation: (label, link) pairs, which a template may go through.

    Shown whole (``{{ site.nav }}``), it is the ``<nav>`` element of every
    page of the site, made once for all the pages that share it.
    """

    #: The ``<nav>`` element, as ``__html__`` gives it to Jinja2 and markupsafe.
    element: str

    def __html__(self) -> str:
        return self.element


@functools.lru_cache(maxsize=256)
def navigation(root: str, language: str) -> Navigation:
    """The site's navigation, (label in ``language``, link) from a page ``root`` below the root.

    Every page at the same depth in the same language shows the same one.
    """
    from markupsafe import Markup

    from osce_cli.export.messages import translations

    word = translations(language).gettext
    links = [("Latest releases", root + "index.html"), ("Years", f"{root}{YEARS}/index.html")]
    links += [(heading, f"{root}{folder}/index.html") for _, folder, heading in LISTINGS]
    nav = Navigation((word(label), href) for label, href in links)
    items = Markup("").join(
        Markup('<li><a href="{}">{}</a></li>\n').format(href, label) for label, href in nav
    )
    nav.element = Markup('<nav aria-label="{}">\n<ul>\n{}</ul>\n</nav>').format(word("Site"), items)
    return nav


class SiteFrame(MutableRecord):
    """What a page of the site shows around itself: a template's ``site``.

    Its links are relative to the page. Attributes, not a dict: a template
    reads ``site.name`` as an attribute first, and a dict would fail that
    look-up, at a cost, on every use in every page. A class, not a named
    tuple, so that a release page's (`ReleaseFrame`) adds its own links and a
    listing's template that asks for those is told they are not there.
    """

    __slots__ = ("feed", "logo", "name", "nav", "root", "stylesheet")
    _fields: ClassVar[tuple[str, ...]] = ("name", "logo", "stylesheet", "root", "nav", "feed")

    def __init__(
        self, name: str, logo: str | None, stylesheet: str, root: str, nav: Navigation, feed: str
    ) -> None:
        self.name = name
        self.logo = logo
        self.stylesheet = stylesheet
        self.root = root
        self.nav = nav
        self.feed = feed


class ReleaseFrame(SiteFrame):
    """A release page's ``site``: the frame, with its address, the listing of each of its
    facet values (by record attribute and term id) and its year's listing."""

    __slots__ = ("canonical", "links", "year")
    _fields: ClassVar[tuple[str, ...]] = (*SiteFrame._fields, "canonical", "links", "year")

    def __init__(
        self, frame: SiteFrame, canonical: str, links: dict[str, dict[str, str]], year: str
    ) -> None:
        super().__init__(*frame._field_values())
        self.canonical = canonical
        self.links = links
        self.year = year


def site_context(page: str, branding: Branding, language: str) -> SiteFrame:
    """What every page of the site shows around itself, with links relative to ``page``:
    the organisation's name and logo, the shared stylesheet, the navigation
    (its labels in ``language``)."""
    from osce_cli.export.to_html import ASSETS_FOLDER, STYLESHEET_NAME

    root = to_root(page)
    assets = f"{root}{ASSETS_FOLDER}/"
    return SiteFrame(
        branding.name,
        assets + branding.logo_name if branding.logo_name else None,
        assets + STYLESHEET_NAME,
        root,
        navigation(root, language),
        root + "feed.xml",
    )


class ShownEntry(NamedTuple):
    """A release as a listing page shows it, its link relative to that page."""

    href: str
    title: str
    date: str  # YYYY-MM-DD
    date_text: str  # the date as the release's language writes it
    places: tuple[str, ...]
    type: str
    teaser: str
    language: str
    #: The entry's item (``<li>``) as ``listing-entry.html`` writes it.
    html: Markup


class SitePages:
    """The site's listing and facet pages, for one base URL, set of templates and branding.

    A release is an entry of many listing pages (the latest releases, its
    year, each of its facet values), always the same item for pages at the
    same depth in the same language: each item is made once (`shown_entries`)
    and kept for the pages that follow, which put the items together.
    """

    def __init__(self, base_url: str, templates: SiteTemplates, branding: Branding) -> None:
        self.base_url = base_url
        self.templates = templates
        self.branding = branding
        self.feeds = Feeds(base_url, templates)
        #: Items made, by depth of the listing page and language, then by release page.
        self._items: dict[tuple[int, str], dict[str, ShownEntry]] = {}

    def listing_page(
        self,
        listing: tuple[str, str],
        number: int,
        page_count: int,
        shown: Sequence[SiteEntry],
        stamps: dict[str, str],
    ) -> tuple[str, str, Callable[[], bytes]]:
        """(path, what it is made from, a function making its bytes) of one page of a listing.

        ``listing`` is its folder and title, ``shown`` the entries on this page,
        ``stamps`` the entries' digests by release page: what the page is made from.
        """
        listing_folder, title = listing
        path = folder_page(listing_folder, number)
        # A language's listing is in that language; the others in English.
        facet, _, value = listing_folder.partition("/")
        language = value if facet == LANGUAGES else "en"
        base_url = self.base_url

        def make() -> bytes:
            from markupsafe import Markup

            root = to_root(path)
            entries = self.shown_entries(shown, path, language)
            context: dict[str, Any] = {
                "site": site_context(path, self.branding, language),
                "title": title,
                "number": number,
                "page_count": page_count,
                "canonical": base_url + url_path(path),
                "feed": root + feed_of(listing_folder),
                "previous": None
                if number == 1
                else link(path, folder_page(listing_folder, number - 1)),
                "next": None
                if number == page_count
                else link(path, folder_page(listing_folder, number + 1)),
                "entries": entries,
                "items": Markup("".join(entry.html for entry in entries)),
            }
            return self.templates.render("listing.html", context, language).encode("utf-8")

        made_from = "\n".join(
            [
                "listing",
                path,
                title,
                str(number),
                str(page_count),
                base_url,
                *(stamps[entry.page] for entry in shown),
            ]
        )
        return path, made_from, make

    def shown_entries(
        self, entries: Sequence[SiteEntry], page: str, language: str
    ) -> list[ShownEntry]:
        """``entries`` as the listing page ``page`` in ``language`` shows them.

        No listing page is below ``releases/``, where the release pages are:
        the link from one to a release page climbs to the root whatever the
        folder, so listing pages at the same depth share the item.
        """
        made = self._items.setdefault((page.count("/"), language), {})
        shown = []
        for entry in entries:
            item = made.get(entry.page)
            if item is None:
                item = made[entry.page] = self._make_item(entry, link(page, entry.page), language)
            shown.append(item)
        return shown

    def _make_item(self, entry: SiteEntry, href: str, language: str) -> ShownEntry:
        from markupsafe import Markup

        shown = ShownEntry(
            href,
            entry.title,
            entry.date,
            date_in(dt.date.fromisoformat(entry.date), entry.language),
            entry.places,
            entry.type,
            entry.teaser,
            entry.language,
            Markup(""),
        )
        html = self.templates.render("listing-entry.html", {"entry": shown}, language, part=True)
        return shown._replace(html=Markup(html))

    def facet_page(self, facet: FacetIndex) -> tuple[str, str, Callable[[], bytes]]:
        path = folder_page(facet.folder)
        context: dict[str, Any] = {
            "site": site_context(path, self.branding, "en"),
            "title": facet.title,
            "canonical": self.base_url + url_path(path),
            "values": [
                {"label": value.label, "href": link(path, value.page), "count": value.releases}
                for value in facet.values
            ],
        }
        made_from = "\n".join(
            [
                "facet",
                path,
                facet.title,
                self.base_url,
                *(f"{v.label}\t{v.page}\t{v.releases}" for v in facet.values),
            ]
        )
        return path, made_from, lambda: self.templates.render("facet.html", context).encode("utf-8")


def release_context(entry: SiteEntry, base_url: str, branding: Branding) -> ReleaseFrame:
    """The ``site`` variable of a release page (``entry.page``): its links to the rest of the site.

    The links to its facet values' listings come from its entry, which holds
    them all (`site_entry`): the record's terms are not looked up again.
    """
    page = entry.page
    root = to_root(page)
    links: dict[str, dict[str, str]] = {attribute: {} for attribute, _, _ in LISTINGS}
    for facet in entry.facets:
        links[_ATTRIBUTES[facet.folder]][facet.id] = (
            f"{root}{facet.folder}/{segment(facet.id)}/index.html"
        )
    return ReleaseFrame(
        site_context(page, branding, entry.language),
        base_url + url_path(page),
        links,
        f"{root}{YEARS}/{entry.date[:4]}/index.html",
    )


def release_page(relative: str) -> str:
    """A release page's path below the site's root, from its path below the archive."""
    return f"{RELEASES}/{relative}"
