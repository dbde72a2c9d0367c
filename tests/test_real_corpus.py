"""The regression corpus of real osce.org releases (tests/corpus/).

`tests/corpus/real/` holds releases as osce.org published them, 1995 to 2025:
their real dates, tags and printed datelines, with our own titles and text.
Every one must pass `osce validate` without an error. `tests/corpus/contradictions/`
holds releases that contradict themselves; each must still get its error.
Both are checked by the real command line, as a press office runs it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, run_osce

CORPUS = REPO / "tests" / "corpus"
REAL = CORPUS / "real"
CONTRADICTIONS = CORPUS / "contradictions"
#: The release files are in one folder per year; README.md and sources.yaml sit beside them.
YEAR = re.compile(r"^(19|20)\d\d$")


def year_folders() -> list[Path]:
    return sorted(p for p in REAL.iterdir() if p.is_dir() and YEAR.match(p.name))


def release_files() -> list[Path]:
    return sorted(path for folder in year_folders() for path in folder.glob("*.md"))


def validate(paths: list[Path], cwd: Path) -> dict[str, Any]:
    """Run `osce validate` as a user would, and return its JSON report.

    The configuration is the corpora's own (tests/corpus/osce.toml), found
    from the paths, as a press office's is found from its releases.
    """
    result = run_osce("validate", "--format", "json", "--no-cache", *map(str, paths), cwd=cwd)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    assert result.returncode in (0, 1), result.stderr.decode()
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def provenance() -> list[dict[str, Any]]:
    data = yaml.safe_load((REAL / "sources.yaml").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = data["releases"]
    return entries


def test_the_corpus_is_large_and_spans_1995_to_2025() -> None:
    files = release_files()
    assert len(files) >= 150
    years = Counter(path.parent.name for path in files)
    assert set(years) == {str(year) for year in range(1995, 2026)}
    for path in files:
        assert path.name.startswith(path.parent.name + "-"), path


def test_every_release_has_its_source_noted() -> None:
    entries = provenance()
    noted = [entry["file"] for entry in entries]
    assert len(noted) == len(set(noted))
    on_disk = [path.relative_to(REAL).as_posix() for path in release_files()]
    assert sorted(noted) == on_disk
    for entry in entries:
        assert entry["url"].startswith(("https://", "http://")), entry["file"]
        text = (REAL / entry["file"]).read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        # The dateline is kept exactly as osce.org printed it.
        assert entry["dateline"] in body, entry["file"]
        assert f"\ndate: {entry['publishing_date']}\n" in text, entry["file"]


def test_real_releases_get_no_error(tmp_path: Path) -> None:
    files = release_files()
    report = validate(year_folders(), tmp_path)
    assert report["files_checked"] == len(files)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    by_code = Counter(d["code"] for d in errors)
    lines = [
        f"{Path(d['path']).relative_to(REAL)}:{d['line']}: {d['code']} {d['message']}"
        for d in errors
    ]
    if errors:
        pytest.fail(
            f"{len(errors)} false errors in {len({d['path'] for d in errors})} real releases "
            f"({dict(sorted(by_code.items()))}):\n" + "\n".join(lines),
            pytrace=False,
        )


def contradictions() -> list[dict[str, Any]]:
    data = yaml.safe_load((CONTRADICTIONS / "expected.yaml").read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = data["contradictions"]
    return cases


def test_every_contradiction_is_described() -> None:
    described = sorted(case["file"] for case in contradictions())
    assert described == sorted(path.name for path in CONTRADICTIONS.glob("*.md"))
    for case in contradictions():
        assert case["kind"] in ("real", "derived")
        assert case["expect"], case["file"]


@pytest.fixture(scope="module")
def contradiction_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return validate([CONTRADICTIONS], tmp_path_factory.mktemp("run"))


@pytest.mark.xdist_group("contradictions")  # one worker runs the report once for all cases
@pytest.mark.parametrize("case", contradictions(), ids=lambda case: case["file"])
def test_real_contradictions_are_still_found(
    case: dict[str, Any], contradiction_report: dict[str, Any]
) -> None:
    errors = {
        d["code"]
        for d in contradiction_report["diagnostics"]
        if Path(d["path"]).name == case["file"] and d["severity"] == "error"
    }
    for code in case["expect"]:
        assert code in errors, f"{case['file']}: expected {code}, got {sorted(errors)}"
