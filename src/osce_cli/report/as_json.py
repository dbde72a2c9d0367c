"""``--format json``: the documented, stable report shape (version 1)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from osce_cli.report.diagnostics import Diagnostic, Report, Severity
from osce_cli.report.options import OutputOptions

FORMAT_VERSION = 1


def diagnostic_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_line": diagnostic.end_line,
        "end_column": diagnostic.end_column,
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "suggestions": list(diagnostic.suggestions),
        "json_path": diagnostic.json_path,
        "fixable": diagnostic.fixable,
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "files_checked": report.files_checked,
        "summary": {
            "error": report.count(Severity.ERROR),
            "warning": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "fixable": report.fixable,
        },
        "diagnostics": [diagnostic_dict(d) for d in report.diagnostics],
        "notes": [
            {
                "code": note.code,
                "name": note.name,
                "severity": note.severity.label,
                "message": note.message,
            }
            for note in report.notes
        ],
    }


def render(report: Report, stream: TextIO, options: OutputOptions) -> None:
    stream.write(json.dumps(report_dict(report), indent=2, ensure_ascii=False))
    stream.write("\n")
