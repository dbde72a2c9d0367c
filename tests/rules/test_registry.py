"""The rules are documented, consistently coded, and each one is tested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from osce_cli.rules.registry import ALL_RULES, BY_CODE, FAMILIES

TESTS = Path(__file__).resolve().parents[1]


def test_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names))
    for rule in ALL_RULES:
        assert re.fullmatch(r"[A-Z][0-9]{3}", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name)
        assert rule.family in FAMILIES


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_every_rule_documents_a_failing_and_a_passing_example(rule) -> None:  # type: ignore[no-untyped-def]
    doc = rule.doc
    assert rule.summary and not rule.summary.endswith(".")
    assert re.search(r"^Fails( \(information\))?:$", doc, re.MULTILINE), rule.code
    assert re.search(r"^Passes:$", doc, re.MULTILINE), rule.code
    fails, passes = re.split(r"^Passes:$", doc, flags=re.MULTILINE)
    assert fails.split("Fails", 1)[1].strip(": \n")
    assert passes.strip()


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_every_rule_has_a_test_that_names_it(code: str) -> None:
    sources = [
        path.read_text(encoding="utf-8")
        for path in TESTS.rglob("test_*.py")
        if path.name != "test_registry.py"
    ]
    expected = [
        path.read_text(encoding="utf-8")
        for path in (TESTS.parent / "examples" / "invalid").glob("*.expected")
    ]
    assert any(f'"{code}"' in source for source in sources) or any(
        f" {code} " in text for text in expected
    ), f"no test names {code}"
