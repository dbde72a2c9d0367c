"""D rules: the dateline against the front matter, in the forms real releases use."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, diagnostics, found, messages, spans

DATELINE = "PRISTINA, 18 November 2007 – "


def with_body(
    first_line: str, *, place: str = "Pristina", date: str = "2007-11-18", language: str = "en"
) -> str:
    text = (
        VALID.replace("place: Pristina", f"place: {place}")
        .replace("date: 2007-11-18", f"date: {date}")
        .replace("language: en", f"language: {language}")
    )
    return text.replace(DATELINE + "The elections", first_line + "The elections")


def d_codes(text: str) -> list[tuple[int, int, str]]:
    """Dateline findings that say the dateline is wrong (not merely in an older style)."""
    return [item for item in found(text) if item[2].startswith("D") and item[2] != "D105"]


@pytest.mark.parametrize(
    ("dateline", "place", "date"),
    [
        ("PRISTINA, 18 November 2007 – ", "Pristina", "2007-11-18"),
        ("VIENNA, 5 October 2020 – ", "Vienna", "2020-10-05"),
        ("SKOPJE, 30 May 2008-", "Skopje", "2008-05-30"),
        ("OSLO, 24 June 1999--", "Oslo", "1999-06-24"),
        ("VIENNA, 5 December 1995 - ", "Vienna", "1995-12-05"),
        ("PODGORICA, 8 September 2023 — ", "Podgorica", "2023-09-08"),
        (
            "BRATISLAVA/COPENHAGEN/VIENNA, 5 December 2019 – ",
            "[Bratislava, Copenhagen, Vienna]",
            "2019-12-05",
        ),
        ("VIENNA / SARAJEVO, 9 October 2020 – ", "[Sarajevo, Vienna]", "2020-10-09"),
        ("PRISHTINË/PRIŠTINA, 13 April 2012 – ", "Pristina", "2012-04-13"),
        ("Prishtinë/Priština, 13 April 2012 – ", "Pristina", "2012-04-13"),
        ("PRISHTINE/PRISTINA, 13 April 2009 – ", "Pristina", "2009-04-13"),
        ("MITROVICË/MITROVICA, 2 March 2014 – ", "Mitrovica", "2014-03-02"),
        ("OSH, Kyrgyzstan, 14 March 2006- ", "Osh", "2006-03-14"),
        ("VIENNA, 28 September 2001 (OSCE)--", "Vienna", "2001-09-28"),
        ("WARSAW/VIENNA, 30 June – ", "[Warsaw, Vienna]", "2015-06-30"),
        ("SARAJEVO – ", "Sarajevo", "2015-06-30"),
        ("ZAGREB, 17 October, 2000--", "Zagreb", "2000-10-17"),
        ("YERAVAN, 3 March 2006- ", "Yerevan", "2006-03-03"),
        ("KIEV, 3 March 2006- ", "Kyiv", "2006-03-03"),
        ("THE HAGUE, 3 May 2004 – ", "The Hague", "2004-05-03"),
        ("WASHINGTON D.C., 3 May 2004 – ", "Washington", "2004-05-03"),
        (
            "TIRANA / BRUSSELS / GENEVA – 6 October 2020. ",
            "[Tirana, Brussels, Geneva]",
            "2020-10-06",
        ),
        ("12 June 2025, Sarajevo – ", "Sarajevo", "2025-06-12"),
        ("VIENNA, 9 Apr 2012 – ", "Vienna", "2012-04-09"),
        (
            "PLEASE FIND BELOW THE CORRECT VERSION OF THE PRESS RELEASE. WARSAW, 6 July 2015 – ",
            "Warsaw",
            "2015-07-06",
        ),
        ("**VIENNA, 5 October 2020** – ", "Vienna", "2020-10-05"),
        ("VIENNA, October 5, 2020 – ", "Vienna", "2020-10-05"),
        ("WASHINGTON, Sept. 3 2004 – ", "Washington", "2004-09-03"),
        # Forms of the real osce.org releases in the corpus of issue 14.
        (
            "STRASBOURG, VIENNA, WARSAW, 21 March 2011 – ",
            "[Strasbourg, Vienna, Warsaw]",
            "2011-03-21",
        ),
        (
            "TBILISI, 26 October 2013 (Georgian and Spanish versions below.) – ",
            "Tbilisi",
            "2013-10-26",
        ),
        ("19 July 2022- ", "Vienna", "2022-07-19"),
        ("PEJE/PEC, 19 September 2006-", "Peje/Pec", "2006-09-19"),
        ("PRISHTINE/PRISTINA, 21 April 2008-", "Prishtine/Pristina", "2008-04-21"),
        (
            "KHARKOV/STANYTSIA LUHANSKA, Ukraine, 29 November 2019 – ",
            "[Kharkiv, Stanytsia Luhanska]",
            "2019-11-29",
        ),
        ("GORAŽDE/ FOČA, 7 August 2025 – ", "[Goražde, Foča]", "2025-08-07"),
        ("WASHINGTON, D.C., 3 May 2004 – ", "Washington", "2004-05-03"),
    ],
)
def test_real_dateline_forms_are_accepted(dateline: str, place: str, date: str) -> None:
    assert d_codes(with_body(dateline, place=place, date=date)) == []


def test_old_page_header_line_above_the_dateline() -> None:
    text = with_body(
        "VIENNA 5 December 1995\n\nVIENNA, 5 December 1995 - ", place="Vienna", date="1995-12-05"
    )
    assert d_codes(text) == []


def test_old_page_header_line_in_mixed_case() -> None:
    text = with_body(
        "Vienna 18 December 1995\n\nVIENNA, 18 December 1995 - ", place="Vienna", date="1995-12-18"
    )
    assert d_codes(text) == []


def test_places_after_commas_are_compared_with_the_front_matter() -> None:
    dateline = "STRASBOURG, VIENNA, WARSAW, 21 March 2011 – "
    text = with_body(dateline, place="[Vienna, Warsaw]", date="2011-03-21")
    assert messages(text, "D102") == [
        "dateline names 'STRASBOURG', which is not in the front matter place "
        "(expected 'VIENNA/WARSAW')"
    ]
    text = with_body(dateline, place="[Strasbourg, Vienna, Warsaw, Geneva]", date="2011-03-21")
    assert messages(text, "D102") == [
        "dateline does not name 'Geneva' from the front matter place "
        "(expected 'STRASBOURG/VIENNA/WARSAW/GENEVA')"
    ]


def test_a_date_alone_is_a_dateline_whose_date_is_checked() -> None:
    assert d_codes(with_body("19 July 2022- ", place="Vienna", date="2022-07-19")) == []
    text = with_body("19 July 2021- ", place="Vienna", date="2022-07-19")
    assert messages(text, "D103") == [
        "dateline date '19 July 2021' does not match the front matter date 2022-07-19 "
        "(expected '19 July 2022')"
    ]
    # A number and a word that is not a month are not a date.
    assert d_codes(with_body("10 observers - ", place="Vienna", date="2022-07-19")) == [
        (15, 1, "D101")
    ]


def test_house_style_keeps_a_note_after_the_date() -> None:
    dateline = "TBILISI, 26 October 2013 (Georgian and Spanish versions below.) - "
    text = with_body(dateline, place="Tbilisi", date="2013-10-26")
    (diagnostic,) = diagnostics(text)
    assert diagnostic.message == (
        "dateline differs from house style: a spaced en dash ' – ' (house style: "
        "'TBILISI, 26 October 2013 (Georgian and Spanish versions below.) –')"
    )
    assert diagnostic.fix is not None
    (edit,) = diagnostic.fix.edits
    fixed = text[: edit.start] + edit.replacement + text[edit.end :]
    assert fixed == with_body(dateline.replace(" - ", " – "), place="Tbilisi", date="2013-10-26")


def test_missing_dateline() -> None:
    text = with_body("")
    assert spans(text, "D101") == [(15, 1, 15, 41)]
    assert messages(text, "D101") == [
        "the body does not open with a dateline such as 'VIENNA, 5 October 2020 – '"
    ]


def test_missing_dateline_with_a_heading_first() -> None:
    text = with_body("# Kosovo elections\n\n" + DATELINE)
    assert d_codes(text) == [(15, 1, "D101")]
    assert messages(text, "D101")[0].endswith("(found a heading)")


def test_place_mismatch_at_the_datelines_place() -> None:
    text = with_body("TIRANA, 18 November 2007 – ")
    assert spans(text, "D102") == [(15, 1, 15, 7)]
    assert messages(text, "D102") == [
        "dateline place 'TIRANA' does not match the front matter place 'Pristina' "
        "(expected 'PRISTINA')"
    ]


def test_joint_dateline_missing_a_place() -> None:
    text = with_body("VIENNA, 18 November 2007 – ", place="[Vienna, Warsaw]")
    assert d_codes(text) == [(15, 1, "D102")]
    assert messages(text, "D102") == [
        "dateline does not name 'Warsaw' from the front matter place (expected 'VIENNA/WARSAW')"
    ]


def test_joint_dateline_with_an_extra_place() -> None:
    text = with_body("VIENNA/TIRANA, 18 November 2007 – ", place="Vienna")
    assert spans(text, "D102") == [(15, 1, 15, 14)]
    assert messages(text, "D102") == [
        "dateline names 'TIRANA', which is not in the front matter place (expected 'VIENNA')"
    ]


def test_date_mismatch_at_the_datelines_date() -> None:
    text = with_body("PRISTINA, 18 November 2006 – ")
    assert spans(text, "D103") == [(15, 11, 15, 27)]
    assert messages(text, "D103") == [
        "dateline date '18 November 2006' does not match the front matter date 2007-11-18 "
        "(expected '18 November 2007')"
    ]


def test_date_without_year_compares_day_and_month() -> None:
    assert d_codes(with_body("PRISTINA, 19 November – ")) == [(15, 11, "D103")]


def d103(dateline: str, date: str) -> list[tuple[str, str]]:
    return [
        (d.severity.label, d.message)
        for d in diagnostics(with_body(dateline, date=date))
        if d.code == "D103"
    ]


def test_a_dateline_within_a_week_of_the_date_is_a_warning() -> None:
    # Published two days before the day its dateline names, under embargo.
    assert d103("PRISTINA, 1 January 2012 – ", "2011-12-30") == [
        (
            "warning",
            "dateline date '1 January 2012' does not match the front matter date 2011-12-30 "
            "(expected '30 December 2011'): 2 days apart, as for a release published under "
            "embargo or late",
        )
    ]
    # Without a year, the nearest year counts: across New Year too.
    assert [level for level, _ in d103("PRISTINA, 1 January – ", "2011-12-30")] == ["warning"]
    assert [level for level, _ in d103("PRISTINA, 25 November 2007 – ", "2007-11-18")] == [
        "warning"
    ]
    assert d103("PRISTINA, 19 November 2007 – ", "2007-11-18")[0][1].endswith(
        ": 1 day apart, as for a release published under embargo or late"
    )


def test_a_dateline_further_from_the_date_is_an_error() -> None:
    assert d103("PRISTINA, 26 November 2007 – ", "2007-11-18") == [
        (
            "error",
            "dateline date '26 November 2007' does not match the front matter date 2007-11-18 "
            "(expected '18 November 2007')",
        )
    ]
    # A year typed wrong is a real contradiction, whatever the day.
    assert [level for level, _ in d103("PRISTINA, 13 January 2020 – ", "2021-01-13")] == ["error"]


def test_invalid_dateline_month() -> None:
    text = with_body("PRISTINA, 18 Novembre 2007 – ")
    assert spans(text, "D104") == [(15, 11, 15, 27)]
    assert messages(text, "D104") == [
        "'Novembre' in the dateline is not a month (did you mean 'November'?)"
    ]


def test_impossible_dateline_day() -> None:
    text = with_body("PRISTINA, 31 November 2007 – ")
    assert d_codes(text) == [(15, 11, "D104")]
    assert messages(text, "D104") == [
        "dateline date '31 November 2007' does not exist: November has 30 days"
    ]


def test_dateline_style_is_information_with_a_fix() -> None:
    text = with_body("Pristina, 18 Nov 2012 - ", date="2012-11-18")
    (diagnostic,) = diagnostics(text)
    assert (diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.end_column) == (
        "D105",
        15,
        1,
        25,
    )
    assert diagnostic.severity.label == "info"
    assert diagnostic.message == (
        "dateline differs from house style: places in capitals, a spaced en dash ' – ', "
        "the date as '18 November 2012' (house style: 'PRISTINA, 18 November 2012 –')"
    )
    assert diagnostic.fix is not None
    (edit,) = diagnostic.fix.edits
    fixed = text[: edit.start] + edit.replacement + text[edit.end :]
    assert fixed == with_body("PRISTINA, 18 November 2012 – ", date="2012-11-18")


@pytest.mark.parametrize(
    ("dateline", "date"),
    [
        ("VIENNA / SARAJEVO, 9 October 2020 - ", "2020-10-09"),
        ("VIENNA/SARAJEVO, 09 October 2020 – ", "2020-10-09"),
        ("VIENNA/SARAJEVO, 9 October 2020 (OSCE) – ", "2020-10-09"),
    ],
)
def test_dateline_style_differences(dateline: str, date: str) -> None:
    text = with_body(dateline, place="[Vienna, Sarajevo]", date=date)
    assert [d.code for d in diagnostics(text)] == ["D105"]


def test_older_releases_keep_the_style_of_their_time() -> None:
    text = with_body("Pristina, 18 Nov 2007 - ")
    assert diagnostics(text) == []


def test_house_style_dateline_has_no_style_finding() -> None:
    assert d_codes(VALID) == []


def test_a_release_in_a_language_without_dateline_data_is_not_checked() -> None:
    text = with_body("WIEN, 5. Oktober 2020 – ", place="Vienna", date="2020-10-05", language="de")
    assert d_codes(text) == [(15, 1, "D100")]
    assert messages(text, "D100") == [
        "dateline checks skipped for releases in 'de' (osce has no dateline data for that language)"
    ]


def test_invalid_language_tag_still_checks_the_dateline() -> None:
    text = with_body("TIRANA, 18 November 2007 – ", language="english")
    assert [code for *_, code in d_codes(text)] == ["D102"]


def test_month_names_and_lengths_match_the_calendar_module() -> None:
    import calendar

    from osce_cli.format.dates import MONTH_NAMES, days_in_month

    assert list(MONTH_NAMES) == list(calendar.month_name)
    for year in (1, 1900, 1996, 2000, 2007, 2024, 2100):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]
