"""Reading the dateline that opens a release body.

``PRISTINA, 18 November 2007 – The elections ...``: place(s) in capitals, a
comma, the date, a dash, then the text. Real releases vary, and all of these
are read: hyphens and double hyphens for the dash, with or without spaces;
several places (``BRATISLAVA/COPENHAGEN/VIENNA``, ``VIENNA / BERLIN``,
``STRASBOURG, VIENNA, WARSAW,``); bilingual places (``PRISHTINË/PRIŠTINA``,
which `vocabulary.places` tells from a joint dateline); a country after the place
(``OSH, Kyrgyzstan,``); a date without the year; ``(OSCE)`` or another note
in brackets after the date; the date first (``12 June 2025, Sarajevo –``),
after the dash (``TIRANA / BRUSSELS / GENEVA – 6 October 2020.``) or alone
(``19 July 2022-``); and a correction notice in capitals before it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from osce_cli.format.dates import MONTH_NAMES

# Each pattern reads a line one way only, so that a line that is not a
# dateline fails in time proportional to its length (``re`` backtracks, and a
# character that two branches can take doubles the work at each one): runs of
# letters are whole, and a word is letters with dots and apostrophes between
# them. Words, places, a country and a correction notice have bounds: after a
# notice the places are tried at each of its sentence ends, and each of those
# tries must not read the rest of a long line.
_LETTER = r"[^\W\d_]"
#: Characters in one word, words in one place (``BOSNIA AND HERZEGOVINA``,
#: ``SAINT-PETERSBURG``) and places in one dateline
#: (``BRATISLAVA/COPENHAGEN/VIENNA``), at most; real datelines stay far below.
MAX_LETTERS = 60
MAX_WORDS = 8
MAX_PLACES = 8
_WORD = (
    rf"(?![\w.'’]{{{MAX_LETTERS + 1}}})"  # too long (one class: quick to rule out)
    rf"{_LETTER}+(?:(?:['’](?={_LETTER}|\s|,|/|$)|\.){_LETTER}*)*"
)
_PLACE = rf"{_WORD}(?:[ -]{_WORD}){{0,{MAX_WORDS - 1}}}"
_PLACES = rf"(?P<places>{_PLACE}(?:[ \t]*/[ \t]*{_PLACE}){{0,{MAX_PLACES - 1}}})"
#: Words that follow the year in the datelines of other languages
#: (``6 марта 2023 года``, ``25 июня 2024 г.``): those of
#: ``schemas/vocabulary/datelines.yaml``, which a test holds equal.
YEAR_WORDS = ("года", "г.")
_YEAR_WORD = r"(?:[ \t]+(?P<year_word>года|г\.))?"
_DATE = (
    r"(?P<date>(?P<day>\d{1,2})(?:st|nd|rd|th)?[ \t]+(?P<month>" + _LETTER + r"+)\.?"
    r"(?:,?[ \t]+(?P<year>\d{4})" + _YEAR_WORD + r")?)"
)
_US_DATE = r"(?P<date>(?P<month>" + _LETTER + r"+)\.?[ \t]+(?P<day>\d{1,2}),?[ \t]+(?P<year>\d{4}))"
_NAME_WORD = rf"[\w'’.-]{{1,{MAX_LETTERS}}}"
_NAME = rf"{_LETTER}[\w'’.-]{{0,{MAX_LETTERS}}}(?:[ \t]+{_NAME_WORD}){{0,{MAX_WORDS - 1}}}?"
#: What follows the places before the date, after commas: a country
#: (``OSH, Kyrgyzstan,``), or more places (``STRASBOURG, VIENNA, WARSAW,``).
_COUNTRY = rf"(?P<country>{_NAME}(?:,[ \t]*{_NAME}){{0,{MAX_PLACES - 1}}}?)"
#: A note in brackets after the date (``(Georgian and Spanish versions below.)``);
#: ``(OSCE)`` is the tag of 2001.
_NOTE = r"(?:(?P<tag>[ \t]*\(OSCE\))|[ \t]*(?P<note>\([^()\n]{1,200}\)))?"
_SEP = r"(?P<sep>[ \t]*(?P<dash>--|[-–—−‒―])[ \t]*)"
_EMPH = r"(?:\*\*|__|\*|_)?"
# A correction notice before the dateline: a few sentences in capitals, the
# first of a few words at least. A sentence ends at ``.`` or ``!`` (and may at
# ``:``) before a blank; where the notice ends is the one thing left to
# choose, and its bounds keep the places from being tried at more than a few
# hundred ends.
_NOTICE_TEXT = "[A-Z0-9 ,'’:;()-]"
_NOTICE = (
    rf"(?P<notice>[A-Z]{_NOTICE_TEXT}{{10,200}}"
    rf"(?:[.!](?=[ \t]+[A-Z]){_NOTICE_TEXT}{{0,200}}){{0,4}}[.!:][ \t]+)?"
)

_US_DATE_RENAMED = _US_DATE.replace("?P<", "?P<us_")  # group names must be unique


class _Lazy:
    """A pattern compiled when first used.

    These patterns are slow to compile, and most runs need only
    the first (most releases open with the standard dateline): compiling the
    others up front would slow every pre-commit run down for nothing.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.compiled: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        if self.compiled is None:
            self.compiled = re.compile(self.pattern)
        return self.compiled


_STANDARD = _Lazy(
    rf"{_NOTICE}{_EMPH}{_PLACES}(?:,[ \t]*{_COUNTRY})?,[ \t]*(?:{_DATE}|{_US_DATE_RENAMED})"
    rf"{_EMPH}{_NOTE}{_SEP}"
)
_DATE_FIRST = _Lazy(rf"{_NOTICE}{_EMPH}{_DATE},[ \t]*{_PLACES}{_EMPH}{_SEP}")
_DATE_AFTER = _Lazy(rf"{_NOTICE}{_EMPH}{_PLACES}{_EMPH}{_SEP}{_DATE}[.,]?[ \t]*")
_PLACE_ONLY = _Lazy(rf"{_NOTICE}{_EMPH}{_PLACES}{_EMPH}{_SEP}")
_DATE_ONLY = _Lazy(rf"{_NOTICE}{_EMPH}{_DATE}{_EMPH}{_SEP}")
# Old single-release pages print "VIENNA 5 December 1995" on a line of its own
# above the body's dateline.
_HEADER_LINE = _Lazy(rf"{_PLACES}[ \t]+{_DATE}[ \t]*")

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES) if name}
_MONTH_ABBREVIATIONS = {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES) if name}
_MONTH_ABBREVIATIONS["sept"] = 9


class Place(NamedTuple):
    text: str
    start: int
    end: int


class Dateline(NamedTuple):
    """A dateline found at the start of a body; offsets are into the file."""

    form: str  # standard | date-first | date-after | place-only | date-only
    start: int  # first character of the dateline (after any notice)
    end: int  # where the release text begins (after the dash)
    places: tuple[Place, ...]
    places_start: int
    places_end: int
    country: str | None
    date_text: str | None
    date_start: int | None
    date_end: int | None
    day: int | None
    month_text: str | None
    month: int | None  # None when the month word is not a month (English or the language's)
    year: int | None
    dash: str
    separator: str  # the dash with the white space around it, as written
    tagged: bool  # "(OSCE)" after the date
    note: str | None = None  # another note in brackets after the date, brackets included
    year_word: str | None = None  # the word after the year ('года'), in other languages

    @property
    def english_month(self) -> bool:
        """True when the month is written in English (any language's dateline may)."""
        return self.month_text is not None and month_number(self.month_text) is not None

    @property
    def place_text(self) -> str:
        return "/".join(place.text for place in self.places)


def month_number(word: str, language: str = "en") -> int | None:
    """1-12 for a month name or abbreviation, else ``None``.

    English names are months in every language (a translation may keep the
    original's dateline); ``language`` adds its own (`osce_cli.vocabulary.months`).
    """
    lowered = word.lower().rstrip(".")
    number = _MONTHS.get(lowered) or _MONTH_ABBREVIATIONS.get(lowered)
    if number is None and language != "en":
        from osce_cli.vocabulary.months import month_number as language_month

        number = language_month(word, language)
    return number


def month_names() -> list[str]:
    return [name for name in MONTH_NAMES if name]


def _build(match: re.Match[str], form: str, base: int, language: str) -> Dateline:
    """The dateline a pattern matched, its offsets shifted by ``base``.

    The standard form has two sets of date groups, a day-first date's and a
    US date's (``us_``): the one that matched is read.
    """
    groups = match.groupdict()
    date = "date" if groups.get("date") is not None else "us_date"
    if groups.get(date) is None:
        date = ""
    prefix = "us_" if date == "us_date" else ""
    month_text = groups[prefix + "month"] if date else None
    day = groups[prefix + "day"] if date else None
    year = groups[prefix + "year"] if date else None
    places: list[Place] = []
    if "places" in groups:  # every form has places but the date alone
        places_start, places_end = match.span("places")
        position = places_start
        for part in groups["places"].split("/"):
            text = part.strip()
            start = base + position + len(part) - len(part.lstrip())
            places.append(Place(text, start, start + len(text)))
            position += len(part) + 1
    else:
        places_start = places_end = match.start(date)
    return Dateline(
        form,
        base + (match.end("notice") if groups["notice"] else 0),
        base + match.end(),
        tuple(places),
        base + places_start,
        base + places_end,
        groups.get("country"),
        groups[date] if date else None,
        base + match.start(date) if date else None,
        base + match.end(date) if date else None,
        int(day) if day else None,
        month_text,
        month_number(month_text, language) if month_text else None,
        int(year) if year else None,
        groups["dash"] or "",  # both always match
        groups["sep"] or "",
        bool(groups.get("tag")),
        groups.get("note"),
        groups.get(prefix + "year_word") if date else None,
    )


#: A dateline, a correction notice before it included, is read from this many
#: characters at most at the start of a line: the patterns take time in
#: proportion to what they read, and a first line may be a whole body.
DATELINE_WINDOW = 1000


def is_header_line(line: str) -> bool:
    """A line that only repeats place and date (``VIENNA 5 December 1995``, also
    ``Vienna 18 December 1995``)."""
    if len(line) > DATELINE_WINDOW:
        return False
    match = _HEADER_LINE.get().fullmatch(line.strip())
    return match is not None and match["places"][0].isupper()


def parse_dateline(line: str, base: int = 0, language: str = "en") -> Dateline | None:
    """Read a dateline at the start of ``line``; ``base`` is the line's offset.

    ``language`` is a language with dateline data (`osce_cli.vocabulary.datelines`):
    its month names are months too.
    """
    line = line[:DATELINE_WINDOW]
    match = _STANDARD.get().match(line)
    if match:
        return _build(match, "standard", base, language)
    match = _DATE_FIRST.get().match(line)
    if match:
        return _build(match, "date-first", base, language)
    match = _DATE_AFTER.get().match(line)
    if match and match["places"].upper() == match["places"]:
        return _build(match, "date-after", base, language)
    match = _PLACE_ONLY.get().match(line)
    # Without a date, only capitals tell a dateline from an ordinary sentence.
    if (
        match
        and match["places"].upper() == match["places"]
        and any(ch.isalpha() for ch in match["places"])
    ):
        return _build(match, "place-only", base, language)
    match = _DATE_ONLY.get().match(line)
    # Without a place, only a month tells a date from a number and a word.
    if match and month_number(match["month"], language) is not None:
        return _build(match, "date-only", base, language)
    return None
