"""A re-export of a site whose releases only changed in content, done file by file.

When the site holds the same release pages as when osce last made it (none
added, removed, or hidden by an embargo), and the releases that changed kept
their date, time and vocabulary values, then no listing gains or loses an
entry, no entry moves, and the facet pages and sitemap stay as they are:
only the listing pages and feeds that show a changed release need making
again. The store (``store.py``) says which those are and what each shows, so
this takes the entries of those files alone, where the whole site would
decode and regroup every entry. Anything else (the store lacks something, a
file of the site was changed or removed by hand) makes the whole site again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from osce_cli.export.manifest import digest
from osce_cli.export.site.build import write_shown
from osce_cli.export.site.entries import SiteEntry, from_json
from osce_cli.export.site.output import SiteOutput, unchanged
from osce_cli.export.site.pages import SitePages
from osce_cli.export.site.store import SiteStore

#: A published release page: (its absolute path, the release's SHA-256, its
#: entry's JSON if it was rendered in this run).
Published = tuple[str, str, "str | None"]


def releases_digest(releases: Iterable[tuple[str, str]]) -> str:
    """The digest of a site's releases: (release page, the release's SHA-256) pairs."""
    lines = sorted(f"{page}\t{content}" for page, content in releases)
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


def same_place(old: SiteEntry, new: SiteEntry) -> bool:
    """Does the new entry sit where the old one did in every listing, with the same labels?"""
    return (old.page, old.date, old.updated, old.facets) == (
        new.page,
        new.date,
        new.updated,
        new.facets,
    )


def refresh(
    output: SiteOutput,
    store: SiteStore,
    published: list[Published],
    site_pages: SitePages,
) -> bool:
    """Bring the site up to date file by file; False (having written nothing) when it cannot."""
    last = store.last_made()
    if last is None:
        return False
    last_releases, files = last
    rendered = [place for place, _, entry in published if entry is not None]
    stored = store.entries(rendered)
    before: list[tuple[str, str]] = []  # the releases as the site was last made from them
    changed: dict[str, tuple[str, str, str]] = {}  # (SHA-256, entry, files showing it)
    for place, content, entry in published:
        if entry is None:
            before.append((place, content))
            continue
        known = stored.get(place)
        if known is None:
            return False
        before.append((place, known[0]))
        if known[1] != entry:
            if not same_place(from_json(known[1]), from_json(entry)):
                return False
            changed[place] = (content, entry, known[2])
        elif known[0] != content:  # the same entry from a new release
            changed[place] = (content, entry, known[2])
    if releases_digest(before) != last_releases:
        return False
    # The manifest lists every file of the site (none lost since), each as osce left it.
    if not output.complete or len(output.known) != files:
        return False
    if not unchanged(output.folder, output.known):
        return False
    paths = sorted({path for _, _, shown in changed.values() for path in json.loads(shown)})
    shows = store.shows(paths)
    if len(shows) != len(paths):
        return False
    recorded = {path: json.loads(text) for path, text in shows.items()}
    members = sorted(
        {f"{output.folder}/{page}" for shown in recorded.values() for page in shown[-1]}
    )
    texts = {place: known[1] for place, known in store.entries(members).items()}
    texts.update((place, entry) for place, (_, entry, _) in changed.items())
    if len(texts.keys() & set(members)) != len(members):
        return False
    entries = {entry.page: entry for entry in map(from_json, texts.values())}
    stamps = {
        page: digest(texts[f"{output.folder}/{page}"].encode("utf-8", "surrogatepass"))
        for page in entries
    }
    output.found(output.known)
    for path in paths:
        shown = recorded[path]
        write_shown(output, shown[:-1], [entries[page] for page in shown[-1]], stamps, site_pages)
    for place, (content, entry, shown_on) in changed.items():
        store.put_entry(place, content, entry, shown_on)
    return True
