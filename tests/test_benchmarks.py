"""The benchmark corpus is what it claims: valid releases, and defects where asked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO, run_osce


def generate(folder: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus.py"), str(folder), *args],
        check=True,
        capture_output=True,
    )


def test_corpus_is_valid_and_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", "--count", "40")
    generate(tmp_path / "b", "--count", "40")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert len(files) == 40
    for relative in files:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()
    result = run_osce("validate", "a", cwd=tmp_path)
    assert (result.returncode, result.stdout.decode()) == (
        0,
        "Checked 40 files: no problems found.\n",
    )


def test_corpus_with_defects_fails_validation(tmp_path: Path) -> None:
    generate(tmp_path / "c", "--count", "40", "--defects", "0.1")
    result = run_osce("validate", "c", cwd=tmp_path)
    assert result.returncode == 1
