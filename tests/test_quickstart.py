"""The Typer-free ``validate`` parser agrees with the Typer command, or stands aside."""

from __future__ import annotations

import enum
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from osce_cli import api, quickstart
from osce_cli.cli import app

from .conftest import VALID, run_osce


def typer_options(args: list[str], monkeypatch: pytest.MonkeyPatch) -> api.ValidateOptions | None:
    """The options the Typer command builds, or ``None`` when it refuses the line."""
    seen: list[api.ValidateOptions] = []

    def record(options: api.ValidateOptions, stdout: object) -> int:
        seen.append(options)
        return 0

    with monkeypatch.context() as patch:
        patch.setattr(api, "validate", record)
        result = CliRunner().invoke(app, args)
    if result.exit_code != 0 or not seen:
        return None  # refused, or answered without validating (--help)
    assert len(seen) == 1
    return seen[0]


def validate_command() -> Any:
    # Typer 0.29 vendors Click (typer._click): its objects are used by their attributes.
    group: Any = typer.main.get_command(app)
    return group.commands["validate"]


def test_the_table_matches_the_typer_command() -> None:
    spellings: dict[str, tuple[bool, bool]] = {}
    for param in validate_command().params:
        if getattr(param, "param_type_name", "") == "option" and "--help" not in param.opts:
            for spelling in (*param.opts, *param.secondary_opts):
                spellings[spelling] = (param.is_flag, param.multiple)
            annotation = param.type_descriptor.annotation
            if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
                field = quickstart.VALUED[param.opts[0]]
                assert tuple(m.value for m in annotation) == quickstart.CHOICES[field]
    assert set(spellings) == set(quickstart.FLAGS) | set(quickstart.VALUED)
    for spelling, (is_flag, multiple) in spellings.items():
        assert is_flag == (spelling in quickstart.FLAGS), spelling
        field = quickstart.VALUED.get(spelling)
        assert multiple == (field in quickstart.REPEATABLE), spelling


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "a.md", "b", "-"],
        ["validate", "--format", "json", "--strict", "x"],
        ["validate", "-fsarif", "--select=V1,M", "--select", "D101", "--ignore", "B"],
        ["validate", "--stdin-filename", "r.md", "-", "--color", "never", "--no-cache"],
        ["validate", "--fix", "--unsafe-fixes", "--diff", "--exit-non-zero-on-fix", "a.md"],
        ["validate", "--config", "osce.toml", "--isolated", "--force-exclude", "-j", "3"],
        ["validate", "--jobs=2", "-j1", "--", "--strict", "-f"],
        ["validate", "-f", "github", "-f", "text"],
    ],
)
def test_same_options_as_typer(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    quick = quickstart.parse_validate(args)
    assert quick is not None
    assert quick == typer_options(args, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--help"],
        ["validate", "-h"],
        ["validate", "--formt", "json"],
        ["validate", "--format", "yaml"],
        ["validate", "-f=json"],
        ["validate", "--strict=yes"],
        ["validate", "--jobs", "many"],
        ["validate", "--select"],
        ["validate", "--select", "--strict"],
        ["validate", "-x"],
        ["rules"],
        ["--version"],
        [],
    ],
)
def test_anything_unusual_is_left_to_typer(args: list[str]) -> None:
    assert quickstart.parse_validate(args) is None


_tokens = st.sampled_from(
    [
        "a.md",
        "-",
        "--",
        "folder/",
        "--strict",
        "--fix",
        "--no-cache",
        "--isolated",
        "--format",
        "-f",
        "-fjson",
        "-f=json",
        "--format=sarif",
        "json",
        "text",
        "yaml",
        "--select",
        "--select=V101",
        "--ignore",
        "M,B",
        "--color",
        "always",
        "--jobs",
        "-j",
        "-j2",
        "0",
        "7",
        "--config",
        "c.toml",
        "--stdin-filename",
        "--help",
        "--bogus",
        "-q",
        "--strict=1",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_tokens, max_size=7))
def test_generated_command_lines_agree_or_go_to_typer(tokens: list[str]) -> None:
    args = ["validate", *tokens]
    quick = quickstart.parse_validate(args)
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = typer_options(args, monkeypatch)
    if quick is not None:
        assert quick == expected


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--no-cache", "bad.md", "good.md"),
        ("validate", "--no-cache", "-f", "json", "bad.md"),
        ("validate", "--no-cache", "--select", "Q999", "bad.md"),
        ("validate", "--no-cache", "--config", "missing.toml", "bad.md"),
        ("validate", "--no-cache", "nowhere.md"),
    ],
)
def test_the_quick_path_writes_what_typer_writes(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Same bytes and exit code, whole process, through either path."""
    (tmp_path / "bad.md").write_text("---\ntitle: x\n---\nBody\n", encoding="utf-8")
    (tmp_path / "good.md").write_text(VALID, encoding="utf-8")
    assert quickstart.parse_validate(list(args)) is not None
    quick = run_osce(*args, cwd=tmp_path)
    through_typer = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from osce_cli.cli import app; app(args=sys.argv[1:], prog_name='osce')",
            *args,
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert quick.returncode == through_typer.returncode
    assert quick.stdout == through_typer.stdout
    assert quick.stderr == through_typer.stderr
