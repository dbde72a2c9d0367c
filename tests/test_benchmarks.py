"""The benchmark corpus is what it claims: valid releases, and defects where asked."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO, run_osce


def generate(folder: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus.py"), str(folder), *args],
        check=True,
        capture_output=True,
    )


def test_corpus_is_valid_and_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "releases" / "a", tmp_path / "releases" / "b"
    generate(a, "--count", "40")
    generate(b, "--count", "40")
    files = sorted(p.relative_to(a) for p in a.rglob("*.md"))
    assert len(files) == 40
    for relative in files:
        assert (a / relative).read_bytes() == (b / relative).read_bytes()
    result = run_osce("validate", "releases/a", cwd=tmp_path)
    assert (result.returncode, result.stdout.decode()) == (
        0,
        "Checked 40 files: no problems found.\n",
    )


def test_translations_sit_beside_originals_that_stay_the_same(tmp_path: Path) -> None:
    plain, translated = tmp_path / "releases" / "plain", tmp_path / "releases" / "translated"
    generate(plain, "--count", "40")
    generate(translated, "--count", "40", "--translations", "0.3")
    russian = sorted(p.relative_to(translated) for p in translated.rglob("*.ru.md"))
    assert len(russian) == 12
    for relative in sorted(p.relative_to(plain) for p in plain.rglob("*.md")):
        assert (plain / relative).read_bytes() == (translated / relative).read_bytes()
    assert all((translated / r.with_suffix("").with_suffix(".md")).exists() for r in russian)
    assert "\nlanguage: ru\n" in (translated / russian[0]).read_text("utf-8")
    result = run_osce("validate", "releases/translated", cwd=tmp_path)
    assert (result.returncode, result.stdout.decode()) == (
        0,
        "Checked 52 files: no problems found.\n",
    )


def test_corpus_with_defects_fails_validation(tmp_path: Path) -> None:
    generate(tmp_path / "releases" / "c", "--count", "40", "--defects", "0.1")
    result = run_osce("validate", "releases/c", cwd=tmp_path)
    assert result.returncode == 1


def _harness(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # As when run as a script: its folder is on the path (it imports corpus.py).
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_run", module)  # dataclasses look it up by name
    spec.loader.exec_module(module)
    return module


def test_export_case_starts_each_run_from_a_missing_folder_and_deletes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _harness(monkeypatch)
    corpus = run.Corpus(10, tmp_path / "v", tmp_path / "f", tmp_path / "d", tmp_path / "e", [], 0)
    (case,) = [c for c in run.size_cases(corpus, tmp_path) if c.key == "export-html-10"]
    assert case.before_each is not None
    out = tmp_path / "export-out"
    for page in ("first", "second"):
        case.before_each()
        assert not out.exists()
        (out / "2020").mkdir(parents=True)
        (out / "2020" / "page.html").write_text(page)
    case.before_each()
    assert not out.exists()
    kept = sorted(p.read_text() for p in (tmp_path / "spent-exports").rglob("page.html"))
    assert kept == ["first", "second"]


def test_the_first_run_case_starts_from_an_empty_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _harness(monkeypatch)
    corpus = run.Corpus(10, tmp_path / "v", tmp_path / "f", tmp_path / "d", tmp_path / "e", [], 0)
    cases = {c.key: c for c in run.size_cases(corpus, tmp_path)}
    first = cases["validate-first-10"]
    assert first.commands[0][1:] == ["validate", "v"]  # the default command: cache on
    (tmp_path / ".osce_cache").mkdir()
    (tmp_path / ".osce_cache" / "results-v3.sqlite").write_bytes(b"rows")
    assert first.before_each is not None
    first.before_each()
    assert not (tmp_path / ".osce_cache").exists()
    first.before_each()  # nothing to clear: no error
    # Before the case whose warm-up fills the cache again.
    order = list(cases)
    assert order.index("validate-first-10") < order.index("validate-unchanged-10")


def test_the_benchmarks_page_is_a_page_with_targets_and_a_dated_table() -> None:
    """A page, not a journal (the rounds are in git): how to run, the cases,
    the targets, and the latest table with the machine and the commit."""
    page = (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8")
    lines = page.splitlines()
    assert len(lines) <= 300
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Run it",
        "## The corpora",
        "## The cases",
        "## How it measures",
        "## Targets",
        "## Latest full run",
    ]
    latest = page.split("## Latest full run", 1)[1]
    for field in ("- date: ", "- platform: ", "- CPU: ", "- Python: ", "- osce: 0.1.0 (commit "):
        assert field in latest
    assert "| `osce validate`, 10,000 valid files " in latest


def _run_json(path: Path, commit: str, seconds: dict[str, float]) -> Path:
    cases = [
        {"key": key, "label": key, "size": 10 if key.endswith("-10") else None}
        | {"median_seconds": value}
        for key, value in seconds.items()
    ]
    path.write_text(json.dumps({"machine": {"osce": commit}, "cases": cases}), encoding="utf-8")
    return path


def test_compare_marks_the_rows_more_than_a_tenth_slower(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    import compare

    before = _run_json(
        tmp_path / "a.json",
        "0.1.0 (commit aaaaaaa)",
        {"python-pass": 0.010, "floor-10": 1.0, "validate-10": 0.5, "export-html-10": 2.0},
    )
    after = _run_json(
        tmp_path / "b.json",
        "0.1.0 (commit bbbbbbb)",
        {"python-pass": 0.010, "floor-10": 1.0, "validate-10": 0.6, "export-html-10": 2.1},
    )
    assert compare.main([str(before), str(after)]) == 1
    out = capsys.readouterr().out
    assert "| validate-10 | 0.500 | 0.600 | 1.20 (slower) | 50.0× pass, 0.50× floor |" in out
    assert "| export-html-10 | 2.000 | 2.100 | 1.05 | " in out
    assert out.startswith("before: 0.1.0 (commit aaaaaaa)\nafter: 0.1.0 (commit bbbbbbb)\n")
    assert compare.main([str(before), str(before)]) == 0
