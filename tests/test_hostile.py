"""The standing hostile corpus (issue 15), through every command and output format.

Every case of ``hostile_corpus`` (numbers and escapes no reader converts,
surrogates, control characters, line separators, byte order marks, NUL,
encodings, huge and deeply nested front matter, hostile file names) sits
among valid releases, enough of them for worker processes to start. Each
command runs as a real process, with ``--jobs 1`` and with workers, and must
end with exit code 0, 1 or 2, never an internal error, with output that is
valid UTF-8, valid JSON or SARIF, and (for what a terminal or CI reads)
free of control characters but line feeds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from osce_cli.config import Config
from osce_cli.report.diagnostics import Severity
from osce_cli.support.pool import PARALLEL_FROM
from osce_cli.validate.checker import Checker, Settings
from tests import hostile_corpus
from tests.conftest import SARIF_SCHEMA, as_other_user

#: The corpus and its reports are built once for the module: its tests go to
#: one worker, which builds them once.
pytestmark = pytest.mark.xdist_group("hostile")

#: Valid releases beside the hostile ones: with them, a run has enough files
#: for its workers to start.
GOOD_COUNT = PARALLEL_FROM
#: What the run says about the cases of issue 15's items 3 and 4, by name.
EXPECTED = {
    "int-4301-digits.md": ["F103"],
    "int-4301-digits-negative.md": ["F103"],
    "int-4301-digits-in-list.md": ["F103"],
    "int-4301-digits-nested.md": ["F103"],
    "int-4301-digits-flow-mapping.md": ["F103"],
    "int-leading-zeros.md": ["F103"],
    "hex-20000-digits.md": ["F103"],
    "octal-20000-digits.md": ["F103"],
    "escape-beyond-unicode.md": ["F103"],
    "escape-ffffffff.md": ["F103"],
    "escape-beyond-unicode-key.md": ["F103"],
    "escape-beyond-unicode-in-flow.md": ["F103"],
    "surrogate-lone-low.md": ["F103"],
    "surrogate-lone-high.md": ["F103"],
    "surrogate-reversed.md": ["F103"],
    "surrogate-long-escape.md": ["F103"],
    "surrogate-in-title.md": ["F103"],
    "surrogate-in-source.md": ["F103"],
    "surrogate-as-key.md": ["F103"],
    "surrogate-pair.md": [],
    "control-escapes-in-summary.md": [],
    "injection-in-source.md": ["V101"],
    "injection-as-key.md": ["M101"],
    "terminal-escapes-in-state.md": ["V101"],
    "broken-\\xff-name.md": ["V101"],
    "not-utf8-\\xff\\xfe.md": [],
    "newline\\n::warning file=evil.md,line=1::INJECTED.md": [],
    "escape-\\x1b[31mred\\x07.md": [],
}
#: A line that a problem matcher would read as a diagnostic.
DIAGNOSTIC_LINE = re.compile(r"^\S.*:\d+:\d+: (?:error|warning|info):")


def osce(cwd: Path, *args: str, preexec: object = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("OSCE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "osce_cli", *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
        preexec_fn=preexec,  # type: ignore[arg-type]
    )


def shown(output: bytes) -> list[str]:
    """Output that must be valid UTF-8 and hold no control character but line feeds."""
    text = output.decode("utf-8")  # strict: raises on anything that is not UTF-8
    lines = text.split("\n")
    for line in lines:
        assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", line), (
            line
        )
    return lines


def ran(result: subprocess.CompletedProcess[bytes], code: int) -> None:
    """The run ended as expected, with a one-line message per problem on stderr."""
    stderr = "\n".join(shown(result.stderr))
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr[-2000:]
    assert result.returncode == code, stderr[-2000:]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working folder: ``corpus/`` holds the hostile cases, ``good/`` valid releases."""
    root = tmp_path_factory.mktemp("hostile")
    hostile_corpus.build(root / "corpus")
    hostile_corpus.good_releases(root / "good", GOOD_COUNT)
    return root


def validate(corpus: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``osce validate`` of the hostile cases among the valid releases."""
    return osce(corpus, "validate", "--isolated", *args, "corpus", "good")


@pytest.fixture(scope="module")
def report(corpus: Path) -> dict[str, object]:
    """The JSON report of the corpus, the same from one process and from workers.

    The run with workers fills the results cache (see the test of a second run).
    """
    alone = validate(corpus, "--no-cache", "--format", "json", "-j", "1")
    ran(alone, 1)
    workers = validate(corpus, "--format", "json", "-j", "2")
    ran(workers, 1)
    assert workers.stdout == alone.stdout
    parsed: dict[str, object] = json.loads(alone.stdout.decode("utf-8"))
    return parsed


def codes_by_file(report: dict[str, object]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for diagnostic in report["diagnostics"]:  # type: ignore[attr-defined]
        found.setdefault(diagnostic["path"], []).append(diagnostic["code"])
    return found


def test_every_file_is_checked_and_reported(corpus: Path, report: dict[str, object]) -> None:
    assert report["files_checked"] == len(os.listdir(corpus / "corpus")) + GOOD_COUNT
    found = codes_by_file(report)
    assert not [path for path in found if not path.startswith("corpus/")]
    for name, codes in EXPECTED.items():
        assert sorted(set(found.get(f"corpus/{name}", []))) == codes, name


@pytest.mark.parametrize(
    ("output_format", "jobs"), [("text", "1"), ("github", "2"), ("sarif", "2")]
)
def test_every_format_is_valid_and_shows_no_control_character(
    corpus: Path, report: dict[str, object], output_format: str, jobs: str
) -> None:
    result = validate(corpus, "--no-cache", "--format", output_format, "-j", jobs)
    ran(result, 1)
    if output_format == "sarif":
        log = json.loads(result.stdout.decode("utf-8"))
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text("utf-8")))
        assert len(log["runs"][0]["results"]) == len(report["diagnostics"])  # type: ignore[arg-type]
        return
    lines = shown(result.stdout)
    if output_format == "text":
        forged = [ln for ln in lines if DIAGNOSTIC_LINE.match(ln) and not ln.startswith("corpus/")]
        assert forged == []
        assert sum(1 for line in lines if DIAGNOSTIC_LINE.match(line)) == len(
            report["diagnostics"]  # type: ignore[arg-type]
        )
    else:
        commands = [line for line in lines if line.startswith("::")]
        assert all(re.match(r"::(?:error|warning|notice) file=corpus/", c) for c in commands)
        assert len(commands) == len(report["diagnostics"])  # type: ignore[arg-type]


def test_a_second_run_from_the_cache_says_the_same(corpus: Path, report: dict[str, object]) -> None:
    again = validate(corpus, "--format", "json", "-j", "1")
    ran(again, 1)
    assert json.loads(again.stdout) == report


def test_fix_changes_what_it_can_and_reports_the_rest(
    corpus: Path, report: dict[str, object], tmp_path: Path
) -> None:
    shutil.copytree(corpus / "corpus", tmp_path / "corpus")
    fixed = osce(tmp_path, "validate", "--isolated", "--no-cache", "--fix", "--format", "json")
    ran(fixed, 1)
    after = json.loads(fixed.stdout.decode("utf-8"))
    assert after["files_checked"] == report["files_checked"] - GOOD_COUNT  # type: ignore[operator]
    assert after["summary"]["fixable"] == 0
    assert after["summary"]["error"] < report["summary"]["error"]  # type: ignore[index]
    again = osce(tmp_path, "validate", "--isolated", "--no-cache", "--format", "json")
    ran(again, 1)
    assert json.loads(again.stdout)["diagnostics"] == after["diagnostics"]


@pytest.fixture(scope="module")
def exportable(corpus: Path) -> Path:
    """The hostile cases without errors, among valid releases: a folder ``export`` can publish."""
    checker = Checker(Settings(Config(root=corpus)))
    folder = os.fsencode(corpus / "exportable")
    source = os.fsencode(corpus / "corpus")
    os.makedirs(folder)
    for name in os.listdir(source):
        path = os.path.join(source, name)
        with open(path, "rb") as file:
            data = file.read()
        result = checker.check_bytes(data, os.fsdecode(name), None)
        if not any(d.severity is Severity.ERROR for d in result.diagnostics):
            shutil.copyfile(path, os.path.join(folder, name))
    return corpus / "exportable"


#: The hostile case under embargo until 9999: exports skip it.
EMBARGOED = b"embargo-far-future.md"


@pytest.mark.parametrize(
    ("output_format", "folders"),
    # With the valid releases, workers start; without them, the export stays in one process.
    [("html", ("exportable", "good")), ("json", ("exportable",)), ("text", ("exportable",))],
)
def test_export_writes_every_valid_release(
    exportable: Path, output_format: str, folders: tuple[str, ...]
) -> None:
    site = f"site-{output_format}"
    result = osce(
        exportable.parent, "export", "--isolated", "--no-cache", *folders,
        "--format", output_format, "-o", site, "-j", "2",
    )  # fmt: skip
    ran(result, 0)
    suffix = {"html": b".html", "json": b".json", "text": b".txt"}[output_format]
    sources = [
        name for folder in folders for name in os.listdir(os.fsencode(exportable.parent / folder))
    ]
    written = os.listdir(os.fsencode(exportable.parent / site))
    shared = [b"assets"] if output_format == "html" else []  # the stylesheet
    assert sorted(written) == sorted(
        [*(name[: -len(b".md")] + suffix for name in sources if name != EMBARGOED), *shared]
    )
    for name in os.listdir(os.fsencode(exportable)):
        if name == EMBARGOED:
            continue
        output = os.fsencode(exportable.parent / site) + b"/" + name[: -len(b".md")] + suffix
        content = Path(os.fsdecode(output)).read_bytes().decode("utf-8")
        if output_format == "json":
            json.loads(content)
        else:
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", content), name


def test_a_site_of_the_hostile_releases_is_valid_xml_and_shows_no_control_character(
    exportable: Path,
) -> None:
    import xml.etree.ElementTree as ET

    result = osce(
        exportable.parent, "export", "--isolated", "--no-cache", "exportable",
        "--format", "site", "--base-url", "https://press.example.org/", "-o", "site-site",
    )  # fmt: skip
    ran(result, 0)
    files = [path for path in (exportable.parent / "site-site").rglob("*") if path.is_file()]
    feeds = [path for path in files if path.name == "feed.xml"]
    assert feeds and any(path.name == "index.html" for path in files)
    for path in files:
        data = path.read_bytes()
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", data.decode("utf-8")), path
        if path.suffix == ".xml":
            ET.fromstring(data)  # a feed or sitemap that does not parse raises here


def test_json_export_to_stdout_is_one_valid_array(exportable: Path) -> None:
    result = osce(exportable, "export", "--isolated", "--no-cache", ".", "--format", "json")
    ran(result, 0)
    records = json.loads(result.stdout.decode("utf-8"))
    assert len(records) == len(os.listdir(exportable)) - 1  # less the embargoed


def test_export_of_the_corpus_reports_its_errors_and_writes_nothing(corpus: Path) -> None:
    result = osce(corpus, "export", "--isolated", "corpus", "--format", "html", "-o", "never")
    ran(result, 1)
    assert shown(result.stderr)[-2].endswith("with errors; nothing exported")
    assert not (corpus / "never").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_with_traps_names_what_it_cannot_read_and_checks_the_rest(
    tmp_path: Path, jobs: str
) -> None:
    hostile_corpus.build_traps(tmp_path / "traps")
    hostile_corpus.good_releases(tmp_path / "traps" / "good", GOOD_COUNT)
    preexec = as_other_user()
    try:
        result = osce(
            tmp_path, "validate", "--isolated", "--no-cache", "--format", "json", "-j", jobs,
            "traps", preexec=preexec,
        )  # fmt: skip
    finally:
        (tmp_path / "traps" / "locked").chmod(0o755)
    ran(result, 2)
    assert json.loads(result.stdout)["files_checked"] == 1 + GOOD_COUNT
    errors = shown(result.stderr)[:-1]
    assert all(line.startswith("osce: error: traps/") for line in errors), errors
    assert any(line.startswith("osce: error: traps/locked") for line in errors), errors


def test_named_link_loops_are_named_and_the_rest_checked(tmp_path: Path) -> None:
    hostile_corpus.build_traps(tmp_path)
    (tmp_path / "locked").chmod(0o755)
    result = osce(
        tmp_path, "validate", "--isolated", "--format", "json", "loop-a.md", "self.md", "good.md"
    )
    ran(result, 2)
    assert json.loads(result.stdout)["files_checked"] == 1
    errors = shown(result.stderr)[:-1]
    assert [line.split(":")[2].strip() for line in errors] == ["loop-a.md", "self.md"]
