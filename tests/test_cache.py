"""The result cache: unchanged files are not checked again, and nothing stale is ever shown."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from osce_cli import api
from osce_cli.engine import Checker

from .conftest import VALID, run_osce

BROKEN = VALID.replace("  - Serbia", "  - Serbija")


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for n in range(5):
        (tmp_path / f"r{n}.md").write_text(VALID if n else BROKEN, encoding="utf-8")
    return tmp_path


def run(monkeypatch: pytest.MonkeyPatch, *, cache: bool = True) -> tuple[int, str, int]:
    """(exit code, report, files actually checked) of one in-process run."""
    checked: list[str] = []
    original = Checker.check_bytes

    def counting(self: Checker, data: bytes, display: str, relative: str | None):  # type: ignore[no-untyped-def]
        checked.append(display)
        return original(self, data, display, relative)

    monkeypatch.setattr(Checker, "check_bytes", counting)
    out = io.StringIO()
    code = api.validate(api.ValidateOptions(paths=(".",), cache=cache), out)
    monkeypatch.setattr(Checker, "check_bytes", original)
    return code, out.getvalue(), len(checked)


def test_second_run_checks_nothing_and_reports_the_same(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(monkeypatch)
    assert first[0] == 1 and first[2] == 5
    second = run(monkeypatch)
    assert second == (first[0], first[1], 0)
    assert (
        (archive / ".osce_cache" / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_a_changed_file_is_checked_again(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(monkeypatch)
    (archive / "r0.md").write_text(VALID, encoding="utf-8")
    code, report, checked = run(monkeypatch)
    assert (code, checked) == (0, 1)
    assert report == "Checked 5 files: no problems found.\n"


def test_configuration_changes_are_never_served_stale(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(monkeypatch)
    (archive / "osce.toml").write_text('ignore = ["V101"]\n', encoding="utf-8")
    code, _, checked = run(monkeypatch)
    assert (code, checked) == (0, 5)
    (archive / "osce.toml").write_text('[severity]\nV101 = "warning"\n', encoding="utf-8")
    assert run(monkeypatch)[:1] == (0,)
    (archive / "osce.toml").write_text('[per-file-ignores]\n"r0.md" = ["V"]\n', encoding="utf-8")
    assert run(monkeypatch)[0] == 0


def test_project_vocabulary_changes_invalidate_the_cache(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vocabulary = archive / "vocab.yaml"
    vocabulary.write_text("facet: states\nterms: []\n", encoding="utf-8")
    (archive / "osce.toml").write_text('vocabulary = ["vocab.yaml"]\n', encoding="utf-8")
    assert run(monkeypatch)[0] == 1
    vocabulary.write_text(
        "facet: states\nterms:\n  - id: serbia\n    aliases: [Serbija]\n", encoding="utf-8"
    )
    code, _, checked = run(monkeypatch)
    assert (code, checked) == (0, 5)


def test_no_cache(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(monkeypatch, cache=False)[2] == 5
    assert run(monkeypatch, cache=False)[2] == 5
    assert not (archive / ".osce_cache").exists()


def test_a_corrupt_cache_is_replaced(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(monkeypatch)
    (archive / ".osce_cache" / "results-v1.sqlite").write_bytes(b"not a database" * 100)
    for path in (archive / ".osce_cache").glob("results-v1.sqlite-*"):
        path.unlink()
    assert run(monkeypatch)[:2] == first[:2]
    assert run(monkeypatch)[2] == 0


def test_an_unwritable_cache_folder_is_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(VALID, encoding="utf-8")
    (tmp_path / ".osce_cache").write_text("a file where the folder should be", encoding="utf-8")
    result = run_osce("validate", "r.md", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"Checked 1 file: no problems found.\n")


def test_concurrent_runs_agree(tmp_path: Path) -> None:
    for n in range(30):
        (tmp_path / f"r{n:02}.md").write_text(BROKEN if n % 7 == 0 else VALID, encoding="utf-8")
    command = [sys.executable, "-m", "osce_cli", "validate", "--format", "json", "."]
    processes = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert {process.returncode for process in processes} == {1}
    assert len({stdout for stdout, _ in outputs}) == 1
    assert all(stderr == b"" for _, stderr in outputs)
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, check=False)
    assert again.stdout == outputs[0][0]
