"""``osce export``: validate every release, then write the exports whole.

Nothing is written unless every input is free of errors: a failed batch
leaves the output folder as it was. Each output file is written to a
temporary name and renamed; if writing stops half-way (a full disk), the
files already written are listed. Embargoed releases are skipped until
their embargo has passed (``--include-embargoed`` exports them anyway).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO, TextIO

from .diagnostics import Report, Severity
from .discovery import Target, read_target
from .engine import Checker, Settings
from .errors import InputError, UsageError
from .exporters import FORMATS
from .exporters.record import Record, build_record
from .source import decode

if TYPE_CHECKING:
    from rich.console import Console

#: Show a progress bar (on a terminal) from this many releases on.
PROGRESS_FROM = 50


@dataclass(frozen=True)
class ExportOptions:
    output_format: str
    output: Path | None = None
    width: int = 72
    now: dt.datetime | None = None
    include_embargoed: bool = False
    template: Path | None = None


@dataclass
class _Checked:
    target: Target
    stdin_data: bytes | None  # standard input can only be read once


def _read_again(item: _Checked, stdin: Callable[[], BinaryIO], root: Path) -> bytes:
    """The bytes of a target for rendering (standard input is kept from the first read)."""
    if item.stdin_data is not None:
        return item.stdin_data
    return read_target(item.target, stdin, root)[0]


def _validate(
    targets: list[Target], checker: Checker, stdin: Callable[[], BinaryIO], root: Path
) -> tuple[Report, list[_Checked]]:
    report = Report()
    checked: list[_Checked] = []
    for target in targets:
        try:
            data, relative = read_target(target, stdin, root)
        except InputError as error:
            report.errors.append(str(error))
            continue
        report.files.append(checker.check_bytes(data, target.display, relative))
        checked.append(_Checked(target, data if target.path is None else None))
    return report, checked


def _record(item: _Checked, checker: Checker, stdin: Callable[[], BinaryIO], root: Path) -> Record:
    from .document import load_document
    from .rules import Context
    from .rules.dateline import find_dateline

    data = _read_again(item, stdin, root)
    document = load_document(item.target.display, decode(data))
    context = Context(document, checker.vocabulary)
    return build_record(document, checker.vocabulary(), find_dateline(context))


def render(record: Record, options: ExportOptions) -> str:
    if options.output_format == "html":
        from .exporters import html

        return html.render(record, options.template)
    if options.output_format == "json":
        from .exporters import json

        return json.render(record)
    from .exporters import text

    return text.render(record, options.width)


def _destinations(records: list[tuple[Target, Record]], options: ExportOptions) -> list[Path]:
    """Where each export goes when ``-o`` is given."""
    assert options.output is not None
    output = options.output
    suffix = FORMATS[options.output_format]
    folder_wanted = len(records) > 1 or output.is_dir() or str(output).endswith(("/", "\\"))
    if not folder_wanted:
        return [output]
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: not a directory (several releases need -o DIRECTORY)")
    paths = [output / PurePosixPath(target.relative).with_suffix(suffix) for target, _ in records]
    seen: dict[Path, str] = {}
    for path, (target, _) in zip(paths, records, strict=True):
        if path in seen:
            raise UsageError(f"{target.display} and {seen[path]} would both be written to {path}")
        seen[path] = target.display
    return paths


def _progress(items: list[tuple[Target, Record]]) -> Iterator[tuple[Target, Record]]:
    if len(items) < PROGRESS_FROM or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import track

    yield from track(items, description="Exporting", console=_stderr_console(), transient=True)


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def export(
    targets: list[Target],
    settings: Settings,
    options: ExportOptions,
    stdout: TextIO,
    stdin: Callable[[], BinaryIO],
    report_errors: Callable[[Report], None],
) -> int:
    """Export the targets; return the exit code (0 done, 1 invalid releases, 2 cannot run)."""
    from .writer import create_file

    checker = Checker(settings)
    report, checked = _validate(targets, checker, stdin, settings.config.root)
    if report.errors:
        for error in report.errors:
            print(f"osce: error: {error}", file=sys.stderr)
        return 2
    if report.exit_code() != 0:
        report_errors(report)
        invalid = sum(
            1 for f in report.files if any(d.severity is Severity.ERROR for d in f.diagnostics)
        )
        print(
            f"osce: {invalid} release{'s' if invalid != 1 else ''} with errors; nothing exported",
            file=sys.stderr,
        )
        return 1
    now = options.now or dt.datetime.now(dt.timezone.utc)
    records: list[tuple[Target, Record]] = []
    for item in checked:
        record = _record(item, checker, stdin, settings.config.root)
        if record.embargo is not None and record.embargo > now and not options.include_embargoed:
            print(
                f"osce: skipped {item.target.display}: embargoed until "
                f"{record.embargo.isoformat()}",
                file=sys.stderr,
            )
            continue
        records.append((item.target, record))
    if not records:
        return 0
    if options.output is None:
        if len(records) == 1:
            stdout.write(render(records[0][1], options))
            return 0
        if options.output_format != "json":
            raise UsageError(
                f"{len(records)} releases to export: give -o DIRECTORY for {options.output_format}"
            )
        from .exporters import json

        ordered = sorted(records, key=lambda item: (item[1].date, item[1].path))
        stdout.write(json.dumps([json.as_dict(record) for _, record in ordered]))
        return 0
    destinations = _destinations(records, options)
    written: list[str] = []
    for (_, record), path in zip(_progress(records), destinations, strict=True):
        try:
            create_file(
                path, render(record, options).encode("utf-8"), display=str(path), overwrite=True
            )
        except InputError as error:
            print(f"osce: error: {error}", file=sys.stderr)
            if written:
                print(f"osce: {len(written)} files were written before the error:", file=sys.stderr)
                for name in written:
                    print(f"  {name}", file=sys.stderr)
            return 2
        written.append(str(path))
    print(
        f"osce: exported {len(written)} release{'s' if len(written) != 1 else ''} "
        f"to {options.output}",
        file=sys.stderr,
    )
    return 0
