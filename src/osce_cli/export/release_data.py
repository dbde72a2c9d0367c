"""One release as export data: front matter resolved against the vocabulary, body rendered.

Every exporter (HTML, JSON, text) starts from this record, so the three
formats agree on every value.
"""

from __future__ import annotations

import datetime as dt
import weakref
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from osce_cli.format.dateline import Dateline
from osce_cli.format.keys import KEY_FACETS, LABEL, VOCABULARY_KEYS
from osce_cli.frontmatter.document import Document
from osce_cli.report.printable import encodable
from osce_cli.vocabulary.terms import Vocabulary, best_match


class Term(NamedTuple):
    id: str
    label: str  # in English, as the vocabulary names it
    codes: tuple[tuple[str, str], ...] = ()
    #: Its label in the release's language (``vocabulary/labels.py``): English
    #: when the vocabulary and CLDR have none in that language.
    shown: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "label": self.label}
        if self.codes:
            data["iso"] = dict(self.codes)
        return data


class Version(NamedTuple):
    """Another language version of a release, written by the same export."""

    language: str
    path: str  # the release file, as the record's ``path`` names files


class Record(NamedTuple):
    """A valid release, ready for any export format.

    One field per front matter key (``format/keys.py`` names it), then what
    export reads from the body.
    """

    path: str
    id: str
    title: str
    date: dt.date
    type: Term
    places: tuple[str, ...]
    sources: tuple[Term, ...]
    fields: tuple[Term, ...]
    states: tuple[Term, ...]
    meetings: tuple[Term, ...]
    language: str
    summary: str | None
    embargo: dt.datetime | None
    contacts: tuple[dict[str, str], ...]
    dateline: Dateline | None
    dateline_text: str | None  # the dateline as written, without its dash
    body_markdown: str  # the whole body as written, dateline included
    lead_markdown: str  # the body after the dateline
    #: The release's other language versions that the same export writes
    #: (see ``_Batch.language_versions`` in ``export/run.py``), by language.
    translations: tuple[Version, ...] = ()


#: Per vocabulary, the term a (key, value) stands for whatever the date (one
#: match or none; with several, the date decides). An archive names the same
#: few dozen terms thousands of times.
_RESOLVED: weakref.WeakKeyDictionary[Vocabulary, dict[tuple[str, str, str], Term]] = (
    weakref.WeakKeyDictionary()
)


def _term(vocabulary: Vocabulary, key: str, value: str, day: dt.date, language: str) -> Term:
    resolved = _RESOLVED.get(vocabulary)
    if resolved is None:
        resolved = _RESOLVED[vocabulary] = {}
    known = resolved.get((key, value, language))
    if known is not None:
        return known
    matches = vocabulary.lookup(KEY_FACETS[key], value.strip())
    if not matches:  # an unknown term is an error; validation has stopped those
        term = Term(value, value, shown=value)
    else:
        match, _ = best_match(matches, day)
        found = match.term
        from osce_cli.vocabulary.labels import label_in

        term = Term(found.id, found.label, found.codes, label_in(found, language).text)
    if len(matches) <= 1:
        resolved[(key, value, language)] = term
    return term


def _terms(
    vocabulary: Vocabulary, key: str, values: list[str], day: dt.date, language: str
) -> tuple[Term, ...]:
    return tuple(_term(vocabulary, key, value, day, language) for value in values)


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value or [] if isinstance(item, str)]


def build_record(document: Document, vocabulary: Vocabulary, dateline: Dateline | None) -> Record:
    """The record of a document that passed validation (no errors)."""
    from osce_cli.format.dates import parse_embargo, parse_iso_date

    data = document.data or {}
    day = parse_iso_date(str(data["date"]))
    embargo = parse_embargo(str(data["embargo"])) if data.get("embargo") else None
    body = document.body
    lead = body
    dateline_text = None
    if dateline is not None:
        offset = document.body_start
        dateline_text = document.text[dateline.start : dateline.end].strip()
        dateline_text = dateline_text.rstrip("-–—−‒― ").strip()
        lead = body[: dateline.start - offset] + body[dateline.end - offset :]
    contacts = tuple(
        {key: str(value) for key, value in contact.items() if value is not None}
        for contact in data.get("contacts") or []
        if isinstance(contact, dict)
    )
    path = encodable(document.path)  # a name that is not UTF-8 shows its bytes as \xHH
    language = str(data.get("language") or "en")
    labels: dict[str, Any] = {}
    for key in VOCABULARY_KEYS:
        terms = _terms(vocabulary, key.name, _as_list(data.get(key.name)), day, language)
        labels[key.attribute] = terms[0] if key.kind == LABEL else terms
    return Record(
        path=path,
        id=str(data.get("id") or PurePosixPath(path).stem),
        title=str(data["title"]).strip(),
        date=day,
        places=tuple(place.strip() for place in _as_list(data.get("place"))),
        language=language,
        summary=str(data["summary"]).strip() if data.get("summary") else None,
        embargo=embargo,
        contacts=contacts,
        dateline=dateline,
        dateline_text=dateline_text,
        body_markdown=body,
        lead_markdown=lead,
        **labels,
    )
