"""The rules are documented, consistently coded, and each one is tested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from osce_cli.config import DEFAULT_SOURCE_GRACE_DAYS
from osce_cli.frontmatter.document import load_document
from osce_cli.frontmatter.source import decode
from osce_cli.rules.registry import ALL_RULES, BY_CODE, FAMILIES, Context
from osce_cli.vocabulary.terms import load_vocabulary

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


def _whole_files() -> list[str]:
    """Every example and test release, broken and hostile ones included."""
    from tests.cli.test_app import BROKEN
    from tests.conftest import EXAMPLES, VALID
    from tests.validate.test_fixes import COMMENTED

    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.rglob("*.md"))]
    texts += [VALID, BROKEN, COMMENTED, "", "no front matter\n", "---\ntitle: x\n", "\x00"]
    texts += [VALID.replace("date: 2007-11-18", "date: 18 November 2007")]
    texts += [VALID.replace("type: Press release", "type: [1, 2]\nextra: 1")]
    return texts


def test_every_finding_of_reading_and_shape_has_a_relayed_rule() -> None:
    # Reading a file and checking its shape make findings that the checker
    # reports under relayed rules (rules without a check of their own): a
    # code without such a rule would be dropped unseen.
    relayed = {rule.code for rule in ALL_RULES if rule.check is None}
    assert len(relayed) == 22
    vocabulary = load_vocabulary()
    made = set()
    for text in _whole_files():
        document = load_document("r.md", decode(text.encode()))
        context = Context(document, lambda: vocabulary, DEFAULT_SOURCE_GRACE_DAYS)
        made.update(context.findings_by_code)
    assert made <= relayed
    assert {"F002", "M101", "M103", "F101", "F103"} <= made  # both kinds were made
