"""D rules in Russian: the real osce.org/ru datelines pass, real defects are caught.

The real datelines are those recorded with their pages in
`schemas/vocabulary/datelines.yaml`; month names are CLDR's (held equal to
Babel in tests/vocabulary/test_cldr.py).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from osce_cli import commands as api
from osce_cli.format.dateline import YEAR_WORDS, parse_dateline
from osce_cli.frontmatter.data import load_yaml_file
from osce_cli.support.resources import vocabulary_dir
from tests.conftest import VALID, diagnostics, messages
from tests.rules.test_d_dateline import with_body


def recorded() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml_file(vocabulary_dir() / "datelines.yaml", "datelines.yaml")
    return data


SEEN = recorded()["languages"]["ru"]["seen"]


def russian(first_line: str, *, place: str = "Vienna", date: str = "2023-03-06") -> str:
    return with_body(first_line, place=place, date=date, language="ru")


def test_every_real_russian_dateline_is_recorded_with_its_page() -> None:
    assert len(SEEN) >= 3
    for entry in SEEN:
        assert entry["url"].startswith("https://"), entry
        assert entry["url"].split("/")[2].endswith("osce.org"), entry


@pytest.mark.parametrize("entry", SEEN, ids=[entry["dateline"] for entry in SEEN])
def test_a_real_russian_dateline_gets_no_finding(entry: dict[str, Any]) -> None:
    place = entry["place"]
    place = f"[{', '.join(place)}]" if isinstance(place, list) else place
    text = russian(entry["dateline"], place=place, date=entry["date"])
    assert [d for d in diagnostics(text) if d.code.startswith("D")] == []
    dateline = parse_dateline(entry["dateline"] + "Текст", 0, "ru")
    assert dateline is not None and dateline.end == len(entry["dateline"])


@pytest.mark.parametrize(
    "dateline",
    [
        "ВЕНА, 6 марта 2023 года – ",  # en dash, as the English house style
        "ВЕНА, 6 марта 2023 года — ",  # em dash, as osce.org's Ukrainian pages
        "ВЕНА, 6 марта 2023 г.- ",
        "ВЕНА, 6 марта 2023 - ",  # no year word
        "ВЕНА, 6 марта 2023 года -- ",
    ],
)
def test_every_dash_and_year_word_is_accepted(dateline: str) -> None:
    assert [d.code for d in diagnostics(russian(dateline))] == []


def test_the_grammar_reads_every_recorded_year_word() -> None:
    assert set(recorded()["languages"]["ru"]["year-words"]) == set(YEAR_WORDS)


def test_a_misspelt_month_is_an_error_with_the_russian_month_suggested() -> None:
    text = russian("ВЕНА, 6 мрта 2023 года - ")
    assert messages(text, "D104") == [
        "'мрта' in the dateline is not a month (did you mean 'марта'?)"
    ]


def test_an_impossible_date_is_an_error() -> None:
    text = russian("ВЕНА, 30 февраля 2023 года - ", date="2023-02-28")
    assert messages(text, "D104") == [
        "dateline date '30 февраля 2023 года' does not exist: February has 28 days"
    ]


def test_a_date_far_from_the_front_matter_is_an_error_written_in_russian() -> None:
    text = russian("ВЕНА, 6 марта 2022 года - ")
    (finding,) = [d for d in diagnostics(text) if d.code == "D103"]
    assert finding.severity.label == "error"
    assert finding.message == (
        "dateline date '6 марта 2022 года' does not match the front matter date 2023-03-06 "
        "(expected '6 марта 2023 года')"
    )
    assert finding.suggestions == ("6 марта 2023 года",)


def test_a_known_place_that_is_not_the_front_matters_is_an_error() -> None:
    text = russian("ВАРШАВА, 6 марта 2023 года - ")
    (finding,) = [d for d in diagnostics(text) if d.code == "D102"]
    assert finding.severity.label == "error"
    assert finding.message == (
        "dateline place 'ВАРШАВА' does not match the front matter place 'Vienna' (expected 'ВЕНА')"
    )


def test_a_russian_name_osce_does_not_know_is_only_a_warning() -> None:
    text = russian("ЖЕНЕВА, 6 марта 2023 года - ", place="Geneva")
    (finding,) = [d for d in diagnostics(text) if d.code == "D102"]
    assert finding.severity.label == "warning"
    assert finding.message == (
        "dateline place 'ЖЕНЕВА' does not match the front matter place 'Geneva': "
        "osce does not know the name in 'ru' (expected 'GENEVA')"
    )


def test_a_missing_dateline_is_shown_in_russian() -> None:
    text = VALID.replace("language: en", "language: ru").replace(
        "PRISTINA, 18 November 2007 – ", ""
    )
    assert messages(text, "D101") == [
        "the body does not open with a dateline such as 'ВЕНА, 5 октября 2020 года - '"
    ]


def test_an_english_dateline_left_in_a_russian_release_is_information_with_a_fix() -> None:
    text = russian("VIENNA, 6 March 2023 – ")
    (finding,) = diagnostics(text)
    assert finding.code == "D105"
    assert finding.severity.label == "info"
    assert finding.message == (
        "dateline differs from house style: the places' names in 'ru', the date as "
        "'6 марта 2023 года' (house style: 'ВЕНА, 6 марта 2023 года –')"
    )
    assert finding.fix is not None
    assert finding.fix.edits[0].replacement == "ВЕНА, 6 марта 2023 года – "


def test_a_month_in_the_nominative_is_information() -> None:
    text = russian("ВЕНА, 6 март 2023 года - ")
    assert [(d.code, d.severity.label) for d in diagnostics(text)] == [("D105", "info")]


def test_skipped_languages_are_told_once_per_run_from_the_cache_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, language in (("a", "de"), ("b", "de"), ("c", "sr-Latn"), ("d", "ru"), ("e", "en")):
        (tmp_path / f"{name}.md").write_text(
            VALID.replace("language: en", f"language: {language}"), encoding="utf-8"
        )
    note = (
        "osce: info: D100 dateline checks skipped for releases in 'de', 'sr-Latn' "
        "(osce has no dateline data for those languages)\n"
    )
    for _ in range(2):  # checked, then answered by the cache
        out = io.StringIO()
        options = api.ValidateOptions(paths=(str(tmp_path),), select=("D",))
        assert api.validate(options, out) == 0
        assert out.getvalue().count("D100") == 1
        assert note in out.getvalue()


def test_a_place_written_with_yo_is_the_cldr_name() -> None:
    text = russian("КИШИНЁВ, 6 марта 2023 года - ", place="Chisinau")
    assert [d.code for d in diagnostics(text)] == []
