"""B rules: an empty body, scaffold placeholders, renamed countries in the text."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, diagnostics, found, messages, spans

BODY = "PRISTINA, 18 November 2007 – The elections held in Kosovo today were calm and orderly."


def with_text(body: str, *, date: str | None = None, title: str | None = None) -> str:
    text = VALID.split("---\nPRISTINA", 1)[0] + "---\n" + body
    if date:
        import datetime as dt

        day = dt.date.fromisoformat(date)
        text = text.replace("date: 2007-11-18", f"date: {date}").replace(
            "18 November 2007", f"{day.day} {day:%B} {day.year}"
        )
    if title:
        text = text.replace(
            "title: OSCE Chairman says Kosovo elections help promote democracy", f"title: {title}"
        )
    return text


def test_empty_body_is_reported_at_the_closing_delimiter() -> None:
    text = with_text("")
    assert spans(text, "B101") == [(14, 1, 14, 4)]
    assert found(with_text("\n\n   \n")) == [(14, 1, "B101")]


def test_placeholder_words() -> None:
    text = with_text(BODY + "\n\nTODO: add a quote from the Head of Mission.\n")
    assert spans(text, "B102") == [(17, 1, 17, 5)]
    assert messages(text, "B102") == ["placeholder 'TODO' left in the release"]


def test_placeholder_line_right_after_the_dateline() -> None:
    text = with_text("PRISTINA, 18 November 2007 – [...]\n")
    assert spans(text, "B102") == [(15, 30, 15, 35)]


def test_placeholder_paragraph() -> None:
    text = with_text(BODY + "\n\n[…]\n")
    assert spans(text, "B102") == [(17, 1, 17, 4)]


def test_placeholder_in_the_title() -> None:
    text = with_text(BODY + "\n", title="TODO headline")
    assert found(text) == [(2, 8, "B102")]


@pytest.mark.parametrize(
    "line",
    [
        '"The elections [...] were calm," the Head of Mission said.',
        "The list of `TODO` items was published.",
        "See [the report](https://www.osce.org/TODO) for details.",
        "A todo list is not a placeholder.",
        "The TODOS working group met.",
    ],
)
def test_text_that_is_not_a_placeholder(line: str) -> None:
    assert found(with_text(BODY + "\n\n" + line + "\n")) == []


def test_renamed_country_in_the_body() -> None:
    body = "ANKARA, 5 March 2024 – The OSCE and Turkey's authorities met in Ankara.\n"
    text = with_text(body, date="2024-03-05").replace("place: Pristina", "place: Ankara")
    assert spans(text, "B103") == [(15, 37, 15, 43)]
    assert messages(text, "B103") == [
        "'Turkey' was renamed 'Türkiye' on 2022-06-01; this release is dated 2024-03-05"
    ]
    (diagnostic,) = diagnostics(text)
    assert diagnostic.severity.label == "warning"
    assert diagnostic.fix is not None and not diagnostic.fix.safe


def test_former_macedonian_name_after_2019() -> None:
    body = "SKOPJE, 5 March 2020 – The former Yugoslav Republic of Macedonia was mentioned.\n"
    text = with_text(body, date="2020-03-05").replace("place: Pristina", "place: Skopje")
    assert [(d.code, d.suggestions) for d in diagnostics(text)] == [("B103", ("North Macedonia",))]


def test_former_names_are_fine_before_the_change() -> None:
    body = "ANKARA, 5 March 2015 – The OSCE and Turkey met.\n"
    text = with_text(body, date="2015-03-05").replace("place: Pristina", "place: Ankara")
    assert found(text) == []


def test_renamed_country_in_the_title_and_not_in_links() -> None:
    body = "ANKARA, 5 March 2024 – See https://example.org/Turkey and `Turkey`.\n"
    text = with_text(body, date="2024-03-05", title="OSCE office opens in Turkey").replace(
        "place: Pristina", "place: Ankara"
    )
    assert found(text) == [(2, 29, "B103")]


def test_the_bird_is_not_the_country() -> None:
    body = "ANKARA, 5 March 2024 – Roast turkey was served.\n"
    text = with_text(body, date="2024-03-05").replace("place: Pristina", "place: Ankara")
    assert found(text) == []
