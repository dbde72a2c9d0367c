"""Random input never breaks the validator: every result is a clean, well-formed report."""

from __future__ import annotations

import io
import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_cli.config import Config
from osce_cli.format.keys import RELEASE_KEYS
from osce_cli.frontmatter.document import load_document
from osce_cli.frontmatter.source import decode
from osce_cli.report.diagnostics import Report, Severity
from osce_cli.report.formatters import get_formatter
from osce_cli.report.options import OutputOptions
from osce_cli.rules.registry import BY_CODE
from osce_cli.validate.checker import Checker, Settings
from tests.conftest import VALID

CHECKER = Checker(Settings(config=Config(), select=("ALL",)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_clean_result(data: bytes) -> None:
    """Checking never raises, and every diagnostic points inside the file."""
    result = CHECKER.check_bytes(data, "random.md", "random.md")
    document = load_document("random.md", decode(data))
    lines = document.index.line_count
    for diagnostic in result.diagnostics:
        assert diagnostic.code in BY_CODE
        assert diagnostic.name == BY_CODE[diagnostic.code].name
        assert isinstance(diagnostic.severity, Severity)
        assert diagnostic.message.strip()
        assert 1 <= diagnostic.line <= lines
        assert 1 <= diagnostic.end_line <= lines
        assert diagnostic.column >= 1
        assert (diagnostic.end_line, diagnostic.end_column) >= (diagnostic.line, diagnostic.column)
        if diagnostic.fix is not None:
            for edit in diagnostic.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(document.text)
    report = Report(files=[result])
    for name in ("json", "sarif", "github", "text"):
        stream = io.StringIO()
        get_formatter(name)(report, stream, OutputOptions())
        if name in ("json", "sarif"):
            json.loads(stream.getvalue())
    assert report.exit_code() in (0, 1)


@SETTINGS
@given(st.text())
def test_random_text(text: str) -> None:
    assert_clean_result(text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.binary())
def test_random_bytes(data: bytes) -> None:
    assert_clean_result(data)


@SETTINGS
@given(st.text(), st.text())
def test_random_front_matter_and_body(front_matter: str, body: str) -> None:
    text = f"---\n{front_matter}\n---\n{body}"
    assert_clean_result(text.encode("utf-8", errors="surrogatepass"))


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["2007-11-18", "2007-02-30", "Serbia", "ODIHR", "en"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    ),
    max_leaves=12,
)
keys = st.one_of(st.sampled_from(RELEASE_KEYS), st.text(max_size=12))


@SETTINGS
@given(st.dictionaries(keys, values, max_size=14), st.text(max_size=300))
def test_random_front_matter_mappings(front_matter: dict[str, Any], body: str) -> None:
    dumped = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
    text = f"---\n{dumped}---\n{body}"
    assert_clean_result(text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.data())
def test_random_edits_of_a_valid_release(data: st.DataObject) -> None:
    text = VALID
    for _ in range(data.draw(st.integers(1, 5))):
        position = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:position] + data.draw(st.text(max_size=8)) + text[position:]
        else:
            text = text[:position] + text[position + data.draw(st.integers(1, 6)) :]
    assert_clean_result(text.encode("utf-8", errors="surrogatepass"))
