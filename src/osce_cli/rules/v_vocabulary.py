"""V: vocabulary values (type, sources, fields, states...) and when they applied.

Every value is looked up in the facets of its key. Preferred labels and
accepted variants pass; aliases, ids, ISO codes and values in the wrong case
pass with a fixable warning; former names pass while they were in use;
everything else is unknown, with the closest labels suggested. Dates are
checked against when a structure existed or a State took part, with the
caveat that osce.org tags old releases with today's labels, so a current label
on an old release is correct.

`notable_values` passes over a current label or variant with one remembered
answer instead of resolving it in full. Kept because it buys more than the
tenth a second implementation must buy on ``osce validate`` of an archive
(benchmarks/README.md, "Shortcuts"); ``tests/equivalence/test_shortcuts.py``
holds it equal to resolving every value.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from osce_cli.format.keys import KEY_FACETS, KEY_NOUNS
from osce_cli.frontmatter.nodes import Node, Scalar, Sequence
from osce_cli.report.diagnostics import Finding, Fix, Severity
from osce_cli.rules.base import Context, rule
from osce_cli.rules.locate import json_path, replace_scalar, value_span
from osce_cli.vocabulary.suggest import fold
from osce_cli.vocabulary.terms import Match, MatchKind, Period, best_match


class Resolved(NamedTuple):
    """One vocabulary value of the front matter and what it matched.

    A named tuple, not a frozen dataclass: a dozen are made per file, and a
    frozen dataclass takes a call per field to build.
    """

    key: str
    list_index: int | None  # None for a value that is not in a list
    node: Scalar
    text: str
    match: Match | None
    active: bool  # the term applied on the release date (or the date is unknown)


def _resolve(
    key: str, facets: tuple[str, ...], index: int | None, node: Scalar, ctx: Context
) -> Resolved | None:
    """Look up one value: what it matched, and whether that applied on the release date."""
    text = node.value
    stripped = text.strip()
    if not stripped:
        return None
    day = ctx.release_date
    matches = ctx.vocabulary.lookup(facets, text)
    if text != stripped and matches:
        matches = [Match(m.term, MatchKind.INEXACT, m.form, m.former) for m in matches]
    if not matches:
        matches = _country_in_another_language(ctx, facets, stripped)
    if not matches:
        return Resolved(key, index, node, text, None, True)
    if len(matches) == 1:
        # Most values match one term: what `best_match` gives, without its sort.
        best = matches[0]
        active = day is None or best.term.period.contains(day)
    else:
        best, active = best_match(matches, day)
    return Resolved(key, index, node, text, best, active)


def _country_in_another_language(ctx: Context, facets: tuple[str, ...], text: str) -> list[Match]:
    """A State or Partner named in another language, as CLDR names it ('Германия').

    Asked only of values that are not in the vocabulary, so the names of every
    language are loaded only when a file has such a value.
    """
    terms = [term for term in ctx.vocabulary.terms(facets) if term.codes]
    if not terms:
        return []
    from osce_cli.vocabulary.labels import country_by_name

    found = country_by_name(text)
    if found is None:
        return []
    return [
        Match(term, MatchKind.TRANSLATION, text)
        for term in terms
        if dict(term.codes).get("alpha2") == found[0]
    ]


def notable_values(ctx: Context) -> list[Resolved]:
    """The values a V rule may report, in order: all but current labels and variants.

    In most files every value is a current label, and the rules have nothing
    to go through.
    """
    return ctx.memo("notable-vocabulary-values", _notable_values)


def _notable_values(ctx: Context) -> list[Resolved]:
    notable: list[Resolved] = []
    plain_terms = ctx.vocabulary.plain_terms
    node_at = ctx.document.node_at
    day = ctx.release_date
    for key, facets in KEY_FACETS.items():
        # The values `Context.string_items` gives, without a generator per key;
        # blank items need no test here, as `_resolve` passes over them.
        node = node_at(key)
        if isinstance(node, Sequence):
            values: Iterable[tuple[int | None, Node]] = enumerate(node.items)
        elif isinstance(node, Scalar):
            values = ((None, node),)
        else:
            continue
        for index, item in values:
            if not isinstance(item, Scalar) or not isinstance(item.value, str):
                continue
            # A current label or variant, as written, is all most values are:
            # one remembered answer instead of a look-up (the same verdict as
            # `_resolve`, where such a value has one active LABEL or VARIANT match).
            term = plain_terms[facets, item.value]
            if term is not None and (day is None or term.period.contains(day)):
                continue
            value = _resolve(key, facets, index, item, ctx)
            if value is not None and not (
                value.active
                and value.match is not None
                and value.match.kind in (MatchKind.LABEL, MatchKind.VARIANT)
            ):
                notable.append(value)
    return notable


def _replacement_fix(
    ctx: Context, node: Scalar, new_text: str, *, safe: bool, why: str
) -> Fix | None:
    edit = replace_scalar(ctx.document, node, new_text)
    return None if edit is None else Fix(why, (edit,), safe=safe)


def _finding(value: Resolved, code: str, message: str, **extra: object) -> Finding:
    start, end = value_span(value.node)
    return Finding(
        code,
        start,
        end,
        message,
        json_path=json_path(value.key, value.list_index),
        **extra,  # type: ignore[arg-type]
    )


@functools.cache
def _other_keys(key: str) -> tuple[str, ...]:
    return tuple(other for other in KEY_FACETS if other != key)


@rule("V101", "unknown-term")
def unknown_term(ctx: Context) -> Iterable[Finding]:
    """A vocabulary value (a type, source, field of work, State...) is not in the vocabulary.

    The message says where the value lives when it belongs to another key
    (`Elections` is a field of work, not a source) or is part of a term of
    another key (`Kosovo` is not a State, but part of the field operation
    `OSCE Mission in Kosovo`), and suggests the preferred labels the value
    may mean: close spellings, and labels whose words begin with the words
    given (`media freedom`). Replacing the value with the first suggestion
    is an unsafe fix: only `--unsafe-fixes` applies it. A project adds its
    own terms or aliases in a vocabulary file named in its configuration.

    Fails:

        states:
          - Turkye

    Passes:

        states:
          - Türkiye
    """
    for value in notable_values(ctx):
        if value.match is not None:
            continue
        noun = KEY_NOUNS[value.key]
        named = _named_elsewhere(ctx, value)
        # A value that names a term of another key is in the wrong place: only
        # a close spelling of one of this key's labels is worth suggesting.
        suggestions = ctx.vocabulary.suggest(
            KEY_FACETS[value.key], value.text, by_words=named is None
        )
        if named is not None:
            message = f"'{value.text}' is {_a(KEY_NOUNS[named])} ({named}), not {_a(noun)}"
        else:
            message = f"'{value.text}' {_part_of(ctx, value, noun, bool(suggestions))}"
        if suggestions:
            quoted = ", ".join(f"'{label}'" for label in suggestions)
            message += f" (did you mean {quoted}?)"
        fix = (
            _replacement_fix(
                ctx, value.node, suggestions[0], safe=False, why=f"replace with '{suggestions[0]}'"
            )
            if suggestions
            else None
        )
        yield _finding(value, "V101", message, suggestions=tuple(suggestions), fix=fix)


def _named_elsewhere(ctx: Context, value: Resolved) -> str | None:
    """The other key whose vocabulary has a term of this name, if one has."""
    for other in _other_keys(value.key):
        if ctx.vocabulary.lookup(KEY_FACETS[other], value.text):
            return other
    return None


def _part_of(ctx: Context, value: Resolved, noun: str, suggested: bool) -> str:
    """What an unknown value is, said after it, with the term of another key it is part of.

    Only when the value's own key has nothing close to suggest: 'Kosovo' is
    not a State, and it is part of the field operation 'OSCE Mission in Kosovo'.
    """
    if not suggested:
        for other in _other_keys(value.key):
            term = ctx.vocabulary.where(value.text, KEY_FACETS[other])
            if term is not None:
                kind = ctx.vocabulary.facets[term.facet].noun
                return f"is not a known {noun}; it is part of '{term.label}', {_a(kind)} ({other})"
    return f"is not a known {noun}"


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


@rule("V102", "non-preferred-term", Severity.WARNING, fixable=True)
def non_preferred_term(ctx: Context) -> Iterable[Finding]:
    """A vocabulary value is written as an alias, an id, a code, a label in another
    language or in the wrong case.

    The value is understood, but the archive writes every term the same way
    (the preferred label, as osce.org shows it), so that listings, exports and
    searches agree. The fix writes the preferred label.

    Fails:

        sources:
          - ODIHR
        states:
          - turkiye

    Passes:

        sources:
          - OSCE Office for Democratic Institutions and Human Rights
        states:
          - Türkiye
    """
    for value in notable_values(ctx):
        match = value.match
        if match is None or match.kind not in (
            MatchKind.ALIAS,
            MatchKind.INEXACT,
            MatchKind.TRANSLATION,
        ):
            continue
        target = match.term.label if match.kind is not MatchKind.INEXACT else match.form
        day = ctx.release_date
        outdated = (
            match.former is not None and day is not None and not match.former.period.contains(day)
        )
        if outdated:
            target = match.term.label
        # What the message calls the value follows from how it differs from
        # what it stands for, whichever table it was found in: `Turkiye` (an
        # alias in the data) differs from `Türkiye` only in its accents.
        language = (
            _language_of(match, ctx.language) if match.kind is MatchKind.TRANSLATION else None
        )
        if language is not None and language != "English":
            message = (
                f"'{value.text}' is '{target}' in {language}: "
                "front matter values are written in English, whatever the release's language"
            )
        elif fold(value.text) == fold(target):
            message = f"'{value.text}' is written '{target}' in the vocabulary"
        elif outdated:
            message = f"'{value.text}' is the former name '{match.form}': write '{target}'"
        else:
            message = f"'{value.text}' stands for '{target}': write the preferred label"
        fix = _replacement_fix(ctx, value.node, target, safe=True, why=f"write '{target}'")
        yield _finding(value, "V102", message, suggestions=(target,), fix=fix)


def _language_of(match: Match, release_language: str) -> str:
    """The language a value written in another language is in ('Russian'), or
    'another language'. When CLDR gives the name in several, the release's own
    language is named if it is one of them."""
    from osce_cli.vocabulary.labels import country_by_name, language_name, language_of

    tag = language_of(match.term, match.form)
    if tag is None:
        found = country_by_name(match.form)
        languages = found[1] if found else frozenset()
        own = release_language.lower().split("-")[0]
        if own in languages:
            tag = own
        elif "en" in languages or len(languages) == 1:
            tag = "en" if "en" in languages else next(iter(languages))
        else:
            return "another language"
    return language_name(tag)


def _period_text(period: Period) -> str:
    if period.start and period.end:
        return f"it existed from {period.start.isoformat()} to {period.end.isoformat()}"
    if period.start:
        return f"it was established on {period.start.isoformat()}"
    assert period.end is not None
    return f"it closed on {period.end.isoformat()}"


@rule("V103", "anachronistic-source")
def anachronistic_source(ctx: Context) -> Iterable[Finding]:
    """A source did not exist on the release date.

    A field operation cited before it opened or after it closed, or an
    institution before it was created (the Representative on Freedom of the
    Media before November 1997), cannot have issued the release. Current
    labels of structures that existed under another name are fine: osce.org
    tags old releases with today's names, and a renamed operation's whole
    life with its last name.

    Near an opening or a closing, osce.org does tag releases with the
    operation: the decision that set it up, its advance team, its closing
    statement. Within `source-grace-days` (90 by default) of the dates, this
    is a warning that gives them; further away, an error. A severity
    configured for V103 applies to both.

    Fails:

        date: 2003-05-06
        sources:
          - OSCE Mission to Montenegro

    Passes:

        date: 2007-05-06
        sources:
          - OSCE Mission to Montenegro
    """
    day = ctx.release_date
    for value in notable_values(ctx):
        if value.match is None or value.active or day is None or value.key == "states":
            continue
        message, near = source_anachronism(
            value.text, value.match.term.period, day, ctx.source_grace_days
        )
        yield _finding(value, "V103", message, severity=Severity.WARNING if near else None)


def source_anachronism(
    text: str, period: Period, day: dt.date, grace_days: int
) -> tuple[str, bool]:
    """What V103 says of a source named on a day outside its period, and whether
    the day is near the period, within ``grace_days`` of it (a warning)."""
    before = period.start is not None and day < period.start
    distance = period.days_outside(day)
    if distance > grace_days:
        when = "did not exist on" if before else "had closed by"
        return f"'{text}' {when} {day.isoformat()}: {_period_text(period)}", False
    days = f"{distance} day{'s' if distance != 1 else ''}"
    if before:
        assert period.start is not None
        return (
            f"'{text}' did not exist yet on {day.isoformat()}: "
            f"it was established on {period.start.isoformat()}, {days} later"
        ), True
    assert period.end is not None
    return (
        f"'{text}' had closed by {day.isoformat()}: "
        f"it closed on {period.end.isoformat()}, {days} earlier"
    ), True


@rule("V104", "anachronistic-state", Severity.WARNING)
def anachronistic_state(ctx: Context) -> Iterable[Finding]:
    """A State is listed for a date before it was a participating State or Partner.

    Mongolia became a Partner for Co-operation in 2004 and the 57th
    participating State on 21 November 2012; Montenegro joined in June 2006.
    A release dated earlier that lists them is probably mis-dated. This is a
    warning: a release can concern a country before it joined.

    Fails:

        date: 2001-03-01
        states:
          - Mongolia

    Passes:

        date: 2010-03-01
        states:
          - Mongolia          # a Partner for Co-operation since 2004
    """
    day = ctx.release_date
    for value in notable_values(ctx):
        if value.match is None or value.active or day is None or value.key != "states":
            continue
        roles = [
            m.term for m in ctx.vocabulary.lookup(KEY_FACETS["states"], value.match.term.label)
        ]
        history = "; ".join(
            f"{ctx.vocabulary.facets[t.facet].noun} {t.period.describe()}" for t in roles
        )
        yield _finding(
            value,
            "V104",
            f"'{value.text}' was not a participating State or Partner on "
            f"{day.isoformat()} ({history})",
        )


def _outdated(value: Resolved, day: dt.date | None) -> Iterator[tuple[str, str]]:
    match = value.match
    if match is None or match.former is None or day is None:
        return
    period = match.former.period
    if period.contains(day):
        return
    label = match.term.label
    if period.end is not None and day > period.end:
        yield (
            label,
            (
                f"'{value.text}' was renamed '{label}' (the old name was used until "
                f"{period.end.isoformat()})"
            ),
        )
    elif period.start is not None:
        yield (
            label,
            (
                f"'{value.text}' was only used from {period.start.isoformat()}; "
                f"on {day.isoformat()} write '{label}'"
            ),
        )


@rule("V105", "outdated-name", Severity.WARNING, fixable=True)
def outdated_name(ctx: Context) -> Iterable[Finding]:
    """A former name is used on a release dated after the name changed.

    Former names are correct on releases of their time (`Turkey` in 2007,
    `OSCE Centre in Bishkek` in 2010) and are accepted there. After the
    change the current label is expected; the fix writes it. A name used
    when its term did not exist at all is V103's to report.

    Fails:

        date: 2024-04-02
        states:
          - Turkey

    Passes:

        date: 2007-04-02
        states:
          - Turkey
    """
    day = ctx.release_date
    for value in notable_values(ctx):
        match = value.match
        if match is None or match.kind is not MatchKind.FORMER_NAME or not value.active:
            continue
        for label, message in _outdated(value, day):
            fix = _replacement_fix(ctx, value.node, label, safe=True, why=f"write '{label}'")
            yield _finding(value, "V105", message, suggestions=(label,), fix=fix)
