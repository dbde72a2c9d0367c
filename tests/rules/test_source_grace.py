"""`source-grace-days`: how near a source's dates V103 is only a warning, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_osce
from tests.rules.test_v_vocabulary import release

#: A release dated 20 days before the Mission in Kosovo was established.
EARLY = release(date="1999-06-11", sources=["OSCE Mission in Kosovo"], states=["Austria"])
WARNING = (
    "r.md:7:5: warning: V103 'OSCE Mission in Kosovo' did not exist yet on 1999-06-11: "
    "it was established on 1999-07-01, 20 days later\n"
)
ERROR = (
    "r.md:7:5: error: V103 'OSCE Mission in Kosovo' did not exist on 1999-06-11: "
    "it was established on 1999-07-01\n"
)


def validate(folder: Path, *args: str) -> tuple[int, str]:
    result = run_osce("validate", "r.md", "--format", "text", *args, cwd=folder)
    assert result.stderr == b""
    first_line = result.stdout.decode().splitlines(keepends=True)[0]
    return result.returncode, first_line


def test_a_warning_by_default_which_strict_fails_on(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(EARLY, encoding="utf-8")
    assert validate(tmp_path) == (0, WARNING)
    assert validate(tmp_path, "--strict") == (1, WARNING)


def test_the_window_is_configured_and_its_changes_are_never_served_from_the_cache(
    tmp_path: Path,
) -> None:
    (tmp_path / "r.md").write_text(EARLY, encoding="utf-8")
    assert validate(tmp_path) == (0, WARNING)
    (tmp_path / "osce.toml").write_text("source-grace-days = 19\n", encoding="utf-8")
    assert validate(tmp_path) == (1, ERROR)
    (tmp_path / "osce.toml").write_text("source-grace-days = 20\n", encoding="utf-8")
    assert validate(tmp_path) == (0, WARNING)
    (tmp_path / "osce.toml").write_text('[severity]\nV103 = "error"\n', encoding="utf-8")
    assert validate(tmp_path) == (1, WARNING.replace("warning:", "error:"))


@pytest.mark.parametrize("value", ["-1", '"90"', "true", "1.5", "[90]"])
def test_a_bad_window_is_a_configuration_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "osce.toml").write_text(f"source-grace-days = {value}\n", encoding="utf-8")
    (tmp_path / "r.md").write_text(EARLY, encoding="utf-8")
    result = run_osce("validate", "r.md", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr.decode()) == (
        2,
        b"",
        f"osce: error: {tmp_path / 'osce.toml'}: source-grace-days: "
        "must be a whole number of days, 0 or more\n",
    )


def test_a_huge_window_is_a_warning_for_any_date(tmp_path: Path) -> None:
    (tmp_path / "osce.toml").write_text(f"source-grace-days = {2**62}\n", encoding="utf-8")
    (tmp_path / "r.md").write_text(EARLY, encoding="utf-8")
    assert validate(tmp_path) == (0, WARNING)


def test_new_release_takes_a_source_near_its_dates_with_a_note(tmp_path: Path) -> None:
    scripted = ("new", "release", "--no-input", "--title", "OSCE advance team arrives in Kosovo")
    flags = ("--place", "Pristina", "--type", "Press release", "--field", "Elections", "--stdout")
    near = run_osce(
        *scripted,
        "--date",
        "1999-06-11",
        "--source",
        "OSCE Mission in Kosovo",
        *flags,
        cwd=tmp_path,
    )
    assert (near.returncode, near.stderr.decode()) == (
        0,
        "osce: --source: 'OSCE Mission in Kosovo' did not exist yet on 1999-06-11: "
        "it was established on 1999-07-01, 20 days later: using 'OSCE Mission in Kosovo'\n",
    )
    assert "sources:\n  - OSCE Mission in Kosovo\n" in near.stdout.decode()
    far = run_osce(
        *scripted,
        "--date",
        "1999-01-11",
        "--source",
        "OSCE Mission in Kosovo",
        *flags,
        cwd=tmp_path,
    )
    assert (far.returncode, far.stdout, far.stderr.decode()) == (
        2,
        b"",
        "osce: error: --source: 'OSCE Mission in Kosovo' did not exist on 1999-01-11: "
        "it was established on 1999-07-01\n",
    )
