"""Output formats: exact text, the JSON contract, GitHub commands, SARIF against its schema."""

from __future__ import annotations

import io
import json

import jsonschema
import pytest

from osce_cli.config import Config
from osce_cli.report.as_github import escape_data, escape_property
from osce_cli.report.diagnostics import Report
from osce_cli.report.formatters import get_formatter
from osce_cli.report.options import OutputOptions
from osce_cli.validate.checker import Checker, Settings
from tests.conftest import SARIF_SCHEMA, VALID

# The official OASIS schema, kept in the repository (tests/data/README.md).

BROKEN = VALID.replace("  - Serbia", "  - Serbbia").replace(
    "  - OSCE Mission in Kosovo", "  - ODIHR"
)


def report_of(*texts: tuple[str, str]) -> Report:
    checker = Checker(Settings(config=Config()))
    report = Report()
    for path, text in texts:
        report.files.append(checker.check_bytes(text.encode(), path, path))
    return report


def render(name: str, report: Report, **options: object) -> str:
    stream = io.StringIO()
    get_formatter(name)(report, stream, OutputOptions(**options))  # type: ignore[arg-type]
    return stream.getvalue()


def test_text_output_is_exact() -> None:
    report = report_of(("releases/2007/a.md", BROKEN), ("releases/2007/b.md", VALID))
    assert render("text", report) == (
        "releases/2007/a.md:8:5: warning: V102 'ODIHR' stands for 'OSCE Office for Democratic "
        "Institutions and Human Rights': write the preferred label\n"
        "   |\n"
        " 8 |   - ODIHR\n"
        "   |     ^^^^^\n"
        "releases/2007/a.md:12:5: error: V101 'Serbbia' is not a known participating State or "
        "Partner for Co-operation (did you mean 'Serbia'?)\n"
        "    |\n"
        " 12 |   - Serbbia\n"
        "    |     ^^^^^^^\n"
        "\n"
        "Checked 2 files: 1 error, 1 warning, 0 infos. 1 fixable with --fix; "
        "1 more with --unsafe-fixes.\n"
    )


def test_text_output_for_a_clean_run() -> None:
    assert render("text", report_of(("a.md", VALID))) == "Checked 1 file: no problems found.\n"


def test_text_output_in_colour_uses_ansi_codes() -> None:
    coloured = render("text", report_of(("a.md", BROKEN)), color=True)
    assert "\x1b[" in coloured
    assert "V101" in coloured


def test_json_output_follows_the_contract() -> None:
    report = report_of(("releases/2007/a.md", BROKEN))
    data = json.loads(render("json", report))
    assert list(data) == ["version", "files_checked", "summary", "diagnostics", "notes"]
    assert data["notes"] == []
    assert data["version"] == 1
    assert data["files_checked"] == 1
    assert data["summary"] == {"error": 1, "warning": 1, "info": 0, "fixable": 1}
    assert data["diagnostics"][1] == {
        "path": "releases/2007/a.md",
        "line": 12,
        "column": 5,
        "end_line": 12,
        "end_column": 12,
        "code": "V101",
        "name": "unknown-term",
        "severity": "error",
        "message": "'Serbbia' is not a known participating State or Partner for Co-operation "
        "(did you mean 'Serbia'?)",
        "suggestions": ["Serbia"],
        "json_path": "$.states[0]",
        "fixable": False,
    }


def test_json_keys_are_present_even_when_they_do_not_apply() -> None:
    text = VALID.replace("The elections", "TODO The elections")
    (diagnostic,) = json.loads(render("json", report_of(("a.md", text))))["diagnostics"]
    assert diagnostic["json_path"] is None
    assert diagnostic["suggestions"] == []
    assert diagnostic["fixable"] is False


def test_github_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_output_is_exact() -> None:
    report = report_of(("releases/a,b.md", BROKEN))
    assert render("github", report).splitlines() == [
        "::warning file=releases/a%2Cb.md,line=8,endLine=8,col=5,endColumn=10,"
        "title=osce V102 (non-preferred-term)::'ODIHR' stands for 'OSCE Office for Democratic "
        "Institutions and Human Rights': write the preferred label",
        "::error file=releases/a%2Cb.md,line=12,endLine=12,col=5,endColumn=12,"
        "title=osce V101 (unknown-term)::'Serbbia' is not a known participating State or "
        "Partner for Co-operation (did you mean 'Serbia'?)",
        "osce: 1 file checked: 1 error, 1 warning, 0 infos",
    ]


def test_github_summary_counts_in_plural_from_two() -> None:
    texts = [(f"r{n}.md", BROKEN) for n in range(2)]
    assert render("github", report_of(*texts)).splitlines()[-1] == (
        "osce: 2 files checked: 2 errors, 2 warnings, 0 infos"
    )


def test_github_output_warns_about_the_annotation_limit() -> None:
    texts = [(f"r{n}.md", BROKEN) for n in range(11)]
    output = render("github", report_of(*texts))
    assert output.splitlines()[-1].startswith("osce: GitHub shows only 10 annotations")


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, object]:
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_sarif_is_valid_against_the_oasis_schema(sarif_schema: dict[str, object]) -> None:
    report = report_of(("releases/2007/a.md", BROKEN), ("releases/2007/b.md", VALID))
    log = json.loads(render("sarif", report))
    jsonschema.validate(log, sarif_schema)
    assert log["version"] == "2.1.0"
    assert "" not in _strings(log)


def test_sarif_has_what_github_code_scanning_needs() -> None:
    from osce_cli.rules.registry import ALL_RULES

    log = json.loads(render("sarif", report_of(("releases/2007/a.md", BROKEN))))
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in ALL_RULES]
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    first, second = run["results"]
    assert first["ruleId"] == "V102" and rules[first["ruleIndex"]]["id"] == "V102"
    assert first["level"] == "warning"
    assert second["level"] == "error"
    assert second["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "releases/2007/a.md"},
        "region": {"startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 12},
    }
    assert second["partialFingerprints"]["osceFingerprint/v1"]


def test_sarif_severity_overrides_change_rule_levels() -> None:
    log = json.loads(render("sarif", report_of(("a.md", VALID)), severities=(("V102", "error"),)))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["V102"]["defaultConfiguration"]["level"] == "error"
    assert rules["D105"]["defaultConfiguration"]["level"] == "note"


def test_sarif_uris_are_escaped(sarif_schema: dict[str, object]) -> None:
    log = json.loads(render("sarif", report_of(("my releases/ü.md", BROKEN))))
    jsonschema.validate(log, sarif_schema)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "my%20releases/%C3%BC.md"}


#: Three releases in languages without dateline data, two of them German.
SKIPPED = (
    ("de/a.md", VALID.replace("language: en", "language: de")),
    ("de/b.md", VALID.replace("language: en", "language: de")),
    ("sr/c.md", VALID.replace("language: en", "language: sr-Latn")),
)
SKIPPED_NOTE = (
    "dateline checks skipped for releases in 'de', 'sr-Latn' "
    "(osce has no dateline data for those languages)"
)


def skipped_report() -> Report:
    checker = Checker(Settings(config=Config()))
    report = Report()
    for path, text in SKIPPED:
        report.add(checker.check_bytes(text.encode(), path, path))
    return report


def test_skipped_dateline_checks_are_told_once_per_run_in_text() -> None:
    report = skipped_report()
    assert render("text", report) == (
        f"osce: info: D100 {SKIPPED_NOTE}\nChecked 3 files: 0 errors, 0 warnings, 1 info.\n"
    )
    assert report.exit_code() == 0


def test_skipped_dateline_checks_are_one_note_in_json() -> None:
    data = json.loads(render("json", skipped_report()))
    assert data["diagnostics"] == []
    assert data["summary"] == {"error": 0, "warning": 0, "info": 1, "fixable": 0}
    assert data["notes"] == [
        {
            "code": "D100",
            "name": "dateline-checks-skipped",
            "severity": "info",
            "message": SKIPPED_NOTE,
        }
    ]


def test_skipped_dateline_checks_are_one_notice_in_github() -> None:
    assert render("github", skipped_report()) == (
        "::notice title=osce D100 (dateline-checks-skipped)::"
        + SKIPPED_NOTE
        + "\nosce: 3 files checked: 0 errors, 0 warnings, 1 info\n"
    )


def test_skipped_dateline_checks_are_a_valid_sarif_notification(
    sarif_schema: dict[str, object],
) -> None:
    log = json.loads(render("sarif", skipped_report()))
    jsonschema.validate(log, sarif_schema)
    (run,) = log["runs"]
    assert run["results"] == []
    (invocation,) = run["invocations"]
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "note"
    assert notification["message"] == {"text": SKIPPED_NOTE}
    rule = run["tool"]["driver"]["rules"][notification["associatedRule"]["index"]]
    assert rule["id"] == notification["associatedRule"]["id"] == "D100"
