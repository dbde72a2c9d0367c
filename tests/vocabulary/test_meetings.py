"""The `meetings` key: osce.org's "Meetings and conferences", from front matter to export."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from osce_cli.cli.completion import completer
from tests.conftest import REPO, diagnostics, messages, run_osce

RELEASE = """\
---
title: Ministers meet in Basel
date: 2014-12-04
type: Press release
place: Basel
sources: [Ministerial Council]
fields: [Conflict prevention and resolution]
meetings:
  - Ministerial Council meetings
---
BASEL, 4 December 2014 – Foreign ministers met today.
"""


def with_meetings(*labels: str) -> str:
    listed = "".join(f"  - {label}\n" for label in labels)
    return RELEASE.replace("  - Ministerial Council meetings\n", listed)


def test_a_meeting_label_is_accepted_as_written() -> None:
    assert diagnostics(RELEASE) == []
    # The older menu's label of the gender equality conferences is osce.org's too.
    assert diagnostics(with_meetings("Gender Equality Review Conferences")) == []


def test_an_unknown_meeting_is_an_error_with_the_labels_it_may_mean() -> None:
    text = with_meetings("Ministerial Councel meetings")
    assert [(d.line, d.column, d.code) for d in diagnostics(text)] == [(9, 5, "V101")]
    assert messages(text, "V101") == [
        "'Ministerial Councel meetings' is not a known meeting or conference "
        "(did you mean 'Ministerial Council meetings'?)"
    ]


def test_an_alias_gets_the_preferred_label_and_the_fix_writes_it(tmp_path: Path) -> None:
    text = with_meetings("AIAM")
    (warning,) = diagnostics(text)
    assert (warning.code, warning.suggestions, warning.fixable) == (
        "V102",
        ("Annual Implementation Assessment Meetings",),
        True,
    )
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    result = run_osce("validate", "--fix", "--isolated", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "  - Annual Implementation Assessment Meetings\n" in path.read_text(encoding="utf-8")


def test_partnerships_belong_under_sources_not_meetings() -> None:
    # osce.org links "Partnerships" from its meetings menu, but tags releases
    # with it as with a structure: one term, under `sources`.
    text = with_meetings("Partnerships")
    assert messages(text, "V101") == [
        "'Partnerships' is an OSCE structure, institution or field operation (sources), "
        "not a meeting or conference"
    ]


def test_a_repeated_meeting_and_an_empty_list_are_reported_as_for_other_lists() -> None:
    twice = with_meetings("Review Conferences", "Review Conference")
    assert messages(twice, "M105") == [
        "'Review Conference' and 'Review Conferences' in 'meetings' name the same term"
    ]
    empty = RELEASE.replace("meetings:\n  - Ministerial Council meetings\n", "meetings:\n")
    assert messages(empty, "M104") == [
        "'meetings' has no value: write 'meetings: []' or remove the key"
    ]


def test_new_release_takes_meetings_from_the_flag_and_refuses_unknown_ones(
    tmp_path: Path,
) -> None:
    flags = (
        "new", "release", "--no-input", "--stdout", "--title", "Ministers meet in Basel",
        "--date", "2014-12-04", "--place", "Basel", "--source", "Ministerial Council",
        "--field", "Conflict prevention and resolution",
    )  # fmt: skip
    written = run_osce(
        *flags, "--meeting", "EEF", "--meeting", "Human rights meetings", cwd=tmp_path
    )
    assert written.returncode == 0, written.stderr
    assert (
        "fields:\n  - Conflict prevention and resolution\n"
        "meetings:\n  - Economic and Environmental Forum\n  - Human rights meetings\n"
        "language: en\n"
    ) in written.stdout.decode()
    assert b"--meeting: 'EEF' is an alias: using 'Economic and Environmental Forum'" in (
        written.stderr
    )
    refused = run_osce(*flags, "--meeting", "Media conferense", cwd=tmp_path)
    assert (refused.returncode, refused.stdout) == (2, b"")
    assert refused.stderr.decode() == (
        "osce: error: --meeting: 'Media conferense' is not a known meeting or conference "
        "(did you mean 'Media conferences', 'Review Conferences'?)\n"
    )


def test_meetings_complete_and_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert completer("meetings")("plenary") == [
        ("Plenary meetings of the Permanent Council", "meeting or conference"),
        ("Plenary Meetings of the Forum for Security Co-operation", "meeting or conference"),
    ]
    listed = run_osce("vocab", "meetings", "--format", "json", cwd=tmp_path)
    terms = json.loads(listed.stdout)
    assert len(terms) == 16
    assert {term["key"] for term in terms} == {"meetings"}
    assert "Partnerships" not in {term["label"] for term in terms}


def test_meetings_are_exported_in_every_format(tmp_path: Path) -> None:
    source = tmp_path / "basel.md"
    source.write_text(with_meetings("Ministerial Council meetings", "EEF"), encoding="utf-8")
    exported = json.loads(run_osce("export", str(source), "-f", "json", cwd=tmp_path).stdout)
    jsonschema.validate(exported, json.loads((REPO / "schemas" / "export.schema.json").read_text()))
    (as_json,) = exported
    assert as_json["meetings"] == [
        {"id": "ministerial-council-meetings", "label": "Ministerial Council meetings"},
        {"id": "economic-and-environmental-forum", "label": "Economic and Environmental Forum"},
    ]
    text = run_osce("export", str(source), "-f", "text", cwd=tmp_path).stdout.decode()
    assert (
        "Meetings and conferences: Ministerial Council meetings; Economic and\n"
        "  Environmental Forum\n"
    ) in text
    html = run_osce("export", str(source), "-f", "html", cwd=tmp_path).stdout.decode()
    assert (
        "<dt>Meetings and conferences</dt>\n"
        "<dd>Ministerial Council meetings, Economic and Environmental Forum</dd>\n"
    ) in html
