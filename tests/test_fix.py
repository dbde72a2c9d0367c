"""`osce validate --fix` and `--diff`: only the fixed spans change, and fixing is final."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_cli.config import Config
from osce_cli.engine import Checker, Settings
from osce_cli.fixer import fix_text
from osce_cli.writer import WriteError, replace_file

from .conftest import EXAMPLES, VALID, run_osce

COMMENTED = """\
---
# A release with comments everywhere: only the fixed values may change.
title: "OSCE Chairmanship and ODIHR welcome reform"   # quoted on purpose
date: 2024-04-02    # the embargo day

type: press release
place: Vienna
sources:   # issuing structures
  - 'ODIHR'          # an alias, in single quotes
  - OSCE Chairmanship  # renamed at the end of 2023
fields: [Elections, elections,  Human rights]   # a flow list with a repeat
states:
  - Türkiye
  - Turkey   # the same State again
# states end here
language: en
---
Vienna, 2 April 2024 - The OSCE Chair-in-Office welcomed today the reform.

Türkiye and the OSCE have worked on it since 2019.
"""

FIXED = """\
---
# A release with comments everywhere: only the fixed values may change.
title: "OSCE Chairmanship and ODIHR welcome reform"   # quoted on purpose
date: 2024-04-02    # the embargo day

type: Press release
place: Vienna
sources:   # issuing structures
  - 'OSCE Office for Democratic Institutions and Human Rights'          # an alias, in single quotes
  - OSCE Chairpersonship  # renamed at the end of 2023
fields: [Elections,  Human rights]   # a flow list with a repeat
states:
  - Türkiye
# states end here
language: en
---
VIENNA, 2 April 2024 – The OSCE Chair-in-Office welcomed today the reform.

Türkiye and the OSCE have worked on it since 2019.
"""

CHECKER = Checker(Settings(config=Config()))


def fixed(text: str, *, unsafe: bool = False) -> str:
    return fix_text(text, CHECKER, "x.md", "x.md", unsafe=unsafe).text


def test_fix_changes_only_the_fixed_spans() -> None:
    assert fixed(COMMENTED) == FIXED


def test_fix_keeps_crlf_line_endings() -> None:
    assert fixed(COMMENTED.replace("\n", "\r\n")) == FIXED.replace("\n", "\r\n")


def test_fix_is_idempotent_on_the_commented_file() -> None:
    assert fixed(FIXED) == FIXED


EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.md"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name[:40])
def test_fix_is_idempotent_on_every_example(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = fixed(text, unsafe=True)
    assert fixed(once, unsafe=True) == once
    assert fixed(fixed(text)) == fixed(text)


MISTAKES = [
    ("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo"),
    ("  - OSCE Mission in Kosovo", "  - osce mission in kosovo"),
    ("  - Serbia", "  - Serbia\n  - serbia"),
    ("  - Serbia", "  - RS"),
    ("  - Elections", "  - elections\n  - Elections"),
    ("type: Press release", "type: PRESS RELEASE"),
    ("  - OSCE Chairpersonship", "  - 'OSCE Chairmanship'"),
    ("language: en", "language: en  # English"),
    ("fields:", "fields:   # work"),
    ("\n---\nPRISTINA", "\n# end\n---\nPRISTINA"),
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MISTAKES), max_size=6), st.text(max_size=20))
def test_fix_is_idempotent_and_leaves_no_safe_fix(
    mistakes: list[tuple[str, str]], noise: str
) -> None:
    text = VALID
    for old, new in mistakes:
        text = text.replace(old, new, 1)
    text += noise
    outcome = fix_text(text, CHECKER, "x.md", "x.md")
    assert fixed(outcome.text) == outcome.text
    assert not [d for d in outcome.result.diagnostics if d.fixable]


def write(folder: Path, name: str, text: str | bytes, mode: int | None = None) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    if mode is not None:
        path.chmod(mode)
    return path


def test_cli_fix_writes_the_file_and_reports_what_is_left(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", COMMENTED, mode=0o640)
    result = run_osce("validate", "--fix", "a.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout.decode()
    assert result.stdout.decode() == "Fixed 6 problems. Checked 1 file: no problems found.\n"
    assert path.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    again = run_osce("validate", "--fix", "a.md", cwd=tmp_path)
    assert (again.returncode, again.stdout.decode()) == (0, "Checked 1 file: no problems found.\n")


def test_cli_fix_keeps_a_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", b"\xef\xbb\xbf" + COMMENTED.encode())
    assert run_osce("validate", "--fix", "a.md", cwd=tmp_path).returncode == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path: Path) -> None:
    text = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
    path = write(tmp_path, "a.md", text)
    result = run_osce("validate", "--diff", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode() == (
        "--- a/a.md\n"
        "+++ b/a.md\n"
        "@@ -5,7 +5,7 @@\n"
        " place: Pristina\n"
        " sources:\n"
        "   - OSCE Chairpersonship\n"
        "-  - OSCE Mission to Kosovo\n"
        "+  - OSCE Mission in Kosovo\n"
        " fields:\n"
        "   - Elections\n"
        " states:\n"
    )
    assert result.stderr.decode() == "osce: 1 fix in 1 file would be applied by --fix\n"
    assert path.read_text(encoding="utf-8") == text


def test_diff_names_the_flags_that_would_apply_unsafe_fixes(tmp_path: Path) -> None:
    # Two files, each with a safe fix (an alias) and a guess (a misspelt State).
    text = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
    for name in ("a.md", "b.md"):
        write(tmp_path, name, text.replace("  - Serbia", "  - Serbija"))
    result = run_osce("validate", "--diff", "--unsafe-fixes", "a.md", "b.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "osce: 4 fixes in 2 files would be applied by --fix --unsafe-fixes\n"
    )
    assert result.stdout.decode().count("+  - Serbia\n") == 2


def test_diff_without_unsafe_fixes_says_what_they_would_do(tmp_path: Path) -> None:
    guess = VALID.replace("  - Serbia", "  - Serbija")
    write(tmp_path, "guess.md", guess)
    write(tmp_path, "both.md", guess.replace("Mission in Kosovo", "Mission to Kosovo"))
    only_guess = run_osce("validate", "--diff", "guess.md", cwd=tmp_path)
    assert (only_guess.returncode, only_guess.stdout) == (1, b"")
    assert only_guess.stderr.decode() == (
        "osce: nothing to fix safely; 1 fixable with --fix --unsafe-fixes\n"
    )
    both = run_osce("validate", "--diff", "both.md", cwd=tmp_path)
    assert both.stderr.decode() == (
        "osce: 1 fix in 1 file would be applied by --fix; 1 more with --unsafe-fixes\n"
    )


def test_diff_on_a_clean_file(tmp_path: Path) -> None:
    write(tmp_path, "a.md", VALID)
    result = run_osce("validate", "--diff", "a.md", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"")


def test_fix_exits_1_while_errors_remain(tmp_path: Path) -> None:
    text = VALID.replace("  - Serbia", "  - Serbija").replace(
        "  - OSCE Mission in Kosovo", "  - ODIHR"
    )
    write(tmp_path, "a.md", text)
    result = run_osce("validate", "--fix", "a.md", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [d["code"] for d in report["diagnostics"]] == ["V101"]
    text_result = run_osce("validate", "a.md", cwd=tmp_path)
    assert text_result.stdout.decode().endswith(
        "Checked 1 file: 1 error, 0 warnings, 0 infos. 1 fixable with --fix --unsafe-fixes.\n"
    )


def test_unsafe_fixes_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", VALID.replace("  - Serbia", "  - Serbija"))
    assert run_osce("validate", "--fix", "a.md", cwd=tmp_path).returncode == 1
    assert "Serbija" in path.read_text(encoding="utf-8")
    result = run_osce("validate", "--fix", "--unsafe-fixes", "a.md", cwd=tmp_path)
    assert result.returncode == 0
    assert path.read_text(encoding="utf-8") == VALID


def test_exit_non_zero_on_fix(tmp_path: Path) -> None:
    write(tmp_path, "a.md", VALID.replace("  - Serbia", "  - RS"))
    result = run_osce("validate", "--fix", "--exit-non-zero-on-fix", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    again = run_osce("validate", "--fix", "--exit-non-zero-on-fix", "a.md", cwd=tmp_path)
    assert again.returncode == 0


def test_fix_from_stdin_prints_the_fixed_release(tmp_path: Path) -> None:
    text = VALID.replace("  - Serbia", "  - RS")
    result = run_osce("validate", "--fix", "-", input_bytes=text.encode(), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode() == VALID
    assert result.stderr.decode() == "Fixed 1 problem. Checked 1 file: no problems found.\n"


def test_read_only_file_is_not_touched(tmp_path: Path) -> None:
    text = VALID.replace("  - Serbia", "  - RS")
    path = write(tmp_path, "a.md", text, mode=0o444)
    result = run_osce("validate", "--fix", "a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "osce: error: a.md: file is read-only; not changed\n"
    assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_unwritable_folder_under_fix(tmp_path: Path) -> None:
    from .test_cli import _without_file_permission_override

    folder = tmp_path / "locked"
    folder.mkdir()
    text = VALID.replace("  - Serbia", "  - RS")
    path = write(folder, "a.md", text)
    folder.chmod(0o555)
    preexec = _without_file_permission_override if os.geteuid() == 0 else None
    result = subprocess.run(
        [sys.executable, "-m", "osce_cli", "validate", "--fix", "locked/a.md"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        preexec_fn=preexec,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"osce: error: locked/a.md: cannot write in {folder}: permission denied\n"
    )
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in folder.iterdir()] == ["a.md"]


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "original\n")
    read = path.read_bytes()
    path.write_text("edited by someone else\n", encoding="utf-8")
    with pytest.raises(WriteError) as error:
        replace_file(path, b"fixed\n", expected=read, display="a.md")
    assert str(error.value) == "a.md: changed on disk since it was read; not changed"
    assert path.read_text(encoding="utf-8") == "edited by someone else\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_fix_through_a_symlink_edits_the_target(tmp_path: Path) -> None:
    target = write(tmp_path, "real.md", VALID.replace("  - Serbia", "  - RS"))
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert run_osce("validate", "--fix", "link.md", cwd=tmp_path).returncode == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == VALID
