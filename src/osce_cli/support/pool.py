"""A map of a function over items, spread over processes when there are enough items.

Generic plumbing: it knows nothing of what the items are. The function takes
a *context* (what every item needs: settings, loaded data, a database
connection) and one item. The caller makes the context and passes it in; a
worker gets it from the pool (see :class:`BatchPool`), never through a module
global of the caller.

Starting a worker and sending it work has a price (a process to start, and
every item and result pickled), so a pool is used only from
:data:`PARALLEL_FROM` items on; below that, and with ``jobs=1``, the work runs
in this process. Results come back in the order of the items, so reports and
exports do not depend on which worker was quicker.

Workers are forked where the platform allows (see :mod:`osce_cli.support.forkpool`):
they inherit the context as this process made it, with what it has loaded.
They ignore Ctrl-C and SIGHUP; the parent handles those and SIGTERM, and
stops them (see :mod:`osce_cli.support.stopping`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

Context = TypeVar("Context")
Item = TypeVar("Item")
Result = TypeVar("Result")

#: Workers are forked and fed by `forkpool` where the platform can fork;
#: elsewhere (Windows) ``multiprocessing`` spawns them.
FORK = hasattr(os, "fork")

#: Fewer items than this are handled in this process.
PARALLEL_FROM = 300

#: Each worker receives about this many batches over a run: enough to even out
#: slow and quick files, few enough to keep the messages cheap.
_BATCHES_PER_WORKER = 8


def default_jobs() -> int:
    """The CPUs this process may run on (what ``--jobs`` means when not given)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def workers_for(count: int, jobs: int | None) -> int:
    """How many processes ``count`` items get: 1 means "in this process"."""
    wanted = default_jobs() if jobs is None or jobs <= 0 else jobs
    if wanted <= 1 or count < PARALLEL_FROM:
        return 1
    return min(wanted, count)


def _worker_function(
    function: Callable[[Context, Item], Result],
    context: Context,
    in_worker: Callable[[Context], Context] | None,
) -> Callable[[Item], Result]:
    """What a worker applies to each item: runs once in the worker, first."""
    # Ctrl-C reaches the whole process group; only the parent should react.
    from osce_cli.support.stopping import in_worker as quiet

    quiet()
    return functools.partial(function, context if in_worker is None else in_worker(context))


def ordered_map(
    function: Callable[[Context, Item], Result],
    items: Sequence[Item],
    jobs: int | None,
    context: Context,
    *,
    before_fork: Callable[[Context], None] | None = None,
    in_worker: Callable[[Context], Context] | None = None,
) -> Iterator[Result]:
    """``function(context, item)`` for each item, in order, in up to ``jobs`` processes."""
    with BatchPool(function, jobs, context, before_fork=before_fork, in_worker=in_worker) as pool:
        yield from pool.map(list(items))


class BatchPool(Generic[Context, Item, Result]):
    """``function(context, item)`` over batch after batch of items, each batch's results in order.

    For work that streams: the items of a run are never all in memory, so
    whether a pool pays is decided per batch (see :func:`workers_for`). The
    pool starts with the first batch large enough and serves every later
    batch. With a pool, :meth:`map` returns at once and the workers start on
    the batch while the caller finishes the previous one; in this process the
    work is done as the results are read. Use it as a context manager: leaving
    stops the workers, at once on an error or Ctrl-C.

    ``context`` serves the work done in this process. ``before_fork(context)``
    runs here once, just before the workers start: what it loads into the
    context, a forked worker has without loading it itself. Each worker then
    uses ``in_worker(context)``, made in the worker before its first item
    (what must not be shared between processes, such as a database
    connection, is made anew there); without ``in_worker``, the context
    itself. Where workers are spawned rather than forked, ``function``,
    ``context`` and ``in_worker`` are pickled.
    """

    def __init__(
        self,
        function: Callable[[Context, Item], Result],
        jobs: int | None,
        context: Context,
        *,
        before_fork: Callable[[Context], None] | None = None,
        in_worker: Callable[[Context], Context] | None = None,
    ) -> None:
        self._function = function
        self._jobs = jobs
        self._context = context
        self._before_fork = before_fork
        self._in_worker = in_worker
        self._pool: Any = None
        self._workers = 1

    def map(self, items: list[Item]) -> Iterator[Result]:
        if self._pool is None:
            workers = workers_for(len(items), self._jobs)
            if workers == 1:
                return self._here(items)
            if not self._start(workers):
                self._jobs = 1
                return self._here(items)
        chunk = max(1, len(items) // (self._workers * _BATCHES_PER_WORKER))
        results: Iterator[Result] = self._pool.imap(items, chunk)
        return results

    def _here(self, items: list[Item]) -> Iterator[Result]:
        return map(functools.partial(self._function, self._context), items)

    def _start(self, workers: int) -> bool:
        """Start the workers; ``False`` when the system would not (the work then stays here)."""
        if self._before_fork is not None:
            self._before_fork(self._context)
        start = (self._function, self._context, self._in_worker)
        try:
            if FORK:
                from osce_cli.support.forkpool import ForkPool

                self._pool = ForkPool(lambda: _worker_function(*start), workers)
            else:
                self._pool = _SpawnedPool(workers, start)
        except OSError:
            # No process could be started (a limit on processes, no memory):
            # the run goes on in this process, as a small run does.
            return False
        self._workers = workers
        return True

    def __enter__(self) -> BatchPool[Context, Item, Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


#: The function a worker started by ``multiprocessing`` applies to items:
#: its initializer cannot hand anything to the tasks but through the module.
#: Set only in such a worker, never in the process that runs osce.
_spawned_function: Callable[[Any], Any] | None = None


def _start_spawned(function: Any, context: Any, in_worker: Any) -> None:
    global _spawned_function
    _spawned_function = _worker_function(function, context, in_worker)


def _apply_spawned(item: Any) -> Any:
    assert _spawned_function is not None
    return _spawned_function(item)


class _SpawnedPool:
    """``multiprocessing``'s pool with `ForkPool`'s methods, where there is no fork."""

    def __init__(self, workers: int, start: tuple[Any, Any, Any]) -> None:
        import multiprocessing  # here: most runs are small and never need it

        self._pool = multiprocessing.get_context().Pool(
            workers, initializer=_start_spawned, initargs=start
        )

    def imap(self, items: list[Any], chunksize: int) -> Iterator[Any]:
        results: Iterator[Any] = self._pool.imap(_apply_spawned, items, chunksize=chunksize)
        return results

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()
