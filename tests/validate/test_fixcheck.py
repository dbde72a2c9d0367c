"""The check after fixing: only the fixed values may read differently."""

from __future__ import annotations

import pytest

from osce_cli.report.diagnostics import Edit
from osce_cli.validate.fixcheck import Readings
from osce_cli.validate.fixes import apply_edits

TEXT = """\
---
title: Vienna talks  # a comment
date: 2007-11-18
sources: [ODIHR, OSCE Chairpersonship]
states:
  - RS
  - Serbia
---
VIENNA, 18 November 2007 - Talks.
"""


def edit(old: str, new: str, value: str | None = None, *, nth: int = 0) -> Edit:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(old, start + 1)
    return Edit(start, start + len(old), new, value)


def holds(*edits: Edit) -> bool:
    return Readings().keeps_meaning(TEXT, apply_edits(TEXT, list(edits)), edits)


LABEL = "OSCE Office for Democratic Institutions and Human Rights"


@pytest.mark.parametrize(
    "edits",
    [
        # A value written as its new text, plain or quoted.
        [edit("ODIHR", LABEL, LABEL)],
        [edit("ODIHR", f"'{LABEL}'", LABEL)],
        [edit("RS", "Serbia", "Serbia")],
        # An item taken away whole, with its line.
        [edit("  - Serbia\n", "")],
        [edit(", OSCE Chairpersonship", "")],
        # The body, and a comment, which no reader gives a value.
        [edit("Talks.", "Talks held.")],
        [edit("# a comment", "# another")],
        [edit("ODIHR", LABEL, LABEL), edit("  - Serbia\n", ""), edit("2007 - ", "2007 – ")],
    ],
)
def test_what_an_edit_means_to_do_holds(edits: list[Edit]) -> None:
    assert holds(*edits)


@pytest.mark.parametrize(
    "edits",
    [
        # Read back as two values, or as something else than meant.
        [edit("ODIHR", "Office, Vienna", "Office, Vienna")],
        [edit("ODIHR", "null", "null")],
        [edit("RS", "Serbia: Belgrade", "Serbia: Belgrade")],
        [edit("RS", "'Serbia'", "Serbia ")],
        # A plain value that swallows or starts a comment.
        [edit("Vienna talks", "Vienna #1 talks", "Vienna #1 talks")],
        # A value meant for a place where there is none.
        [edit("# a comment", "# x", "x")],
        [edit("2007-11-18\nsources", "2007-11-19\nsources", "2007-11-19")],
        # Half a value taken away, or a key without its value.
        [edit("Chairpersonship", "")],
        [edit("title:", "")],
        # The front matter ends elsewhere, or not at all.
        [edit("---\nVIENNA", "...\nVIENNA")],
        [edit("  - Serbia\n---", "  - Serbia\n--- x")],
        [edit("date", "---\ndate")],
        # Another value changes with the one fixed.
        [edit("RS", "Serbia\n  - RS", "Serbia")],
    ],
)
def test_anything_else_does_not(edits: list[Edit]) -> None:
    assert not holds(*edits)


def test_a_file_without_front_matter_must_stay_so() -> None:
    text = "No front matter.\n"
    fixed = "---\na: b\n---\nNo front matter.\n"
    assert not Readings().keeps_meaning(text, fixed, [Edit(0, 0, "---\na: b\n---\n")])
    assert Readings().keeps_meaning(text, "No front matter!\n", [Edit(15, 16, "!")])
