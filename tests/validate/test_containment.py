"""One bad file never hides the others (issue 15).

Whatever goes wrong with one file (a finding, an unreadable path, or a bug of
osce met while checking it) is said about that file, and every other file is
still checked and reported, in every output format, with ``--jobs 1`` and
with worker processes. The bug is injected here (no known input causes one);
the hostile corpus (``test_hostile.py``) and the property below feed real
hostile files.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_cli import commands as api
from osce_cli.commands import ExportCommand, ValidateOptions
from osce_cli.config import Config
from osce_cli.export import job as exporting
from osce_cli.report.diagnostics import FileResult
from osce_cli.support.errors import ConfigError
from osce_cli.support.pool import PARALLEL_FROM
from osce_cli.validate import checker as engine
from osce_cli.validate.checker import Settings, check_targets
from osce_cli.validate.discovery import collect
from tests import hostile_corpus
from tests.conftest import VALID

BROKEN = VALID.replace("  - Serbia", "  - Serbbia")
FAILING = "failing.md"
INTERNAL = f"{FAILING}: internal error while checking: RuntimeError: boom\nx (please report it)"
#: As stderr shows it: on one line.
SHOWN = f"osce: error: ./{FAILING}: internal error while checking: RuntimeError: boom\\nx " + (
    "(please report it)\n"
)


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Enough releases for workers to start, one of which osce fails on, one broken."""
    monkeypatch.chdir(tmp_path)
    for number in range(PARALLEL_FROM):
        (tmp_path / f"r{number:03d}.md").write_text(VALID, "utf-8")
    (tmp_path / "broken.md").write_text(BROKEN, "utf-8")
    (tmp_path / FAILING).write_text(VALID, "utf-8")
    real = engine.Checker.check_document

    def check_document(self: engine.Checker, document: object, *rest: object) -> object:
        if getattr(document, "path", "").endswith(FAILING):
            raise RuntimeError("boom\nx")  # a bug of osce, met on one file only
        return real(self, document, *rest)  # type: ignore[arg-type]

    # Forked workers inherit the patched class.
    monkeypatch.setattr(engine.Checker, "check_document", check_document)
    monkeypatch.delenv("OSCE_DEBUG", raising=False)
    return tmp_path


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bug_met_on_one_file_is_an_error_for_that_file(archive: Path, jobs: int) -> None:
    targets = collect(["."], root=archive)
    report = check_targets(targets, Settings(Config(root=archive)), io.BytesIO, jobs=jobs)
    assert report.errors == [f"./{INTERNAL}"]
    assert report.files_checked == PARALLEL_FROM + 1  # every other file
    assert [(result.path, [d.code for d in result.diagnostics]) for result in report.files] == [
        ("./broken.md", ["V101"])
    ]


@pytest.mark.parametrize(
    ("output_format", "jobs"), [("text", 1), ("json", 2), ("github", 1), ("sarif", 2)]
)
def test_every_format_reports_the_others_and_names_the_file(
    archive: Path, jobs: int, output_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    stdout = io.StringIO()
    options = ValidateOptions(
        paths=(".",), output_format=output_format, isolated=True, cache=False, jobs=jobs
    )
    assert api.validate(options, stdout) == 2
    # The error is named on one line, its line break shown as an escape.
    assert capsys.readouterr().err == SHOWN
    output = stdout.getvalue()
    assert "broken.md" in output
    assert FAILING not in output
    if output_format == "json":
        assert json.loads(output)["files_checked"] == PARALLEL_FROM + 1


def test_fix_names_the_file_and_fixes_the_others(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (archive / "fixable.md").write_text(VALID.replace("  - Serbia", "  - serbia"), "utf-8")
    stdout = io.StringIO()
    options = ValidateOptions(paths=(".",), isolated=True, cache=False, fix=True)
    assert api.validate(options, stdout) == 2
    assert (archive / "fixable.md").read_text("utf-8") == VALID
    assert capsys.readouterr().err == SHOWN.replace("checking", "fixing")
    assert stdout.getvalue().splitlines()[0].startswith("./broken.md:12:5: error: V101")


@pytest.mark.parametrize("jobs", [1, 2])
def test_export_names_the_file_and_writes_nothing(
    archive: Path, jobs: int, capsys: pytest.CaptureFixture[str]
) -> None:
    (archive / "broken.md").unlink()
    command = ExportCommand(
        paths=(".",), output_format="json", output=str(archive / "site"), isolated=True, jobs=jobs
    )
    assert api.export_releases(command, io.StringIO()) == 2
    assert capsys.readouterr().err == SHOWN
    assert not (archive / "site").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_export_names_a_release_it_cannot_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OSCE_DEBUG", raising=False)
    for number in range(PARALLEL_FROM):
        (tmp_path / f"r{number:03d}.md").write_text(VALID, "utf-8")
    (tmp_path / FAILING).write_text(VALID, "utf-8")
    real = exporting.render

    def render(record: object, options: object, *rest: object) -> str:
        if getattr(record, "path", "").endswith(FAILING):
            raise RuntimeError("boom\nx")
        return real(record, options, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(exporting, "render", render)
    command = ExportCommand(
        paths=(".",), output_format="json", output=str(tmp_path / "site"), isolated=True, jobs=jobs
    )
    assert api.export_releases(command, io.StringIO()) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        f"osce: error: ./{FAILING}: internal error while exporting: RuntimeError: boom\\nx "
        "(please report it)"
    )


# --------------------------------------------------------------------------- property

GOOD_FILES = {
    "a-valid.md": VALID,
    "b-broken.md": BROKEN,
    "c-warned.md": VALID.replace("  - Serbia", "  - serbia"),
    "d-no-front-matter.md": "Just text\n",
}
CORPUS_CASES = sorted(hostile_corpus.small_cases().items())


def _mutations() -> st.SearchStrategy[bytes]:
    """Hostile files: the corpus's cases, and good releases with arbitrary text or bytes in."""
    anything = st.text(st.characters(codec=None, categories=None), max_size=40)
    where = st.sampled_from(
        ["title: OSCE", "place: Pristina", "  - Serbia", "language: en", "PRISTINA, 18", "---\n"]
    )

    def insert(anchor: str, text: str) -> bytes:
        return VALID.replace(anchor, anchor + text, 1).encode("utf-8", "surrogatepass")

    def quoted(anchor: str, text: str) -> bytes:
        escaped = text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
        return VALID.replace(anchor, f'{anchor} "{escaped}"', 1).encode("utf-8", "surrogatepass")

    return st.one_of(
        st.sampled_from([content for _, content in CORPUS_CASES]),
        st.builds(insert, where, anything),
        st.builds(quoted, where, anything),
        st.binary(max_size=200),
        st.builds(lambda cut, tail: VALID.encode()[:cut] + tail, st.integers(0, 500), st.binary()),
    )


def _report_of_good_files(folder: Path) -> tuple[list[FileResult], list[str]]:
    """What the run says about every file but ``hostile.md``, by file name."""
    targets = collect([str(folder)], root=folder)
    report = check_targets(targets, Settings(Config(root=folder)), io.BytesIO, jobs=1)
    good = [
        result._replace(path=Path(result.path).name)
        for result in report.files
        if not result.path.endswith("/hostile.md")
    ]
    errors = [error for error in report.errors if "hostile.md" not in error]
    return good, errors


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hostile=_mutations())
def test_a_hostile_file_never_changes_the_report_of_the_others(
    tmp_path_factory: pytest.TempPathFactory, hostile: bytes
) -> None:
    folder = tmp_path_factory.mktemp("mixed")
    for name, text in GOOD_FILES.items():
        (folder / name).write_text(text, "utf-8")
    alone = _report_of_good_files(folder)
    (folder / "hostile.md").write_bytes(hostile)
    assert _report_of_good_files(folder) == alone


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fix", [False, True])
def test_a_broken_vocabulary_file_still_stops_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, fix: bool
) -> None:
    # Not a problem of one file: the command cannot run at all.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.yaml").write_text("facet: states\nterms:\n  - id: Bad Id\n    label: x\n")
    (tmp_path / "osce.toml").write_text('vocabulary = ["v.yaml"]\ninclude = ["*.md"]\n')
    for number in range(PARALLEL_FROM):
        (tmp_path / f"r{number:03d}.md").write_text(VALID, "utf-8")
    options = ValidateOptions(paths=(".",), cache=False, jobs=jobs, fix=fix)
    with pytest.raises(ConfigError, match=r"v\.yaml: terms\.0\.id: "):
        api.validate(options, io.StringIO())
