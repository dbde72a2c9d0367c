"""The bundled examples: the valid ones are clean, the broken ones say exactly what is wrong.

Each ``examples/invalid/NAME.md`` has a ``NAME.expected`` file with one line
per diagnostic: ``line:column-end_line:end_column severity CODE message``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO, diagnostics, run_osce

VALID_EXAMPLES = sorted(p for p in EXAMPLES.rglob("*.md") if "invalid" not in p.parts)
INVALID_EXAMPLES = sorted((EXAMPLES / "invalid").glob("*.md"))


def test_there_are_enough_examples() -> None:
    assert len(VALID_EXAMPLES) >= 6
    assert len(INVALID_EXAMPLES) >= 6


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name[:40])
def test_valid_example_has_no_finding_at_all(path: Path) -> None:
    found = [(d.line, d.code, d.message) for d in diagnostics(path.read_bytes())]
    assert found == []


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name[:40])
def test_valid_example_is_in_the_archive_layout(path: Path) -> None:
    year = path.parent.name
    assert path.name.startswith(year + "-")
    text = path.read_text(encoding="utf-8")
    assert f"date: {path.name[:10]}" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("path", INVALID_EXAMPLES, ids=lambda p: p.name)
def test_invalid_example_reports_exactly_what_is_expected(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    actual = [
        f"{d.line}:{d.column}-{d.end_line}:{d.end_column} {d.severity.label} {d.code} {d.message}"
        for d in diagnostics(path.read_bytes(), select=None)
    ]
    assert actual == expected


def test_cli_on_the_examples_folder_is_clean() -> None:
    result = run_osce("validate", "examples/", cwd=REPO)
    assert result.returncode == 0, result.stdout.decode()
    assert result.stdout.decode() == f"Checked {len(VALID_EXAMPLES)} files: no problems found.\n"
    assert result.stderr == b""


def test_cli_on_the_broken_examples_fails_with_their_diagnostics() -> None:
    # Excluded from the project's releases, they are checked when named.
    named = [f"examples/invalid/{p.name}" for p in INVALID_EXAMPLES]
    result = run_osce("validate", *named, "--format", "json", cwd=REPO)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["files_checked"] == len(INVALID_EXAMPLES)
    expected_lines = sum(
        len(p.with_suffix(".expected").read_text(encoding="utf-8").splitlines())
        for p in INVALID_EXAMPLES
    )
    assert len(report["diagnostics"]) == expected_lines
    assert {d["path"] for d in report["diagnostics"]} == {
        f"examples/invalid/{p.name}" for p in INVALID_EXAMPLES
    }


def test_hostile_example_never_runs_its_payload(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    hostile = (EXAMPLES / "invalid" / "hostile-yaml.md").read_text(encoding="utf-8")
    release = tmp_path / "release.md"
    release.write_text(hostile.replace("echo this must never run", f"touch {marker}"), "utf-8")
    result = run_osce("validate", str(release), "--isolated")
    assert result.returncode == 1
    assert not marker.exists()
