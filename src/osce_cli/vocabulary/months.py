"""Month names in the languages osce writes dates in, from CLDR.

Compiled from Babel when osce is built (``schemas/vocabulary/month-names.json``,
see `osce_cli.vocabulary.cldr`): loading Babel at run time would cost more than
checking a file. English names are `osce_cli.format.dates.MONTH_NAMES`. Each
language has three lists, January first:

- ``wide``: the month as a date writes it (Russian ``6 марта``, the genitive);
- ``abbreviated``: its short form in a date (``мар.``);
- ``stand-alone``: the month on its own (``март``).

Dates on exported pages and datelines both use these.
"""

from __future__ import annotations

import functools
from typing import Literal

Form = Literal["wide", "abbreviated", "stand-alone"]


@functools.cache
def _table() -> dict[str, dict[str, list[str]]]:
    import json

    from osce_cli.support.resources import vocabulary_dir

    data = json.loads((vocabulary_dir() / "month-names.json").read_bytes())
    months: dict[str, dict[str, list[str]]] = data["months"]
    return months


def languages() -> tuple[str, ...]:
    """The language tags that have month names here."""
    return tuple(_table())


def month_names(language: str, form: Form = "wide") -> tuple[str, ...] | None:
    """The 12 month names of ``language`` (January first), or ``None`` when not known."""
    names = _table().get(language)
    return None if names is None else tuple(names[form])


@functools.cache
def _numbers(language: str) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for form in ("wide", "abbreviated", "stand-alone"):
        for number, name in enumerate(_table()[language][form], start=1):
            numbers.setdefault(name.casefold(), number)
            numbers.setdefault(name.casefold().rstrip("."), number)
    return numbers


def month_number(word: str, language: str) -> int | None:
    """1-12 for a month name of ``language`` in any form and case, else ``None``."""
    if language not in _table():
        return None
    return _numbers(language).get(word.casefold()) or _numbers(language).get(
        word.casefold().rstrip(".")
    )


def is_date_form(word: str, language: str) -> bool:
    """True when ``word`` is a month of ``language`` written as a date writes it in full."""
    names = month_names(language)
    return names is not None and word in names
