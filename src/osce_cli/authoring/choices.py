"""Turning what an author types into a vocabulary label, or a reason to ask again.

Used by ``osce new release`` for flags and prompt answers alike. An exact
label is taken as typed; an alias, a wrong case, an outdated former name or
a close misspelling is offered the preferred label; anything else is refused
with the closest labels. A term that did not apply on the release date is
refused, so that the scaffold never writes a file the validator rejects; a
source named within ``source-grace-days`` of its dates is offered with them.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from osce_cli.config import DEFAULT_SOURCE_GRACE_DAYS
from osce_cli.format.keys import KEY_FACETS, KEY_NOUNS
from osce_cli.vocabulary.suggest import fold, similarity
from osce_cli.vocabulary.terms import MatchKind, Vocabulary, best_match

#: A suggestion this close to what was typed is a misspelling, offered as a fix.
MISSPELLING = 0.85


class Choice(NamedTuple):
    """The outcome for one typed value.

    ``label`` is what to write: the value itself when ``exact``, or the
    preferred label to offer (with ``reason``). When ``label`` is ``None`` the
    value is refused: ``reason`` says why and ``suggestions`` what is close.
    """

    label: str | None
    exact: bool
    reason: str = ""
    suggestions: tuple[str, ...] = ()


def choose(
    vocabulary: Vocabulary,
    key: str,
    text: str,
    day: dt.date | None,
    grace_days: int = DEFAULT_SOURCE_GRACE_DAYS,
) -> Choice:
    facets = KEY_FACETS[key]
    noun = KEY_NOUNS[key]
    typed = text.strip()
    if not typed:
        return Choice(None, False, f"give a {noun}")
    matches = vocabulary.lookup(facets, typed)
    if not matches:
        suggestions = tuple(vocabulary.suggest(facets, typed))
        if suggestions and similarity(typed, suggestions[0]) >= MISSPELLING:
            return Choice(suggestions[0], False, f"'{typed}' is not a known {noun}", suggestions)
        return Choice(None, False, f"'{typed}' is not a known {noun}", suggestions)
    match, applied = best_match(matches, day)
    term = match.term
    if not applied and key == "sources":
        # As V103 has it: refused, or near the source's dates offered with them.
        from osce_cli.rules.v_vocabulary import source_anachronism

        assert day is not None
        reason, near = source_anachronism(typed, term.period, day, grace_days)
        written = term.label if match.kind is not MatchKind.INEXACT else match.form
        return Choice(written if near else None, False, reason)
    if not applied:
        assert day is not None
        return Choice(
            None,
            False,
            f"'{typed}' was not in existence on {day.isoformat()} ({term.period.describe()})",
        )
    former = match.former
    if former is not None and day is not None and not former.period.contains(day):
        return Choice(term.label, False, f"'{typed}' had been renamed by {day.isoformat()}")
    if match.kind in (MatchKind.LABEL, MatchKind.VARIANT, MatchKind.FORMER_NAME):
        return Choice(typed, True)
    target = term.label if match.kind is not MatchKind.INEXACT else match.form
    # Named by how it differs, as V102 does: in case or accents only, or as another name.
    if fold(typed) == fold(target):
        return Choice(target, False, f"'{typed}' is written differently in the vocabulary")
    if match.kind is MatchKind.TRANSLATION:
        return Choice(target, False, f"'{typed}' is a label in another language")
    return Choice(target, False, f"'{typed}' is an alias")
