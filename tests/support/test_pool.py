"""The worker pool: results in order, errors raised here, nothing left behind."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from osce_cli.support.forkpool import ForkPool, WorkerDied
from tests.conftest import VALID, as_from_a_terminal


def pool_of(function: Callable[[str, Any], Any], workers: int = 2) -> ForkPool:
    # Each worker's function is made after the fork, with its context.
    return ForkPool(lambda: functools.partial(function, "set up"), workers)


def tagged(tag: str, item: int) -> tuple[int, int, str]:
    return item * 2, os.getpid(), tag


def test_results_come_in_order_from_every_worker_across_queued_batches() -> None:
    pool = pool_of(tagged, workers=3)
    try:
        first = pool.imap(list(range(500)), 7)
        second = pool.imap(list(range(500, 1000)), 3)  # queued before the first is read
        results = [*first, *second]
    finally:
        pool.close()
    assert [doubled for doubled, _, _ in results] == [n * 2 for n in range(1000)]
    pids = {pid for _, pid, _ in results}
    assert len(pids) == 3 and os.getpid() not in pids
    assert {tag for _, _, tag in results} == {"set up"}


def echo(_: str, item: bytes) -> bytes:
    return item * 3


def test_messages_larger_than_a_pipe_holds_pass_both_ways() -> None:
    # Every chunk is ~1 MiB out and ~3 MiB back: neither side may wait on a
    # full pipe while the other waits for it.
    items = [bytes([n]) * 256 * 1024 for n in range(40)]
    pool = pool_of(echo)
    try:
        assert list(pool.imap(items, 4)) == [item * 3 for item in items]
    finally:
        pool.close()


def fails_at_seven(_: str, item: int) -> int:
    if item == 7:
        raise ValueError(f"cannot take {item}")
    return item


def test_an_exception_in_a_worker_is_raised_here_at_its_item() -> None:
    pool = pool_of(fails_at_seven)
    taken = []
    try:
        with pytest.raises(ValueError, match=r"^cannot take 7$"):
            for result in pool.imap(list(range(20)), 2):
                taken.append(result)
    finally:
        pool.close()
    assert taken == list(range(6))  # the chunk (6, 7) fails as a whole


def dies_at_five(_: str, item: int) -> int:
    if item == 5:
        os._exit(3)
    return item


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    pool = pool_of(dies_at_five)
    try:
        died = r"^a worker process \(pid \d+\) stopped unexpectedly$"
        with pytest.raises(WorkerDied, match=died):
            list(pool.imap(list(range(40)), 1))
    finally:
        pool.close()


def test_closing_stops_and_reaps_every_worker_even_mid_run() -> None:
    pool = pool_of(tagged)
    results = pool.imap(list(range(10_000)), 10)
    next(results)
    pids = [worker.pid for worker in pool._workers]
    pool.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):  # reaped: no zombie is left
            os.waitpid(pid, os.WNOHANG)


def test_a_large_validation_run_starts_no_thread_and_no_multiprocessing(tmp_path: Path) -> None:
    (tmp_path / "releases").mkdir()
    for n in range(320):  # above PARALLEL_FROM: workers are forked
        (tmp_path / "releases" / f"r{n:03}.md").write_text(VALID, encoding="utf-8")
    probe = (
        "import sys, threading\n"
        "from osce_cli.__main__ import main\n"
        "code = main(['validate', '--no-cache', '--jobs', '2', '.'])\n"
        "print(code, 'multiprocessing' in sys.modules, threading.active_count())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines()[-2:] == [
        "Checked 320 files: no problems found.",
        "0 False 1",
    ]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc to find workers")
def test_ctrl_c_during_a_parallel_run_stops_every_worker(tmp_path: Path) -> None:
    import signal
    import time

    (tmp_path / "releases").mkdir()
    for n in range(320):
        (tmp_path / "releases" / f"r{n:03}.md").write_text(VALID, encoding="utf-8")
    # A named pipe no one writes to, named on the command line (a folder
    # search passes pipes by): the worker that opens it waits forever, so
    # the run is still going when it is interrupted.
    os.mkfifo(tmp_path / "stuck.md")
    command = ["validate", "--no-cache", "--jobs", "2", "releases", "stuck.md"]
    process = subprocess.Popen(
        [sys.executable, "-m", "osce_cli", *command],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, to see what is left of it
        preexec_fn=as_from_a_terminal,
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 30
    while len(children.read_text().split()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children.read_text().split()
    assert len(workers) == 2
    time.sleep(0.3)  # the workers are checking, one is stuck at the pipe
    os.kill(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert (process.returncode, stdout, stderr) == (130, b"", b"\nosce: interrupted\n")
    with pytest.raises(ProcessLookupError):  # no worker outlives the run
        os.killpg(process.pid, 0)


def test_a_fork_that_fails_leaves_no_worker_and_no_open_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_fork = os.fork
    forked: list[int] = []

    def fork_once() -> int:
        if forked:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    descriptors = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", fork_once)
    with pytest.raises(BlockingIOError):
        pool_of(tagged, workers=3)
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):  # the one forked was stopped and reaped
        os.waitpid(forked[0], os.WNOHANG)
    assert len(os.listdir("/proc/self/fd")) == descriptors


def test_a_run_goes_on_in_this_process_when_no_worker_can_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from osce_cli.commands import ValidateOptions, validate

    (tmp_path / "releases").mkdir()
    for n in range(320):
        (tmp_path / "releases" / f"r{n:03}.md").write_text(VALID, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def run(jobs: int) -> tuple[int, str]:
        stdout = io.StringIO()
        options = ValidateOptions(paths=("releases",), jobs=jobs, cache=False, isolated=True)
        return validate(options, stdout), stdout.getvalue()

    expected = run(1)
    assert expected == (0, "Checked 320 files: no problems found.\n")

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert run(2) == expected


def shifted(context: tuple[int, int], item: int) -> tuple[int, int]:
    offset, pid = context
    return item + offset, pid


def in_this_worker(context: tuple[int, int]) -> tuple[int, int]:
    return context[0], os.getpid()


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "multiprocessing"])
def test_a_pool_maps_a_function_of_a_context_and_an_item(
    monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    from osce_cli.support import pool

    monkeypatch.setattr(pool, "FORK", fork)
    monkeypatch.setattr(pool, "PARALLEL_FROM", 5)
    here = os.getpid()
    # A few items: in this process, with the context as given.
    few = list(pool.ordered_map(shifted, range(3), 2, (100, here), in_worker=in_this_worker))
    assert few == [(100 + n, here) for n in range(3)]
    # Enough items: in workers, each with the context it made for itself.
    many = list(pool.ordered_map(shifted, range(60), 2, (7, here), in_worker=in_this_worker))
    assert [value for value, _ in many] == [n + 7 for n in range(60)]
    workers = {pid for _, pid in many}
    assert here not in workers and 1 <= len(workers) <= 2
