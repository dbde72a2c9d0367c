"""Gathering the answers for a new release, from flags and, on a terminal, prompts.

Every answer is checked when it is given: a bad date or an unknown source
is asked again (or, without prompts, stops the command naming the flag),
and nothing is written until every answer is good.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple, Protocol

from osce_cli.authoring.choices import Choice, choose
from osce_cli.authoring.scaffold import Draft
from osce_cli.config import DEFAULT_SOURCE_GRACE_DAYS
from osce_cli.format.dates import DateProblem, parse_iso_date
from osce_cli.format.keys import BY_NAME, KEY_FACETS, LABEL, VOCABULARY_KEYS
from osce_cli.support.errors import UsageError
from osce_cli.vocabulary.languages import check_tag
from osce_cli.vocabulary.places import split_places
from osce_cli.vocabulary.terms import Vocabulary


class Asker(Protocol):
    """Asks the author; the console implementation lives in ``prompts``."""

    def ask(self, question: str, default: str | None = None) -> str: ...

    def confirm(self, question: str, default: bool = True) -> bool: ...

    def say(self, message: str) -> None: ...


class Given(NamedTuple):
    """The values passed as flags (``None`` or empty: not given).

    ``labels`` holds the values of each vocabulary key (``type``, ``sources``...).
    """

    title: str | None = None
    date: str | None = None
    places: tuple[str, ...] = ()
    labels: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    language: str | None = None


class _Refused(ValueError):
    """An answer that cannot be used; the message says why."""


def _title(text: str) -> str:
    title = " ".join(text.split())
    if not title:
        raise _Refused("the title is empty")
    return title


def _date(text: str) -> dt.date:
    try:
        return parse_iso_date(text.strip())
    except DateProblem as problem:
        raise _Refused(str(problem)) from None


def _place(text: str) -> str:
    place = " ".join(text.split())
    if not place:
        raise _Refused("the place is empty")
    return place


def _language(text: str) -> str:
    tag = text.strip()
    problem = check_tag(tag)
    if problem is not None:
        raise _Refused(f"language {problem}")
    return tag


def _refusal(choice: Choice) -> str:
    if choice.suggestions:
        listed = ", ".join(f"'{label}'" for label in choice.suggestions)
        return f"{choice.reason} (did you mean {listed}?)"
    return choice.reason


class Gatherer:
    """Builds a :class:`Draft` from flags, asking for what is missing or wrong."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        asker: Asker | None,
        note: Callable[[str], None],
        *,
        grace_days: int = DEFAULT_SOURCE_GRACE_DAYS,
        unasked: str = "required with --no-input",
    ) -> None:
        self.vocabulary = vocabulary
        self.asker = asker
        self.note = note
        self.grace_days = grace_days  # source-grace-days
        self.unasked = unasked  # why a missing value is not asked for, when there is no asker
        self.missing: list[str] = []

    # -- one value --------------------------------------------------------------

    def _value(
        self,
        flag: str,
        given: str | None,
        question: str,
        parse: Callable[[str], object],
        default: str | None = None,
    ) -> object:
        if given is not None:
            try:
                return parse(given)
            except _Refused as refused:
                if self.asker is None:
                    raise UsageError(f"{flag}: {refused}") from None
                self.asker.say(f"{flag}: {refused}")
        elif self.asker is None:
            if default is not None:
                return parse(default)
            self.missing.append(flag)
            return None
        assert self.asker is not None
        while True:
            answer = self.asker.ask(question, default)
            try:
                return parse(answer)
            except _Refused as refused:
                self.asker.say(str(refused))

    def _term(self, flag: str, key: str, text: str, day: dt.date | None) -> str | None:
        """A vocabulary label for ``text``, asking (or noting) when it is not exact."""
        choice = choose(self.vocabulary, key, text, day, self.grace_days)
        if choice.exact and choice.label is not None:
            return choice.label
        if choice.label is not None:
            if self.asker is None:
                if choice.suggestions:  # a guess: never made without asking
                    raise UsageError(f"{flag}: {_refusal(choice)}")
                self.note(f"{flag}: {choice.reason}: using '{choice.label}'")
                return choice.label
            if self.asker.confirm(f"{choice.reason}. Use '{choice.label}'?", True):
                return choice.label
            return None
        if self.asker is None:
            raise UsageError(f"{flag}: {_refusal(choice)}")
        self.asker.say(_refusal(choice))
        return None

    def _terms(
        self,
        flag: str,
        key: str,
        given: Sequence[str],
        question: str,
        day: dt.date | None,
        *,
        required: bool,
        single: bool = False,
        default: str | None = None,
    ) -> tuple[str, ...]:
        """Labels for a list flag; prompts only when the flag was not given."""
        chosen: list[str] = []
        for text in given:
            label = self._term(flag, key, text, day)
            if label is None:  # refused or declined on the terminal: ask for another
                label = self._ask_term(flag, key, question, day, None, allow_empty=False)
            if label is not None and label not in chosen:
                chosen.append(label)
        if chosen:
            return tuple(chosen[:1] if single else chosen)
        if self.asker is None:
            if default is not None:
                label = self._term(flag, key, default, day)
                return (label,) if label else ()
            if required:
                self.missing.append(flag)
            return ()
        if single:
            label = self._ask_term(flag, key, question, day, default, allow_empty=False)
            return (label,) if label else ()
        while True:
            done = bool(chosen) or not required
            prompt = f"{question} {len(chosen) + 1}" + (" (Enter when done)" if done else "")
            label = self._ask_term(flag, key, prompt, day, None, allow_empty=done)
            if label is None:
                return tuple(chosen)
            if label in chosen:
                self.asker.say(f"'{label}' is already listed")
            else:
                chosen.append(label)

    def _ask_term(
        self,
        flag: str,
        key: str,
        question: str,
        day: dt.date | None,
        default: str | None,
        *,
        allow_empty: bool,
    ) -> str | None:
        assert self.asker is not None
        while True:
            answer = self.asker.ask(question, default).strip()
            if not answer:
                if allow_empty:
                    return None
                self.asker.say("at least one is needed")
                continue
            label = self._term(flag, key, answer, day)
            if label is not None:
                return label

    # -- the whole draft --------------------------------------------------------

    def draft(self, given: Given, today: dt.date) -> Draft:
        title = self._value("--title", given.title, "Title", _title)
        day = self._value("--date", given.date, "Date (YYYY-MM-DD)", _date, today.isoformat())
        places = self._places(given)
        release_day = day if isinstance(day, dt.date) else None
        labels = {
            key.name: self._terms(
                key.flag,
                key.name,
                given.labels.get(key.name, ()),
                key.question or key.name,
                release_day,
                required=key.required,
                single=key.kind == LABEL,
                default=key.assumed,
            )
            for key in VOCABULARY_KEYS
            if key.flag is not None
        }
        language = self._value(
            "--language", given.language, "Language", _language, BY_NAME["language"].assumed
        )
        if self.missing:
            raise UsageError(f"missing {', '.join(self.missing)} ({self.unasked})")
        assert isinstance(title, str) and isinstance(day, dt.date) and isinstance(language, str)
        (type_label,) = labels["type"]
        type_term = self.vocabulary.lookup(KEY_FACETS["type"], type_label)[0].term
        return Draft(
            title=title,
            date=day,
            places=places,
            type_id=type_term.id,
            labels=labels,
            language=language,
        )

    def _places(self, given: Given) -> tuple[str, ...]:
        if given.places:
            try:
                return tuple(_place(p) for text in given.places for p in split_places(text))
            except _Refused as refused:
                if self.asker is None:
                    raise UsageError(f"--place: {refused}") from None
                self.asker.say(f"--place: {refused}")
        if self.asker is None:
            self.missing.append("--place")
            return ()
        while True:
            answer = self.asker.ask("Place (a joint dateline: Vienna/Warsaw)")
            try:
                return tuple(_place(part) for part in split_places(answer))
            except _Refused as refused:
                self.asker.say(str(refused))
