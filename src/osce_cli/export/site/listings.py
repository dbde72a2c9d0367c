"""The site's structure from its entries: listings, their pages, and the facets.

Every listing (all releases, a year, a facet value) holds its entries newest
first and is cut into pages of `PAGE_SIZE`; each facet (the years, and each
vocabulary key of ``format/keys.py``) has a page of its values with counts.
A key added to that table gets its listings with no code here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from osce_cli.export.site.entries import ORDER, SiteEntry
from osce_cli.export.site.paths import YEARS, folder_page, segment
from osce_cli.format.keys import LISTINGS

PAGE_SIZE = 20


class Listing(NamedTuple):
    folder: str  # "" for all releases, "years/2007", "fields/elections"
    title: str
    facet: str  # the facet's folder ("years", "fields"); "" for all releases
    entries: tuple[SiteEntry, ...]  # newest first

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.entries) // PAGE_SIZE))

    def page(self, number: int) -> tuple[SiteEntry, ...]:
        start = (number - 1) * PAGE_SIZE
        return self.entries[start : start + PAGE_SIZE]


class FacetValue(NamedTuple):
    label: str
    page: str  # its listing's first page
    releases: int


class FacetIndex(NamedTuple):
    """A facet's page: its values with the number of releases of each."""

    folder: str
    title: str
    values: tuple[FacetValue, ...]


class Site(NamedTuple):
    everything: Listing
    listings: tuple[Listing, ...]  # per year and per facet value
    facets: tuple[FacetIndex, ...]  # the years first, then the keys in table order


def newest_first(entries: Iterable[SiteEntry]) -> list[SiteEntry]:
    return sorted(entries, key=ORDER, reverse=True)


def build(entries: Iterable[SiteEntry], everything_title: str) -> Site:
    ordered = newest_first(entries)
    years: defaultdict[str, list[SiteEntry]] = defaultdict(list)
    values: defaultdict[tuple[str, str], list[SiteEntry]] = defaultdict(list)
    labels: dict[tuple[str, str], str] = {}
    for entry in ordered:
        years[entry.date[:4]].append(entry)
        seen: set[tuple[str, str]] = set()
        for facet in entry.facets:
            key = (facet.folder, segment(facet.id))
            if key in seen:
                continue
            seen.add(key)
            values[key].append(entry)
            if key not in labels:
                labels[key] = facet.label  # the newest release's label
    listings: list[Listing] = []
    year_values: list[FacetValue] = []
    for year in sorted(years, reverse=True):
        folder = f"{YEARS}/{year}"
        listings.append(Listing(folder, year, YEARS, tuple(years[year])))
        year_values.append(FacetValue(year, folder_page(folder), len(years[year])))
    facets = [FacetIndex(YEARS, "Years", tuple(year_values))]
    for _, facet_folder, heading in LISTINGS:
        found: list[FacetValue] = []
        for key in sorted(
            (key for key in values if key[0] == facet_folder),
            key=lambda key: (labels[key].casefold(), key[1]),
        ):
            folder = f"{key[0]}/{key[1]}"
            listings.append(Listing(folder, labels[key], facet_folder, tuple(values[key])))
            found.append(FacetValue(labels[key], folder_page(folder), len(values[key])))
        facets.append(FacetIndex(facet_folder, heading, tuple(found)))
    return Site(Listing("", everything_title, "", tuple(ordered)), tuple(listings), tuple(facets))
