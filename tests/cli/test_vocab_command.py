"""`osce vocab`: listings in osce.org's order, and searches that say where a term lives."""

from __future__ import annotations

import json
from pathlib import Path

import pyuca

from osce_cli.vocabulary.suggest import collation_key
from osce_cli.vocabulary.terms import load_vocabulary
from tests.conftest import run_osce
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
