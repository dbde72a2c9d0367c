"""The README stays true: its commands, its rule table, its JSON example."""

from __future__ import annotations

import json
import re

from osce_cli.rules.registry import ALL_RULES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands() -> None:
    assert (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/osce validate examples/"
        in README
    )
    test_command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
    assert test_command in README
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_lists_every_rule_with_its_name() -> None:
    rows = dict(re.findall(r"^\| ([A-Z]\d{3}) \| ([a-z0-9-]+) \|", README, re.MULTILINE))
    assert rows == {rule.code: rule.name for rule in ALL_RULES}


def test_readme_json_example_has_the_report_keys() -> None:
    block = README.split("`json`: a stable report, version 1:", 1)[1].split("```json", 1)[1]
    example = json.loads(block.split("```", 1)[0])
    assert list(example) == ["version", "files_checked", "summary", "diagnostics", "notes"]
    assert list(example["diagnostics"][0]) == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
        "suggestions",
        "json_path",
        "fixable",
    ]


def test_pre_commit_manifest_names_the_hook() -> None:
    manifest = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: osce-validate" in manifest
    assert "entry: osce validate --force-exclude" in manifest


def test_readme_configuration_example_shows_every_key() -> None:
    from osce_cli.config import KNOWN_KEYS

    block = README.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    shown = set(re.findall(r"^([a-z-]+) = ", block, re.MULTILINE))
    shown |= set(re.findall(r"^\[tool\.osce\.([a-z-]+)\]$", block, re.MULTILINE))
    assert shown == set(KNOWN_KEYS)
