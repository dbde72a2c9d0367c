"""Plain records compare, hash, order and pickle as the dataclasses they replaced did."""

from __future__ import annotations

import pickle

from osce_cli.config import Config
from osce_cli.frontmatter.nodes import Mapping, Scalar, Sequence
from osce_cli.report.diagnostics import Diagnostic, Report, Severity
from osce_cli.validate.checker import Settings


def _diagnostic(
    line: int,
    code: str,
    message: str = "m",
    severity: Severity = Severity.ERROR,
    **extra: object,
) -> Diagnostic:
    return Diagnostic("r.md", line, 1, line, 4, code, "name", severity, message, **extra)  # type: ignore[arg-type]


def test_diagnostics_order_and_compare_by_place_and_code_only() -> None:
    first, second = _diagnostic(2, "M101"), _diagnostic(2, "M102")
    later = _diagnostic(3, "F001")
    assert sorted([later, second, first]) == [first, second, later]
    assert first < second < later and later > first and first <= first and later >= second
    same_place = _diagnostic(2, "M101", "another message", severity=Severity.WARNING)
    assert first == same_place and hash(first) == hash(same_place)
    assert first != second and first != "M101"
    assert len({first, same_place, second}) == 2


def test_records_survive_pickling_between_processes() -> None:
    diagnostic = _diagnostic(2, "M101", suggestions=("x",), json_path="$.title")
    copy = pickle.loads(pickle.dumps(diagnostic))
    assert copy == diagnostic
    assert (copy.message, copy.suggestions, copy.json_path, copy.severity) == (
        "m",
        ("x",),
        "$.title",
        Severity.ERROR,
    )
    report = Report(errors=["x: no such file"], clean=3)
    assert pickle.loads(pickle.dumps(report)) == report


def test_settings_and_config_are_values() -> None:
    assert Settings() == Settings(Config())
    assert hash(Settings(select=("M",))) == hash(Settings(select=("M",)))
    assert Settings(select=("M",)) != Settings(select=("V",))
    assert Config().root.is_absolute()
    assert "select=('M',)" in repr(Settings(select=("M",)))


def test_nodes_compare_by_content_and_are_not_hashable() -> None:
    key, value = Scalar(0, 5, "title"), Scalar(7, 9, "x", None, "x")
    mapping, other = Mapping(0, 9), Mapping(0, 9)
    mapping.add(key, value)
    other.add(Scalar(0, 5, "title"), Scalar(7, 9, "x", None, "x"))
    assert mapping == other and mapping.get("title") == (key, value)
    assert Sequence(0, 1) != Mapping(0, 1)
    assert Scalar(0, 1, "a") != Scalar(0, 1, "b")
    try:
        hash(key)
    except TypeError:
        pass
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a mutable node must not be hashable")


def test_records_are_named_tuples_or_records_never_dataclasses() -> None:
    # One style (see support/records.py): importing dataclasses would cost
    # the start-up of every run, and a third style would come back with it.
    from tests.conftest import REPO

    sources = sorted((REPO / "src" / "osce_cli").rglob("*.py"))
    assert sources
    using = [
        path.name
        for path in sources
        if "import dataclass" in (text := path.read_text("utf-8")) or "from dataclasses" in text
    ]
    assert using == []
