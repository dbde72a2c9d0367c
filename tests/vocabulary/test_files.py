"""The shipped vocabulary files: held to the file format, and compiled.json is current."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import osce_cli
from osce_cli.frontmatter.data import load_yaml_file
from osce_cli.support.resources import vocabulary_dir
from osce_cli.vocabulary import terms as vocabulary
from osce_cli.vocabulary.files import checked_facet
from osce_cli.vocabulary.spec import FacetSpec


@pytest.mark.parametrize("name", vocabulary.FACET_FILES)
def test_shipped_files_follow_the_format_projects_are_held_to(name: str) -> None:
    data = load_yaml_file(vocabulary_dir() / name)
    assert checked_facet(data, name) == FacetSpec.from_data(data)


def test_compiled_json_is_current() -> None:
    shipped = (vocabulary_dir() / vocabulary.COMPILED_FILE).read_text(encoding="utf-8")
    assert shipped == vocabulary.compiled_text(), (
        "schemas/vocabulary/compiled.json is stale: run "
        "python -m osce_cli.vocabulary.terms > schemas/vocabulary/compiled.json"
    )


def load_in_a_copy(tmp_path: Path, change: str | None) -> list[dict[str, object]]:
    """`osce vocab states -f json` with the package's vocabulary folder edited."""
    package = Path(osce_cli.__file__).resolve().parent
    copy = tmp_path / "osce_cli"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(vocabulary_dir().parent, copy / "schemas")
    if change is not None:
        states = copy / "schemas" / "vocabulary" / "participating-states.yaml"
        states.write_text(
            states.read_text(encoding="utf-8").replace("label: Albania", change), encoding="utf-8"
        )
    result = subprocess.run(
        [sys.executable, "-m", "osce_cli", "vocab", "states", "-f", "json", "--isolated"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    terms: list[dict[str, object]] = json.loads(result.stdout)
    return terms


def test_an_edited_facet_file_is_read_from_its_yaml_not_the_stale_json(tmp_path: Path) -> None:
    before = load_in_a_copy(tmp_path / "a", None)
    after = load_in_a_copy(tmp_path / "b", "label: Republic of Albania")
    albania = [term for term in after if term["id"] == "albania"]
    assert [term["label"] for term in albania] == ["Republic of Albania"]
    assert [term for term in after if term["id"] != "albania"] == before[1:]
