"""D: the dateline that opens the body, against the front matter.

The dateline is read from the first non-empty line of the body (see
`osce_cli.format.dateline` for the forms that are accepted). Its place(s) must be
the front matter `place` and its date the front matter `date`. These
checks apply to English releases and to releases in the languages of
``schemas/vocabulary/datelines.yaml`` (`osce_cli.vocabulary.datelines`: their
month names, year words and place names); in other languages they are
skipped, and D100 says so once per run.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from osce_cli.format.dateline import Dateline, is_header_line, month_names, parse_dateline
from osce_cli.format.dates import MONTH_NAMES, days_in_month, long_date
from osce_cli.report.diagnostics import Edit, Finding, Fix, Severity, skipped_dateline_languages
from osce_cli.rules.base import CheckFunction, Context, rule
from osce_cli.vocabulary.places import join_known, same_place, split_places
from osce_cli.vocabulary.suggest import closest, fold

if TYPE_CHECKING:
    from osce_cli.vocabulary.datelines import DatelineLanguage

_MISSING = object()
_NOT_SPACE = re.compile(r"\S")
_LINE_BREAK = re.compile(r"[\r\n]")


def _once_per_file(check: CheckFunction) -> CheckFunction:
    """A rule whose findings are kept for the file: `dateline_style` asks for them again."""
    key = f"findings:{check.__name__}"

    @functools.wraps(check)
    def memoised(ctx: Context) -> list[Finding]:
        return ctx.memo(key, lambda ctx: list(check(ctx)))

    return memoised


def first_body_line(ctx: Context) -> tuple[int, str] | None:
    """Offset and text of the first non-blank line of the body."""
    return ctx.memo("first-body-line", _first_body_line)


def _first_body_line(ctx: Context) -> tuple[int, str] | None:
    """The offset and text of the first line of the body that is not blank.

    Found from the first character that is not a space, without the line
    index: a file without findings never needs its line numbers.
    """
    document = ctx.document
    text = document.text
    start = document.body_start
    found = _NOT_SPACE.search(text, start)
    if found is None:
        return None
    first = found.start()
    # The body starts a line, and only "\r\n", "\r" and "\n" break lines.
    line_start = max(text.rfind("\n", start, first), text.rfind("\r", start, first), start - 1) + 1
    line_break = _LINE_BREAK.search(text, first)
    return line_start, text[line_start : line_break.start() if line_break else len(text)]


def find_dateline(ctx: Context) -> Dateline | None:
    return ctx.memo("dateline", _find_dateline)


def _find_dateline(ctx: Context) -> Dateline | None:
    first = first_body_line(ctx)
    if first is None:
        return None
    offset, text = first
    language = _language(ctx)
    tag = "en" if language is None else language.tag
    found = parse_dateline(text, offset, tag)
    if found is None and (text.strip().upper() == text.strip() or is_header_line(text)):
        # A correction notice in capitals, or an old page header repeating
        # place and date, may stand on its own line above the dateline.
        document = ctx.document
        line, _ = document.index.position(offset)
        for following in range(line + 1, min(line + 4, document.index.line_count + 1)):
            candidate = document.index.line_text(following)
            if candidate.strip():
                found = parse_dateline(candidate, document.index.line_start(following), tag)
                break
    return found


def _language(ctx: Context) -> DatelineLanguage | None:
    """The release's dateline language; ``None`` for English (and for a language without data)."""
    return ctx.memo("dateline-language", _dateline_language)


def _dateline_language(ctx: Context) -> DatelineLanguage | None:
    if ctx.is_english:
        return None
    from osce_cli.vocabulary.datelines import dateline_language

    return dateline_language(ctx.language)


def _applies(ctx: Context) -> bool:
    return ctx.memo("dateline-rules-apply", _dateline_rules_apply)


def _dateline_rules_apply(ctx: Context) -> bool:
    return (
        ctx.document.has_front_matter
        and (ctx.is_english or _language(ctx) is not None)
        and first_body_line(ctx) is not None
    )


def _long_date(ctx: Context, day: dt.date, dateline: Dateline | None = None) -> str:
    """``day`` as the release's language writes it in a dateline (keeping a year word written)."""
    language = _language(ctx)
    if language is None:
        return long_date(day)
    return language.long_date(day, None if dateline is None else dateline.year_word)


def _example(ctx: Context) -> str:
    language = _language(ctx)
    if language is None:
        return "'VIENNA, 5 October 2020 – '"
    return f"'{language.dateline(['Vienna'], dt.date(2020, 10, 5))}'"


@rule("D100", "dateline-checks-skipped", Severity.INFO)
def dateline_checks_skipped(ctx: Context) -> Iterable[Finding]:
    """The release's language has no dateline data: its dateline is not checked.

    Dateline checks know English and the languages of
    `schemas/vocabulary/datelines.yaml` (Russian). A release in another
    language is not checked, and the run says so once, naming the languages
    skipped, however many files are in them (in the text report a line before
    the summary; in JSON `notes`; in SARIF a notification of the run; in
    GitHub a notice). Information only.

    Fails (information):

        language: de
        ---
        WIEN, 5. Oktober 2020 – ...

    Passes:

        language: ru
        ---
        ВЕНА, 5 октября 2020 года - ...
    """
    if (
        not ctx.document.has_front_matter
        or ctx.is_english
        or _language(ctx) is not None
        or first_body_line(ctx) is None
    ):
        return
    first = first_body_line(ctx)
    assert first is not None
    offset, _ = first
    yield Finding(
        "D100",
        offset,
        offset,
        skipped_dateline_languages([ctx.language]),
        # The language, for the report that names each language once per run.
        suggestions=(ctx.language,),
    )


def _front_matter_places(ctx: Context) -> list[str]:
    """The places of the front matter `place`, a bilingual name as one (see `split_places`)."""
    value = (ctx.data or {}).get("place")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    places: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            continue
        if "/" in item:
            places.extend(place for place in split_places(item) if place)
        else:
            places.append(item)
    return places


@rule("D101", "missing-dateline")
def missing_dateline(ctx: Context) -> Iterable[Finding]:
    """The body does not open with a dateline.

    An OSCE release opens with `PLACE, D Month YYYY –` before the first
    sentence (in Russian `ВЕНА, 5 октября 2020 года - `). Reported at the
    body's first line.

    Fails:

        The OSCE Mission in Kosovo welcomed today ...

    Passes:

        PRISTINA, 18 November 2007 – The OSCE Mission in Kosovo welcomed today ...
    """
    if not _applies(ctx) or find_dateline(ctx) is not None:
        return
    first = first_body_line(ctx)
    assert first is not None
    offset, text = first
    leading = len(text) - len(text.lstrip())
    shown = text.strip()
    hint = " (found a heading)" if shown.startswith("#") else ""
    yield Finding(
        "D101",
        offset + leading,
        offset + leading + min(len(shown), 40),
        f"the body does not open with a dateline such as {_example(ctx)}{hint}",
    )


def _expected_places(ctx: Context, places: list[str]) -> str:
    language = _language(ctx)
    if language is not None:
        places = [language.place_name(place) or place for place in places]
    return "/".join(place.upper() for place in places)


def _unknown_name(ctx: Context, written: str) -> bool:
    """In another language than English, a dateline place the gazetteer does not know.

    osce knows few places' names in other languages: a name it does not know
    may well be right (``ЖЕНЕВА`` for Geneva), so it is not called wrong.
    """
    if _language(ctx) is None:
        return False
    from osce_cli.vocabulary.places import is_known

    return not is_known(written)


@rule("D102", "dateline-place-mismatch")
@_once_per_file
def dateline_place_mismatch(ctx: Context) -> Iterable[Finding]:
    """The dateline's place(s) differ from the front matter `place`.

    Places are compared ignoring case and accents, with known spellings
    treated as one place (`KIEV` is Kyiv) and a small typo tolerated. A
    bilingual name that the gazetteer knows (`PRISHTINË/PRIŠTINA`,
    `Prishtinë/Priština`) is one place, in the dateline and in the front
    matter. Otherwise a slash joins the places of a joint dateline, which
    names each place of the front matter, in any order.

    Fails:

        place: Vienna
        ---
        WARSAW, 5 October 2020 – ...

    Passes:

        place: [Warsaw, Vienna]
        ---
        WARSAW/VIENNA, 5 October 2020 – ...
    """
    if not _applies(ctx):
        return
    dateline = find_dateline(ctx)
    places = _front_matter_places(ctx)
    if dateline is None or not places or not dateline.places:
        return
    written = tuple(place.text for place in dateline.places)
    if len(written) > 1:
        written = join_known(written)
    if dateline.country:
        # 'STRASBOURG, VIENNA, WARSAW,': what follows a comma is a place of
        # the front matter, or a country ('OSH, Kyrgyzstan,').
        written += tuple(
            name
            for name in (item.strip() for item in dateline.country.split(","))
            if any(same_place(name, place) for place in places)
        )
    missing = [p for p in places if not any(same_place(p, w) for w in written)]
    extra = [w for w in written if not any(same_place(w, p) for p in places)]
    if not missing and not extra:
        return
    expected = _expected_places(ctx, places)
    unsure = bool(extra) and all(_unknown_name(ctx, name) for name in extra)
    if extra and missing:
        message = (
            f"dateline place '{dateline.place_text}' does not match the front matter "
            f"place {_listed(places)}"
        )
    elif extra:
        message = f"dateline names {_listed(extra)}, which is not in the front matter place"
    else:
        message = f"dateline does not name {_listed(missing)} from the front matter place"
    if unsure:
        message += f": osce does not know the name in '{ctx.language}'"
    yield Finding(
        "D102",
        dateline.places_start,
        dateline.places_end,
        f"{message} (expected '{expected}')",
        suggestions=(expected,),
        severity=Severity.WARNING if unsure else None,
    )


def _listed(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _dateline_date(dateline: Dateline) -> dt.date | object | None:
    """The date written in the dateline; `_MISSING` when it is not a real date."""
    if dateline.day is None or dateline.month is None:
        return None
    if dateline.year is None:
        return None
    try:
        return dt.date(dateline.year, dateline.month, dateline.day)
    except ValueError:
        return _MISSING


@rule("D103", "dateline-date-mismatch")
@_once_per_file
def dateline_date_mismatch(ctx: Context) -> Iterable[Finding]:
    """The dateline's date differs from the front matter `date`.

    A dateline without a year (`VIENNA, 22 December –`) is compared by day
    and month only. Within a week of each other the two dates are a
    warning, not an error: osce.org publishes releases a day or two before
    the day their dateline names (under embargo) or after it (posted late),
    and keeps both. Further apart, as with a year typed wrong, it is an error.

    Fails:

        date: 2020-10-05
        ---
        VIENNA, 5 October 2019 – ...

    Passes:

        date: 2020-10-05
        ---
        VIENNA, 5 October 2020 – ...
    """
    if not _applies(ctx):
        return
    dateline = find_dateline(ctx)
    day = ctx.release_date
    if dateline is None or day is None or dateline.month is None or dateline.day is None:
        return
    assert dateline.date_start is not None and dateline.date_end is not None
    written = _dateline_date(dateline)
    if written is _MISSING:
        return
    if dateline.year is None:
        agrees = (dateline.day, dateline.month) == (day.day, day.month)
    else:
        agrees = written == day
    if agrees:
        return
    expected = _long_date(ctx, day, dateline)
    message = (
        f"dateline date '{dateline.date_text}' does not match the front matter date "
        f"{day.isoformat()} (expected '{expected}')"
    )
    gap = _days_apart(dateline, day)
    near = gap is not None and gap <= NEAR_DATE_DAYS
    if gap is not None and near:
        message += f": {_plural_days(gap)} apart, as for a release published under embargo or late"
    yield Finding(
        "D103",
        dateline.date_start,
        dateline.date_end,
        message,
        suggestions=(expected,),
        severity=Severity.WARNING if near else None,
    )


#: How many days apart the dateline and the front matter date may be for D103
#: to be a warning rather than an error.
NEAR_DATE_DAYS = 7


def _days_apart(dateline: Dateline, day: dt.date) -> int | None:
    """Days between the dateline's date and ``day`` (``None``: not a real date).

    A dateline without a year is taken in the year that puts it nearest.
    """
    assert dateline.day is not None and dateline.month is not None
    years = (
        (dateline.year,) if dateline.year is not None else (day.year - 1, day.year, day.year + 1)
    )
    gaps = []
    for year in years:
        try:
            gaps.append(abs((dt.date(year, dateline.month, dateline.day) - day).days))
        except ValueError:
            continue
    return min(gaps, default=None)


def _plural_days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


@rule("D104", "invalid-dateline-date")
@_once_per_file
def invalid_dateline_date(ctx: Context) -> Iterable[Finding]:
    """The dateline's date is not a real date: an unknown month or an impossible day.

    Fails:

        VIENNA, 31 Febuary 2020 – ...

    Passes:

        VIENNA, 28 February 2020 – ...
    """
    if not _applies(ctx):
        return
    dateline = find_dateline(ctx)
    if dateline is None or dateline.date_text is None:
        return
    assert dateline.date_start is not None and dateline.date_end is not None
    if dateline.month is None and dateline.month_text is not None:
        language = _language(ctx)
        names = month_names() if language is None else list(language.months)
        near = closest(dateline.month_text, names, limit=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        yield Finding(
            "D104",
            dateline.date_start,
            dateline.date_end,
            f"'{dateline.month_text}' in the dateline is not a month{hint}",
            suggestions=tuple(near),
        )
        return
    if dateline.day is None or dateline.month is None:
        return
    if 1 <= dateline.day <= 28:
        return  # every month has these days: spare the calendar
    year = dateline.year or (ctx.release_date.year if ctx.release_date else 2000)
    last = days_in_month(year, dateline.month)
    if not 1 <= dateline.day <= last:
        yield Finding(
            "D104",
            dateline.date_start,
            dateline.date_end,
            f"dateline date '{dateline.date_text}' does not exist: "
            f"{MONTH_NAMES[dateline.month]} has {last} days",
        )


def house_style(dateline: Dateline, day: dt.date) -> str:
    """The dateline as the house writes it: `PLACE/PLACE, D Month YYYY – `.

    A country after the places and a note in brackets after the date stay.
    """
    places = "/".join(place.text.upper() for place in dateline.places)
    country = f", {dateline.country}" if dateline.country else ""
    note = f" {dateline.note}" if dateline.note else ""
    return f"{places}{country}, {long_date(day)}{note} – "


def language_style(language: DatelineLanguage, dateline: Dateline, day: dt.date) -> str:
    """The dateline as osce writes it in ``language``: places in the language, in
    capitals, and the date with a year word (the one written, if any). The
    separator stays as written: real datelines in these languages use every
    dash, with and without spaces (``datelines.yaml``)."""
    places = "/".join(
        (language.place_name(place.text) or place.text).upper() for place in dateline.places
    )
    country = f", {dateline.country}" if dateline.country else ""
    note = f" {dateline.note}" if dateline.note else ""
    separator = dateline.separator if dateline.separator.strip() else language.separator
    return f"{places}{country}, {language.long_date(day, dateline.year_word)}{note}{separator}"


def _language_differences(
    ctx: Context, language: DatelineLanguage, dateline: Dateline, day: dt.date
) -> list[str]:
    differences: list[str] = []
    if any(place.text != place.text.upper() for place in dateline.places):
        differences.append("places in capitals")
    written = ctx.document.text[dateline.places_start : dateline.places_end]
    if written != dateline.place_text:
        differences.append("no spaces around '/'")
    # Compared without accents: 'КИШИНЁВ' is CLDR's 'Кишинев' as well written.
    if any(
        fold(language.place_name(place.text) or place.text) != fold(place.text)
        for place in dateline.places
    ):
        differences.append(f"the places' names in '{ctx.language}'")
    accepted = {language.long_date(day, word) for word in ("", *language.year_words)}
    if dateline.date_text not in accepted:
        differences.append(f"the date as '{language.long_date(day, dateline.year_word)}'")
    if dateline.tagged:
        differences.append("no '(OSCE)' after the date")
    return differences


def _style_differences(ctx: Context, dateline: Dateline, day: dt.date) -> list[str]:
    differences: list[str] = []
    if any(place.text != place.text.upper() for place in dateline.places):
        differences.append("places in capitals")
    written = ctx.document.text[dateline.places_start : dateline.places_end]
    if written != dateline.place_text:
        # The parts are the places as written without blanks around them.
        differences.append("no spaces around '/'")
    if dateline.separator != " – ":
        differences.append("a spaced en dash ' – '")
    if (
        dateline.year is None
        or dateline.month_text is None
        or (dateline.date_text is not None and dateline.date_text != long_date(day))
    ):
        differences.append(f"the date as '{long_date(day)}'")
    if dateline.tagged:
        differences.append("no '(OSCE)' after the date")
    return differences


#: The spaced en dash has been the OSCE's dateline style since 2011; earlier
#: releases mostly used hyphens and are correct as they are.
HOUSE_STYLE_SINCE = dt.date(2011, 1, 1)


@rule("D105", "dateline-style", Severity.INFO, fixable=True)
def dateline_style(ctx: Context) -> Iterable[Finding]:
    """The dateline agrees with the front matter but not with the house style.

    House style is `PLACE, D Month YYYY – ` with the place(s) in capitals,
    joint places joined by `/` without spaces, the day without a leading
    zero, the month in full, and a spaced en dash. It has been the OSCE's
    style since 2011; releases dated earlier used hyphens
    (`VIENNA, 5 December 1997-`) and are correct as they are, so they are
    not checked. In another language (Russian) the house style is the
    places' names in that language, in capitals, and the date as
    `6 марта 2023 года` (`г.` or no year word too), whatever the dash.
    Information only; the fix rewrites the dateline in house style, keeping
    its places and date.

    Fails (information):

        Vienna, 05 Oct 2020 - The ...

    Passes:

        VIENNA, 5 October 2020 – The ...
    """
    if not _applies(ctx):
        return
    dateline = find_dateline(ctx)
    day = ctx.release_date
    if dateline is None or day is None or dateline.form != "standard":
        return
    language = _language(ctx)
    if language is None and day < HOUSE_STYLE_SINCE:
        return
    if (
        any(True for _ in dateline_place_mismatch(ctx))
        or any(True for _ in dateline_date_mismatch(ctx))
        or any(True for _ in invalid_dateline_date(ctx))
    ):
        return
    if language is None:
        differences = _style_differences(ctx, dateline, day)
        wanted = house_style(dateline, day)
    else:
        differences = _language_differences(ctx, language, dateline, day)
        wanted = language_style(language, dateline, day)
    if not differences:
        return
    fix = Fix("write the dateline in house style", (Edit(dateline.start, dateline.end, wanted),))
    yield Finding(
        "D105",
        dateline.start,
        dateline.end,
        "dateline differs from house style: "
        + ", ".join(differences)
        + f" (house style: '{wanted.rstrip()}')",
        suggestions=(wanted.rstrip(),),
        fix=fix,
    )
