"""The Typer-free parser agrees with the Typer commands, or stands aside."""

from __future__ import annotations

import enum
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from osce_cli import commands as api
from osce_cli.cli import fast as quickstart
from osce_cli.cli.app import app
from tests.conftest import VALID, run_osce

#: The api function each command ends in, and how the quick parser builds its argument.
ENTRY = {"validate": "validate", "export": "export_releases"}


def _api_call(
    args: list[str], monkeypatch: pytest.MonkeyPatch, run: Callable[[], int]
) -> tuple[int, list[object]]:
    """``run``'s exit code, and the options it passed to the command's api function."""
    seen: list[object] = []

    def record(options: object, stdout: object) -> int:
        seen.append(options)
        return 0

    with monkeypatch.context() as patch:
        patch.setattr(api, ENTRY[args[0]], record)
        code = run()
    return code, seen


def typer_options(args: list[str], monkeypatch: pytest.MonkeyPatch) -> object | None:
    """What the Typer command passes to the api, or ``None`` when it refuses the line."""
    code, seen = _api_call(args, monkeypatch, lambda: CliRunner().invoke(app, args).exit_code)
    if code != 0 or not seen:
        return None  # refused, or answered without running (--help)
    assert len(seen) == 1
    return seen[0]


def quick_options(args: list[str], monkeypatch: pytest.MonkeyPatch) -> object | None:
    """What the quick parser passes to the api, or ``None`` when it leaves the line to Typer."""
    run = quickstart.parse(args)
    if run is None:
        return None
    code, seen = _api_call(args, monkeypatch, run)
    assert code == 0
    assert len(seen) == 1
    return seen[0]


def typer_command(name: str) -> Any:
    # Typer 0.29 vendors Click (typer._click): its objects are used by their attributes.
    group: Any = typer.main.get_command(app)
    return group.commands[name]


@pytest.mark.parametrize("name", sorted(quickstart.COMMANDS))
def test_the_tables_match_the_typer_commands(name: str) -> None:
    table = quickstart.COMMANDS[name]
    spellings: dict[str, tuple[bool, bool]] = {}
    for param in typer_command(name).params:
        if getattr(param, "param_type_name", "") != "option" or "--help" in param.opts:
            continue
        for spelling in (*param.opts, *param.secondary_opts):
            spellings[spelling] = (param.is_flag, param.multiple)
        annotation = param.type_descriptor.annotation
        field = table.valued.get(param.opts[0]) or table.flags[param.opts[0]]
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            assert tuple(m.value for m in annotation) == table.choices[field]
        assert (annotation in (int, int | None)) == (field in table.integers), field
        assert (annotation in (Path, Path | None)) == (field in table.paths), field
    assert set(spellings) == set(table.flags) | set(table.valued)
    for spelling, (is_flag, multiple) in spellings.items():
        assert is_flag == (spelling in table.flags), spelling
        assert multiple == (table.valued.get(spelling) in table.repeatable), spelling


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
        ["export", "releases"],
        ["export", "a.md", "-f", "json", "-o", "out", "--width", "60", "--no-cache"],
        ["export", "-", "--stdin-filename", "r.md", "--format=text", "-oout.txt", "-j2"],
        ["export", "r", "--now", "2024-03-08T09:00+01:00", "--include-embargoed", "--isolated"],
        ["export", "r", "--template", "page.html", "--config", "c.toml", "--output=site/"],
    ],
)
def test_same_options_as_typer(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    quick = quick_options(args, monkeypatch)
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
        ["validate", "-sx"],
        ["export"],  # Typer says the paths are missing
        ["export", "r", "--format", "pdf"],
        ["export", "r", "--width", "wide"],
        ["export", "r", "--width", "-5"],
        ["export", "r", "--strict"],
        ["rules"],
        ["--version"],
        [],
    ],
)
def test_anything_unusual_is_left_to_typer(args: list[str]) -> None:
    assert quickstart.parse(args) is None


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
        "--include-embargoed",
        "--format",
        "-f",
        "-fjson",
        "-f=json",
        "--format=sarif",
        "json",
        "text",
        "html",
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
        "--width",
        "--width=30",
        "-o",
        "-oout",
        "--output",
        "--now",
        "2024-03-08T09:00Z",
        "--config",
        "c.toml",
        "--template",
        "--stdin-filename",
        "--help",
        "--bogus",
        "-q",
        "--strict=1",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(quickstart.COMMANDS)), st.lists(_tokens, max_size=7))
def test_generated_command_lines_agree_or_go_to_typer(name: str, tokens: list[str]) -> None:
    args = [name, *tokens]
    with pytest.MonkeyPatch.context() as monkeypatch:
        quick = quick_options(args, monkeypatch)
        if quick is not None:
            assert quick == typer_options(args, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--no-cache", "bad.md", "good.md"),
        ("validate", "--no-cache", "-f", "json", "bad.md"),
        ("validate", "--no-cache", "--select", "Q999", "bad.md"),
        ("validate", "--no-cache", "--config", "missing.toml", "bad.md"),
        ("validate", "--no-cache", "nowhere.md"),
        ("export", "--no-cache", "good.md", "-f", "text"),
        ("export", "--no-cache", "good.md", "bad.md", "-f", "json"),
        ("export", "--no-cache", "good.md", "--width", "10"),
        ("export", "--no-cache", "good.md", "--now", "tomorrow"),
    ],
)
def test_the_quick_path_writes_what_typer_writes(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Same bytes and exit code, whole process, through either path."""
    (tmp_path / "bad.md").write_text("---\ntitle: x\n---\nBody\n", encoding="utf-8")
    (tmp_path / "good.md").write_text(VALID, encoding="utf-8")
    assert quickstart.parse(list(args)) is not None
    quick = run_osce(*args, cwd=tmp_path)
    through_typer = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from osce_cli.cli.app import app;"
            " app(args=sys.argv[1:], prog_name='osce')",
            *args,
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert quick.returncode == through_typer.returncode
    assert quick.stdout == through_typer.stdout
    assert quick.stderr == through_typer.stderr
