"""``--format github``: GitHub Actions workflow commands (annotations).

Values are escaped as the Actions toolkit does: in the message ``%``, CR and
LF; in properties also ``:`` and ``,``. GitHub shows at most 10 error and 10
warning annotations per step, so a summary line says when there are more.
"""

from __future__ import annotations

from typing import TextIO

from osce_cli.report.diagnostics import Diagnostic, Report, Severity
from osce_cli.report.options import OutputOptions, plural

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
ANNOTATION_LIMIT = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    properties = [
        ("file", diagnostic.path),
        ("line", str(diagnostic.line)),
        ("endLine", str(diagnostic.end_line)),
        ("col", str(diagnostic.column)),
        ("endColumn", str(diagnostic.end_column)),
        ("title", f"osce {diagnostic.code} ({diagnostic.name})"),
    ]
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_COMMANDS[diagnostic.severity]} {joined}::{escape_data(diagnostic.message)}"


def render(report: Report, stream: TextIO, options: OutputOptions) -> None:
    for diagnostic in report.diagnostics:
        stream.write(annotation(diagnostic) + "\n")
    for note in report.notes:
        # Told once for the run: an annotation without a file.
        title = escape_property(f"osce {note.code} ({note.name})")
        stream.write(f"::{_COMMANDS[note.severity]} title={title}::{escape_data(note.message)}\n")
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    stream.write(
        f"osce: {plural(report.files_checked, 'file')} checked: {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}, {plural(infos, 'info')}\n"
    )
    if errors > ANNOTATION_LIMIT or warnings > ANNOTATION_LIMIT:
        stream.write(
            f"osce: GitHub shows only {ANNOTATION_LIMIT} annotations of each kind per step; "
            "upload --format sarif to code scanning to see them all\n"
        )
