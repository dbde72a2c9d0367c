"""`osce vocab`: listings in osce.org's order, and searches that say where a term lives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pyuca

from osce_cli.vocabulary.suggest import collation_key
from osce_cli.vocabulary.terms import load_vocabulary
from tests.conftest import VALID, run_osce
from tests.vocabulary.test_osce_org_taxonomy import CHAIR_SUFFIX, MENUS


def vocab(*args: str, cwd: Path) -> str:
    result = run_osce("vocab", *args, cwd=cwd)
    assert (result.returncode, result.stderr) == (0, b"")
    return result.stdout.decode()


def test_a_search_without_a_facet_searches_every_facet_and_says_where_each_match_lives(
    tmp_path: Path,
) -> None:
    assert vocab("--search", "mongolia", cwd=tmp_path) == (
        "Participating States (states, 1) under 'states'\n"
        "  Mongolia  [mongolia; MN/MNG; from 2012-11-21]\n"
        "\n"
        "Partners for Co-operation (partners, 1) under 'states'\n"
        "  Mongolia  [mongolia-partner; MN/MNG; from 2004-01-01 to 2012-11-20]\n"
    )
    listed = json.loads(vocab("--search", "kosovo", "--format", "json", cwd=tmp_path))
    assert [(term["label"], term["facet"], term["key"]) for term in listed] == [
        (
            "CSCE Missions of long duration to Kosovo, Sandjak and Vojvodina",
            "field-operations",
            "sources",
        ),
        ("OSCE Mission in Kosovo", "field-operations", "sources"),
        ("OSCE Task Force for Kosovo", "field-operations", "sources"),
    ]


def test_a_search_finds_words_in_any_order_and_former_names(tmp_path: Path) -> None:
    listed = json.loads(vocab("--search", "baku office", "-f", "json", cwd=tmp_path))
    assert [term["label"] for term in listed] == ["OSCE Project Co-ordinator in Baku"]
    assert listed[0]["former_names"] == [
        {"label": "OSCE Office in Baku", "from": "1999-11-16", "until": "2013-12-31"}
    ]


def test_a_search_for_a_misspelt_name_lists_the_names_like_it(tmp_path: Path) -> None:
    listed = json.loads(vocab("--search", "Serbija", "-f", "json", cwd=tmp_path))
    assert [(term["label"], term["key"]) for term in listed] == [
        ("Serbia", "states"),
        ("OSCE Mission to Serbia", "sources"),
    ]


def test_states_are_listed_as_osce_org_lists_them(tmp_path: Path) -> None:
    # The menu of participating States, in its order: 'The Netherlands'
    # under N, 'Türkiye' before 'Turkmenistan'. It lists Belgium before
    # Belarus, the one place where it is not in alphabetical order.
    lines = [line for line in MENUS.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    start = lines.index("Participating States") + 1
    menu = [CHAIR_SUFFIX.sub("", line[2:]) for line in lines[start : start + 57]]
    menu[5:7] = ["Belarus", "Belgium"]
    menu[menu.index("Czech Republic")] = "Czechia"  # this copy of the menu is an older one
    listed = json.loads(vocab("states", "--format", "json", cwd=tmp_path))
    assert [term["label"] for term in listed] == menu


def test_the_order_of_labels_is_the_unicode_collation_algorithm_s() -> None:
    # Letters without case and accents, a leading 'The' aside, sort every
    # shipped label as the Unicode Collation Algorithm (DUCET) does.
    collator = pyuca.Collator()
    for facet in load_vocabulary().facets.values():
        labels = [term.label for term in facet.terms]
        by_uca = sorted(labels, key=lambda label: collator.sort_key(label.removeprefix("The ")))
        assert sorted(labels, key=collation_key) == by_uca, facet.id


def test_terms_are_listed_by_their_labels_in_a_language_english_where_none_is_known(
    tmp_path: Path,
) -> None:
    assert vocab("types", "--language", "ru", cwd=tmp_path) == (
        "Content types (types, 6) under 'type', in Russian (ru)\n"
        "  Новости  [News; news]\n"
        "  Пресс-релиз  [Press release; press-release]\n"
        "  Daily report  [English: no Russian label known; daily-report]\n"
        "  Press statement  [English: no Russian label known; press-statement]\n"
        "  Spot report  [English: no Russian label known; spot-report]\n"
        "  Weekly report  [English: no Russian label known; weekly-report]\n"
    )


def test_states_are_listed_in_any_cldr_language_and_searched_by_those_names(
    tmp_path: Path,
) -> None:
    assert vocab("states", "-l", "sr-Latn", "--search", "nemač", cwd=tmp_path) == (
        "Participating States (states, 1) under 'states', in Serbian (sr-Latn)\n"
        "  Nemačka  [Germany; germany; DE/DEU; from 1975-08-01; "
        "aliases: Federal Republic of Germany]\n"
    )
    listed = json.loads(vocab("states", "-l", "de", "-f", "json", cwd=tmp_path))
    assert len(listed) == 57
    assert listed[0]["language"] == {"tag": "de", "label": "Albanien", "from": "cldr"}
    lines = vocab("states", "-l", "ru", cwd=tmp_path).splitlines()
    assert lines[:3] == [
        "Participating States (states, 57) under 'states', in Russian (ru)",
        "  Австрия  [Austria; austria; AT/AUT; from 1975-08-01]",
        "  Азербайджан  [Azerbaijan; azerbaijan; AZ/AZE; from 1992-01-30]",
    ]
    assert "  Германия  [Germany; germany; DE/DEU; from 1975-08-01; " in "\n".join(lines)


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        (
            "xx",
            "osce: error: --language: 'xx' in 'xx' is not a language code CLDR knows "
            "(write a tag such as en, ru or sr-Latn)\n",
        ),
        (
            "Russian",
            "osce: error: --language: 'Russian' is not a BCP 47 language tag "
            "(did you mean 'ru'?)\n",
        ),
        ("ru_RU", "osce: error: --language: 'ru_RU' uses '_'; BCP 47 tags use '-': ru-RU\n"),
    ],
)
def test_an_unknown_language_is_a_usage_error_with_a_suggestion(
    tmp_path: Path, tag: str, message: str
) -> None:
    result = run_osce("vocab", "--language", tag, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr.decode()) == (2, b"", message)


PROJECT_LABELS = """\
facet: states
terms:
  - id: kyrgyzstan
    labels: {ru: Кыргызстан}
"""
PROJECT_TYPE_LABELS = """\
facet: types
terms:
  - id: press-release
    labels: {ro: Comunicat de presă, ru: [Пресс-релиз ОБСЕ]}
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / "states.yaml").write_text(PROJECT_LABELS, encoding="utf-8")
    (tmp_path / "types.yaml").write_text(PROJECT_TYPE_LABELS, encoding="utf-8")
    (tmp_path / "osce.toml").write_text(
        'vocabulary = ["states.yaml", "types.yaml"]\n', encoding="utf-8"
    )
    return tmp_path


def test_a_project_vocabulary_adds_labels_in_any_language(tmp_path: Path) -> None:
    project(tmp_path)
    # Its own label comes before CLDR's name ('Киргизия') and the shipped label.
    assert vocab("states", "-l", "ru", "-s", "кыргыз", cwd=tmp_path) == (
        "Participating States (states, 1) under 'states', in Russian (ru)\n"
        "  Кыргызстан  [Kyrgyzstan; kyrgyzstan; KG/KGZ; from 1992-01-30; "
        "aliases: Kyrgyz Republic]\n"
    )
    assert vocab("types", "-l", "ro", "-s", "press release", cwd=tmp_path) == (
        "Content types (types, 1) under 'type', in Romanian (ro)\n"
        "  Comunicat de presă  [Press release; press-release]\n"
    )
    listed = json.loads(
        vocab("types", "-l", "ru", "-s", "press release", "-f", "json", cwd=tmp_path)
    )
    assert listed[0]["labels"] == {
        "ru": ["Пресс-релиз ОБСЕ", "Пресс-релиз"],
        "ro": ["Comunicat de presă"],
    }


def test_a_project_label_is_understood_in_the_front_matter(tmp_path: Path) -> None:
    project(tmp_path)
    release = VALID.replace("  - Serbia", "  - Кыргызстан").replace(
        "type: Press release", "type: Comunicat de presă"
    )
    (tmp_path / "a.md").write_text(release, encoding="utf-8")
    result = run_osce("validate", "a.md", "--format", "json", cwd=tmp_path)
    found = [(d["code"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert (result.returncode, found) == (
        0,
        [
            (
                "V102",
                "'Comunicat de presă' is 'Press release' in Romanian: "
                "front matter values are written in English, whatever the release's language",
            ),
            (
                "V102",
                "'Кыргызстан' is 'Kyrgyzstan' in Russian: "
                "front matter values are written in English, whatever the release's language",
            ),
        ],
    )


@pytest.mark.parametrize(
    ("labels", "error"),
    [
        (
            "{russian: Кыргызстан}",
            "language 'russian' is not a BCP 47 language tag (did you mean 'ru'?)",
        ),
        ("{en: Kirghizia}", "'en': the English label is the term's label"),
        ("{ru: ''}", "'ru': a label must not be empty"),
    ],
)
def test_a_label_under_a_wrong_language_tag_stops_the_run(
    tmp_path: Path, labels: str, error: str
) -> None:
    project(tmp_path)
    (tmp_path / "states.yaml").write_text(
        PROJECT_LABELS.replace("{ru: Кыргызстан}", labels), encoding="utf-8"
    )
    result = run_osce("vocab", "states", cwd=tmp_path)
    assert (result.returncode, result.stderr.decode()) == (
        2,
        f"osce: error: {tmp_path / 'states.yaml'}: terms.0.labels: {error}\n",
    )
