"""``osce validate --fix`` and ``--diff`` over files: read, fix, then write or show.

A file is written only when fixing changed it, through the careful writer
(temporary file, rename, mode kept, never over a file that changed meanwhile
or is read-only). With ``--diff`` nothing is written; a unified diff shows
what ``--fix`` would do.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Callable
from typing import BinaryIO, ClassVar

from osce_cli.frontmatter.source import decode
from osce_cli.report.diagnostics import Report
from osce_cli.report.printable import encodable
from osce_cli.support.errors import InputError, OsceError, internal_error
from osce_cli.support.records import Record
from osce_cli.support.writer import replace_file
from osce_cli.validate.checker import Checker, Settings
from osce_cli.validate.discovery import Target, read_target
from osce_cli.validate.fixes import fix_text
from osce_cli.validate.originals import read_original


class FixRun(Record):
    """The report of what is left, the diffs, and the fixed standard input."""

    __slots__ = ("diffs", "report", "stdin_text")
    _fields: ClassVar[tuple[str, ...]] = ("report", "diffs", "stdin_text")

    def __init__(self) -> None:
        self.report = Report()
        self.diffs: list[str] = []
        self.stdin_text: str | None = None


def unified_diff(before: str, after: str, display: str) -> str:
    name = encodable(display)  # valid UTF-8, whatever the file's name
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in lines
    )


def fix_targets(
    targets: list[Target],
    settings: Settings,
    stdin: Callable[[], BinaryIO],
    *,
    write: bool,
    unsafe: bool,
) -> FixRun:
    checker = Checker(settings)
    run = FixRun()
    for target in targets:
        try:
            data, relative = read_target(target, stdin, settings.config.root)
        except InputError as error:
            run.report.errors.append(str(error))
            continue
        source = decode(data)
        original = read_original(target.file, target.display)
        if not source.usable:
            run.report.add(checker.check_bytes(data, target.display, relative, original))
            continue
        try:
            outcome = fix_text(
                source.text,
                checker,
                target.display,
                relative,
                unsafe=unsafe,
                had_bom=source.had_bom,
                original=original,
            )
        except OsceError:
            raise  # the command cannot run (a broken vocabulary file...)
        except Exception as error:  # a bug of osce: name the file, fix the others
            run.report.errors.append(internal_error(target.display, "fixing", error))
            continue
        result = outcome.result
        run.report.not_fixed.extend(
            f"{d.path}:{d.line}:{d.column}: {d.code} fix not applied: "
            "the fixed file would not read as intended"
            for d in outcome.not_applied
        )
        if outcome.changed(source.text):
            run.diffs.append(unified_diff(source.text, outcome.text, target.display))
            fixed_bytes = (codecs.BOM_UTF8 if source.had_bom else b"") + outcome.text.encode()
            if target.path is None:
                run.stdin_text = outcome.text
                run.report.fixed += outcome.applied
            elif write:
                try:
                    replace_file(target.path, fixed_bytes, expected=data, display=target.display)
                    run.report.fixed += outcome.applied
                except InputError as error:
                    run.report.errors.append(str(error))
                    result = checker.check_bytes(data, target.display, relative, original)
            else:
                run.report.fixed += outcome.applied
        elif target.path is None:
            run.stdin_text = source.text
        run.report.add(result)
    return run
