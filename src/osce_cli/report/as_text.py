"""``--format text``: findings grouped by file, each with its source line.

::

    releases/2007/x.md:9:5: error: V101 'Turkye' is not a known ... (did you mean 'Türkiye'?)
       |
     9 |   - Turkye
       |     ^^^^^^

The first line has the ``path:line:col: severity: message`` shape that
editors and CI problem matchers understand. Colour (through Rich) only when
asked for; otherwise plain text, written directly.
"""

from __future__ import annotations

from typing import TextIO

from osce_cli.report.diagnostics import Diagnostic, FileResult, Report, Severity
from osce_cli.report.options import OutputOptions, plural
from osce_cli.report.printable import printable

Segment = tuple[str, str]  # (text, Rich style)

_SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
}


def _excerpt(result: FileResult, diagnostic: Diagnostic) -> list[list[Segment]]:
    text = result.line(diagnostic.line)
    if text is None:
        return []
    # The line as a terminal may show it (see `printable`); the caret goes
    # under the escapes of the characters it marks.
    shown = printable(text.expandtabs(4))
    start = diagnostic.column - 1
    prefix = printable(text[:start].expandtabs(4))
    if diagnostic.end_line == diagnostic.line:
        marked = text[start : diagnostic.end_column - 1]
        width = max(1, diagnostic.end_column - diagnostic.column)
    else:
        marked = text[start:]
        width = max(1, len(text) - diagnostic.column + 1)
    width += len(printable(marked)) - len(marked)
    number = str(diagnostic.line)
    gutter = " " * len(number)
    style = _SEVERITY_STYLE[diagnostic.severity]
    return [
        [(f" {gutter} |", "blue")],
        [(f" {number} |", "blue"), (f" {shown}", "")],
        [(f" {gutter} |", "blue"), (" " + " " * len(prefix), ""), ("^" * width, style)],
    ]


def _heading(diagnostic: Diagnostic) -> list[Segment]:
    return [
        (f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}:", "bold"),
        (" ", ""),
        (f"{diagnostic.severity.label}:", _SEVERITY_STYLE[diagnostic.severity]),
        (" ", ""),
        (diagnostic.code, "bold"),
        (f" {diagnostic.message}", ""),
    ]


def summary_line(report: Report) -> str:
    fixed = f"Fixed {plural(report.fixed, 'problem')}. " if report.fixed else ""
    return fixed + _count_line(report)


def _count_line(report: Report) -> str:
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    files = plural(report.files_checked, "file")
    if not (errors or warnings or infos):
        return f"Checked {files}: no problems found."
    line = (
        f"Checked {files}: {plural(errors, 'error')}, {plural(warnings, 'warning')}, "
        f"{plural(infos, 'info')}."
    )
    if report.fixable:
        line += f" {report.fixable} fixable with --fix"
        if report.unsafe_fixable:
            line += f"; {report.unsafe_fixable} more with --unsafe-fixes"
        line += "."
    elif report.unsafe_fixable:
        line += f" {report.unsafe_fixable} fixable with --fix --unsafe-fixes."
    return line


def lines(report: Report) -> list[list[Segment]]:
    """The whole report as lines of styled segments."""
    output: list[list[Segment]] = []
    for result in report.files:
        if not result.diagnostics:
            continue
        for diagnostic in result.diagnostics:
            output.append(_heading(diagnostic))
            output.extend(_excerpt(result, diagnostic))
        output.append([])
    for note in report.notes:
        # Told once for the run, not at a file: 'osce:' stands where a path would.
        output.append(
            [
                ("osce:", "bold"),
                (" ", ""),
                (f"{note.severity.label}:", _SEVERITY_STYLE[note.severity]),
                (" ", ""),
                (note.code, "bold"),
                (f" {note.message}", ""),
            ]
        )
    output.append([(summary_line(report), "bold")])
    return output


def render(report: Report, stream: TextIO, options: OutputOptions) -> None:
    content = lines(report)
    if not options.color:
        for segments in content:
            stream.write("".join(text for text, _ in segments).rstrip() + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for segments in content:
        line = Text()
        for text, style in segments:
            line.append(text, style=style or None)
        console.print(line)
