"""Shared helpers: check a release text in memory, run the CLI, find the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from osce_cli.cli.app import app
from osce_cli.config import Config
from osce_cli.report.diagnostics import Diagnostic
from osce_cli.validate.checker import Checker, Settings

REPO = Path(__file__).resolve().parents[1]


def as_from_a_terminal() -> None:
    """``preexec_fn`` for a child that a test interrupts with Ctrl-C (SIGINT).

    A shell starts a program with SIGINT at its default, but a program started
    in the background of a script inherits SIGINT ignored, and so would the
    child: this puts the default back, so the test does not depend on how
    pytest itself was started.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


EXAMPLES = REPO / "examples"
#: Files the tests need that come from elsewhere (see its README.md).
DATA = Path(__file__).parent / "data"
#: The official OASIS SARIF 2.1.0 schema (see data/README.md).
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"

#: A valid release; tests change one thing and look at what is reported.
VALID = """\
---
title: OSCE Chairman says Kosovo elections help promote democracy
date: 2007-11-18
type: Press release
place: Pristina
sources:
  - OSCE Chairpersonship
  - OSCE Mission in Kosovo
fields:
  - Elections
states:
  - Serbia
language: en
---
PRISTINA, 18 November 2007 – The elections held in Kosovo today were calm and orderly.

"Voters have shown their commitment to democracy," the Chairman-in-Office said.
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def diagnostics(
    text: str | bytes,
    *,
    select: tuple[str, ...] | None = ("ALL",),
    ignore: tuple[str, ...] = (),
    config: Config | None = None,
    path: str = "release.md",
) -> list[Diagnostic]:
    """Check a release held in memory, with every rule on unless told otherwise."""
    settings = Settings(config=config or Config(), select=select, ignore=ignore)
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(Checker(settings).check_bytes(data, path, path).diagnostics)


def found(text: str | bytes, **options: object) -> list[tuple[int, int, str]]:
    """(line, column, code) of every diagnostic, in file order."""
    return [(d.line, d.column, d.code) for d in diagnostics(text, **options)]  # type: ignore[arg-type]


def spans(text: str | bytes, code: str, **options: object) -> list[tuple[int, int, int, int]]:
    """(line, column, end_line, end_column) of the diagnostics with one code."""
    return [
        (d.line, d.column, d.end_line, d.end_column)
        for d in diagnostics(text, **options)  # type: ignore[arg-type]
        if d.code == code
    ]


def messages(text: str | bytes, code: str, **options: object) -> list[str]:
    return [d.message for d in diagnostics(text, **options) if d.code == code]  # type: ignore[arg-type]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in an empty folder so no project configuration is picked up."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def run_osce(
    *args: str,
    cwd: Path | None = None,
    input_bytes: bytes | None = None,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m osce_cli`` as a real process (exit codes, streams, no traceback)."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("OSCE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "osce_cli", *args],
        cwd=cwd,
        input=input_bytes,
        capture_output=True,
        env=full_env,
        timeout=120,
        check=False,
        preexec_fn=preexec_fn,
    )


def _without_file_permission_override() -> None:
    """In the child process: give up root's power to read any file (Linux).

    Dropping CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set
    before exec makes a root process obey file modes, so a mode-000 file or
    folder really is unreadable, as it is for everybody else.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def as_other_user() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes a child process obey file modes, as a user's does.

    Needed only as root (tests run as root in CI containers): anyone else
    obeys them already.
    """
    return _without_file_permission_override if os.geteuid() == 0 else None


def invoke(runner: CliRunner, *args: str, input_text: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input_text, catch_exceptions=False)


def _is_long(item: pytest.Item) -> bool:
    """Marked slow, or a Hypothesis test (it runs its body for many examples)."""
    test = getattr(item, "obj", None)
    return item.get_closest_marker("slow") is not None or getattr(test, "is_hypothesis_test", False)


def _check_groups(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a run in which ``--dist loadgroup`` would ignore the ``xdist_group`` marks.

    A group keeps the tests that share an expensive set-up (a shell, the
    pre-commit hook's environment) on one worker. pytest-xdist tags their node
    ids with the group; when it cannot (pytest 9.2 with pytest-xdist 3.8),
    they are spread out in silence, and each worker builds the set-up again.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    lost = [item.nodeid for item in items if item.get_closest_marker("xdist_group")]
    lost = [nodeid for nodeid in lost if "@" not in nodeid]
    if lost:
        raise pytest.UsageError(
            f"--dist loadgroup lost the xdist_group of {len(lost)} tests, such as {lost[0]}: "
            "use a pytest that this pytest-xdist supports (see pyproject.toml)"
        )


@pytest.hookimpl(trylast=True)  # after pytest-xdist has tagged the grouped tests
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Check the xdist groups, then put the long tests first, the others in the
    order they were collected.

    xdist hands out tests in this order (after its groups, the largest
    first), so a long test started last would end the run alone on one
    worker while the other has nothing left to do.
    """
    _check_groups(config, items)
    items.sort(key=lambda item: not _is_long(item))
