"""M rules: keys, types, dates, language and lists, each at its exact position."""

from __future__ import annotations

import pytest

from tests.conftest import VALID, dedent, found, messages, spans


def replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_unknown_key_with_suggestion() -> None:
    text = replace("language: en\n", "language: en\nsoruces: [OSCE Secretariat]\n")
    assert spans(text, "M101") == [(14, 1, 14, 8)]
    assert messages(text, "M101") == ["unknown key 'soruces' (did you mean 'sources'?)"]


def test_unknown_key_without_close_match_lists_the_keys() -> None:
    text = replace("language: en\n", "language: en\nweather: sunny\n")
    (message,) = messages(text, "M101")
    assert message.startswith("unknown key 'weather' (allowed: title, date, type, place,")


def test_unknown_key_inside_a_contact() -> None:
    text = replace(
        "language: en\n", "language: en\ncontacts:\n  - name: Press\n    mail: p@osce.org\n"
    )
    assert found(text) == [(16, 5, "M101")]
    assert messages(text, "M101") == ["unknown key 'mail' (did you mean 'email'?)"]


def test_missing_key_is_reported_at_the_opening_delimiter() -> None:
    text = replace("type: Press release\n", "")
    assert spans(text, "M102") == [(1, 1, 1, 4)]
    assert messages(text, "M102") == ["missing required key 'type'"]


def test_empty_front_matter_misses_every_required_key() -> None:
    text = "---\n---\nPRISTINA, 18 November 2007 – Text.\n"
    assert messages(text, "M102") == [
        f"missing required key '{key}'"
        for key in ("title", "date", "type", "place", "sources", "fields")
    ]


def test_missing_name_in_a_contact_points_at_the_contact() -> None:
    text = replace("language: en\n", "language: en\ncontacts:\n  - email: p@osce.org\n")
    assert found(text) == [(15, 5, "M102")]
    assert messages(text, "M102") == ["missing required key 'name' of contact 1"]


@pytest.mark.parametrize(
    ("old", "new", "position", "message"),
    [
        (
            "title: OSCE Chairman says Kosovo elections help promote democracy",
            "title: 2007",
            (2, 8),
            "'title' must be text, not a number",
        ),
        (
            "sources:\n  - OSCE Chairpersonship\n  - OSCE Mission in Kosovo\n",
            "sources: OSCE Chairpersonship\n",
            (6, 10),
            "'sources' must be a list of labels, not text",
        ),
        (
            "type: Press release",
            "type: [Press release]",
            (4, 7),
            "'type' must be one content type label, not a list",
        ),
        (
            "place: Pristina",
            "place: {city: Pristina}",
            (5, 8),
            "'place' must be a place name or a list of place names, not a mapping",
        ),
        ("  - Serbia", "  - true", (12, 5), "item 1 of 'states' must be text, not true/false"),
    ],
)
def test_wrong_type(old: str, new: str, position: tuple[int, int], message: str) -> None:
    text = replace(old, new)
    assert [(line, column) for line, column, code in found(text) if code == "M103"] == [position]
    assert messages(text, "M103") == [message]


def test_contact_that_is_not_a_mapping() -> None:
    text = replace("language: en\n", "language: en\ncontacts:\n  - Press Office\n")
    assert found(text) == [(15, 5, "M103")]
    assert messages(text, "M103") == [
        "item 1 of 'contacts' must be a mapping with name, email and phone, not text"
    ]


@pytest.mark.parametrize(
    ("old", "new", "span", "message"),
    [
        (
            "title: OSCE Chairman says Kosovo elections help promote democracy",
            "title:",
            (2, 1, 2, 6),
            "'title' is empty",
        ),
        (
            "title: OSCE Chairman says Kosovo elections help promote democracy",
            'title: "  "',
            (2, 9, 2, 11),
            "'title' is empty",
        ),
        (
            "fields:\n  - Elections\n",
            "fields: []\n",
            (9, 9, 9, 10),
            "'fields' is empty: give at least one item",
        ),
        (
            "states:\n  - Serbia\n",
            "states:\n",
            (11, 1, 11, 7),
            "'states' has no value: write 'states: []' or remove the key",
        ),
    ],
)
def test_empty_value(old: str, new: str, span: tuple[int, int, int, int], message: str) -> None:
    text = replace(old, new)
    assert spans(text, "M104") == [span]
    assert messages(text, "M104") == [message]


def test_duplicate_item_same_text() -> None:
    text = replace("  - Serbia\n", "  - Serbia\n  - serbia\n")
    assert spans(text, "M105") == [(13, 5, 13, 11)]
    assert messages(text, "M105") == ["'serbia' is listed twice in 'states'"]


def test_duplicate_item_two_names_of_one_term() -> None:
    text = replace("  - Serbia\n", "  - Turkey\n  - Türkiye\n")
    assert spans(text, "M105") == [(13, 5, 13, 12)]
    assert messages(text, "M105") == ["'Türkiye' and 'Turkey' in 'states' name the same term"]


def test_duplicate_item_fix_removes_the_whole_line() -> None:
    from tests.conftest import diagnostics

    text = replace("  - Serbia\n", "  - Serbia\n  - Serbia  # again\n")
    (diagnostic,) = [d for d in diagnostics(text) if d.code == "M105"]
    assert diagnostic.fix is not None and diagnostic.fixable
    (edit,) = diagnostic.fix.edits
    fixed = text[: edit.start] + edit.replacement + text[edit.end :]
    assert fixed == VALID


def test_duplicate_item_fix_in_a_flow_list() -> None:
    from tests.conftest import diagnostics

    text = replace("place: Pristina", "place: [Pristina, Pristina]")
    (diagnostic,) = [d for d in diagnostics(text) if d.code == "M105"]
    assert diagnostic.fix is not None
    (edit,) = diagnostic.fix.edits
    assert text[: edit.start] + edit.replacement + text[edit.end :] == replace(
        "place: Pristina", "place: [Pristina]"
    )


@pytest.mark.parametrize(
    ("item", "column"),
    [("  -\n", 3), ('  - ""\n', 6)],
)
def test_empty_item(item: str, column: int) -> None:
    text = replace("  - Elections\n", "  - Elections\n" + item)
    assert [(line, col) for line, col, code in found(text) if code == "M106"] == [(11, column)]
    assert messages(text, "M106") == ["item 2 of 'fields' is empty"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2007-02-30", "date '2007-02-30' does not exist: February 2007 has 28 days"),
        ("2008-02-30", "date '2008-02-30' does not exist: February 2008 has 29 days"),
        ("2007-13-01", "date '2007-13-01' has no month 13: months run from 01 to 12"),
        ("18.11.2007", "date '18.11.2007' is not written as YYYY-MM-DD (e.g. 2007-11-18)"),
        (
            "2007-11-18T10:00",
            "date '2007-11-18T10:00' is not written as YYYY-MM-DD (e.g. 2007-11-18)",
        ),
        ("20071118", "'date' must be a date written as YYYY-MM-DD, not a number"),
    ],
)
def test_invalid_date(value: str, message: str) -> None:
    text = replace("date: 2007-11-18", f"date: {value}")
    assert spans(text, "M201") == [(3, 7, 3, 7 + len(value))]
    assert messages(text, "M201") == [message]


def test_embargo_without_offset() -> None:
    text = replace("language: en\n", "language: en\nembargo: 2007-11-18T09:00\n")
    assert spans(text, "M202") == [(14, 10, 14, 26)]
    assert messages(text, "M202") == [
        "embargo '2007-11-18T09:00' has no UTC offset: add one, e.g. "
        "2007-11-18T09:00+01:00 or Z for UTC"
    ]


@pytest.mark.parametrize(
    "value", ["2007-11-18T09:00+01:00", "2007-11-18T09:00:00Z", "2007-11-18 09:00:30.5-05:00"]
)
def test_embargo_with_offset_is_valid(value: str) -> None:
    assert found(replace("language: en\n", f"language: en\nembargo: {value}\n")) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2007-11-18",
            "embargo '2007-11-18' needs a time and a UTC offset, e.g. 2007-11-18T09:00+01:00",
        ),
        (
            "tomorrow 9am",
            "embargo 'tomorrow 9am' is not an ISO 8601 date-time such as 2024-03-08T09:00+01:00",
        ),
        (
            "2007-11-18T25:00+01:00",
            "embargo '2007-11-18T25:00+01:00' has an impossible time of day",
        ),
        (
            "2007-02-30T09:00+01:00",
            "embargo date '2007-02-30' does not exist: February 2007 has 28 days",
        ),
    ],
)
def test_invalid_embargo(value: str, message: str) -> None:
    text = replace("language: en\n", f"language: en\nembargo: {value}\n")
    assert [(line, col) for line, col, code in found(text) if code == "M203"] == [(14, 10)]
    assert messages(text, "M203") == [message]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("english", "language 'english' is not a BCP 47 language tag (did you mean 'en'?)"),
        ("en_GB", "language 'en_GB' uses '_'; BCP 47 tags use '-': en-GB"),
        (
            "xx",
            "language 'xx' in 'xx' is not a language code CLDR knows "
            "(write a tag such as en, ru or sr-Latn)",
        ),
        ("e", "language 'e' is not a BCP 47 language tag (write a tag such as en, ru or sr-Latn)"),
        # A language's name, in English or in itself, suggests its code.
        ("Deutsch", "language 'Deutsch' is not a BCP 47 language tag (did you mean 'de'?)"),
        ("русский", "language 'русский' is not a BCP 47 language tag (did you mean 'ru'?)"),
        # Codes CLDR writes otherwise: a three-letter code of a two-letter
        # language, and retired codes.
        ("eng", "language 'eng' in 'eng' is written 'en' in language tags (did you mean 'en'?)"),
        ("iw", "language 'iw' in 'iw' is written 'he' in language tags (did you mean 'he'?)"),
        (
            "mo-MD",
            "language 'mo' in 'mo-MD' is written 'ro' in language tags (did you mean 'ro-MD'?)",
        ),
        # Scripts and regions are held to CLDR's too.
        (
            "sr-Latm",
            "language 'Latm' in 'sr-Latm' is not a script code CLDR knows (did you mean 'Latn'?)",
        ),
        ("de-QQ", "language 'QQ' in 'de-QQ' is not a region code CLDR knows"),
    ],
)
def test_invalid_language(value: str, message: str) -> None:
    text = replace("language: en", f"language: {value}")
    assert spans(text, "M204") == [(13, 11, 13, 11 + len(value))]
    assert messages(text, "M204") == [message]


@pytest.mark.parametrize(
    "value",
    [
        *("en", "en-GB", "ru", "sr-Latn", "sr-Latn-RS", "zh-Hant-TW", "no", "x-private"),
        *("sr-Cyrl", "uz-Latn", "uz-Cyrl", "bs-Cyrl", "es-419", "SR-LATN", "ru-RU", "tl"),
        # Three-letter languages: CLDR's, and those of ISO 639-3 it has no data for
        # (Montenegrin, Vlax Romani), which are accepted rather than refused.
        *("gsw", "rom", "cnr", "rmy"),
    ],
)
def test_valid_language_tags(value: str) -> None:
    text = replace("language: en", f"language: {value}")
    assert [code for _, _, code in found(text) if code.startswith("M")] == []


def test_invalid_email() -> None:
    text = replace(
        "language: en\n",
        "language: en\ncontacts:\n  - name: Press Office\n    email: press at osce.org\n",
    )
    assert spans(text, "M205") == [(16, 12, 16, 29)]
    assert messages(text, "M205") == [
        "'email' of contact 1 is not a valid e-mail address (e.g. press@osce.org)"
    ]


def test_full_contact_is_valid() -> None:
    text = replace(
        "language: en\n",
        dedent(
            """
            language: en
            contacts:
              - name: Press and Public Information Section
                email: press@osce.org
                phone: "+43 1 514 36 6000"
            id: 2007-11-18-kosovo-elections
            summary: The Chairman welcomed the elections.
            """
        ),
    )
    assert found(text) == []
