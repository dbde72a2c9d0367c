"""Linear time on any text.

Every regular expression of `osce_cli` that reads what a user wrote runs
against hostile texts of 40,000 characters, in a few processes of their
own with a hang limit, so that catastrophic backtracking fails the test
instead of hanging the suite (see `tests/linear_patterns.py`). Then
`osce validate` runs on releases whose first line is such a text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import linear_patterns
from tests.conftest import REPO, run_osce

#: Seconds one process may take for its patterns and all the hostile texts:
#: when every run takes milliseconds, as it does in linear time, that is well
#: under a minute; an exponential pattern never ends, and a quadratic one takes
#: hours (each run is also stopped after `linear_patterns.ONE_TEXT_LIMIT`).
HANG_LIMIT = 300

#: The source is read once, for the patterns to run and for the test of how they are made.
SOURCE = linear_patterns.Source()
PATTERNS = linear_patterns.patterns(SOURCE)
EVERY = (linear_patterns.EVERY_POSITION,)


def test_every_pattern_is_a_constant_or_made_by_a_reviewed_builder() -> None:
    source = SOURCE
    assert source.problems == []
    assert len(source.constants) >= 30  # the source was read


def test_every_builder_gives_its_patterns() -> None:
    # A new builder must say here how its patterns are found (in `_built`).
    import ast

    assert set(linear_patterns.BUILDERS) - set(linear_patterns.EXEMPT) == {
        "osce_cli.format.dateline._Lazy.get",
        "osce_cli.format.shape.matching",
        "osce_cli.rules.b_body._name_pattern",
    }
    lazy = [name for name in PATTERNS if name.startswith("osce_cli.format.dateline._")]
    assert len(lazy) == 6  # five dateline forms and the old page header
    shape_source = (REPO / "src" / "osce_cli" / "format" / "shape.py").read_text("utf-8")
    made = sum(
        1
        for node in ast.walk(ast.parse(shape_source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "matching"
    )
    assert (
        len([name for name in PATTERNS if name.startswith("osce_cli.format.shape.")]) == made == 3
    )
    assert len([name for name in PATTERNS if "_name_pattern(" in name]) == 2


def test_only_the_reviewed_builders_are_exempt() -> None:
    assert linear_patterns.EXEMPT == {
        "osce_cli.validate.patterns._compile": (
            "exempt: gitignore-like patterns from the project's own configuration, matched "
            "against file paths; they never read release text"
        )
    }


def test_no_pattern_needs_python_311() -> None:
    # Possessive quantifiers and atomic groups came with Python 3.11; the
    # project supports 3.10, where such a pattern does not even compile.
    import re

    parser = getattr(re, "_parser", None)
    if parser is None:  # Python 3.10: every pattern compiled on import
        return
    newer = {"POSSESSIVE_REPEAT", "POSSESSIVE_REPEAT_ONE", "ATOMIC_GROUP"}

    def opcodes(parsed: Any) -> Iterator[str]:
        if hasattr(parsed, "data"):  # a parsed (sub)pattern: (opcode, argument) pairs
            for opcode, argument in parsed.data:
                yield str(opcode)
                yield from opcodes(argument)
        elif isinstance(parsed, tuple | list):
            for part in parsed:
                yield from opcodes(part)

    for name in PATTERNS:
        pattern = linear_patterns.resolve(name)
        used = set(opcodes(parser.parse(pattern.pattern, pattern.flags))) & newer
        assert not used, f"{name} uses {sorted(used)}"


def test_the_source_reader_finds_how_a_pattern_is_used() -> None:
    # Dateline patterns are tried at the start of a line; the ones that scan a
    # text (or are passed on) are tried at every position.
    assert PATTERNS["osce_cli.format.dateline._STANDARD"] == ("match",)
    assert PATTERNS["osce_cli.frontmatter.lines._LINE"] == ("match",)
    assert PATTERNS["osce_cli.rules.b_body._CODE_OR_URL"] == ("every position",)
    assert PATTERNS["osce_cli.frontmatter.positions._LINE_BREAK"] == (
        "every position",
    )  # passed on
    assert PATTERNS["osce_cli.format.shape.email"] == ("fullmatch",)
    assert "osce_cli.rules.b_body._name_pattern('Turkey')" in PATTERNS


def run_worker(wanted: dict[str, tuple[str, ...]], *limit: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "tests.linear_patterns", json.dumps(wanted)]
    command += [str(seconds) for seconds in limit]
    try:
        result = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=HANG_LIMIT, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{sorted(wanted)} did not finish the hostile texts in {HANG_LIMIT} s")
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_a_pattern_that_backtracks_is_stopped_and_reported() -> None:
    # The e-mail pattern before it was rewritten: two ways to split the
    # domain at each dot, quadratic time.
    # The stop is the same at any limit; a short one spares the suite the wait.
    name = r"pattern:[^@\s]+@[^@\s]+\.[^@\s]+"
    report = run_worker({name: ("fullmatch",)}, 1.0)[name]
    seconds, method, text = report["slowest"][0]
    assert (seconds, method) == (1.0, "fullmatch")
    assert text.startswith("a@b")
    # Stopped there: no text after it was tried.
    assert report["runs"] == report["texts"] < sum(1 for _ in linear_patterns.hostile_texts())


#: The patterns in groups, each timed by one process: a hang stops only its
#: group, and the groups can run side by side, short enough that the last one
#: does not keep the run waiting.
GROUPS = 8


@pytest.mark.slow
@pytest.mark.parametrize("group", range(GROUPS))
def test_patterns_run_in_linear_time(group: int) -> None:
    names = sorted(PATTERNS)[group::GROUPS]
    reports = run_worker({name: PATTERNS[name] for name in names})
    assert sorted(reports) == names
    for name, report in reports.items():
        seconds, method, text = report["slowest"][0]
        assert seconds < linear_patterns.ONE_TEXT_LIMIT, (
            f"{name}.{method} took over {seconds:.1f} s on {text!r}..."
        )
        assert report["runs"] == report["texts"] * len(PATTERNS[name])
        assert report["texts"] >= (250 if PATTERNS[name] == EVERY else 550)


#: First lines of a body that stalled the dateline reader, and more like them.
HOSTILE_FIRST_LINES = {
    "initials": "A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T.U.V.W.X" + ".X" * 40,
    "colons": "AAAAAAAAAAA: " * 24,
    "places": "A.A A-A/A " * 24,
    "long initials": "A." * 50_000,
    "long colons": "AAAAAAAAAAA: " * 7_700,
    "long sentences": "AAAAAAAAAAA. " * 7_700,
    "long places": "A.A A-A/A " * 10_000,
    "a notice then words": "PLEASE FIND BELOW THE CORRECT VERSION. " + "VIENNA " * 14_000,
    "letters": "A" * 100_000,
    "slashes": "A/" * 50_000,
    "spaced slashes": "A / " * 25_000,
    "emphasis": "**A**" * 20_000,
    "apostrophes": "A'" * 50_000,
}

HEAD = (
    "---\ntitle: OSCE Mission in Kosovo welcomes new law\ndate: 2012-04-13\n"
    "type: Press release\nplace: Pristina\nsources:\n  - OSCE Mission in Kosovo\n"
    "fields:\n  - Elections\nlanguage: en\n---\n"
)


def test_validate_reports_hostile_first_lines(tmp_path: Path) -> None:
    for name, line in HOSTILE_FIRST_LINES.items():
        (tmp_path / f"{name.replace(' ', '-')}.md").write_text(HEAD + line + "\n", "utf-8")
    result = run_osce("validate", "--isolated", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["files_checked"] == len(HOSTILE_FIRST_LINES)
    found = {
        (item["path"], item["line"], item["column"], item["code"], item["message"])
        for item in report["diagnostics"]
    }
    missing = "the body does not open with a dateline such as 'VIENNA, 5 October 2020 – '"
    expected = {
        (f"./{name.replace(' ', '-')}.md", 12, 1, "D101", missing)
        for name in HOSTILE_FIRST_LINES
        if "places" not in name
    }
    # "A.A A-A/A ...": places before a hyphen read as a dateline in capitals
    # without a date (as 'SARAJEVO – ' does), as many as a dateline may
    # name: eight, the eighth 'A A.A A'. None of them is the front matter's place.
    places = "A.A A-A/" + "A A.A A-A/" * 6 + "A A.A A"
    wrong_place = (
        f"dateline place '{places}' does not match the front matter place 'Pristina' "
        "(expected 'PRISTINA')"
    )
    expected |= {
        ("./places.md", 12, 1, "D102", wrong_place),
        ("./long-places.md", 12, 1, "D102", wrong_place),
    }
    assert found == expected


def test_the_reported_first_lines_in_the_text_report(tmp_path: Path) -> None:
    lines = {name: HOSTILE_FIRST_LINES[name] for name in ("initials", "colons")}
    for name, line in lines.items():
        (tmp_path / f"{name}.md").write_text(HEAD + line + "\n", "utf-8")
    result = run_osce("validate", "--isolated", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 1
    output = result.stdout.decode()
    for name in lines:
        assert (
            f"./{name}.md:12:1: error: D101 the body does not open with a dateline such as "
            "'VIENNA, 5 October 2020 – '\n"
        ) in output
    assert output.endswith("Checked 2 files: 2 errors, 0 warnings, 0 infos.\n")
