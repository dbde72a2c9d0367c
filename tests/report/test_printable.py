"""What osce prints of a release or a file name is escaped (issue 15, items 5 and 6).

A value such as ``"x\\n::warning file=evil.md,line=1::INJECTED"`` used to print
a line that GitHub Actions runs as a workflow command; a carriage return
could forge a ``path:line:col: error:`` line for a problem matcher; escape
sequences reached the terminal; a file name that is not UTF-8 made the JSON
report invalid UTF-8 and the SARIF report crash.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from osce_cli.report.printable import encodable, printable, without_controls
from tests.conftest import SARIF_SCHEMA, VALID, run_osce

INJECTION = "x\\n::warning file=evil.md,line=1::INJECTED"  # as written in YAML
SOURCES = "is not a known OSCE structure, institution or field operation"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("x\n::warning file=evil.md::INJECTED", "x\\n::warning file=evil.md::INJECTED"),
        ("a\rb\tc", "a\\rb\\tc"),
        ("\x1b[31mred\x1b]0;title\x07", "\\x1b[31mred\\x1b]0;title\\x07"),
        ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("\u202etxt.exe\u2066\u2069", "\\u202etxt.exe\\u2066\\u2069"),
        ("bad-\udcff\udcfe.md", "bad-\\xff\\xfe.md"),
        ("lone \ud800", "lone \\ud800"),
        ("Türkiye – Prishtinë/Priština \\ 😀 \u200f", "Türkiye – Prishtinë/Priština \\ 😀 \u200f"),
    ],
)
def test_printable_escapes_what_a_terminal_acts_on(text: str, shown: str) -> None:
    assert printable(text) == shown
    shown.encode("utf-8")  # always valid UTF-8


def test_encodable_escapes_only_bytes_that_were_not_utf8() -> None:
    assert encodable("bad-\udcff.md") == "bad-\\xff.md"
    assert encodable("x\n\x1b\u202e") == "x\n\x1b\u202e"


def test_without_controls_keeps_tabs_line_feeds_and_bidirectional_text() -> None:
    assert without_controls("a\tb\nc\r\x1b\x85\u202e\udcff") == "a\tb\nc\\r\\x1b\\x85\u202e\\xff"


def write(folder: Path, name: str | bytes, text: str) -> None:
    raw = os.path.join(os.fsencode(folder), os.fsencode(name))
    with open(raw, "wb") as file:
        file.write(text.encode())


def validate(folder: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    """``osce validate`` on names that may not be UTF-8 (bytes reach argv as they are)."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("OSCE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "osce_cli", "validate", "--isolated", "--no-cache", *args],
        cwd=folder,
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.fixture
def injected(tmp_path: Path) -> Path:
    write(tmp_path, "inject.md", VALID.replace("  - OSCE Chairpersonship", f'  - "{INJECTION}"'))
    return tmp_path


def test_text_format_keeps_a_value_on_its_line(injected: Path) -> None:
    result = validate(injected, "inject.md")
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        f"inject.md:7:6: error: V101 'x\\n::warning file=evil.md,line=1::INJECTED' {SOURCES}",
        "   |",
        f' 7 |   - "{INJECTION}"',
        "   |      " + "^" * len(INJECTION),
        "",
        "Checked 1 file: 1 error, 0 warnings, 0 infos.",
    ]


def test_github_format_runs_no_command_from_a_value(injected: Path) -> None:
    result = validate(injected, "inject.md", "--format", "github")
    lines = result.stdout.decode().splitlines()
    assert lines[0] == (
        f"::error file=inject.md,line=7,endLine=7,col=6,endColumn={6 + len(INJECTION)},"
        "title=osce V101 "
        f"(unknown-term)::'x\\n::warning file=evil.md,line=1::INJECTED' {SOURCES}"
    )
    assert [line for line in lines if line.startswith("::")] == lines[:1]


def test_json_keeps_the_value_exact(injected: Path) -> None:
    result = validate(injected, "inject.md", "--format", "json")
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["message"] == f"'x\n::warning file=evil.md,line=1::INJECTED' {SOURCES}"


def test_a_carriage_return_cannot_forge_a_diagnostic_line(tmp_path: Path) -> None:
    forged = "x\\rok.md:1:1: error: V101 forged"
    write(tmp_path, "forge.md", VALID.replace("  - OSCE Chairpersonship", f'  - "{forged}"'))
    result = validate(tmp_path, "forge.md")
    output = result.stdout.decode()
    assert "\r" not in output
    assert output.splitlines()[0] == f"forge.md:7:6: error: V101 '{forged}' {SOURCES}"


def test_terminal_escapes_are_shown_not_sent(tmp_path: Path) -> None:
    write(tmp_path, "ansi.md", VALID.replace("  - Serbia", '  - "\\x1b[2J\\x9b31m\\a"'))
    result = validate(tmp_path, "ansi.md")
    assert result.stdout.decode().splitlines()[0] == (
        "ansi.md:12:6: error: V101 '\\x1b[2J\\x9b31m\\x07' is not a known participating State "
        "or Partner for Co-operation"
    )


def test_the_source_line_is_escaped_and_the_caret_follows(tmp_path: Path) -> None:
    write(tmp_path, "body.md", VALID + "\x1b[2J\x07 TODO: finish\n")
    result = validate(tmp_path, "body.md")
    assert result.stdout.decode().splitlines()[:4] == [
        "body.md:18:7: error: B102 placeholder 'TODO' left in the release",
        "    |",
        " 18 | \\x1b[2J\\x07 TODO: finish",
        "    |             ^^^^",
    ]


NOT_UTF8 = b"broken-\xff-name.md"
BROKEN = VALID.replace("  - Serbia", "  - Serbbia")
SERBIJA = "'Serbbia' is not a known participating State or Partner for Co-operation"


@pytest.fixture
def not_utf8(tmp_path: Path) -> Path:
    write(tmp_path, NOT_UTF8, BROKEN)
    return tmp_path


@pytest.mark.parametrize("cache", [(), ("--no-cache",)])
def test_a_name_that_is_not_utf8_is_shown_with_a_byte_escape(
    not_utf8: Path, cache: tuple[str, ...]
) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "osce_cli", "validate", "--isolated", *cache, "."],
        cwd=not_utf8,
        capture_output=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.decode("utf-8").splitlines()[0] == (
        f"./broken-\\xff-name.md:12:5: error: V101 {SERBIJA} (did you mean 'Serbia'?)"
    )


def test_json_report_of_a_name_that_is_not_utf8_is_utf8(not_utf8: Path) -> None:
    result = validate(not_utf8, NOT_UTF8, "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout.decode("utf-8"))
    assert [d["path"] for d in report["diagnostics"]] == ["broken-\\xff-name.md"]


def test_github_report_of_a_name_that_is_not_utf8(not_utf8: Path) -> None:
    result = validate(not_utf8, NOT_UTF8, "--format", "github")
    assert result.stdout.decode("utf-8").startswith(
        "::error file=broken-\\xff-name.md,line=12,endLine=12,col=5,endColumn=12,"
    )


def test_sarif_of_a_name_that_is_not_utf8_points_at_its_bytes(not_utf8: Path) -> None:
    result = validate(not_utf8, NOT_UTF8, "--format", "sarif")
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout.decode("utf-8"))
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text("utf-8")))
    (found,) = log["runs"][0]["results"]
    location = found["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "broken-%FF-name.md"  # the file's own bytes, percent-encoded


def test_an_unreadable_path_is_named_escaped_on_stderr(tmp_path: Path) -> None:
    result = run_osce("validate", "--isolated", "missing\x1b[2J\n::error::x.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "osce: error: missing\\x1b[2J\\n::error::x.md: no such file or directory\n"
    )


def test_diff_of_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    write(tmp_path, NOT_UTF8, VALID.replace("  - Serbia", "  - serbia"))
    result = validate(tmp_path, NOT_UTF8, "--diff")
    assert result.returncode == 1, result.stderr
    assert result.stdout.decode("utf-8").splitlines()[:2] == [
        "--- a/broken-\\xff-name.md",
        "+++ b/broken-\\xff-name.md",
    ]


def export(folder: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("OSCE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "osce_cli", "export", "--isolated", "--no-cache", *args],
        cwd=folder,
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_json_export_of_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    write(tmp_path, NOT_UTF8, VALID)
    write(tmp_path, "other.md", VALID)
    result = export(tmp_path, ".", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout.decode("utf-8"))
    assert sorted(record["path"] for record in records) == ["./broken-\\xff-name.md", "./other.md"]


@pytest.mark.parametrize("output_format", ["html", "json", "text"])
def test_export_into_a_folder_names_files_that_are_not_utf8(
    tmp_path: Path, output_format: str
) -> None:
    write(tmp_path, NOT_UTF8, VALID)
    write(tmp_path, "other.md", VALID)
    result = export(tmp_path, ".", "--format", output_format, "-o", "site")
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode("utf-8") == "osce: exported 2 releases to site\n"
    suffix = {"html": ".html", "json": ".json", "text": ".txt"}[output_format]
    written = sorted(os.listdir(os.fsencode(tmp_path / "site")))
    shared = [b"assets"] if output_format == "html" else []  # the stylesheet
    assert written == [*shared, b"broken-\xff-name" + suffix.encode(), b"other" + suffix.encode()]


@pytest.mark.parametrize("output_format", ["html", "text"])
def test_exports_show_control_characters_as_escapes(tmp_path: Path, output_format: str) -> None:
    title = "OSCE Chairman says Kosovo elections help promote democracy"
    write(tmp_path, "x.md", VALID.replace(title, f'"{title} \\x1b[2J\\a"'))
    result = export(tmp_path, "x.md", "--format", output_format)
    assert result.returncode == 0, result.stderr
    page = result.stdout.decode("utf-8")
    assert f"{title} \\x1b[2J\\x07" in page
    assert not any(char in page for char in "\x1b\x07\r")


def test_json_export_keeps_control_characters_exact(tmp_path: Path) -> None:
    title = "OSCE Chairman says Kosovo elections help promote democracy"
    write(tmp_path, "x.md", VALID.replace(title, f'"{title} \\x1b[2J\\a"'))
    result = export(tmp_path, "x.md", "--format", "json")
    assert json.loads(result.stdout)[0]["title"] == f"{title} \x1b[2J\x07"


def test_incremental_export_of_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    # The export manifest (SQLite) cannot keep such a name: its page is written every time.
    write(tmp_path, NOT_UTF8, VALID)
    write(tmp_path, "other.md", VALID)
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "osce_cli", "export", "--isolated", ".", "-o", "site"],
            cwd=tmp_path,
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == b"osce: exported 2 releases to site\n"
