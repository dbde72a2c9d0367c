"""Spreading per-file work over processes, for archives large enough to gain.

Starting a worker and sending it work has a price (starting each
process, plus pickling every item and result), so a pool is used only from
:data:`PARALLEL_FROM` items on; below that, and with ``jobs=1``, the work runs
in this process. Results come back in the order of the items, so reports and
exports do not depend on which worker was quicker.

Workers are forked where the platform allows (see :mod:`osce_cli.validate.forkpool`):
they inherit whatever the parent has already imported and loaded (the rules,
the vocabulary), so a worker is ready at once. They ignore Ctrl-C and SIGHUP;
the parent handles those and SIGTERM, and stops them (see :mod:`osce_cli.support.stopping`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

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


def _quiet_worker(setup: Callable[..., None] | None, setup_args: tuple[Any, ...]) -> None:
    # Ctrl-C reaches the whole process group; only the parent should react.
    from osce_cli.support.stopping import in_worker

    in_worker()
    if setup is not None:
        setup(*setup_args)


def ordered_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int | None,
    *,
    setup: Callable[..., None] | None = None,
    setup_args: tuple[Any, ...] = (),
) -> Iterator[Result]:
    """``function`` over ``items``, in order, in up to ``jobs`` processes.

    ``function`` and ``setup`` must be module-level functions (they are
    pickled where processes are spawned rather than forked). ``setup`` runs
    once in each worker before any item, and once here when the work stays
    in this process.
    """
    with BatchPool(function, jobs, setup=setup, setup_args=setup_args) as pool:
        yield from pool.map(list(items))


class BatchPool:
    """``function`` over batch after batch of items, each batch's results in order.

    For work that streams: the items of a run are never all in memory, so
    whether a pool pays is decided per batch (see :func:`workers_for`). The
    pool starts with the first batch large enough and serves every later
    batch. With a pool, :meth:`map` returns at once and the workers start on
    the batch while the caller finishes the previous one; in this process the
    work is done as the results are read. Use it as a context manager: leaving
    stops the workers, at once on an error or Ctrl-C.
    """

    def __init__(
        self,
        function: Callable[[Any], Any],
        jobs: int | None,
        *,
        setup: Callable[..., None] | None = None,
        setup_args: tuple[Any, ...] = (),
        before_start: Callable[[], None] | None = None,
    ) -> None:
        self._function = function
        #: Run here once, just before the workers are forked: what it loads,
        #: every worker then has without loading it again.
        self._before_start = before_start
        self._jobs = jobs
        self._setup = setup
        self._setup_args = setup_args
        self._set_up_here = False
        self._pool: Any = None
        self._workers = 1

    def map(self, items: list[Any]) -> Iterator[Any]:
        if self._pool is None:
            workers = workers_for(len(items), self._jobs)
            if workers == 1:
                return self._here(items)
            if not self._start(workers):
                self._jobs = 1
                return self._here(items)
        chunk = max(1, len(items) // (self._workers * _BATCHES_PER_WORKER))
        results: Iterator[Any] = self._pool.imap(items, chunk)
        return results

    def _here(self, items: list[Any]) -> Iterator[Any]:
        if not self._set_up_here:
            self._set_up_here = True
            if self._setup is not None:
                self._setup(*self._setup_args)
        return map(self._function, items)

    def _start(self, workers: int) -> bool:
        """Start the workers; ``False`` when the system would not (the work then stays here)."""
        if self._before_start is not None:
            self._before_start()
        # What is loaded now (modules, the vocabulary, compiled patterns) lives
        # as long as the run: frozen, the workers' garbage collector no longer
        # goes through it each time it runs, and their copies of its pages
        # stay shared with this process (the use Python documents for freeze).
        import gc

        gc.freeze()

        initargs = (self._setup, self._setup_args)
        try:
            if FORK:
                from osce_cli.validate.forkpool import ForkPool

                self._pool = ForkPool(self._function, workers, _quiet_worker, initargs)
            else:
                self._pool = _SpawnedPool(self._function, workers, _quiet_worker, initargs)
        except OSError:
            # No process could be started (a limit on processes, no memory):
            # the run goes on in this process, as a small run does.
            return False
        self._workers = workers
        return True

    def __enter__(self) -> BatchPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


class _SpawnedPool:
    """``multiprocessing``'s pool with `ForkPool`'s methods, where there is no fork."""

    def __init__(
        self,
        function: Callable[[Any], Any],
        workers: int,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
    ) -> None:
        import multiprocessing  # here: most runs are small and never need it

        self._function = function
        self._pool = multiprocessing.get_context().Pool(
            workers, initializer=initializer, initargs=initargs
        )

    def imap(self, items: list[Any], chunksize: int) -> Iterator[Any]:
        results: Iterator[Any] = self._pool.imap(self._function, items, chunksize=chunksize)
        return results

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()
