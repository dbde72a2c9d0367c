"""T rules: a translation (`x.ru.md`) checked against its original (`x.md`) beside it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from osce_cli import commands as api
from tests.conftest import VALID

RUSSIAN = VALID.replace(
    "title: OSCE Chairman says Kosovo elections help promote democracy",
    "title: Председатель ОБСЕ заявил, что выборы в Косово способствуют демократии",
).replace("language: en", "language: ru")
RUSSIAN = RUSSIAN.split("---\nPRISTINA", 1)[0] + (
    "---\nПРИШТИНА, 18 ноября 2007 года – Выборы, состоявшиеся сегодня в Косово, "
    "прошли спокойно и организованно.\n"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder outside any project: every file named is a release."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def validate(*args: str, **options: Any) -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    code = api.validate(
        api.ValidateOptions(paths=args, output_format="json", cache=False, **options), out
    )
    return code, json.loads(out.getvalue())


def found(report: dict[str, Any]) -> list[tuple[str, int, int, str, str]]:
    return [
        (d["path"], d["line"], d["column"], d["code"], d["message"]) for d in report["diagnostics"]
    ]


def test_a_pair_that_agrees_is_clean(folder: Path) -> None:
    write(folder, {"x.md": VALID, "x.ru.md": RUSSIAN})
    code, report = validate(".")
    assert (code, report["files_checked"], report["diagnostics"]) == (0, 2, [])


def test_T101_a_translation_without_its_original(folder: Path) -> None:
    write(folder, {"x.ru.md": RUSSIAN})
    code, report = validate("x.ru.md")
    assert code == 1
    assert found(report) == [
        (
            "x.ru.md",
            1,
            1,
            "T101",
            "the file name makes this the 'ru' translation of 'x.md', which does not exist",
        )
    ]


def test_T101_a_dotted_slug_is_not_a_translation(folder: Path) -> None:
    write(folder, {"x.final.md": VALID, "x.org.md": VALID})
    code, report = validate(".")
    assert (code, report["files_checked"], report["diagnostics"]) == (0, 2, [])


def test_T102_each_shared_key_is_reported_at_the_translations_value(folder: Path) -> None:
    translation = (
        RUSSIAN.replace("date: 2007-11-18", "date: 2007-11-19")
        .replace("type: Press release", "type: Press statement")
        .replace("place: Pristina", "place: Vienna")
        .replace("  - OSCE Mission in Kosovo\n", "")
        .replace("  - Elections", "  - Human rights")
        .replace("states:\n  - Serbia\n", "")
    )
    write(folder, {"x.md": VALID, "x.ru.md": translation})
    code, report = validate("x.ru.md", select=("T",))
    assert code == 1
    assert found(report) == [
        ("x.ru.md", 1, 1, "T102", "'states' is missing; the original 'x.md' has [Serbia]"),
        (
            "x.ru.md",
            3,
            7,
            "T102",
            "'date' differs from the original 'x.md', which has '2007-11-18'",
        ),
        (
            "x.ru.md",
            4,
            7,
            "T102",
            "'type' differs from the original 'x.md', which has 'Press release'",
        ),
        ("x.ru.md", 5, 8, "T102", "'place' differs from the original 'x.md', which has 'Pristina'"),
        (
            "x.ru.md",
            7,
            3,
            "T102",
            "'sources' differs from the original 'x.md', which has "
            "[OSCE Chairpersonship, OSCE Mission in Kosovo]",
        ),
        (
            "x.ru.md",
            9,
            3,
            "T102",
            "'fields' differs from the original 'x.md', which has [Elections]",
        ),
    ]
    by_path = {d["json_path"]: d for d in report["diagnostics"]}
    assert by_path["$.date"]["suggestions"] == ["2007-11-18"]
    assert by_path["$.date"]["fixable"] and not by_path["$.sources"]["fixable"]


def test_T102_values_are_compared_for_what_they_mean(folder: Path) -> None:
    """An alias and a label, two spellings of a place, another order: no error."""
    translation = (
        RUSSIAN.replace("place: Pristina", "place: PRISHTINË/PRIŠTINA")
        .replace(
            "  - OSCE Chairpersonship\n  - OSCE Mission in Kosovo\n",
            "  - OMiK\n  - OSCE Chairpersonship\n",
        )
        .replace("  - Serbia", "  - RS")
    )
    write(folder, {"x.md": VALID, "x.ru.md": translation})
    assert "OMiK" in translation and "RS" in translation
    code, report = validate("x.ru.md", select=("T",))
    assert (code, report["diagnostics"]) == (0, [])


def test_T102_the_original_written_with_aliases_agrees_with_labels(folder: Path) -> None:
    original = VALID.replace("  - Serbia", "  - srb")
    original = original.replace("type: Press release", "type: press release")
    write(folder, {"x.md": original, "x.ru.md": RUSSIAN})
    code, report = validate("x.ru.md", select=("T",))
    assert (code, report["diagnostics"]) == (0, [])


def test_T102_a_key_the_original_lacks(folder: Path) -> None:
    translation = RUSSIAN.replace(
        "language: ru", "meetings:\n  - Ministerial Council meetings\nlanguage: ru"
    )
    write(folder, {"x.md": VALID, "x.ru.md": translation})
    _, report = validate("x.ru.md", select=("T",))
    assert found(report) == [
        (
            "x.ru.md",
            14,
            3,
            "T102",
            "'meetings' is not in the original 'x.md'; a translation has its metadata",
        )
    ]


def test_T102_an_unreadable_value_on_either_side_is_left_to_its_own_rules(folder: Path) -> None:
    write(
        folder,
        {
            "x.md": VALID.replace("date: 2007-11-18", "date: 2007-02-30"),
            "x.ru.md": RUSSIAN.replace("type: Press release", "type: [1]"),
        },
    )
    _, report = validate("x.ru.md", select=("T",))
    assert report["diagnostics"] == []


def test_T102_fix_takes_the_originals_values(folder: Path) -> None:
    translation = (
        RUSSIAN.replace("date: 2007-11-18", "date: '2007-11-19'")
        .replace("  - Elections", "  - Human rights\n  - Elections\n  - Democratization")
        .replace("  - Serbia", "  - Montenegro")
    )
    write(folder, {"x.md": VALID, "x.ru.md": translation})
    out = io.StringIO()
    code = api.validate(api.ValidateOptions(paths=("x.ru.md",), fix=True, cache=False), out)
    assert (code, out.getvalue()) == (0, "Fixed 3 problems. Checked 1 file: no problems found.\n")
    assert (folder / "x.ru.md").read_text(encoding="utf-8") == RUSSIAN.replace(
        "date: 2007-11-18", "date: '2007-11-18'"
    )


def test_T103_language_disagrees_with_the_file_name(folder: Path) -> None:
    write(folder, {"x.md": VALID, "x.ru.md": RUSSIAN.replace("language: ru", "language: en")})
    _, report = validate("x.ru.md", select=("T",))
    assert found(report) == [
        ("x.ru.md", 13, 11, "T103", "'language' is 'en', but the file name says 'ru'")
    ]
    out = io.StringIO()
    api.validate(api.ValidateOptions(paths=("x.ru.md",), fix=True, cache=False), out)
    assert (folder / "x.ru.md").read_text(encoding="utf-8") == RUSSIAN


def test_T103_language_left_out_and_tags_in_another_case(folder: Path) -> None:
    write(
        folder,
        {
            "x.md": VALID,
            "x.ru.md": RUSSIAN.replace("language: ru\n", ""),
            "x.sr-Latn.md": VALID.replace("language: en", "language: sr-latn"),
        },
    )
    _, report = validate(".", select=("T",))
    assert found(report) == [
        (
            "./x.ru.md",
            1,
            1,
            "T103",
            "'language' is missing, so it is 'en', but the file name says 'ru'; add 'language: ru'",
        )
    ]
    assert report["diagnostics"][0]["fixable"] is False


def test_the_original_is_found_for_standard_input_by_its_name(folder: Path) -> None:
    write(folder, {"x.md": VALID})
    out = io.StringIO()
    text = RUSSIAN.replace("date: 2007-11-18", "date: 2007-11-19").encode()
    code = api.validate(
        api.ValidateOptions(paths=("-",), stdin_filename="x.ru.md", select=("T",), cache=False),
        out,
        stdin=lambda: io.BytesIO(text),
    )
    assert code == 1
    assert "x.ru.md:3:7: error: T102 'date' differs from the original 'x.md'" in out.getvalue()


def test_a_run_over_pairs_reports_what_each_file_checked_alone_does(folder: Path) -> None:
    """Within one run a translation reads the document its original was just
    checked as (`Checker.load` keeps it): the findings are those of each file
    checked in a run of its own."""
    files = {
        "a.md": VALID,
        "a.ru.md": RUSSIAN,
        "b.md": VALID.replace("place: Pristina", "place: Vienna"),
        "b.ru.md": RUSSIAN,
        "b.de.md": RUSSIAN.replace("language: ru", "language: de"),
        "c.md": VALID.replace("  - Serbia", "  - Serbbia"),
        "c.ru.md": RUSSIAN.replace("date: 2007-11-18", "date: 2007-11-17"),
        "d.ru.md": RUSSIAN,
    }
    write(folder, files)
    code, report = validate(".", jobs=1)
    alone = [found(validate(f"./{name}", jobs=1)[1]) for name in sorted(files)]
    assert found(report) == sorted(d for diagnostics in alone for d in diagnostics)
    assert code == 1 and report["files_checked"] == len(files)
    assert {d[3] for d in found(report)} >= {"T101", "T102", "V101"}
