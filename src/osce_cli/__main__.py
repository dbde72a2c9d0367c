"""Entry point for ``osce`` and ``python -m osce_cli``.

``--version`` is answered before anything heavy is imported, and everyday
``validate`` and ``export`` command lines without Typer (see ``cli/fast.py``). Interrupts
(Ctrl-C, SIGTERM, SIGHUP: see ``stopping.py``), a closed pipe and unexpected errors end
with one line, never a traceback (set ``OSCE_DEBUG=1`` to see one).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from osce_cli import __version__

        sys.stdout.write(f"osce {__version__}\n")
        return 0
    from osce_cli.support.stopping import report_interruption, stop_on_signals

    stop_on_signals()
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        from osce_cli.cli.fast import parse

        quick = parse(args)
        if quick is not None:
            return quick()
        from osce_cli.cli.app import run

        run(args)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except KeyboardInterrupt as interrupt:
        return report_interruption(interrupt)
    except BrokenPipeError:
        # The reader went away (osce ... | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as error:  # a bug: say so in one line
        if os.environ.get("OSCE_DEBUG"):
            raise
        from osce_cli.report.printable import printable

        sys.stderr.write(
            f"osce: internal error: {type(error).__name__}: {printable(str(error))} "
            "(set OSCE_DEBUG=1 for details; please report it)\n"
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
