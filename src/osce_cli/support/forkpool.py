"""Worker processes forked from this one and fed through pipes, without threads.

``multiprocessing.Pool`` is slow to import and start, and runs three
threads in this process that pickle, send and receive while the workers run:
on a two-core machine that time is taken from the workers. Here the parent
does the same work itself, only when it asks for results: it keeps each
worker a few chunks ahead, reads what comes back with ``poll``, and hands
results out in the order of the items.

Messages are pickles behind an eight-byte length. The parent's ends of the
task pipes do not block, so it never waits on a full pipe while a worker
waits for it to read: it writes what fits and reads results in the meantime.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from osce_cli.support.errors import OsceError

#: Chunks sent to a worker ahead of its results: one it works on, and more
#: queued so that it keeps working while this process is busy elsewhere
#: (finding the next files, writing a report).
_AHEAD = 3
_HEADER = 8
#: Bytes asked of a pipe at a time: what a Linux pipe holds. Asking for more
#: would allocate that much for every read, however little is waiting.
_READ = 1 << 16


class WorkerDied(OsceError):
    """A worker process ended before answering everything it was sent.

    Killed from outside (out of memory, a signal): not a bug of the
    command, so it is reported as an error in one line (exit code 2).
    """

    @classmethod
    def with_pid(cls, pid: int) -> WorkerDied:
        return cls(f"a worker process (pid {pid}) stopped unexpectedly")


def _message(payload: Any) -> bytes:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(_HEADER, "little") + data


def _read_exactly(descriptor: int, size: int) -> bytes | None:
    """``size`` bytes from a blocking descriptor, or ``None`` at its end."""
    parts = []
    while size:
        part = os.read(descriptor, min(size, _READ))
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _serve(function: Callable[[Any], Any], tasks: int, results: int) -> None:
    """A worker's life: read a chunk, answer it, until the parent closes the pipe."""
    while True:
        header = _read_exactly(tasks, _HEADER)
        if header is None:
            return
        payload = _read_exactly(tasks, int.from_bytes(header, "little"))
        if payload is None:
            return
        number, items = pickle.loads(payload)
        try:
            reply = _message((number, True, [function(item) for item in items]))
        except Exception as error:  # handed to the parent, which raises it
            try:
                reply = _message((number, False, error))
            except Exception:  # one that does not pickle
                reply = _message((number, False, RuntimeError(repr(error))))
        _write_all(results, reply)


def _select(readable: list[int], writable: list[int]) -> tuple[set[int], set[int]]:
    """The descriptors ready to read and to write, waiting until there is one.

    ``poll`` where there is one: ``select`` cannot watch descriptors numbered
    from 1024 on, which a run with many jobs in a busy process may have.
    """
    if not hasattr(select, "poll"):  # pragma: no cover - Linux and macOS have poll
        readable_now, writable_now, _ = select.select(readable, writable, [])
        return set(readable_now), set(writable_now)
    poller = select.poll()
    for descriptor in readable:
        poller.register(descriptor, select.POLLIN)
    for descriptor in writable:
        poller.register(descriptor, select.POLLOUT)
    ready: set[int] = set()
    room: set[int] = set()
    # Any event counts, an error or a closed end too: reading or writing
    # then says what happened.
    for descriptor, _ in poller.poll():
        (ready if descriptor in readable else room).add(descriptor)
    return ready, room


class _Worker:
    """The parent's view of one worker: its pipes and what it has been sent."""

    __slots__ = ("incoming", "outgoing", "pending", "pid", "results", "tasks")

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid
        self.tasks = tasks  # the parent's writing end, not blocking
        self.results = results  # the parent's reading end
        self.outgoing = bytearray()  # written to the pipe when it has room
        self.incoming = bytearray()  # read, not yet a whole message
        self.pending = 0  # chunks sent and not answered


class ForkPool:
    """A function over chunks of items in forked workers; results in order.

    ``start()`` runs in each worker after the fork and returns the function
    the worker applies to each item. Only where ``os.fork`` exists;
    :mod:`osce_cli.support.pool` falls back to ``multiprocessing`` elsewhere.
    """

    def __init__(self, start: Callable[[], Callable[[Any], Any]], workers: int) -> None:
        self._workers: list[_Worker] = []
        self._queue: deque[tuple[int, list[Any]]] = deque()  # chunks not sent yet
        self._done: dict[int, list[Any]] = {}  # answered, not yet handed out
        self._failed: dict[int, BaseException] = {}
        self._next_chunk = 0
        try:
            for _ in range(workers):
                self._fork(start)
        except BaseException:
            self.close()  # the workers forked before the one that failed
            raise

    def _fork(self, start: Callable[[], Callable[[Any], Any]]) -> None:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for descriptor in (task_read, task_write, result_read, result_write):
                os.close(descriptor)
            raise
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            code = 1
            try:
                os.close(task_write)
                os.close(result_read)
                for other in self._workers:  # the pipes of workers forked before
                    os.close(other.tasks)
                    os.close(other.results)
                _serve(start(), task_read, result_write)
                code = 0
            finally:
                # Never back into the parent's code: no cleanup of its objects,
                # no flush of output buffers it may still hold.
                os._exit(code)
        os.close(task_read)
        os.close(result_write)
        os.set_blocking(task_write, False)
        self._workers.append(_Worker(pid, task_write, result_read))

    def imap(self, items: list[Any], chunksize: int) -> Iterator[Any]:
        """Queue ``items`` now; the iterator gives their results in order."""
        first = self._next_chunk
        for start in range(0, len(items), chunksize):
            self._queue.append((self._next_chunk, items[start : start + chunksize]))
            self._next_chunk += 1
        self._send()
        return self._results(range(first, self._next_chunk))

    def _results(self, numbers: range) -> Iterator[Any]:
        for number in numbers:
            while number not in self._done and number not in self._failed:
                self._wait()
            if number in self._failed:
                raise self._failed.pop(number)
            yield from self._done.pop(number)

    def _send(self) -> None:
        """Give each worker chunks up to `_AHEAD`, and write what its pipe takes."""
        for worker in self._workers:
            while self._queue and worker.pending < _AHEAD:
                worker.outgoing += _message(self._queue.popleft())
                worker.pending += 1
            self._flush(worker)

    def _flush(self, worker: _Worker) -> None:
        if worker.outgoing:
            try:
                written = os.write(worker.tasks, worker.outgoing)
            except BlockingIOError:
                return
            except BrokenPipeError:
                raise WorkerDied.with_pid(worker.pid) from None
            del worker.outgoing[:written]

    def _wait(self) -> None:
        """Block until some worker answers (or its pipe takes more), and take it in."""
        readable = [worker.results for worker in self._workers if worker.pending]
        writable = [worker.tasks for worker in self._workers if worker.outgoing]
        if not readable:
            raise WorkerDied("no worker has work left, yet results are missing")
        ready, room = _select(readable, writable)
        for worker in self._workers:
            if worker.tasks in room:
                self._flush(worker)
            if worker.results in ready:
                self._receive(worker)
        self._send()

    def _receive(self, worker: _Worker) -> None:
        data = os.read(worker.results, _READ)
        if not data:
            raise WorkerDied.with_pid(worker.pid)
        incoming = worker.incoming
        incoming += data
        while len(incoming) >= _HEADER:
            size = int.from_bytes(incoming[:_HEADER], "little")
            if len(incoming) < _HEADER + size:
                break
            number, ok, answer = pickle.loads(incoming[_HEADER : _HEADER + size])
            del incoming[: _HEADER + size]
            worker.pending -= 1
            if ok:
                self._done[number] = answer
            else:
                self._failed[number] = answer

    def close(self) -> None:
        """Stop every worker now, whatever it is doing, and reap it.

        A second Ctrl-C or stop signal waits until every worker is reaped:
        one that broke in here would leave workers running.
        """
        from osce_cli.support.stopping import deferred

        with deferred():
            for worker in self._workers:
                os.close(worker.tasks)
                os.close(worker.results)
                with contextlib.suppress(ProcessLookupError):  # it had already ended
                    os.kill(worker.pid, signal.SIGTERM)
            for worker in self._workers:
                os.waitpid(worker.pid, 0)
            self._workers = []
