"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other viewers.

Every rule is described in ``tool.driver.rules`` (id, name, short and full
description, help, default level); every result points at its rule by id and
index, with one physical location and a region in Unicode code points.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO
from urllib.parse import quote

from osce_cli import __version__
from osce_cli.report.diagnostics import Diagnostic, Report, Severity
from osce_cli.report.options import OutputOptions
from osce_cli.report.printable import file_name_bytes

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}


def _uri(path: str) -> str:
    # The name's bytes, percent-encoded: a name that is not UTF-8 too.
    if path.startswith("/"):
        return "file://" + quote(file_name_bytes(path))
    return quote(file_name_bytes(path.removeprefix("./")))


def _rule_descriptors(options: OutputOptions) -> list[dict[str, Any]]:
    from osce_cli.rules.registry import ALL_RULES, FAMILIES

    effective = dict(options.severities)
    descriptors = []
    for rule in ALL_RULES:
        severity = Severity.parse(effective.get(rule.code, rule.severity.label))
        doc = rule.doc
        first_paragraph = doc.split("\n\n", 1)[0].replace("\n", " ")
        descriptors.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": first_paragraph},
                "help": {"text": doc, "markdown": f"**{rule.code} {rule.name}**\n\n{doc}"},
                "defaultConfiguration": {"level": _LEVELS[severity]},
                "properties": {
                    "tags": ["osce", FAMILIES[rule.family]],
                    "precision": "very-high",
                    "problem.severity": _PROBLEM_SEVERITY[severity],
                },
            }
        )
    return descriptors


def _fingerprint(diagnostic: Diagnostic, line_text: str | None) -> str:
    material = "\0".join(
        [diagnostic.code, diagnostic.path, (line_text or "").strip(), diagnostic.message]
    )
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _invocation(report: Report, index: dict[str, int]) -> dict[str, Any]:
    """The run's notes (told once, not at a file) as notifications of the invocation."""
    return {
        "executionSuccessful": True,
        "toolExecutionNotifications": [
            {
                "level": _LEVELS[note.severity],
                "message": {"text": note.message},
                "associatedRule": {"id": note.code, "index": index[note.code]},
            }
            for note in report.notes
        ],
    }


def sarif_log(report: Report, options: OutputOptions) -> dict[str, Any]:
    rules = _rule_descriptors(options)
    index = {descriptor["id"]: position for position, descriptor in enumerate(rules)}
    results = []
    for result in report.files:
        for diagnostic in result.diagnostics:
            results.append(
                {
                    "ruleId": diagnostic.code,
                    "ruleIndex": index[diagnostic.code],
                    "level": _LEVELS[diagnostic.severity],
                    "message": {"text": diagnostic.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": _uri(diagnostic.path)},
                                "region": {
                                    "startLine": diagnostic.line,
                                    "startColumn": diagnostic.column,
                                    "endLine": diagnostic.end_line,
                                    "endColumn": max(diagnostic.end_column, diagnostic.column),
                                },
                            }
                        }
                    ],
                    "partialFingerprints": {
                        "osceFingerprint/v1": _fingerprint(diagnostic, result.line(diagnostic.line))
                    },
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "osce",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": "osce/"},
                "columnKind": "unicodeCodePoints",
                "results": results,
                **({"invocations": [_invocation(report, index)]} if report.notes else {}),
            }
        ],
    }


def render(report: Report, stream: TextIO, options: OutputOptions) -> None:
    stream.write(json.dumps(sarif_log(report, options), indent=2, ensure_ascii=False))
    stream.write("\n")
