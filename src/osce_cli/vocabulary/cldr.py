"""The CLDR data osce ships, read from Babel when osce is built, not when it runs.

Loading a Babel locale costs more than a whole `osce validate` of one file, so
what osce needs from CLDR is compiled into files under
``schemas/vocabulary/``, which tests hold equal to Babel:

- ``languages.json``: the language, script and region subtags CLDR knows, the
  English and native name of each language (for "did you mean"), the
  language subtags CLDR writes otherwise (``iw`` is ``he``, ``eng`` is ``en``)
  and each language's
  default script (``sr`` is written in Cyrillic, ``uz`` in Latin);
- ``country-names.json``: the name of every participating State and Partner
  for Co-operation (by its ISO code in the vocabulary) in every CLDR locale
  that is a language, or a language in a script (``sr_Latn``), not a region;
  and ``country-name-index.tsv``, those names case-folded and folded, sorted
  (``labels.py``), so that a value not in the vocabulary is looked up among
  them without folding ten thousand names on every run;
- ``month-names.json``: the month names of each language that datelines are
  written in (``datelines.yaml``): as a date writes them (Russian ``марта``),
  abbreviated, and on their own (``март``);
- ``place-names.json``: the names of the gazetteer's places (``places.yaml``)
  in those languages, where CLDR has them: CLDR names a time zone's city, and
  a place whose English name is such a city (``Europe/Vienna``: Vienna) takes
  that city's name in the language (``Вена``);
- ``locale-formats.json``: for the locales of ``country-names.json``, how an exported page writes
  a date (CLDR's long date pattern, as a Python format string, and the month
  names it needs) and which locales are written right to left.

Regenerate them all after a Babel upgrade or a change of the States' and
Partners' codes: ``.venv/bin/python -m osce_cli.vocabulary.cldr``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import babel
from babel import Locale, localedata
from babel.core import get_global

from osce_cli.support.resources import vocabulary_dir
from osce_cli.vocabulary.labels import COUNTRY_NAME_INDEX

LANGUAGES_FILE = "languages.json"
COUNTRY_NAMES_FILE = "country-names.json"
MONTH_NAMES_FILE = "month-names.json"
PLACE_NAMES_FILE = "place-names.json"
LOCALE_FORMATS_FILE = "locale-formats.json"

#: The facets whose terms are countries, named by their ISO 3166-1 codes.
COUNTRY_FACETS = ("participating-states.yaml", "partners.yaml")


def locales() -> list[str]:
    """Babel's locales that are a language (``de``) or a language in a script
    (``sr_Latn``), without a region or variant, sorted."""
    found = []
    for identifier in localedata.locale_identifiers():
        parts = identifier.split("_")
        if identifier != "root" and (
            len(parts) == 1 or (len(parts) == 2 and len(parts[1]) == 4 and parts[1].isalpha())
        ):
            found.append(identifier)
    return sorted(found)


def _subtags(names: Mapping[str, str]) -> list[str]:
    return sorted(code for code in names if "_" not in code)


def language_table() -> dict[str, Any]:
    """What the language tag check needs: CLDR's subtags and names (see module doc)."""
    english = Locale("en")
    languages = _subtags(english.languages)
    native = {}
    for identifier in locales():
        if "_" not in identifier:
            name = Locale(identifier).get_display_name(identifier)
            if name:
                native[identifier] = name
    likely = get_global("likely_subtags")
    default_scripts = {}
    for code in languages:
        parts = str(likely.get(code, "")).split("_")
        if len(parts) > 1 and len(parts[1]) == 4:
            default_scripts[code] = parts[1]
    # The codes refused with their replacement: retired two-letter codes
    # (``iw``) and three-letter codes of a language that has a two-letter one
    # (``eng``). CLDR also replaces codes that BCP 47 keeps as languages of
    # their own (Montenegrin, ``cnr``, is ``sr_ME`` to CLDR; Vlax Romani,
    # ``rmy``, is ``rom``): those stay accepted.
    aliases = {
        alias: str(preferred)
        for alias, preferred in sorted(get_global("language_aliases").items())
        if alias not in english.languages
        and (len(alias) == 2 or len(str(preferred)) == 2)
        and str(preferred).isalpha()
    }
    return {
        "babel": babel.__version__,
        "languages": {code: english.languages[code] for code in languages},
        "native": native,
        "aliases": aliases,
        "default-scripts": default_scripts,
        "scripts": _subtags(english.scripts),
        "regions": _subtags(english.territories),
    }


def country_codes() -> list[str]:
    """The ISO 3166-1 alpha-2 codes of the States and Partners, in the files' order."""
    from osce_cli.frontmatter.data import load_yaml_file

    codes: list[str] = []
    for name in COUNTRY_FACETS:
        data = load_yaml_file(vocabulary_dir() / name, name)
        for term in data["terms"]:
            code = (term.get("codes") or {}).get("alpha2")
            if code and code not in codes:
                codes.append(code)
    return codes


def country_names(codes: list[str]) -> dict[str, Any]:
    """Each locale's names of the countries ``codes``, in their order.

    A locale that names none of them is left out; a name a locale lacks is
    ``null`` (osce then shows the English label). A locale whose names are
    all those of another locale listed before it points to it, to keep the
    file small.
    """
    names: dict[str, list[str | None] | str] = {}
    seen: dict[tuple[str | None, ...], str] = {}
    for identifier in locales():
        territories = Locale.parse(identifier).territories
        row = tuple(territories.get(code) for code in codes)
        if not any(row):
            continue
        if row in seen:
            names[identifier] = seen[row]
        else:
            seen[row] = identifier
            names[identifier] = list(row)
    return {"babel": babel.__version__, "codes": codes, "names": names}


def dateline_languages() -> list[str]:
    """The languages ``datelines.yaml`` describes, as CLDR locales (``sr-Latn``: ``sr_Latn``)."""
    from osce_cli.frontmatter.data import load_yaml_file

    data = load_yaml_file(vocabulary_dir() / "datelines.yaml", "datelines.yaml")
    return [str(tag) for tag in data["languages"]]


def month_table(languages: list[str]) -> dict[str, Any]:
    """Each language's month names, January first: in a date, abbreviated, and alone."""
    months: dict[str, Any] = {}
    for tag in languages:
        names = Locale.parse(tag.replace("-", "_")).months
        months[tag] = {
            "wide": [names["format"]["wide"][number] for number in range(1, 13)],
            "abbreviated": [names["format"]["abbreviated"][number] for number in range(1, 13)],
            "stand-alone": [names["stand-alone"]["wide"][number] for number in range(1, 13)],
        }
    return {"babel": babel.__version__, "months": months}


def _zone_cities() -> dict[str, str]:
    """Each time zone's city as English names it, by zone (``Europe/Vienna``: ``Vienna``)."""
    english = Locale("en").time_zones
    zones = set(english) | set(get_global("zone_territories"))
    cities = {}
    for zone in sorted(zones):
        city = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        cities[zone] = city
    return cities


def place_table(languages: list[str]) -> dict[str, Any]:
    """The gazetteer's places in each language, by English name, where CLDR names them."""
    from osce_cli.frontmatter.data import load_yaml_file

    gazetteer = load_yaml_file(vocabulary_dir() / "places.yaml", "places.yaml")
    zone_of: dict[str, str] = {}
    for zone, city in _zone_cities().items():
        zone_of.setdefault(city, zone)
    places: dict[str, str] = {}
    for entry in gazetteer["places"]:
        for name in (entry["name"], *entry.get("variants", [])):
            if name in zone_of:
                places[str(entry["name"])] = zone_of[name]
                break
    names: dict[str, dict[str, str]] = {}
    for tag in languages:
        zones = Locale.parse(tag.replace("-", "_")).time_zones
        names[tag] = {
            place: zones[zone]["city"]
            for place, zone in places.items()
            if zone in zones and zones[zone].get("city")
        }
    return {"babel": babel.__version__, "zones": places, "names": names}


#: The fields of a CLDR date pattern a compiled format can hold, and what
#: each becomes in its Python format string (``format/local_dates.py`` fills them).
_DATE_FIELDS = {
    "d": "{day}",
    "dd": "{day:02d}",
    "M": "{month}",
    "MM": "{month:02d}",
    "MMM": "{month_short}",
    "MMMM": "{month_name}",
    "L": "{month}",
    "LL": "{month:02d}",
    "y": "{year}",
    "yyyy": "{year:04d}",
}
_PATTERN_PART = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^'A-Za-z]+")


def python_format(pattern: str) -> str | None:
    """A CLDR date pattern as a Python format string; None if it has a field
    that ``_DATE_FIELDS`` does not know (an era, a weekday)."""
    parts = []
    for match in _PATTERN_PART.finditer(pattern):
        text = match.group(0)
        if match.group(1):
            field = _DATE_FIELDS.get(text)
            if field is None:
                return None
            parts.append(field)
            continue
        if text.startswith("'"):
            text = text[1:-1].replace("''", "'") if text != "''" else "'"
        parts.append(text.replace("{", "{{").replace("}", "}}"))
    return "".join(parts)


def locale_formats() -> dict[str, Any]:
    """Each locale's long date (format string and month names) and the right-to-left locales.

    A locale whose long date has a field osce does not write (an era) is left
    out: its pages fall back as a missing locale does. Locales with the same
    date as one listed before point to it.
    """
    from babel.dates import get_date_format

    dates: dict[str, list[Any] | str] = {}
    seen: dict[str, str] = {}
    right_to_left = []
    for identifier in locales():
        locale = Locale.parse(identifier)
        if locale.character_order == "right-to-left":
            right_to_left.append(identifier)
        form = python_format(get_date_format("long", locale=locale).pattern)
        if form is None:
            continue
        row: list[Any] = [form]
        if "{month_name}" in form:
            row.append([locale.months["format"]["wide"][month] for month in range(1, 13)])
        if "{month_short}" in form:
            row.append([locale.months["format"]["abbreviated"][month] for month in range(1, 13)])
        key = json.dumps(row, ensure_ascii=False)
        if key in seen:
            dates[identifier] = seen[key]
        else:
            seen[key] = identifier
            dates[identifier] = row
    return {"babel": babel.__version__, "dates": dates, "right-to-left": right_to_left}


def languages_text() -> str:
    return json.dumps(language_table(), ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def country_names_text() -> str:
    return json.dumps(country_names(country_codes()), ensure_ascii=False, indent=0) + "\n"


def country_name_index_text() -> str:
    from osce_cli.vocabulary.labels import country_name_index

    return "".join(line + "\n" for line in country_name_index(country_names(country_codes())))


def month_names_text() -> str:
    return json.dumps(month_table(dateline_languages()), ensure_ascii=False, indent=1) + "\n"


def place_names_text() -> str:
    return json.dumps(place_table(dateline_languages()), ensure_ascii=False, indent=1) + "\n"


def locale_formats_text() -> str:
    return json.dumps(locale_formats(), ensure_ascii=False, indent=0) + "\n"


def main() -> None:
    from osce_cli.support.writer import write_output

    for name, text in (
        (LANGUAGES_FILE, languages_text()),
        (COUNTRY_NAMES_FILE, country_names_text()),
        (COUNTRY_NAME_INDEX, country_name_index_text()),
        (MONTH_NAMES_FILE, month_names_text()),
        (PLACE_NAMES_FILE, place_names_text()),
        (LOCALE_FORMATS_FILE, locale_formats_text()),
    ):
        path = vocabulary_dir() / name
        write_output(str(path), text.encode("utf-8"), display=str(path))


if __name__ == "__main__":  # python -m osce_cli.vocabulary.cldr
    main()
