"""The controlled vocabulary: terms, their labels and when they applied.

The data is YAML under ``schemas/vocabulary/`` (one file per facet) plus any
files a project names in its configuration. Each term has a stable ``id``, a
preferred ``label``, ``aliases`` (rewritten to the label by the fixer),
``variants`` (accepted as written), ``former-names`` with the period each was
used, and the period the term itself applied (``from``/``until``).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, TypeVar

from osce_cli.support.errors import ConfigError
from osce_cli.support.records import Record
from osce_cli.vocabulary.languages import canonical_tag
from osce_cli.vocabulary.spec import FacetSpec, TermSpec, parse_bound
from osce_cli.vocabulary.suggest import collation_key, contains_words, fold, rank_names

#: The facet files shipped with osce, in the order ``osce vocab`` lists them.
#: The front matter key of each facet is in the table of keys (``format/keys.py``;
#: a test holds the two together).
FACET_FILES: tuple[str, ...] = (
    "participating-states.yaml",
    "partners.yaml",
    "fields-of-work.yaml",
    "structures.yaml",
    "field-operations.yaml",
    "content-types.yaml",
    "meetings.yaml",
)

#: How osce.org's listings tag a closed field operation: "<name> (closed)".
_SUFFIXES_OF_CLOSED = (" (closed)", " (discontinued)")

#: What osce.org's menus leave out of a label: "Mission in Kosovo" under "Field operations".
_MENU_DROPS = "OSCE "


# --------------------------------------------------------------------------- periods


class Period(NamedTuple):
    """Days on which something applied; an open end is unbounded."""

    start: dt.date | None = None
    end: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def days_outside(self, day: dt.date) -> int:
        """How many days ``day`` lies before the start or after the end; 0 within."""
        if self.start is not None and day < self.start:
            return (self.start - day).days
        if self.end is not None and day > self.end:
            return (day - self.end).days
        return 0

    def describe(self) -> str:
        if self.start and self.end:
            return f"from {self.start.isoformat()} to {self.end.isoformat()}"
        if self.start:
            return f"from {self.start.isoformat()}"
        if self.end:
            return f"until {self.end.isoformat()}"
        return "always"


# --------------------------------------------------------------------------- terms


class FormerName(NamedTuple):
    label: str
    period: Period
    flag_in_body: bool = False


class Term(NamedTuple):
    """One controlled term, such as the participating State Türkiye."""

    id: str
    facet: str
    label: str
    aliases: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    codes: tuple[tuple[str, str], ...] = ()
    period: Period = Period()
    former_names: tuple[FormerName, ...] = ()
    parent: str | None = None
    group: str | None = None
    note: str | None = None
    #: Labels in other languages, by language tag (``ru``): the label in that
    #: language first, then other names seen in it.
    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def closed(self) -> bool:
        return self.period.end is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "facet": self.facet,
            "label": self.label,
            "aliases": list(self.aliases),
            "variants": list(self.variants),
            "codes": dict(self.codes),
            "from": self.period.start.isoformat() if self.period.start else None,
            "until": self.period.end.isoformat() if self.period.end else None,
            "former_names": [
                {
                    "label": name.label,
                    "from": name.period.start.isoformat() if name.period.start else None,
                    "until": name.period.end.isoformat() if name.period.end else None,
                }
                for name in self.former_names
            ],
            "parent": self.parent,
            "note": self.note,
        }


class MatchKind(enum.Enum):
    """How a written value matched a term."""

    LABEL = "label"  # the preferred label, exactly
    VARIANT = "variant"  # another accepted label, exactly
    FORMER_NAME = "former-name"  # an earlier name, exactly; valid only in its period
    ALIAS = "alias"  # an alias, id or code: accepted, rewritten to the label
    TRANSLATION = "translation"  # a label in another language: accepted, rewritten to the label
    INEXACT = "inexact"  # any of the above in the wrong case or without accents


class Match(NamedTuple):
    term: Term
    kind: MatchKind
    form: str  # the correctly written form that matched (label, variant, former name...)
    former: FormerName | None = None


class Facet(Record):
    __slots__ = ("id", "noun", "terms", "title")
    _fields: ClassVar[tuple[str, ...]] = ("id", "title", "noun", "terms")

    def __init__(self, id: str, title: str, noun: str, terms: list[Term] | None = None) -> None:
        self.id = id
        self.title = title
        self.noun = noun
        self.terms: list[Term] = [] if terms is None else terms


#: How many answers a `_Remembered` table keeps at most.
_MAX_REMEMBERED = 20_000
V = TypeVar("V")


class _Remembered(dict[tuple[tuple[str, ...], str], V]):
    """Answers about one value of some facets, computed the first time asked.

    The same few hundred values recur in every file of an archive. A lookup
    that finds its answer costs one dictionary access; a new value computes
    it. The table is emptied when full, so that an archive of made-up values
    cannot grow it forever.
    """

    def __init__(self, compute: Callable[[tuple[str, ...], str], V]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: tuple[tuple[str, ...], str]) -> V:
        if len(self) >= _MAX_REMEMBERED:
            self.clear()
        value = self[key] = self._compute(*key)
        return value


class Vocabulary:
    """All facets, with lookup tables built once."""

    def __init__(self, facets: dict[str, Facet]) -> None:
        self.facets = facets
        self._exact: dict[str, dict[str, list[Match]]] = {}
        for facet in facets.values():
            exact: dict[str, list[Match]] = {}
            for term in facet.terms:
                for match in _forms(term):
                    exact.setdefault(match.form, []).append(match)
            self._exact[facet.id] = exact

    @functools.cached_property
    def _folded(self) -> dict[str, dict[str, list[Match]]]:
        """Each facet's matches by folded form: made when a value is first not found as written.

        Most runs never need it: every value of a clean archive is found as
        written, and folding every form of the vocabulary is a large part of
        loading it.
        """
        folded_facets: dict[str, dict[str, list[Match]]] = {}
        for facet in self.facets.values():
            folded: dict[str, list[Match]] = {}
            for term in facet.terms:
                for match in _forms(term):
                    folded.setdefault(fold(match.form), []).append(match)
            folded_facets[facet.id] = folded
        return folded_facets

    def terms(self, facet_ids: Iterable[str] | None = None) -> list[Term]:
        ids = list(facet_ids) if facet_ids is not None else list(self.facets)
        return [term for facet_id in ids for term in self.facets[facet_id].terms]

    def lookup(self, facet_ids: Sequence[str], text: str) -> list[Match]:
        """Every match of ``text`` in the facets, exact matches first."""
        facets = tuple(facet_ids)
        found = self._exact_table(facets).get(text)
        if found is not None:
            return list(found)
        return list(self._inexact_table(facets).get(fold(text), ()))

    def _find_item_identity(self, facet_ids: tuple[str, ...], text: str) -> str | None:
        stripped = text.strip()
        if not stripped:
            return None
        if facet_ids:
            found = self._exact_table(facet_ids).get(stripped) or self._inexact_table(
                facet_ids
            ).get(fold(stripped))
            if found:
                return "term:" + found[0].term.id
        return "text:" + fold(text)

    def _find_plain_term(self, facet_ids: tuple[str, ...], text: str) -> Term | None:
        found = self._exact_table(facet_ids).get(text)
        if (
            found is not None
            and text == text.strip()
            and len(found) == 1
            and found[0].kind in (MatchKind.LABEL, MatchKind.VARIANT)
        ):
            return found[0].term
        return None

    @functools.cached_property
    def plain_terms(self) -> _Remembered[Term | None]:
        """``plain_terms[facet_ids, text]``: the term when ``text`` is exactly
        the label or a variant of one term, and nothing else; else ``None``.

        Such a value is fine whenever its term applied, which is what most
        values of most files are. A table rather than a method: the rules ask
        it for every value of every file, and a call costs more than the
        look-up. Remembered (see `_Remembered`).
        """
        return _Remembered(self._find_plain_term)

    @functools.cached_property
    def item_identities(self) -> _Remembered[str | None]:
        """``item_identities[facet_ids, text]``: what makes two list items the
        same, or ``None`` for an empty item.

        Two items are the same when ``lookup`` gives one term first for both
        (``term:`` and its id), or else when their text is the same but for
        case and accents (``text:`` and the folded text). Without facets, only
        the text counts. Remembered (see `_Remembered`).
        """
        return _Remembered(self._find_item_identity)

    @functools.cached_property
    def _merged_exact(self) -> dict[tuple[str, ...], dict[str, tuple[Match, ...]]]:
        """The tables of `_exact_table`, by the facets they merge."""
        return {}

    @functools.cached_property
    def _merged_inexact(self) -> dict[tuple[str, ...], dict[str, tuple[Match, ...]]]:
        """The tables of `_inexact_table`, by the facets they merge."""
        return {}

    def _exact_table(self, facet_ids: tuple[str, ...]) -> dict[str, tuple[Match, ...]]:
        """The matches of some facets by form as written, merged in the facets' order.

        Every value of every file is looked up, several times: merging the
        facets of a key once per vocabulary leaves one dictionary look-up per value.
        """
        table = self._merged_exact.get(facet_ids)
        if table is None:
            merged: dict[str, list[Match]] = {}
            for facet_id in facet_ids:
                for form, matches in self._exact[facet_id].items():
                    merged.setdefault(form, []).extend(matches)
            table = self._merged_exact[facet_ids] = {
                form: tuple(matches) for form, matches in merged.items()
            }
        return table

    def _inexact_table(self, facet_ids: tuple[str, ...]) -> dict[str, tuple[Match, ...]]:
        """The inexact matches of some facets by folded form, merged in the facets' order."""
        table = self._merged_inexact.get(facet_ids)
        if table is None:
            merged: dict[str, list[Match]] = {}
            for facet_id in facet_ids:
                for key, matches in self._folded[facet_id].items():
                    # An alias or translation in the wrong case still stands for the
                    # label; anything else (label, variant, former name) keeps its own
                    # correct spelling.
                    merged.setdefault(key, []).extend(
                        Match(
                            m.term,
                            MatchKind.INEXACT,
                            m.term.label
                            if m.kind in (MatchKind.ALIAS, MatchKind.TRANSLATION)
                            else m.form,
                            m.former,
                        )
                        for m in matches
                    )
            table = self._merged_inexact[facet_ids] = {
                key: tuple(matches) for key, matches in merged.items()
            }
        return table

    def flagged_former_names(self, facet_ids: Sequence[str]) -> tuple[tuple[Term, FormerName], ...]:
        """The former names marked ``flag-in-body`` in the facets, with their terms, in order.

        Found once per vocabulary: the text of every release is searched for them.
        """
        key = tuple(facet_ids)
        found = self._flagged_names.get(key)
        if found is None:
            found = tuple(
                (term, name)
                for term in self.terms(key)
                for name in term.former_names
                if name.flag_in_body
            )
            self._flagged_names[key] = found
        return found

    @functools.cached_property
    def _flagged_names(self) -> dict[tuple[str, ...], tuple[tuple[Term, FormerName], ...]]:
        """The answers of `flagged_former_names`, by the facets asked for."""
        return {}

    def _names(self, facet_ids: Sequence[str] | None) -> dict[str, Term]:
        """Every name of the terms of some facets (label, aliases, variants, former names)."""
        names: dict[str, Term] = {}
        for term in self.terms(facet_ids):
            for name in _names_of(term):
                names.setdefault(name, term)
        return names

    def suggest(
        self, facet_ids: Sequence[str], text: str, limit: int = 3, *, by_words: bool = True
    ) -> list[str]:
        """Preferred labels an unknown value may mean, best first (see `rank_names`).

        Without ``by_words``, only labels spelt like the value as a whole.
        """
        names = self._names(facet_ids)
        labels: list[str] = []
        for _, name in rank_names(text, list(names), by_words=by_words):
            label = names[name].label
            if label not in labels:
                labels.append(label)
            if len(labels) == limit:
                break
        return labels

    def search(self, text: str, facet_ids: Sequence[str] | None = None) -> list[Term]:
        """Terms one of whose names, ids or codes contains ``text``, by label.

        Contains as characters ('bishkek') or as words ('kosovo mission');
        when nothing does, the terms with a name like it ('Serbija').
        """
        needle = fold(text)
        found = [
            term
            for term in self.terms(facet_ids)
            if any(
                needle in fold(name) or contains_words(text, name) is not None
                for name in (*_names_of(term), term.id, *(code for _, code in term.codes))
            )
        ]
        if not found:
            names = self._names(facet_ids)
            for _, name in rank_names(text, list(names)):
                if names[name] not in found:
                    found.append(names[name])
        return by_label(found)

    def where(self, text: str, facet_ids: Sequence[str]) -> Term | None:
        """The term of some facets whose name has the words of ``text`` in it, if any.

        Current terms come first, then those the words make up most of.
        """
        best: tuple[tuple[bool, float, tuple[str, str]], Term] | None = None
        for term in self.terms(facet_ids):
            found = [contains_words(text, name) for name in _names_of(term)]
            share = max((f.share for f in found if f is not None), default=None)
            if share is None:
                continue
            rank = (term.closed, -share, collation_key(term.label))
            if best is None or rank < best[0]:
                best = (rank, term)
        return None if best is None else best[1]


def _names_of(term: Term) -> tuple[str, ...]:
    return (
        term.label,
        *term.aliases,
        *term.variants,
        *(name.label for name in term.former_names),
        *translations(term),
    )


def translations(term: Term) -> tuple[str, ...]:
    """Every name of a term in another language that the vocabulary files give."""
    return tuple(name for _, names in term.labels for name in names)


def by_label(terms: Iterable[Term]) -> list[Term]:
    """Terms in osce.org's order of their labels (see `collation_key`)."""
    return sorted(terms, key=lambda term: collation_key(term.label))


_PREFERENCE = {
    MatchKind.LABEL: 0,
    MatchKind.VARIANT: 1,
    MatchKind.FORMER_NAME: 2,
    MatchKind.ALIAS: 3,
    MatchKind.TRANSLATION: 4,
    MatchKind.INEXACT: 5,
}


def best_match(matches: Sequence[Match], day: dt.date | None) -> tuple[Match, bool]:
    """The match to use (terms that applied on ``day`` first) and whether it applied."""

    def applies(match: Match) -> bool:
        return day is None or match.term.period.contains(day)

    best = min(matches, key=lambda m: (not applies(m), _PREFERENCE[m.kind]))
    return best, applies(best)


def _forms(term: Term) -> Iterable[Match]:
    """Every written form of a term, with how it matches.

    Two forms follow from osce.org's conventions rather than the data: a
    closed term's names with the "(closed)" suffix of its listings (a former
    name so suffixed is still that former name), and a label without the
    leading "OSCE " that its menus leave out ("Mission in Kosovo"), an alias.
    """
    closed = _SUFFIXES_OF_CLOSED if term.closed else ()
    for position, name in enumerate((term.label, *term.variants)):
        yield Match(term, MatchKind.VARIANT if position else MatchKind.LABEL, name)
        for suffix in closed:
            if not name.endswith(_SUFFIXES_OF_CLOSED):
                yield Match(term, MatchKind.VARIANT, name + suffix)
    for former in term.former_names:
        yield Match(term, MatchKind.FORMER_NAME, former.label, former)
        for suffix in closed:
            yield Match(term, MatchKind.FORMER_NAME, former.label + suffix, former)
    menu_form = term.label.removeprefix(_MENU_DROPS)
    shown_in_menus = (menu_form,) if menu_form != term.label else ()
    for alias in (*term.aliases, *shown_in_menus, term.id, *(code for _, code in term.codes)):
        yield Match(term, MatchKind.ALIAS, alias)
    for name in translations(term):
        yield Match(term, MatchKind.TRANSLATION, name)


# --------------------------------------------------------------------------- loading


def _term_from_spec(spec: TermSpec, facet: str, base: Term | None) -> Term:
    label = spec.label or (base.label if base else None)
    if label is None:
        raise ValueError(f"term '{spec.id}' is not in facet '{facet}': a new term needs a label")
    period = base.period if base else Period()
    if spec.from_ is not None or spec.until is not None:
        period = Period(
            parse_bound(spec.from_, end=False) if spec.from_ is not None else period.start,
            parse_bound(spec.until, end=True) if spec.until is not None else period.end,
        )
    former = tuple(
        FormerName(
            name.label,
            Period(
                parse_bound(name.from_, end=False) if name.from_ is not None else None,
                parse_bound(name.until, end=True) if name.until is not None else None,
            ),
            name.flag_in_body,
        )
        for name in spec.former_names
    )

    def merged(old: tuple[str, ...], new: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*old, *new]))

    # A project's label in a language comes first: it becomes the label in that language.
    labels = dict(base.labels if base else ())
    for tag, names in spec.labels.items():
        key = canonical_tag(tag)
        labels[key] = tuple(dict.fromkeys([*names, *labels.get(key, ())]))

    return Term(
        id=spec.id,
        facet=facet,
        label=label,
        aliases=merged(base.aliases if base else (), spec.aliases),
        variants=merged(base.variants if base else (), spec.variants),
        codes=tuple({**dict(base.codes if base else ()), **spec.codes}.items()),
        period=period,
        former_names=(base.former_names if base else ()) + former,
        parent=spec.parent or (base.parent if base else None),
        group=spec.group or (base.group if base else None),
        note=spec.note or (base.note if base else None),
        labels=tuple(labels.items()),
    )


def _read_facet_file(path: Path, display: str) -> FacetSpec:
    """A project's vocabulary file, held to the file format."""
    from osce_cli.frontmatter.data import load_yaml_file
    from osce_cli.vocabulary.files import checked_facet

    return checked_facet(load_yaml_file(path, display), display)


#: The shipped facet files, parsed ahead of time (``python -m osce_cli.vocabulary.terms``).
COMPILED_FILE = "compiled.json"


def _stamp(raw: bytes) -> str:
    """Tells whether a facet file is still the one that was compiled."""
    import zlib

    return f"{len(raw)}:{zlib.crc32(raw):08x}"


#: Shipped data files kept parsed in ``compiled.json``: the facets, and the
#: gazetteer of dateline places (see ``places.py``), and the datelines of
#: other languages (see ``datelines.py``).
COMPILED_FILES = (*FACET_FILES, "places.yaml", "datelines.yaml")


def compiled_text() -> str:
    """``compiled.json``: each shipped data file's data and stamp, in order.

    Parsing YAML takes most of the time of loading the vocabulary, and every
    run needs it, so the shipped files are kept parsed as JSON too. A file
    whose stamp no longer matches is parsed from its YAML instead, so the JSON
    can never serve stale data; a test keeps it current.
    """
    import json

    from osce_cli.frontmatter.data import load_yaml_file
    from osce_cli.support.resources import vocabulary_dir

    entries = {}
    for name in COMPILED_FILES:
        path = vocabulary_dir() / name
        entries[name] = {"stamp": _stamp(path.read_bytes()), "data": load_yaml_file(path, name)}
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"


@functools.cache
def _compiled() -> dict[str, Any]:
    import json

    from osce_cli.support.resources import vocabulary_dir

    try:
        compiled = json.loads((vocabulary_dir() / COMPILED_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    return compiled if isinstance(compiled, dict) else {}


def shipped_data(name: str) -> Any:
    """The plain values of a shipped data file: from ``compiled.json`` while current."""
    from osce_cli.frontmatter.data import load_yaml_file
    from osce_cli.support.resources import vocabulary_dir

    path = vocabulary_dir() / name
    entry = _compiled().get(name)
    if isinstance(entry, dict) and entry.get("stamp") == _stamp(path.read_bytes()):
        return entry["data"]
    return load_yaml_file(path, name)


def _shipped_facets() -> Iterable[tuple[str, FacetSpec]]:
    for name in FACET_FILES:
        yield name, FacetSpec.from_data(shipped_data(name))


def _merge_file(facets: dict[str, Facet], parsed: FacetSpec, display: str) -> None:
    facet = facets.get(parsed.facet)
    if facet is None:
        if parsed.title is None or parsed.noun is None:
            known = ", ".join(facets) or "none"
            raise ConfigError(
                f"{display}: unknown facet '{parsed.facet}' (known: {known}); "
                "a new facet needs a title and a noun"
            )
        facet = facets[parsed.facet] = Facet(parsed.facet, parsed.title, parsed.noun)
    by_id = {term.id: index for index, term in enumerate(facet.terms)}
    for spec in parsed.terms:
        try:
            if spec.id in by_id:
                position = by_id[spec.id]
                facet.terms[position] = _term_from_spec(spec, facet.id, facet.terms[position])
            else:
                by_id[spec.id] = len(facet.terms)
                facet.terms.append(_term_from_spec(spec, facet.id, None))
        except ValueError as error:
            raise ConfigError(f"{display}: {error}") from None


def load_vocabulary(extra_files: tuple[Path, ...] = ()) -> Vocabulary:
    """The shipped vocabulary, extended by a project's own files.

    Loaded once per process for the same files, unless one of them changed.
    """
    stamps = []
    for path in extra_files:
        try:
            info = path.stat()
            stamps.append((info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((-1, -1))
    return _load_vocabulary(extra_files, tuple(stamps))


@functools.lru_cache(maxsize=8)
def _load_vocabulary(
    extra_files: tuple[Path, ...], stamps: tuple[tuple[int, int], ...]
) -> Vocabulary:
    facets: dict[str, Facet] = {}
    for name, spec in _shipped_facets():
        _merge_file(facets, spec, name)
    for path in extra_files:
        _merge_file(facets, _read_facet_file(path, str(path)), str(path))
    return Vocabulary(facets)


if __name__ == "__main__":  # python -m osce_cli.vocabulary.terms > schemas/vocabulary/compiled.json
    import sys

    sys.stdout.write(compiled_text())
