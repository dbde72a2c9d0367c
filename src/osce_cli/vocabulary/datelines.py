"""Datelines in other languages than English: what osce knows of each.

``schemas/vocabulary/datelines.yaml`` lists the languages whose datelines are
checked and written, with the words that may follow the year, how osce
writes a dateline in the language, and the real datelines that show it. Month
names come from `osce_cli.vocabulary.months`, place names from
`osce_cli.vocabulary.places.place_names`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

DATELINES_FILE = "datelines.yaml"


class DatelineLanguage(NamedTuple):
    tag: str
    #: Words that may follow the year (``года``, ``г.``).
    year_words: tuple[str, ...]
    #: The year word and the separator osce writes.
    year_word: str
    separator: str
    #: The gazetteer's places in the language, by the place's comparison key
    #: (`osce_cli.vocabulary.places.canonical_place`), in normal case.
    places: dict[str, str]
    months: tuple[str, ...]

    def place_name(self, place: str) -> str | None:
        """``place`` (any name the gazetteer knows) in this language, or ``None``."""
        from osce_cli.vocabulary.places import canonical_place

        return self.places.get(canonical_place(place))

    def long_date(self, day: dt.date, year_word: str | None = None) -> str:
        """``6 марта 2023 года``: the date as a dateline in this language writes it."""
        word = self.year_word if year_word is None else year_word
        return f"{day.day} {self.months[day.month - 1]} {day.year} {word}".rstrip()

    def dateline(self, places: list[str], day: dt.date) -> str:
        """The dateline of ``places`` on ``day``, each place in this language where known."""
        names = [(self.place_name(place) or place).upper() for place in places]
        return f"{'/'.join(names)}, {self.long_date(day)}{self.separator}"


def places_in(places: Sequence[str], tag: str) -> tuple[str, ...]:
    """``places`` as the language ``tag`` names them where osce knows how, else as written."""
    if tag.split("-")[0].lower() == "en":
        return tuple(places)  # the gazetteer's own language: nothing to load
    language = dateline_language(tag)
    if language is None:
        return tuple(places)
    return tuple(language.place_name(place) or place for place in places)


def _data() -> dict[str, Any]:
    from osce_cli.vocabulary.terms import shipped_data

    data = shipped_data(DATELINES_FILE)
    languages: dict[str, Any] = data["languages"]
    return languages


@functools.cache
def languages() -> dict[str, DatelineLanguage]:
    """Every language with dateline data, by tag."""
    from osce_cli.vocabulary.months import month_names
    from osce_cli.vocabulary.places import canonical_place, place_names

    found = {}
    names = place_names()
    for tag, entry in _data().items():
        months = month_names(str(tag))
        if months is None:
            continue  # month-names.json is stale: a test says so
        write = entry["write"]
        found[str(tag)] = DatelineLanguage(
            str(tag),
            tuple(str(word) for word in entry["year-words"]),
            str(write["year-word"]),
            str(write["separator"]),
            {canonical_place(english): name for english, name in names[str(tag)].items()},
            months,
        )
    return found


def dateline_language(tag: str) -> DatelineLanguage | None:
    """The dateline data for language ``tag`` (``ru``, ``ru-RU``), or ``None``."""
    known = languages()
    lowered = tag.lower()
    for candidate, language in known.items():
        if lowered == candidate.lower() or lowered.split("-")[0] == candidate.lower():
            return language
    return None
