"""SIGTERM and SIGHUP stop osce as Ctrl-C does: workers stop, no temporary file stays.

Real signals on real processes. A run with workers is kept busy by a large
corpus and a named pipe that one worker waits on. The writes are caught at
their most fragile moment: the signal is sent from inside ``os.replace``,
when the temporary file is written and not yet renamed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import VALID

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="reads /proc to find the workers"
)

STOPPING = [signal.SIGTERM, signal.SIGHUP]

ALIAS = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
FIXED = VALID


def stopped(signum: int) -> tuple[int, bytes]:
    """The exit code and the message on stderr of a run that ``signum`` stopped."""
    return 128 + signum, f"osce: stopped by {signal.Signals(signum).name}\n".encode()


@contextlib.contextmanager
def session(command: list[str], cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` in its own process group; kill what is left of it afterwards."""
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def workers_of(pid: int, count: int) -> list[str]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + 60
    while len(children.read_text().split()) < count:
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.05)
    return children.read_text().split()


def leftovers(folder: Path) -> list[str]:
    """Temporary files anywhere below ``folder``: ours, and SQLite's journals."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.name.endswith((".tmp", "-journal", "-wal"))
    )


@pytest.mark.parametrize("group", [False, True], ids=["to-osce", "to-its-group"])
@pytest.mark.parametrize("signum", STOPPING, ids=lambda s: signal.Signals(s).name)
def test_a_signal_during_a_parallel_run_stops_every_worker(
    tmp_path: Path, signum: int, group: bool
) -> None:
    # To osce alone (kill), or to its whole process group, workers too (a
    # closed terminal, a cancelled CI job).
    (tmp_path / "r").mkdir()
    for n in range(1500):
        (tmp_path / "r" / f"r{n:04}.md").write_text(VALID, encoding="utf-8")
    # A named pipe no one writes to: the worker that opens it waits forever,
    # so the run is still going when the signal comes.
    os.mkfifo(tmp_path / "stuck.md")
    command = [sys.executable, "-m", "osce_cli", "validate", "--jobs", "2", "r", "stuck.md"]
    with session(command, tmp_path) as process:
        assert len(workers_of(process.pid, 2)) == 2
        time.sleep(0.5)  # the workers are checking; one is stuck at the pipe
        (os.killpg if group else os.kill)(process.pid, signum)
        stdout, stderr = process.communicate(timeout=60)
        assert (process.returncode, stderr) == stopped(signum)
        assert stdout == b""
        with pytest.raises(ProcessLookupError):  # no worker outlives the run
            os.killpg(process.pid, 0)
    assert leftovers(tmp_path) == []


# Runs osce with os.replace sending a signal to the osce process the first
# time a process (the parent or a worker) is about to rename a written file.
SIGNAL_IN_REPLACE = """\
import os, signal, sys
from osce_cli.__main__ import main

main_pid = os.getpid()
real_replace = os.replace
sent = []

def replace(source, target, **kwargs):
    if not sent:
        sent.append(True)
        os.kill(main_pid, int(sys.argv[1]))
    return real_replace(source, target, **kwargs)

os.replace = replace
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("signum", STOPPING, ids=lambda s: signal.Signals(s).name)
def test_a_signal_while_fix_writes_leaves_each_file_whole(tmp_path: Path, signum: int) -> None:
    names = [f"r{n}.md" for n in range(5)]
    for name in names:
        (tmp_path / name).write_text(ALIAS, encoding="utf-8")
    command = [
        sys.executable, "-c", SIGNAL_IN_REPLACE, str(signum), "validate", "--fix", *names,
    ]  # fmt: skip
    with session(command, tmp_path) as process:
        stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == stopped(signum)
    assert stdout == b""
    # The file being written when the signal came was finished; then osce stopped.
    contents = [(tmp_path / name).read_text(encoding="utf-8") for name in names]
    assert contents == [FIXED] + [ALIAS] * 4
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("files", [5, 400], ids=["in-process", "workers"])
@pytest.mark.parametrize("signum", STOPPING, ids=lambda s: signal.Signals(s).name)
def test_a_signal_while_export_writes_leaves_no_temporary_file(
    tmp_path: Path, signum: int, files: int
) -> None:
    (tmp_path / "r").mkdir()
    for n in range(files):
        (tmp_path / "r" / f"r{n:04}.md").write_text(VALID, encoding="utf-8")
    export = ["export", "r", "--format", "html", "--jobs", "2", "--now", "2024-01-01T00:00Z"]
    reference = subprocess.run(
        [sys.executable, "-m", "osce_cli", *export, "-o", "reference"],
        cwd=tmp_path,
        capture_output=True,
        check=True,
    )
    assert reference.returncode == 0
    command = [sys.executable, "-c", SIGNAL_IN_REPLACE, str(signum), *export, "-o", "site"]
    with session(command, tmp_path) as process:
        stdout, stderr = process.communicate(timeout=120)
        assert (process.returncode, stderr) == stopped(signum)
        assert stdout == b""
        with pytest.raises(ProcessLookupError):  # no worker outlives the run
            os.killpg(process.pid, 0)
    assert leftovers(tmp_path) == []
    # The pages, and the stylesheet they share (written first).
    written = sorted(p for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert written  # the one being written when the signal came, at least
    for page in written:  # every file there is whole
        assert (
            page.read_bytes()
            == (tmp_path / "reference" / page.relative_to(tmp_path / "site")).read_bytes()
        )
