"""What the site's listings, feeds and sitemap know of one release: its entry.

An entry is made where the release is rendered and kept in ``.osce_cache/``
(see ``store.py``) as JSON, so that a re-export reads the entries of
unchanged releases from there instead of parsing thousands of files again.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
import re
from typing import Any, NamedTuple

from osce_cli.export.release_data import Record, Term
from osce_cli.format.keys import LISTINGS
from osce_cli.vocabulary.datelines import places_in

#: Characters kept of a first sentence used in place of a summary.
TEASER_LENGTH = 300
#: Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "no", "amb", "gen", "prof", "sen", "rep", "jr", "vs", "etc"}
)
#: Where a sentence may end: '.', '!' or '?' and a space (whether a capital
#: follows is asked of each match).
_SENTENCE_END = re.compile(r"[.!?] ")
#: The JSON of what the site store keeps (an entry, the files showing it,
#: what a listing page shows): compact, any language's text as it is. One
#: encoder for every call: `json.dumps` with options makes a new one each time.
compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class Facet(NamedTuple):
    """One vocabulary value of a release, with the folder of its listings."""

    folder: str  # the key's listing folder: "fields"
    id: str
    label: str


class SiteEntry(NamedTuple):
    page: str  # the release page, below the site's root: "releases/2007/x.html"
    id: str
    title: str
    date: str  # YYYY-MM-DD
    updated: str  # RFC 3339, UTC: the embargo time, or the date at midnight
    places: tuple[str, ...]
    type: str  # the content type's label, in the release's language
    teaser: str  # the summary, or the body's first sentence
    language: str
    authors: tuple[str, ...]  # the sources' labels, in the release's language
    facets: tuple[Facet, ...]

    def to_json(self) -> str:
        return compact_json(self)


#: An entry's place among others: sorting by it, reversed, gives the newest
#: first (ties by page, reversed).
ORDER = operator.attrgetter("date", "updated", "page")

#: One `Facet` for each vocabulary value met: a site holds thousands of entries
#: naming the same few hundred values, and each would otherwise hold its own copy.
_FACETS: dict[tuple[str, str, str], Facet] = {}


def from_json(text: str) -> SiteEntry:
    data: list[Any] = json.loads(text)
    facets = tuple(map(_shared, map(tuple, data[10])))
    return SiteEntry(
        data[0],
        data[1],
        data[2],
        data[3],
        data[4],
        tuple(data[5]),
        data[6],
        data[7],
        data[8],
        tuple(data[9]),
        facets,
    )


def _shared(key: tuple[str, str, str]) -> Facet:
    """The one `Facet` of (folder, id, label)."""
    facet = _FACETS.get(key)
    if facet is None:
        facet = _FACETS[key] = Facet(*key)
    return facet


def updated(record: Record) -> str:
    """When the release came out, as Atom's ``updated`` wants it (never the build time)."""
    if record.embargo is not None:
        moment = record.embargo.astimezone(dt.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{record.date.isoformat()}T00:00:00Z"


def terms_of(record: Record, attribute: str) -> tuple[Term, ...]:
    """The terms of a listed key of a release, one or many; a language is a term
    named in itself (``ru``: "русский")."""
    value = getattr(record, attribute)
    if isinstance(value, str):
        return (_language_term(value),)
    return (value,) if isinstance(value, Term) else tuple(value)


@functools.lru_cache(maxsize=256)
def _language_term(tag: str) -> Term:
    from osce_cli.vocabulary.labels import native_name

    name = native_name(tag)
    return Term(tag, name, shown=name)


def site_entry(record: Record, page: str) -> SiteEntry:
    facets = [
        _shared((folder, term.id, term.label))
        for attribute, folder, _ in LISTINGS
        for term in terms_of(record, attribute)
    ]
    return SiteEntry(
        page=page,
        id=record.id,
        title=record.title,
        date=record.date.isoformat(),
        updated=updated(record),
        places=places_in(record.places, record.language),
        type=record.type.shown,
        teaser=record.summary or first_sentence(record.lead_markdown),
        language=record.language,
        authors=tuple(term.shown for term in record.sources),
        facets=tuple(facets),
    )


def first_sentence(markdown: str) -> str:
    """The first sentence of the body's first paragraph, as plain text, cut at a word.

    A link is its text alone: a listing or a feed shows no addresses.
    """
    from osce_cli.export.plaintext import render

    # Only the first block is read: a blank line ends it in Markdown.
    opening = markdown.lstrip().partition("\n\n")[0]
    text = render(opening, None, urls=False).partition("\n\n")[0].strip()
    text = " ".join(text.split())
    end = _sentence_end(text)
    if end is not None:
        text = text[:end]
    if len(text) > TEASER_LENGTH:
        cut = text[:TEASER_LENGTH].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + " …"
    return text


def _sentence_end(text: str) -> int | None:
    """Where the first sentence ends: a '.', '!' or '?' before a space and a capital."""
    for match in _SENTENCE_END.finditer(text):
        index = match.start()
        if index + 2 >= len(text) or not text[index + 2].isupper():
            continue
        if text[index] == ".":
            word = text[text.rfind(" ", 0, index) + 1 : index]
            if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
        return index + 1
    return None
