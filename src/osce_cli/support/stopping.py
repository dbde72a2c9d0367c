"""Stopping on a signal: SIGTERM and SIGHUP end a run the way Ctrl-C does.

Ctrl-C raises ``KeyboardInterrupt`` wherever the run is, and everything
unwinds: the worker pool stops and reaps its workers, a file being written
loses its temporary copy, and the command exits 130 with one line. SIGTERM
(a CI job cancelled, ``kill``) and SIGHUP (the terminal closed) would
otherwise end the process on the spot, leaving workers running on and
temporary files behind. :func:`stop_on_signals` makes them raise
:class:`Stopped`, a ``KeyboardInterrupt``, so that they take the same path;
the command then exits with 128 + the signal number, as a shell reports a
process a signal ended.

:func:`deferred` holds these signals back while a file is put in place, so
that a signal never lands between writing a temporary copy and renaming it:
it takes effect once the file is whole (or untouched).
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from types import FrameType

#: What stops osce as Ctrl-C does (SIGHUP does not exist on Windows).
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_HELD = frozenset({signal.SIGINT, *STOP_SIGNALS})


class Stopped(KeyboardInterrupt):
    """A stop signal arrived; raised where the run was, as Ctrl-C raises ``KeyboardInterrupt``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    # One stop is enough: a second signal must not break into the clean-up.
    for other in STOP_SIGNALS:
        signal.signal(other, signal.SIG_IGN)
    raise Stopped(signum)


def stop_on_signals() -> None:
    """In the main process: SIGTERM and SIGHUP raise :class:`Stopped`."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)


def in_worker() -> None:
    """In a worker: the parent alone reacts to a stop; a worker just ends when told to.

    Ctrl-C and a hang-up reach the whole process group, so workers ignore
    them; the parent's SIGTERM ends a worker at once (or once its file is
    written, see :func:`deferred`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def report_interruption(error: BaseException) -> int:
    """Say on stderr what stopped the run (a signal, Ctrl-C, Ctrl-D at a prompt); the exit code."""
    if isinstance(error, Stopped):
        line, code = f"osce: stopped by {signal.Signals(error.signum).name}", 128 + error.signum
    else:
        line, code = "\nosce: interrupted", 130  # on a line of its own, after the ^C
    with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    return code


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP until the block is done (where the OS can)."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
