"""Everything osce.org lists in its menus is known, with its label as shown there.

The menus come from a copy of an osce.org page kept in ``tests/data`` (its
header says where from). "Partnerships", a link of the "Meetings and
conferences" menu, is a term of `sources`, not a kind of meeting.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from osce_cli.config import Config
from osce_cli.format.keys import KEY_FACETS
from osce_cli.report.diagnostics import Severity
from osce_cli.validate.checker import Checker, Settings
from osce_cli.vocabulary.terms import MatchKind, load_vocabulary

MENUS = Path(__file__).resolve().parents[1] / "data" / "osce-org-menus.txt"

#: The front matter key of each menu's items; None: a menu this test leaves aside.
MENU_KEYS = {
    "Our work": None,
    "Fields of work": "fields",
    "Meetings and conferences": "meetings",
    "Countries": "states",
    "Participating States": "states",
    "Structures and institutions": "sources",
    "Secretariat": "sources",
    "Field operations": "sources",
}

#: Menu items whose key is not their menu's.
ITEM_KEYS = {"Partnerships": "sources"}

#: Menu items that link to a page rather than name a term.
NAVIGATION = {
    "Field operations",  # in the "Fields of work" menu
    "Projects",
    "All",  # all countries
    "Institutions",
    "Closed field activities",
    "Organizational structure",
    "About us",
}

#: How the menu marks the State that holds the Chair: "Finland – OSCE Chairpersonship 2025".
CHAIR_SUFFIX = re.compile(r" – OSCE Chairpersonship \d{4}$")


def menu_items() -> list[tuple[str, str]]:
    """(key, item) for every item of the menus the vocabulary covers, in page order.

    A menu is a line "-", its title, then its items as "- item" lines.
    """
    lines = [line for line in MENUS.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    items: list[tuple[str, str]] = []
    key: str | None = None
    for previous, line in zip(["-", *lines], lines, strict=False):
        if previous == "-" and line != "-" and not line.startswith("- "):
            assert line in MENU_KEYS, f"a menu this test does not know: {line!r}"
            key = MENU_KEYS[line]
        elif line.startswith("- ") and key is not None:
            item = CHAIR_SUFFIX.sub("", line[2:])
            items.append((ITEM_KEYS.get(item, key), item))
    return items


def test_the_menus_are_read_whole() -> None:
    items = menu_items()
    counted = {
        key: sum(1 for k, item in items if k == key and item not in NAVIGATION)
        for key in ("fields", "meetings", "states", "sources")
    }
    # 23 fields of work; 16 meetings and conferences; 57 States and the two
    # partner groups; Partnerships, the Chairpersonship, 12 Secretariat
    # entries, 12 field operations, the Parliamentary Assembly and the Court.
    assert counted == {"fields": 23, "meetings": 16, "states": 59, "sources": 28}
    assert {item for _, item in items} >= NAVIGATION


@pytest.mark.parametrize(("key", "item"), [ki for ki in menu_items() if ki[1] not in NAVIGATION])
def test_every_item_osce_org_lists_is_accepted_as_shown(key: str, item: str) -> None:
    values = {"type": "Press release", "sources": "OSCE Secretariat", "fields": "Elections"}
    values[key] = item
    release = (
        "---\n"
        "title: A release tagged with one item of each menu\n"
        "date: 2025-06-02\n"
        f"type: {values['type']}\n"
        "place: Vienna\n"
        f"sources: ['{values['sources']}']\n"
        f"fields: ['{values['fields']}']\n"
        + (f"{key}: ['{item}']\n" if key in ("states", "meetings") else "")
        + "---\nVIENNA, 2 June 2025 – Text.\n"
    )
    checker = Checker(Settings(Config()))
    found = checker.check_bytes(release.encode(), "r.md", "r.md").diagnostics
    assert [d for d in found if d.severity is Severity.ERROR] == []
    (match, *_) = load_vocabulary().lookup(KEY_FACETS[key], item)
    if match.term.label == item or (match.form == item and match.kind is MatchKind.VARIANT):
        assert found == ()  # kept as written
    else:
        # The menus leave out the "OSCE" of osce.org's tags: "Mission in Kosovo".
        assert match.term.label == f"OSCE {item}"
        assert [(d.code, d.suggestions) for d in found] == [("V102", (f"OSCE {item}",))]


@pytest.mark.parametrize(
    "item", ["Czechia", "Mediterranean Partners", "Asian Partners for Co-operation"]
)
def test_the_newest_menu_forms_are_kept_as_written(item: str) -> None:
    # osce.org's newest menu (fact sheet, menu variant C) writes these.
    release = (
        "---\ntitle: A release\ndate: 2025-06-02\ntype: Press release\nplace: Vienna\n"
        f"sources: [OSCE Secretariat]\nfields: [Elections]\nstates: ['{item}']\n"
        "---\nVIENNA, 2 June 2025 – Text.\n"
    )
    checker = Checker(Settings(Config()))
    assert checker.check_bytes(release.encode(), "r.md", "r.md").diagnostics == ()
