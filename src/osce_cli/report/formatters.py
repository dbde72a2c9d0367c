"""Output formats of ``osce validate``: one module per format, chosen by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from osce_cli.report.diagnostics import Report
from osce_cli.report.options import Formatter, OutputOptions

FORMAT_NAMES: tuple[str, ...] = ("text", "json", "github", "sarif")


def get_formatter(name: str) -> Formatter:
    """The formatter for a format name (imported only when used).

    Every format is given the report with what came from release files and
    file names escaped (see `escaped`): the text formats as a terminal and a
    CI log need it, JSON and SARIF only where the text would not be UTF-8.
    """
    if name == "text":
        from osce_cli.report.as_text import render
    elif name == "json":
        from osce_cli.report.as_json import render
    elif name == "github":
        from osce_cli.report.as_github import render
    elif name == "sarif":
        from osce_cli.report.as_sarif import render
    else:
        raise ValueError(f"unknown format '{name}' (use {', '.join(FORMAT_NAMES)})")
    from osce_cli.report.printable import encodable, printable

    escape = printable if name in ("text", "github") else encodable
    # SARIF writes each path as a URI, percent-encoding the file name's own bytes.
    path_escape = None if name == "sarif" else escape

    def escaped_render(report: Report, stream: TextIO, options: OutputOptions) -> None:
        render(escaped(report, escape, path_escape), stream, options)

    return escaped_render


def escaped(
    report: Report, escape: Callable[[str], str], path_escape: Callable[[str], str] | None
) -> Report:
    """The report with each path, message and suggestion escaped, and the errors.

    The source lines are only made UTF-8: the text format escapes the piece
    it shows around each caret itself, so that the caret stays under its
    characters. ``path_escape`` None leaves paths as they are.
    """
    from osce_cli.report.diagnostics import Diagnostic, FileResult
    from osce_cli.report.printable import encodable

    def path_of(path: str) -> str:
        return path if path_escape is None else path_escape(path)

    def escaped_diagnostic(d: Diagnostic) -> Diagnostic:
        path, message = path_of(d.path), escape(d.message)
        suggestions = tuple(escape(s) for s in d.suggestions)
        json_path = None if d.json_path is None else escape(d.json_path)
        if (path, message, suggestions, json_path) == (
            d.path,
            d.message,
            d.suggestions,
            d.json_path,
        ):
            return d  # nearly always: nothing to escape
        return Diagnostic(
            path=path,
            line=d.line,
            column=d.column,
            end_line=d.end_line,
            end_column=d.end_column,
            code=d.code,
            name=d.name,
            severity=d.severity,
            message=message,
            suggestions=suggestions,
            json_path=json_path,
            fix=d.fix,
        )

    files = []
    for result in report.files:
        diagnostics = tuple(escaped_diagnostic(d) for d in result.diagnostics)
        lines = tuple((number, encodable(text)) for number, text in result.lines)
        files.append(FileResult(path_of(result.path), diagnostics, lines))
    errors = [escape(error) for error in report.errors]
    escaped_report = Report(files, errors, fixed=report.fixed, clean=report.clean)
    escaped_report.notes = [
        note._replace(values=tuple(escape(value) for value in note.values)) for note in report.notes
    ]
    return escaped_report
