"""A bilingual place is one place.

Every name the gazetteer writes with a slash (``Prishtinë/Priština``), read
from the gazetteer itself, is tried in the front matter and in the dateline,
in every case, with and without accents, with every slash spacing and every
dash: it is one place, and a joint dateline is made only of the parts the
gazetteer does not know as one. The house-style fix and `osce new release`
keep it whole.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from osce_cli.report.diagnostics import Diagnostic
from osce_cli.validate.checker import Checker, Settings
from osce_cli.vocabulary.places import split_places
from osce_cli.vocabulary.suggest import fold
from tests.conftest import REPO, run_osce

GAZETTEER = yaml.safe_load((REPO / "schemas" / "vocabulary" / "places.yaml").read_text("utf-8"))

#: (the place's name, a name of it joined with '/'), for every such name.
MULTILINGUAL = [
    (str(entry["name"]), str(form))
    for entry in GAZETTEER["places"]
    for form in entry.get("variants", [])
    if "/" in str(form)
]
NAMES = [name for _, name in MULTILINGUAL]

SLASHES = ["/", " / ", "/ ", " /"]
DASHES = [" – ", " - ", "-", "--", " — "]

CHECKER = Checker(Settings())


def test_the_gazetteer_has_the_kosovo_names() -> None:
    # The parametrisation below reads the gazetteer: it must not be empty.
    assert {
        "Prishtinë/Priština",
        "Mitrovicë/Mitrovica",
        "Ferizaj/Uroševac",
        "Pejë/Peć",
        "Gjilan/Gnjilane",
        "Mitrovica/Mitrovicë North",
        "Mamuşa/Mamushë/Mamuša",
    } <= set(NAMES)
    assert len(NAMES) >= 35


def release(place: str, dateline: str, date: str = "2012-04-13") -> str:
    return (
        "---\n"
        "title: OSCE Mission in Kosovo welcomes new law\n"
        f"date: {date}\n"
        "type: Press release\n"
        f"place: {place}\n"
        "sources:\n  - OSCE Mission in Kosovo\n"
        "fields:\n  - Elections\n"
        "language: en\n"
        "---\n"
        f"{dateline}The Head of the OSCE Mission in Kosovo welcomed the law today.\n"
    )


def check(text: str) -> list[Diagnostic]:
    return list(CHECKER.check_bytes(text.encode("utf-8"), "r.md", "r.md").diagnostics)


def dateline_findings(text: str) -> list[str]:
    """The D findings that say a dateline is wrong (D105 is house style only)."""
    return [f"{d.code} {d.message}" for d in check(text) if d.code[0] == "D" and d.code != "D105"]


def spaced(name: str, slash: str) -> str:
    return slash.join(part.strip() for part in name.split("/"))


def without_accents(name: str) -> str:
    """The name as ASCII, as the gazetteer allows (it compares names folded)."""
    return "/".join(
        " ".join(word.capitalize() for word in fold(part).split()) for part in name.split("/")
    )


def cases(name: str) -> list[str]:
    return [name, name.upper(), name.lower(), without_accents(name), without_accents(name).upper()]


@pytest.mark.parametrize("name", NAMES)
def test_one_place_in_the_front_matter_and_the_dateline(name: str) -> None:
    # Every case of the front matter's name against every case of the dateline's.
    for written, printed in itertools.product(cases(name), cases(name)):
        for place in (written, f"[{written}]", f'"{spaced(written, " / ")}"'):
            text = release(place, f"{printed}, 13 April 2012 – ")
            assert dateline_findings(text) == [], (place, printed)


@pytest.mark.parametrize("name", NAMES)
def test_every_slash_spacing_and_dash(name: str) -> None:
    for slash, dash, place in itertools.product(
        SLASHES, DASHES, (name, spaced(name, " / "), without_accents(name))
    ):
        dateline = f"{spaced(name.upper(), slash)}, 13 April 2012{dash}"
        assert dateline_findings(release(place, dateline)) == [], (place, dateline)
        # The forms of the years before the house style (hyphens) too.
        dateline = f"{spaced(name.upper(), slash)}, 13 April 2009{dash}"
        assert dateline_findings(release(place, dateline, "2009-04-13")) == [], dateline


@pytest.mark.parametrize(("single", "name"), MULTILINGUAL)
def test_the_bilingual_name_and_a_single_name_of_the_place_agree(single: str, name: str) -> None:
    (entry,) = [entry for entry in GAZETTEER["places"] if entry["name"] == single]
    for part in (single, *(form for form in entry.get("variants", []) if "/" not in form)):
        assert dateline_findings(release(name, f"{part.upper()}, 13 April 2012 – ")) == []
        assert dateline_findings(release(part, f"{name.upper()}, 13 April 2012 – ")) == []


@pytest.mark.parametrize("name", NAMES)
def test_house_style_is_clean_and_a_joint_dateline_keeps_the_place_whole(name: str) -> None:
    assert check(release(name, f"{name.upper()}, 13 April 2012 – ")) == []
    joint = release(f"[{name}, Vienna]", f"{name.upper()}/VIENNA, 13 April 2012 – ")
    assert check(joint) == []
    joint = release(f"{name}/Vienna", f"VIENNA/{name.upper()}, 13 April 2012 – ")
    assert check(joint) == []


@pytest.mark.parametrize("name", NAMES)
def test_contradictions_are_still_found(name: str) -> None:
    upper = name.upper()
    assert dateline_findings(release(name, "VIENNA, 13 April 2012 – ")) == [
        f"D102 dateline place 'VIENNA' does not match the front matter place '{name}' "
        f"(expected '{upper}')"
    ]
    assert dateline_findings(release(name, f"{upper}/VIENNA, 13 April 2012 – ")) == [
        f"D102 dateline names 'VIENNA', which is not in the front matter place (expected '{upper}')"
    ]
    assert dateline_findings(release(f"[{name}, Vienna]", f"{upper}, 13 April 2012 – ")) == [
        f"D102 dateline does not name 'Vienna' from the front matter place "
        f"(expected '{upper}/VIENNA')"
    ]


@pytest.mark.parametrize("name", NAMES)
def test_the_house_style_fix_writes_the_place_whole(name: str) -> None:
    upper = name.upper()
    text = release(name, f"{spaced(name.lower(), ' / ')}, 13 Apr 2012 - ")
    (finding,) = check(text)
    assert (finding.code, finding.message) == (
        "D105",
        "dateline differs from house style: places in capitals, no spaces around '/', "
        "a spaced en dash ' – ', the date as '13 April 2012' "
        f"(house style: '{upper}, 13 April 2012 –')",
    )
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    fixed = text[: edit.start] + edit.replacement + text[edit.end :]
    assert fixed == release(name, f"{upper}, 13 April 2012 – ")
    assert check(fixed) == []


def test_only_spaces_around_a_slash_are_not_house_style() -> None:
    text = release("Prishtinë/Priština", "PRISHTINË/ PRIŠTINA, 13 April 2012 – ")
    assert [(d.code, d.message) for d in check(text)] == [
        (
            "D105",
            "dateline differs from house style: no spaces around '/' "
            "(house style: 'PRISHTINË/PRIŠTINA, 13 April 2012 –')",
        )
    ]


def test_the_reported_example() -> None:
    text = release("Prishtinë/Priština", "PRISHTINË/PRIŠTINA, 13 April 2012 – ")
    assert check(text) == []


def test_two_bilingual_places_make_a_joint_dateline() -> None:
    dateline = "PRISHTINË/PRIŠTINA/MITROVICË/MITROVICA, 13 April 2012 – "
    assert check(release("[Prishtinë/Priština, Mitrovicë/Mitrovica]", dateline)) == []
    assert check(release("Mitrovicë/Mitrovica/Prishtinë/Priština", dateline)) == []
    assert dateline_findings(release("Prishtinë/Priština", dateline)) == [
        "D102 dateline names 'MITROVICË/MITROVICA', which is not in the front matter place "
        "(expected 'PRISHTINË/PRIŠTINA')"
    ]


def test_a_name_listed_whole_is_not_taken_apart() -> None:
    # 'Mitrovica/Mitrovicë North' is North Mitrovica, not Mitrovica and a second place.
    assert split_places("Mitrovica/Mitrovicë North") == ("Mitrovica/Mitrovicë North",)
    text = release("North Mitrovica", "MITROVICA/MITROVICË NORTH, 13 April 2012 – ")
    assert check(text) == []
    assert dateline_findings(
        release("Mitrovicë/Mitrovica", "MITROVICA/MITROVICË NORTH, 13 April 2012 – ")
    ) == [
        "D102 dateline place 'MITROVICA/MITROVICË NORTH' does not match the front matter "
        "place 'Mitrovicë/Mitrovica' (expected 'MITROVICË/MITROVICA')"
    ]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Vienna/Warsaw", ["Vienna", "Warsaw"]),
        ("Vienna / Warsaw", ["Vienna", "Warsaw"]),
        ("Prishtinë/Priština/Belgrade", ["Prishtinë/Priština", "Belgrade"]),
        ("Belgrade / PRISHTINE / PRISTINA", ["Belgrade", "PRISHTINE/PRISTINA"]),
        ("Zvečan/Zveçan/Leposavić/Leposaviq", ["Zvečan/Zveçan", "Leposavić/Leposaviq"]),
        ("Prevallë/Prevalac", ["Prevallë", "Prevalac"]),  # not in the gazetteer: two places
    ],
)
def test_split_places(text: str, places: list[str]) -> None:
    assert split_places(text) == tuple(places)


def test_a_joint_front_matter_place_written_with_a_slash() -> None:
    assert check(release("Vienna/Warsaw", "VIENNA/WARSAW, 13 April 2012 – ")) == []
    assert dateline_findings(release("Vienna/Warsaw", "VIENNA, 13 April 2012 – ")) == [
        "D102 dateline does not name 'Warsaw' from the front matter place "
        "(expected 'VIENNA/WARSAW')"
    ]


def new_release(place: str, cwd: Path) -> str:
    result = run_osce(
        "new", "release", "--no-input", "--stdout", "--title", "OSCE Mission welcomes new law",
        "--date", "2012-04-13", "--place", place, "--type", "Press release",
        "--source", "OSCE Mission in Kosovo", "--field", "Elections", cwd=cwd,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


@pytest.mark.parametrize(
    ("given", "place", "dateline"),
    [
        ("Prishtinë/Priština", "Prishtinë/Priština", "PRISHTINË/PRIŠTINA"),
        ("Prishtinë / Priština", "Prishtinë/Priština", "PRISHTINË/PRIŠTINA"),
        (
            "Prishtinë/Priština/Belgrade",
            "[Prishtinë/Priština, Belgrade]",
            "PRISHTINË/PRIŠTINA/BELGRADE",
        ),
        ("Mamuşa/Mamushë/Mamuša", "Mamuşa/Mamushë/Mamuša", "MAMUŞA/MAMUSHË/MAMUŠA"),
    ],
)
def test_new_release_writes_a_bilingual_place_whole(
    given: str, place: str, dateline: str, tmp_path: Path
) -> None:
    text = new_release(given, tmp_path)
    assert f"\nplace: {place}\n" in text
    assert f"\n---\n{dateline}, 13 April 2012 – TODO: " in text
    assert {d.code for d in check(text)} == {"B102"}


@pytest.mark.parametrize("name", NAMES)
def test_new_release_with_every_bilingual_name_validates(name: str) -> None:
    # What `osce new release --place NAME` writes, made in this process.
    import datetime as dt

    from osce_cli.authoring.gather import Gatherer, Given
    from osce_cli.authoring.scaffold import release_text
    from osce_cli.vocabulary.terms import load_vocabulary

    given = Given(
        title="OSCE Mission welcomes new law",
        date="2012-04-13",
        places=(spaced(name, " / "),),
        labels={
            "type": ("Press release",),
            "sources": ("OSCE Mission in Kosovo",),
            "fields": ("Elections",),
        },
    )
    draft = Gatherer(load_vocabulary(()), None, print).draft(given, dt.date(2012, 4, 13))
    assert draft.places == (name,)
    text = release_text(draft)
    assert f"\n---\n{name.upper()}, 13 April 2012 – TODO: " in text
    assert {d.code for d in check(text)} == {"B102"}
