"""The release front matter's shape, checked without importing Pydantic.

``model.py`` declares the front matter as a Pydantic model: it is the
contract, and the JSON Schema is generated from it. Importing Pydantic and
building that model takes longer than checking a few releases, which is what
a pre-commit hook does on every commit. So ``osce validate`` checks the same
shape here, in plain Python, and reports the same errors Pydantic would (type,
location, input and, for our own checks, message); ``tests/equivalence/test_shape.py``
runs both over the test corpus and generated data and requires identical
results. The keys, and what kind of value each holds, come from the table in
``keys.py``. The value checks below (dates, embargo, language, patterns) are
the ones the model itself calls, so there is one definition of each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from osce_cli.format import dates, keys
from osce_cli.format.keys import CONTACT_FIELDS, CONTACT_KEYS, KEYS, RELEASE_KEYS, Key
from osce_cli.vocabulary import languages

#: A dot in the domain, neither first nor last. Written to match one way only:
#: the dot it finds is the first after the domain's first character.
EMAIL = r"[^@\s]+@[^@\s][^@\s.]*\.[^@\s]+"
PHONE = r"\+?[0-9][0-9 ()./-]{4,}"
RELEASE_ID = r"[A-Za-z0-9][A-Za-z0-9._-]*"

#: Unicode's White_Space characters: what the model's ``\S`` pattern (run by
#: Pydantic's Rust regex engine) treats as space. Python's ``str.isspace``
#: differs (it counts U+001C..U+001F), so the set is spelt out.
_WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class Invalid(ValueError):
    """A value that fails one of our checks: an error type and a message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def release_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise Invalid("iso_date", "must be a date written as YYYY-MM-DD")
    try:
        return dates.parse_iso_date(value)
    except dates.DateProblem as problem:
        raise Invalid("iso_date", str(problem)) from None


def embargo(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str):
        raise Invalid("embargo_format", "must be a date-time such as 2024-03-08T09:00+01:00")
    try:
        return dates.parse_embargo(value)
    except dates.MissingOffset as problem:
        raise Invalid("embargo_offset", str(problem)) from None
    except dates.DateProblem as problem:
        raise Invalid("embargo_format", str(problem)) from None


def language(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("language_tag", "must be a BCP 47 language tag such as en")
    problem = languages.check_tag(value)
    if problem is not None:
        raise Invalid("language_tag", problem)
    return value


def matching(kind: str, pattern: str, example: str) -> Callable[[Any], str]:
    compiled = re.compile(pattern)

    def check(value: Any) -> str:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise Invalid("pattern", f"is not a valid {kind} (e.g. {example})")
        return value

    return check


email = matching("e-mail address", EMAIL, "press@osce.org")
phone = matching("telephone number", PHONE, "+43 1 514 36 6000")
release_id = matching("release id", RELEASE_ID, "2007-11-18-kosovo-elections")


# --------------------------------------------------------------------------- the shape

Loc = tuple[str | int, ...]
ShapeError = dict[str, Any]


def _error(kind: str, loc: Loc, value: Any, message: str | None = None) -> ShapeError:
    error: ShapeError = {"type": kind, "loc": loc, "input": value}
    if message is not None:
        error["msg"] = message
    return error


def _text(value: Any, loc: Loc, errors: list[ShapeError]) -> None:
    """``Text``: a string with at least one character that is not space."""
    if not isinstance(value, str):
        errors.append(_error("string_type", loc, value))
    elif not value:
        errors.append(_error("string_too_short", loc, value))
    elif not value.strip(_WHITE_SPACE):
        errors.append(_error("string_pattern_mismatch", loc, value))


def _text_list(value: Any, loc: Loc, errors: list[ShapeError], *, at_least_one: bool) -> None:
    if not isinstance(value, list):
        errors.append(_error("list_type", loc, value))
        return
    for index, item in enumerate(value):
        if item.__class__ is str and item.strip(_WHITE_SPACE):
            continue  # what nearly every item is: spare the call (see `_text`)
        _text(item, (*loc, index), errors)
    if at_least_one and not value:
        errors.append(_error("too_short", loc, value))


#: Checks a value of one kind at ``loc``, adding its errors.
Check = Callable[[Any, Loc, list[ShapeError], Key], None]


def _checking(check: Callable[[Any], object]) -> Check:
    """One of the value checks above, run on a key's value."""

    def run(value: Any, loc: Loc, errors: list[ShapeError], key: Key) -> None:
        try:
            check(value)
        except Invalid as problem:
            errors.append(_error(problem.kind, loc, value, problem.message))

    return run


def _text_value(value: Any, loc: Loc, errors: list[ShapeError], key: Key) -> None:
    if value.__class__ is not str or not value.strip(_WHITE_SPACE):
        _text(value, loc, errors)


def _places(value: Any, loc: Loc, errors: list[ShapeError], key: Key) -> None:
    # A single place is written as a string; joint datelines use a list.
    _text_list([value] if isinstance(value, str) else value, loc, errors, at_least_one=True)


def _labels(value: Any, loc: Loc, errors: list[ShapeError], key: Key) -> None:
    _text_list(value, loc, errors, at_least_one=key.required)


def _contacts(value: Any, loc: Loc, errors: list[ShapeError], key: Key) -> None:
    if isinstance(value, list):
        for index, contact in enumerate(value):
            _contact(contact, (*loc, index), errors)
    else:
        errors.append(_error("list_type", loc, value))


def _contact(value: Any, loc: Loc, errors: list[ShapeError]) -> None:
    if not isinstance(value, dict):
        errors.append(_error("model_type", loc, value))
        return
    _keys(value, _CONTACT, loc, errors)
    for name, item in value.items():
        if name not in CONTACT_KEYS:
            errors.append(_error("extra_forbidden", (*loc, name), item))


#: The check of each kind of value (see ``keys.py``).
_CHECKS: dict[str, Check] = {
    keys.TEXT: _text_value,
    keys.LABEL: _text_value,
    keys.DATE: _checking(release_date),
    keys.PLACES: _places,
    keys.LABELS: _labels,
    keys.LANGUAGE: _checking(language),
    keys.EMBARGO: _checking(embargo),
    keys.CONTACTS: _contacts,
    keys.RELEASE_ID: _checking(release_id),
    keys.EMAIL: _checking(email),
    keys.PHONE: _checking(phone),
}


class _Plan(NamedTuple):
    """How to check the keys of one table: built once, used on every file."""

    required: tuple[str, ...]
    checks: tuple[tuple[str, bool, Check, Key, Loc], ...]  # name, nullable, check, row, (name,)


def _plan(table: tuple[Key, ...]) -> _Plan:
    return _Plan(
        tuple(key.name for key in table if key.required),
        tuple((key.name, key.nullable, _CHECKS[key.kind], key, (key.name,)) for key in table),
    )


_RELEASE = _plan(KEYS)
_CONTACT = _plan(CONTACT_FIELDS)


def _keys(data: dict[Any, Any], plan: _Plan, loc: Loc, errors: list[ShapeError]) -> None:
    """The errors of the keys of a table in ``data``: missing, or a value of the wrong shape."""
    for name in plan.required:
        if name not in data:
            errors.append(_error("missing", (*loc, name), data))
    for name, nullable, check, key, own in plan.checks:
        if name in data:
            value = data[name]
            if value is not None or not nullable:
                check(value, (*loc, name) if loc else own, errors, key)


def shape_errors(data: dict[str, Any]) -> list[ShapeError]:
    """What Pydantic would report validating ``data`` against ``model.Release``.

    Each error has the Pydantic error ``type``, ``loc`` and ``input``, and a
    ``msg`` for our own error types (the others' messages are not shown).
    """
    errors: list[ShapeError] = []
    _keys(data, _RELEASE, (), errors)
    for name, value in data.items():
        if name not in RELEASE_KEYS:
            errors.append(_error("extra_forbidden", (name,), value))
    return errors
