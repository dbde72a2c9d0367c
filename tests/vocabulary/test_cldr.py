"""CLDR through Babel: the compiled files are Babel's data, and the names of
the States and Partners in other languages are CLDR's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale

from osce_cli.support.resources import vocabulary_dir
from osce_cli.vocabulary import cldr
from osce_cli.vocabulary.labels import Label, label_in
from osce_cli.vocabulary.terms import Term, load_vocabulary

REGENERATE = "run .venv/bin/python -m osce_cli.vocabulary.cldr"


def shipped(name: str) -> str:
    return (vocabulary_dir() / name).read_text(encoding="utf-8")


def test_the_compiled_language_data_is_babel_s() -> None:
    assert shipped(cldr.LANGUAGES_FILE) == cldr.languages_text(), f"stale: {REGENERATE}"


def test_the_compiled_country_names_are_babel_s_for_every_language() -> None:
    assert shipped(cldr.COUNTRY_NAMES_FILE) == cldr.country_names_text(), f"stale: {REGENERATE}"


def test_the_compiled_index_of_country_names_is_theirs_folded() -> None:
    assert shipped(cldr.COUNTRY_NAME_INDEX) == cldr.country_name_index_text(), (
        f"stale: {REGENERATE}"
    )


def test_every_cldr_language_is_covered_and_the_file_stays_small() -> None:
    import json

    data = json.loads(shipped(cldr.COUNTRY_NAMES_FILE))
    languages = [locale for locale in cldr.locales() if "_" not in locale]
    assert len(languages) > 300
    # A locale is left out only when CLDR names none of the countries in it.
    left_out = [locale for locale in cldr.locales() if locale not in data["names"]]
    for locale in left_out:
        territories = Locale.parse(locale).territories
        assert not any(code in territories for code in data["codes"]), locale
    assert {"ru", "de", "fr", "sr_Latn", "uz_Cyrl", "zh_Hant"} <= set(data["names"])
    assert (vocabulary_dir() / cldr.COUNTRY_NAMES_FILE).stat().st_size < 400_000


def states() -> list[Term]:
    return load_vocabulary().terms(["states"])


def test_there_are_57_states_each_with_an_iso_code() -> None:
    codes = [dict(term.codes)["alpha2"] for term in states()]
    assert len(codes) == len(set(codes)) == 57
    # Kosovo (XK to CLDR) is not a participating State, nor a Partner.
    assert "XK" not in cldr.country_codes()


@pytest.mark.parametrize("language", ["ru", "de", "fr"])
def test_the_57_states_are_named_in_russian_german_and_french_as_cldr_names_them(
    language: str,
) -> None:
    territories = Locale(language).territories
    partners = [term for term in load_vocabulary().terms(["partners"]) if term.codes]
    assert len(partners) == 12  # the 11 Partners and Mongolia, a former one
    for term in [*states(), *partners]:
        alpha2 = dict(term.codes)["alpha2"]
        assert label_in(term, language) == Label(territories[alpha2], "cldr"), term.id


def label(term_id: str, language: str) -> str:
    vocabulary = load_vocabulary()
    (term,) = [term for term in vocabulary.terms() if term.id == term_id]
    return label_in(term, language).text


@pytest.mark.parametrize(
    ("term_id", "language", "name"),
    [
        ("germany", "ru", "Германия"),
        ("germany", "de", "Deutschland"),
        ("germany", "fr", "Allemagne"),
        ("north-macedonia", "ru", "Северная Македония"),
        ("north-macedonia", "de", "Nordmazedonien"),
        ("north-macedonia", "fr", "Macédoine du Nord"),
        # CLDR names the territory, Vatican City; osce.org's State is the Holy See.
        ("holy-see", "ru", "Ватикан"),
        ("holy-see", "fr", "État de la Cité du Vatican"),
        ("turkiye", "de", "Türkei"),
        ("moldova", "de", "Republik Moldau"),
        ("japan", "ru", "Япония"),
        # A region falls back to its language; a script is kept apart from the
        # language's default one: Serbian is written in Cyrillic unless asked.
        ("germany", "ru-RU", "Германия"),
        ("germany", "sr", "Немачка"),
        ("germany", "sr-Cyrl", "Немачка"),
        ("germany", "sr-Latn", "Nemačka"),
        ("germany", "sr-Latn-RS", "Nemačka"),
        ("uzbekistan", "uz-Cyrl", "Ўзбекистон"),
        ("uzbekistan", "uz", "Oʻzbekiston"),
        # English is the vocabulary's own label, not CLDR's ('United States').
        ("united-states-of-america", "en", "United States of America"),
        ("united-states-of-america", "en-GB", "United States of America"),
    ],
)
def test_names_written_out(term_id: str, language: str, name: str) -> None:
    assert label(term_id, language) == name


def test_a_term_without_a_label_in_the_language_is_english_and_says_so() -> None:
    (term,) = [t for t in load_vocabulary().terms(["types"]) if t.id == "press-statement"]
    assert label_in(term, "ru") == Label("Press statement", "english")
    (term,) = [t for t in load_vocabulary().terms(["types"]) if t.id == "press-release"]
    assert label_in(term, "ru") == Label("Пресс-релиз", "vocabulary")
    assert label_in(term, "ru-RU") == Label("Пресс-релиз", "vocabulary")
    assert label_in(term, "de") == Label("Press release", "english")


def test_a_validate_run_never_imports_babel_even_for_a_russian_release(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(
        "---\ntitle: T\ndate: 2023-03-06\ntype: Пресс-релиз\nplace: Vienna\n"
        "sources: [OSCE Secretariat]\nfields: [Elections]\nstates: [Германия]\n"
        "language: ru\n---\nВЕНА, 6 марта 2023 года- Текст.\n",
        encoding="utf-8",
    )
    probe = (
        "import sys\n"
        "from osce_cli.__main__ import main\n"
        "code = main(['validate', '--no-cache', '--isolated', 'r.md'])\n"
        "print(code, 'babel' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.stdout.splitlines()[-1] == "0 False", run.stdout + run.stderr


def test_the_shipped_month_and_place_names_are_babels() -> None:
    assert shipped(cldr.MONTH_NAMES_FILE) == cldr.month_names_text(), f"stale: {REGENERATE}"
    assert shipped(cldr.PLACE_NAMES_FILE) == cldr.place_names_text(), f"stale: {REGENERATE}"


def test_russian_months_are_the_genitive_that_osce_org_prints() -> None:
    from babel import Locale

    from osce_cli.vocabulary.months import month_names, month_number

    genitive = month_names("ru")
    assert genitive == tuple(Locale("ru").months["format"]["wide"][m] for m in range(1, 13))
    # Seen in osce.org/ru datelines (schemas/vocabulary/datelines.yaml).
    assert genitive is not None and (genitive[2], genitive[5], genitive[6]) == (
        "марта",
        "июня",
        "июля",
    )
    assert month_number("Март", "ru") == month_number("мар.", "ru") == 3
    assert month_number("March", "ru") is None  # English is the dateline grammar's


def test_field_operation_seats_have_russian_names() -> None:
    from osce_cli.vocabulary.datelines import dateline_language

    russian = dateline_language("ru-RU")
    assert russian is not None
    names = {
        place: russian.place_name(place)
        for place in ("Vienna", "Bishkek", "Warsaw", "Pristina", "Skopje", "Tbilisi", "Chisinau")
    }
    assert names == {
        "Vienna": "Вена",
        "Bishkek": "Бишкек",
        "Warsaw": "Варшава",
        "Pristina": "Приштина",  # recorded in datelines.yaml: CLDR has no zone there
        "Skopje": "Скопье",
        "Tbilisi": "Тбилиси",
        "Chisinau": "Кишинев",
    }


def test_the_compiled_dates_and_directions_are_babel_s() -> None:
    assert shipped(cldr.LOCALE_FORMATS_FILE) == cldr.locale_formats_text(), f"stale: {REGENERATE}"


def test_a_page_writes_each_language_s_date_as_babel_does() -> None:
    import datetime as dt
    import json

    from babel.dates import format_date

    from osce_cli.format.local_dates import date_in

    dates = json.loads(shipped(cldr.LOCALE_FORMATS_FILE))["dates"]
    assert len(dates) > 380  # every CLDR language but those whose long date has an era
    days = [dt.date(2023, month, 6 + month) for month in range(1, 13)] + [dt.date(999, 1, 2)]
    for locale in dates:
        tag = locale.replace("_", "-")
        if tag.split("-")[0] == "en":
            continue  # English pages keep the releases' own "6 March 2023"
        for day in days:
            assert date_in(day, tag) == format_date(day, "long", locale=locale), (locale, day)
    assert date_in(dt.date(2023, 3, 6), "ru") == "6 марта 2023\u202fг."
    assert date_in(dt.date(2023, 3, 6), "ru-RU") == "6 марта 2023\u202fг."
    assert date_in(dt.date(2023, 3, 6), "en") == "6 March 2023"


def test_the_writing_direction_is_cldr_s_for_every_language() -> None:
    from osce_cli.format.local_dates import direction

    for locale in cldr.locales():
        # HTML knows no top-to-bottom direction: Mongolian script pages are ltr.
        expected = "rtl" if Locale.parse(locale).text_direction == "rtl" else "ltr"
        assert direction(locale.replace("_", "-")) == expected, locale
    assert [direction(tag) for tag in ("ar-EG", "he", "fa", "ru", "sr-Latn", "uz-Arab")] == [
        "rtl",
        "rtl",
        "rtl",
        "ltr",
        "ltr",
        "rtl",
    ]
