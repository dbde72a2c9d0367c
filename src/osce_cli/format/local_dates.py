"""Dates and writing direction in a page's language, from the CLDR data osce ships.

``schemas/vocabulary/locale-formats.json`` holds each CLDR locale's long date
(compiled from Babel when osce is built, see ``vocabulary/cldr.py``), so an
export writes ``6 марта 2023 г.`` as Babel's ``format_date(day, "long",
locale="ru")`` does, without loading Babel. English keeps the form releases
print (``6 March 2023``), as does a language CLDR has no long date for.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from osce_cli.format.dates import long_date


@functools.cache
def _formats() -> dict[str, Any]:
    import json

    from osce_cli.support.resources import vocabulary_dir

    data: dict[str, Any] = json.loads((vocabulary_dir() / "locale-formats.json").read_bytes())
    return data


def _is_english(tag: str) -> bool:
    return tag.lower().split("-")[0] == "en"


@functools.lru_cache(maxsize=256)
def _locale(tag: str) -> str | None:
    """The CLDR locale that serves ``tag`` (``sr_Latn`` for ``sr-Latn-RS``), if any."""
    from osce_cli.vocabulary.languages import fallbacks

    dates = _formats()["dates"]
    for candidate in fallbacks(tag):
        name = candidate.replace("-", "_")
        if name in dates:
            return name
    return None


def date_in(day: dt.date, tag: str) -> str:
    """The date written out in the language ``tag``, as CLDR's long date."""
    if _is_english(tag):
        return long_date(day)
    locale = _locale(tag)
    if locale is None:
        return long_date(day)
    row = _formats()["dates"][locale]
    if isinstance(row, str):  # the same as another locale's
        row = _formats()["dates"][row]
    pattern: str = row[0]
    names = row[1:]
    month_name = month_short = ""
    if "{month_name}" in pattern:
        month_name = names.pop(0)[day.month - 1]
    if "{month_short}" in pattern:
        month_short = names.pop(0)[day.month - 1]
    return pattern.format(
        day=day.day,
        month=day.month,
        year=day.year,
        month_name=month_name,
        month_short=month_short,
    )


@functools.lru_cache(maxsize=256)
def direction(tag: str) -> str:
    """``rtl`` for a language written right to left (as CLDR says), else ``ltr``."""
    from osce_cli.vocabulary.languages import fallbacks

    right_to_left = set(_formats()["right-to-left"])
    for candidate in fallbacks(tag):
        if candidate.replace("-", "_") in right_to_left:
            return "rtl"
    return "ltr"
