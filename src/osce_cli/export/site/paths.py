"""Where things are in a site export: folders, paths and relative links.

Links between pages are relative and name ``index.html`` explicitly, so the
site works from ``file://`` (where a link to a folder opens a directory
listing) and from any sub-path of a web server. Absolute URLs, from the base
URL, are only for what a standard needs them for: feeds, the sitemap and the
canonical link.
"""

from __future__ import annotations

import functools
from urllib.parse import quote

#: The release pages' folder below the site's root.
RELEASES = "releases"
#: The page of each year's listing lives in ``years/YYYY/``.
YEARS = "years"


@functools.lru_cache(maxsize=4096)
def segment(term_id: str) -> str:
    """A vocabulary id as one folder name (ids are slugs; anything else is made one)."""
    kept = "".join(char if char.isalnum() or char in "-_" else "-" for char in term_id.lower())
    return kept.strip("-") or "-"


def to_root(page: str) -> str:
    """The relative link from a page (a path below the root) to the root: ``../../``."""
    return "../" * page.count("/")


def link(page: str, target: str) -> str:
    """The relative link from one page to another, both paths below the root, as a URL."""
    here = page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + url_path("/".join(there[common:]))


def url_path(page: str) -> str:
    """A page's path below the root as it goes into a URL (each part percent-encoded).

    A file name that is not UTF-8 (its bytes held as surrogates) keeps its
    bytes: ``caf\udce9.html`` is ``caf%E9.html``, the address a web server
    gives that file.
    """
    return quote(page, safe="/", errors="surrogateescape")


def folder_page(folder: str, number: int = 1) -> str:
    """The path of a listing's page: ``fields/elections/index.html``, ``page/2/index.html``."""
    prefix = f"{folder}/" if folder else ""
    return f"{prefix}index.html" if number == 1 else f"{prefix}page/{number}/index.html"


def feed_of(folder: str) -> str:
    """The path of a listing's feed: ``feed.xml``, ``fields/elections/feed.xml``."""
    return f"{folder}/feed.xml" if folder else "feed.xml"
