"""V rules: vocabulary values, their spelling, and when they applied."""

from __future__ import annotations

import pytest

from osce_cli.config import Config
from osce_cli.report.diagnostics import Severity
from tests.conftest import VALID, diagnostics, found, messages, spans


def release(
    *,
    date: str = "2007-11-18",
    sources: list[str] | None = None,
    states: list[str] | None = None,
    type_: str = "Press release",
    fields: list[str] | None = None,
) -> str:
    """VALID with other vocabulary values; the dateline follows the date."""
    import datetime as dt

    day = dt.date.fromisoformat(date)
    lines = [
        "---",
        "title: OSCE Chairman says Kosovo elections help promote democracy",
        f"date: {date}",
        f"type: {type_}",
        "place: Pristina",
        "sources:",
    ]
    lines += [f"  - {s}" for s in sources or ["OSCE Chairpersonship"]]
    lines += ["fields:"] + [f"  - {f}" for f in fields or ["Elections"]]
    lines += ["states:"] + [f"  - {s}" for s in states or ["Serbia"]]
    lines += ["---", f"PRISTINA, {day.day} {day:%B} {day.year} – The elections were calm.", ""]
    return "\n".join(lines)


def test_release_helper_is_valid() -> None:
    assert found(release()) == []


def test_unknown_term_with_suggestion() -> None:
    text = VALID.replace("  - Serbia", "  - Serbbia")
    assert spans(text, "V101") == [(12, 5, 12, 12)]
    assert messages(text, "V101") == [
        "'Serbbia' is not a known participating State or Partner for Co-operation "
        "(did you mean 'Serbia'?)"
    ]
    (diagnostic,) = diagnostics(text)
    assert diagnostic.suggestions == ("Serbia",)
    assert diagnostic.fix is not None and not diagnostic.fix.safe
    assert not diagnostic.fixable


def test_unknown_term_names_the_key_it_belongs_to() -> None:
    text = release(sources=["Elections"])
    assert found(text) == [(7, 5, "V101")]
    assert messages(text, "V101") == [
        "'Elections' is a field of work (fields), not an OSCE structure, institution or field "
        "operation"
    ]


def test_unknown_term_without_suggestion() -> None:
    text = release(fields=["Quantum gastronomy"])
    assert messages(text, "V101") == ["'Quantum gastronomy' is not a known field of work"]


def test_misspelt_field_operation() -> None:
    text = release(sources=["OSCE Misson in Kosovo"])
    (diagnostic,) = diagnostics(text)
    assert (diagnostic.code, diagnostic.suggestions[0]) == ("V101", "OSCE Mission in Kosovo")


@pytest.mark.parametrize(
    ("written", "preferred", "message"),
    [
        (
            "ODIHR",
            "OSCE Office for Democratic Institutions and Human Rights",
            "'ODIHR' stands for 'OSCE Office for Democratic Institutions and Human Rights': "
            "write the preferred label",
        ),
        (
            "osce mission in kosovo",
            "OSCE Mission in Kosovo",
            "'osce mission in kosovo' is written 'OSCE Mission in Kosovo' in the vocabulary",
        ),
        (
            "OSCE Mission to Kosovo",
            "OSCE Mission in Kosovo",
            "'OSCE Mission to Kosovo' stands for 'OSCE Mission in Kosovo': "
            "write the preferred label",
        ),
    ],
)
def test_non_preferred_source(written: str, preferred: str, message: str) -> None:
    text = release(sources=[written])
    assert spans(text, "V102") == [(7, 5, 7, 5 + len(written))]
    assert messages(text, "V102") == [message]
    (diagnostic,) = diagnostics(text)
    assert diagnostic.fixable and diagnostic.fix is not None
    (edit,) = diagnostic.fix.edits
    assert text[: edit.start] + edit.replacement + text[edit.end :] == release(sources=[preferred])


@pytest.mark.parametrize(
    ("written", "preferred"),
    [
        ("RS", "Serbia"),
        ("SRB", "Serbia"),
        ("Turkiye", "Türkiye"),
        ("serbia", "Serbia"),
        ("united-states-of-america", "United States of America"),
    ],
)
def test_codes_ids_and_accents_are_non_preferred(written: str, preferred: str) -> None:
    text = release(date="2023-05-04", states=[written])
    assert [(d.code, d.suggestions) for d in diagnostics(text)] == [("V102", (preferred,))]


def test_wrong_case_of_a_former_name_keeps_the_former_name_in_its_time() -> None:
    text = release(date="2007-11-18", states=["turkey"])
    assert [(d.code, d.suggestions) for d in diagnostics(text)] == [("V102", ("Turkey",))]


def test_quoted_value_keeps_its_quotes_when_fixed() -> None:
    text = release(sources=["'ODIHR'"])
    (diagnostic,) = diagnostics(text)
    assert diagnostic.fix is not None
    (edit,) = diagnostic.fix.edits
    assert edit.replacement == "'OSCE Office for Democratic Institutions and Human Rights'"


@pytest.mark.parametrize(
    ("date", "source", "message"),
    [
        (
            "2003-05-06",
            "OSCE Mission to Montenegro",
            "'OSCE Mission to Montenegro' did not exist on 2003-05-06: "
            "it was established on 2006-06-29",
        ),
        (
            "2015-03-02",
            "OSCE Mission to Georgia",
            "'OSCE Mission to Georgia' had closed by 2015-03-02: "
            "it existed from 1992-01-01 to 2009-12-31",
        ),
        (
            "2015-03-02",
            "OSCE Mission to Georgia (closed)",
            "'OSCE Mission to Georgia (closed)' had closed by 2015-03-02: "
            "it existed from 1992-01-01 to 2009-12-31",
        ),
        (
            "1996-03-02",
            "OSCE Representative on Freedom of the Media",
            "'OSCE Representative on Freedom of the Media' did not exist on 1996-03-02: "
            "it was established on 1997-11-05",
        ),
    ],
)
def test_anachronistic_source(date: str, source: str, message: str) -> None:
    # A closed operation keeps its "(closed)" label, and still cannot issue releases.
    text = release(date=date, sources=[source])
    assert spans(text, "V103") == [(7, 5, 7, 5 + len(source))]
    assert messages(text, "V103") == [message]


@pytest.mark.parametrize(
    ("date", "source"),
    [
        ("2007-11-18", "OSCE Mission to Montenegro"),
        ("2005-04-01", "OSCE Mission to Georgia"),
        ("2005-04-01", "OSCE Mission to Georgia (closed)"),
        # Today's label on an old release: osce.org tags its archive this way.
        ("2005-04-01", "OSCE Programme Office in Bishkek"),
        ("2000-01-05", "OSCE Project Co-ordinator in Uzbekistan"),
        # A former name in its time.
        ("2005-04-01", "OSCE Centre in Bishkek"),
        ("2010-06-01", "OSCE Chairmanship"),
    ],
)
def test_sources_valid_on_their_date(date: str, source: str) -> None:
    assert found(release(date=date, sources=[source])) == []


def test_anachronistic_state_is_a_warning() -> None:
    text = release(date="2001-03-01", states=["Mongolia"])
    assert [(d.line, d.column, d.code, d.severity.label) for d in diagnostics(text)] == [
        (11, 5, "V104", "warning")
    ]
    assert messages(text, "V104") == [
        "'Mongolia' was not a participating State or Partner on 2001-03-01 "
        "(participating State from 2012-11-21; "
        "Partner for Co-operation from 2004-01-01 to 2012-11-20)"
    ]


@pytest.mark.parametrize("date", ["2010-03-01", "2013-03-01"])
def test_mongolia_as_partner_then_participating_state(date: str) -> None:
    assert found(release(date=date, states=["Mongolia"])) == []


def test_outdated_state_name() -> None:
    text = release(date="2024-04-02", states=["Turkey"])
    assert spans(text, "V105") == [(11, 5, 11, 11)]
    assert messages(text, "V105") == [
        "'Turkey' was renamed 'Türkiye' (the old name was used until 2022-05-31)"
    ]
    (diagnostic,) = diagnostics(text)
    assert diagnostic.severity.label == "warning" and diagnostic.fixable


def test_outdated_source_name() -> None:
    text = release(date="2024-04-02", sources=["OSCE Chairmanship"])
    assert [(d.line, d.column, d.code) for d in diagnostics(text)] == [(7, 5, "V105")]
    assert diagnostics(text)[0].suggestions == ("OSCE Chairpersonship",)


@pytest.mark.parametrize(
    ("date", "state"),
    [
        ("2007-04-02", "Turkey"),
        ("2024-04-02", "Türkiye"),
        ("2007-04-02", "Türkiye"),
        ("2015-06-01", "North Macedonia"),
        ("2015-06-01", "the former Yugoslav Republic of Macedonia"),
    ],
)
def test_state_names_accepted_on_their_dates(date: str, state: str) -> None:
    assert found(release(date=date, states=[state])) == []


def test_unknown_content_type() -> None:
    text = release(type_="Press releases")
    assert found(text) == [(4, 7, "V101")]
    assert diagnostics(text)[0].suggestions[0] == "Press release"


# --------------------------------------------------------------------------- lineages


@pytest.mark.parametrize(
    ("date", "source"),
    [
        # osce.org tags the Office in Baku's releases with the lineage's last name.
        ("2008-05-30", "OSCE Project Co-ordinator in Baku (closed)"),
        ("2008-05-30", "OSCE Project Co-ordinator in Baku"),
        ("2008-05-30", "OSCE Office in Baku"),
        ("2008-05-30", "OSCE Office in Baku (closed)"),
        ("2014-06-01", "OSCE Project Co-ordinator in Baku (closed)"),
        ("1997-03-01", "OSCE Project Co-ordinator in Ukraine (closed)"),
        ("1997-03-01", "OSCE Mission to Ukraine"),
        ("2000-05-01", "OSCE Office in Minsk (closed)"),
        ("2000-05-01", "OSCE Advisory and Monitoring Group in Belarus"),
        ("2003-04-16", "OSCE Mission to Croatia (closed)"),
        ("2003-04-16", "OSCE Office in Zagreb (closed)"),
        ("2010-05-01", "OSCE Office in Zagreb (closed)"),
        ("2003-04-16", "OSCE Mission to Croatia / OSCE Office in Zagreb (closed)"),
        ("1998-12-01", "OSCE Kosovo Verification Mission"),
        ("1998-12-01", "OSCE Kosovo Verification Mission / OSCE Task Force for Kosovo (closed)"),
        ("1998-12-01", "OSCE Task Force for Kosovo (closed)"),
    ],
)
def test_a_lineage_lives_from_its_first_opening_to_its_final_closing(
    date: str, source: str
) -> None:
    assert found(release(date=date, sources=[source], states=["Austria"])) == []


def test_the_id_of_a_term_merged_into_its_lineage_still_resolves() -> None:
    text = release(date="2008-05-30", sources=["office-in-baku"], states=["Azerbaijan"])
    assert messages(text, "V102") == [
        "'office-in-baku' stands for 'OSCE Project Co-ordinator in Baku': write the preferred label"
    ]


def test_a_former_name_of_a_lineage_after_the_rename() -> None:
    text = release(date="2014-06-01", sources=["OSCE Office in Baku (closed)"], states=["Austria"])
    assert [(d.code, d.message, d.suggestions) for d in diagnostics(text)] == [
        (
            "V105",
            "'OSCE Office in Baku (closed)' was renamed 'OSCE Project Co-ordinator in Baku' "
            "(the old name was used until 2013-12-31)",
            ("OSCE Project Co-ordinator in Baku",),
        )
    ]


@pytest.mark.parametrize(
    "source", ["OSCE Project Co-ordinator in Baku (closed)", "OSCE Office in Baku"]
)
def test_a_lineage_after_its_final_closing_is_an_error(source: str) -> None:
    # The former name is not also reported as renamed: the whole lineage had closed.
    text = release(date="2016-03-01", sources=[source], states=["Austria"])
    assert [(d.code, d.severity.label, d.message) for d in diagnostics(text)] == [
        (
            "V103",
            "error",
            f"'{source}' had closed by 2016-03-01: it existed from 1999-11-16 to 2015-07-04",
        )
    ]


# --------------------------------------------------------------------------- grace window


@pytest.mark.parametrize(
    ("date", "source", "message"),
    [
        (
            "1999-06-11",
            "OSCE Mission in Kosovo",
            "'OSCE Mission in Kosovo' did not exist yet on 1999-06-11: "
            "it was established on 1999-07-01, 20 days later",
        ),
        (
            "2015-07-05",
            "OSCE Project Co-ordinator in Baku (closed)",
            "'OSCE Project Co-ordinator in Baku (closed)' had closed by 2015-07-05: "
            "it closed on 2015-07-04, 1 day earlier",
        ),
        (
            "2006-03-31",
            "OSCE Mission to Montenegro",
            "'OSCE Mission to Montenegro' did not exist yet on 2006-03-31: "
            "it was established on 2006-06-29, 90 days later",
        ),
    ],
)
def test_near_an_opening_or_a_closing_a_source_is_a_warning(
    date: str, source: str, message: str
) -> None:
    text = release(date=date, sources=[source], states=["Austria"])
    assert [(d.code, d.severity.label, d.message) for d in diagnostics(text)] == [
        ("V103", "warning", message)
    ]


def test_one_day_outside_the_window_is_an_error() -> None:
    text = release(date="2006-03-30", sources=["OSCE Mission to Montenegro"], states=["Austria"])
    assert [(d.code, d.severity.label, d.message) for d in diagnostics(text)] == [
        (
            "V103",
            "error",
            "'OSCE Mission to Montenegro' did not exist on 2006-03-30: "
            "it was established on 2006-06-29",
        )
    ]


@pytest.mark.parametrize(
    ("config", "severity", "message"),
    [
        (
            Config(source_grace_days=10),
            "error",
            "'OSCE Mission in Kosovo' did not exist on 1999-06-11: "
            "it was established on 1999-07-01",
        ),
        (
            Config(source_grace_days=20),
            "warning",
            "'OSCE Mission in Kosovo' did not exist yet on 1999-06-11: "
            "it was established on 1999-07-01, 20 days later",
        ),
        # A severity configured for V103 holds for every V103, near or far.
        (
            Config(severity=(("V103", Severity.ERROR),)),
            "error",
            "'OSCE Mission in Kosovo' did not exist yet on 1999-06-11: "
            "it was established on 1999-07-01, 20 days later",
        ),
        (
            Config(severity=(("V103", Severity.INFO),), source_grace_days=0),
            "info",
            "'OSCE Mission in Kosovo' did not exist on 1999-06-11: "
            "it was established on 1999-07-01",
        ),
    ],
)
def test_the_window_and_the_severity_follow_the_configuration(
    config: Config, severity: str, message: str
) -> None:
    text = release(date="1999-06-11", sources=["OSCE Mission in Kosovo"], states=["Austria"])
    assert [(d.code, d.severity.label, d.message) for d in diagnostics(text, config=config)] == [
        ("V103", severity, message)
    ]


# --------------------------------------------------------------------------- V102 wording


@pytest.mark.parametrize(
    ("date", "written", "message"),
    [
        # An alias in the data, but it differs from the label only in its accents.
        ("2023-05-04", "Turkiye", "'Turkiye' is written 'Türkiye' in the vocabulary"),
        ("2023-05-04", "turkiye", "'turkiye' is written 'Türkiye' in the vocabulary"),
        ("2023-05-04", "TR", "'TR' stands for 'Türkiye': write the preferred label"),
        ("2023-05-04", "tur", "'tur' stands for 'Türkiye': write the preferred label"),
        # A former name in the wrong case after the rename.
        ("2024-04-02", "turkey", "'turkey' is the former name 'Turkey': write 'Türkiye'"),
    ],
)
def test_non_preferred_state_says_how_it_differs(date: str, written: str, message: str) -> None:
    assert messages(release(date=date, states=[written]), "V102") == [message]


def test_an_alias_in_the_wrong_case_is_still_an_alias() -> None:
    text = release(sources=["omik"])
    assert messages(text, "V102") == [
        "'omik' stands for 'OSCE Mission in Kosovo': write the preferred label"
    ]


# --------------------------------------------------------------------------- suggestions


@pytest.mark.parametrize(
    ("key", "written", "message", "suggestions"),
    [
        (
            "fields",
            "media freedom",
            "'media freedom' is not a known field of work "
            "(did you mean 'Media freedom and development'?)",
            ("Media freedom and development",),
        ),
        # Word prefixes, and a misspelt word.
        (
            "fields",
            "media fredom",
            "'media fredom' is not a known field of work "
            "(did you mean 'Media freedom and development'?)",
            ("Media freedom and development",),
        ),
        (
            "fields",
            "democ",
            "'democ' is not a known field of work (did you mean 'Democratization'?)",
            ("Democratization",),
        ),
        # The label that the word makes up most of comes first.
        (
            "fields",
            "human",
            "'human' is not a known field of work "
            "(did you mean 'Human rights', 'Combating trafficking in human beings'?)",
            ("Human rights", "Combating trafficking in human beings"),
        ),
        (
            "sources",
            "Minsk",
            "'Minsk' is not a known OSCE structure, institution or field operation "
            "(did you mean 'Minsk Group', 'OSCE Office in Minsk'?)",
            ("Minsk Group", "OSCE Office in Minsk"),
        ),
        # Words that begin half the names point to none.
        ("sources", "in", "'in' is not a known OSCE structure, institution or field operation", ()),
    ],
)
def test_unknown_value_gets_the_labels_it_is_part_of(
    key: str, written: str, message: str, suggestions: tuple[str, ...]
) -> None:
    text = release(**{key: [written]})  # type: ignore[arg-type]
    (diagnostic,) = diagnostics(text)
    assert (diagnostic.code, diagnostic.message, diagnostic.suggestions) == (
        "V101",
        message,
        suggestions,
    )


@pytest.mark.parametrize(
    ("key", "written", "message"),
    [
        (
            "states",
            "Kosovo",
            "'Kosovo' is not a known participating State or Partner for Co-operation; "
            "it is part of 'OSCE Mission in Kosovo', an OSCE field operation (sources)",
        ),
        (
            "fields",
            "Kosovo",
            "'Kosovo' is not a known field of work; "
            "it is part of 'OSCE Mission in Kosovo', an OSCE field operation (sources)",
        ),
        (
            "sources",
            "Serbia",
            "'Serbia' is a participating State or Partner for Co-operation (states), "
            "not an OSCE structure, institution or field operation",
        ),
        (
            "states",
            "Elections",
            "'Elections' is a field of work (fields), "
            "not a participating State or Partner for Co-operation",
        ),
    ],
)
def test_unknown_value_says_where_it_lives(key: str, written: str, message: str) -> None:
    text = release(**{key: [written]})  # type: ignore[arg-type]
    (diagnostic,) = diagnostics(text)
    assert (diagnostic.code, diagnostic.message, diagnostic.suggestions) == ("V101", message, ())


@pytest.mark.parametrize(
    ("date", "key", "value"),
    [
        # Tags of real osce.org releases (the corpus of the project's issue 14).
        ("2001-10-12", "sources", "Partnerships"),
        ("2011-03-24", "sources", "Minsk Group"),
        ("2022-07-22", "states", "Asian Partners for Co-operation"),
        # osce.org writes these itself: kept as written.
        ("2019-04-10", "states", "Russia"),
        ("2002-05-06", "fields", "Combating human trafficking"),
    ],
)
def test_tags_osce_org_uses_are_accepted_as_written(date: str, key: str, value: str) -> None:
    assert found(release(date=date, **{key: [value]})) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("key", "written", "preferred", "message"),
    [
        # Labels in another language the vocabulary files give (their `labels`).
        (
            "type_",
            "Пресс-релиз",
            "Press release",
            "'Пресс-релиз' is 'Press release' in Russian: "
            "front matter values are written in English, whatever the release's language",
        ),
        (
            "sources",
            "Офис программ ОБСЕ в Душанбе",
            "OSCE Programme Office in Dushanbe",
            "'Офис программ ОБСЕ в Душанбе' is 'OSCE Programme Office in Dushanbe' in Russian: "
            "front matter values are written in English, whatever the release's language",
        ),
        (
            "fields",
            "Свобода и развитие СМИ",
            "Media freedom and development",
            "'Свобода и развитие СМИ' is 'Media freedom and development' in Russian: "
            "front matter values are written in English, whatever the release's language",
        ),
        # A State as CLDR names it in any language: the release's language is
        # named when the name is one of its own ('Германия' is Bulgarian too).
        (
            "states",
            "Германия",
            "Germany",
            "'Германия' is 'Germany' in Russian: "
            "front matter values are written in English, whatever the release's language",
        ),
        (
            "states",
            "Tchéquie",
            "Czechia",
            "'Tchéquie' is 'Czechia' in French: "
            "front matter values are written in English, whatever the release's language",
        ),
        # CLDR's English name is another English name.
        (
            "states",
            "Bosnia & Herzegovina",
            "Bosnia and Herzegovina",
            "'Bosnia & Herzegovina' stands for 'Bosnia and Herzegovina': write the preferred label",
        ),
    ],
)
def test_a_label_in_another_language_is_a_warning_fixed_to_the_english_label(
    key: str, written: str, preferred: str, message: str
) -> None:
    text = release(date="2023-03-06", **{key: written if key == "type_" else [written]})
    text = text.replace("---\nPRISTINA", "language: ru\n---\nPRISTINA")
    (diagnostic,) = diagnostics(text, ignore=("D",))
    assert (diagnostic.code, diagnostic.severity, diagnostic.message) == (
        "V102",
        Severity.WARNING,
        message,
    )
    assert diagnostic.suggestions == (preferred,)
    assert diagnostic.fixable and diagnostic.fix is not None
    (edit,) = diagnostic.fix.edits
    assert text[: edit.start] + edit.replacement + text[edit.end :] == text.replace(
        written, preferred
    )


def test_a_cldr_name_only_a_few_languages_share_is_said_to_be_in_another_language() -> None:
    text = release(date="2023-03-06", states=["Albanien"])
    assert messages(text, "V102") == [
        "'Albanien' is 'Albania' in another language: "
        "front matter values are written in English, whatever the release's language"
    ]


def test_a_name_that_is_no_country_in_any_language_is_still_unknown() -> None:
    text = release(date="2023-03-06", states=["Атлантида"])
    assert [d.code for d in diagnostics(text)] == ["V101"]
