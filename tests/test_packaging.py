"""The built wheel carries everything it needs; the pre-commit hook works for real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, VALID

BROKEN = VALID.replace("  - Serbia", "  - Serbbia")


@pytest.mark.slow
def test_built_wheel_validates_the_examples(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("osce_cli-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    assert (target / "osce_cli" / "schemas" / "release.schema.json").is_file()
    assert (target / "osce_cli" / "schemas" / "vocabulary" / "participating-states.yaml").is_file()
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import osce_cli, osce_cli.support.resources as r\n"
            "print(osce_cli.__file__)\nprint(r.schemas_dir())",
        ],
        check=True,
        capture_output=True,
        env=env,
        cwd=tmp_path,
        text=True,
    ).stdout.splitlines()
    assert where[0].startswith(str(target)), where
    assert where[1] == str(target / "osce_cli" / "schemas")
    # The valid examples, where a project keeps its releases.
    releases = tmp_path / "releases"
    shutil.copytree(REPO / "examples", releases, ignore=shutil.ignore_patterns("invalid"))
    script = target / "bin" / "osce"
    result = subprocess.run(
        [str(script), "validate", "releases"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Checked 10 files: no problems found.")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """This working tree, as it is now, committed on ``main`` in a repository of its own.

    The pre-commit cache is shared by the tests of this module, so that the
    hook's environment is built once for each ``rev`` they use.
    """
    base = tmp_path_factory.mktemp("pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1", **GIT_IDENTITY}
    repo = base / "hook-repo"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, repo / name)
    for folder in ("src", "schemas"):
        shutil.copytree(REPO / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    subprocess.run(["git", "commit", "-qm", "hooks"], cwd=repo, env=env, check=True)
    return repo, env


#: A repository as a press office keeps it: releases, and Markdown that is not one.
PRESS_OFFICE = {
    "README.md": "# Press office\n\nHow we write releases.\n",
    "CHANGELOG.md": "# Changes\n",
    # A page that shows a release with an alias: neither reported nor "fixed".
    "docs/example.md": VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo"),
    "docs/guide.md": "Write the dateline first.\n",
    "releases/2007/2007-11-18-good.md": VALID,
}


def _project(tmp_path: Path, files: dict[str, str], config: str) -> Path:
    project = tmp_path / "press-office"
    for name, text in {**files, ".pre-commit-config.yaml": config}.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    return project


def _pre_commit(env: dict[str, str], project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=900,
    )
    _git(project, "add", "-A")  # what a fixer changed, as a committer would add it again
    return result


def _readme_block(after: str, language: str = "yaml") -> str:
    """The first code block of a language after a line of the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rest = readme.split(f"\n{after}\n", 1)[1]
    return rest.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def _readme_config(repo: Path) -> str:
    """The README's snippet, with its ``repo:`` pointing at a clone of this repository."""
    snippet = _readme_block("## pre-commit")
    config, count = re.subn(r"(- repo: )\S+", rf"\g<1>{repo}", snippet, count=1)
    assert count == 1, snippet
    return config


@pytest.mark.slow
def test_pre_commit_manifest_is_valid() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "validate-manifest",
            str(REPO / ".pre-commit-hooks.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.xdist_group("pre-commit")  # one worker builds the hook environment once
def test_the_readme_snippet_works_as_written_and_pins_a_commit(
    tmp_path: Path, hook_repo: tuple[Path, dict[str, str]]
) -> None:
    repo, env = hook_repo
    config = _readme_config(repo)
    assert "rev: main" in config
    files = {**PRESS_OFFICE, "releases/2008/2008-01-01-bad.md": BROKEN}
    project = _project(tmp_path, files, config)

    # Pinned as the README says: the full hash of the newest commit on main.
    command = _readme_block("Then pin it to a commit:", "sh").strip()
    assert command == "pre-commit autoupdate --bleeding-edge --freeze"
    pinned = _pre_commit(env, project, *command.split()[1:])
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    head = _git(repo, "rev-parse", "HEAD")
    frozen = (project / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert frozen == config.replace("rev: main", f"rev: {head}")

    ran = _pre_commit(env, project, "run", "--all-files")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "osce validate......" in ran.stdout and "Failed" in ran.stdout
    reported = [line for line in ran.stdout.splitlines() if ": error: " in line]
    assert reported == [
        "releases/2008/2008-01-01-bad.md:12:5: error: V101 'Serbbia' is not a known "
        "participating State or Partner for Co-operation (did you mean 'Serbia'?)"
    ]
    assert "Checked 2 files: 1 error" in ran.stdout
    assert "mutable reference" not in ran.stdout + ran.stderr
    (project / "releases/2008/2008-01-01-bad.md").write_text(VALID, encoding="utf-8")
    _git(project, "add", "-A")
    again = _pre_commit(env, project, "run", "--all-files")
    assert again.returncode == 0, again.stdout + again.stderr
    assert re.search(r"^osce validate\.+Passed$", again.stdout, re.MULTILINE), again.stdout


@pytest.mark.slow
@pytest.mark.xdist_group("pre-commit")  # one worker builds the hook environment once
def test_both_hooks_over_a_whole_repository_check_only_the_releases(
    tmp_path: Path, hook_repo: tuple[Path, dict[str, str]]
) -> None:
    repo, env = hook_repo
    head = _git(repo, "rev-parse", "HEAD")
    both = _readme_block("again:")
    assert both == "    hooks:\n      - id: osce-fix\n      - id: osce-validate\n"
    config = _readme_config(repo).replace("rev: main", f"rev: {head}")
    config = config.split("    hooks:\n", 1)[0] + both
    alias = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
    files = {**PRESS_OFFICE, "releases/2008/2008-01-01-alias.md": alias}
    project = _project(tmp_path, files, config)

    first = _pre_commit(env, project, "run", "--all-files", "--verbose")
    assert first.returncode == 1, first.stdout + first.stderr
    assert re.search(r"^osce validate --fix\.+Failed$", first.stdout, re.MULTILINE)
    assert "files were modified by this hook" in first.stdout
    assert re.search(r"^osce validate\.+Passed$", first.stdout, re.MULTILINE)
    assert first.stdout.count("Checked 2 files") == 2, first.stdout  # each hook: the releases
    assert "README" not in first.stdout and "docs/" not in first.stdout
    assert (project / "releases/2008/2008-01-01-alias.md").read_text(encoding="utf-8") == VALID
    for name, text in PRESS_OFFICE.items():
        assert (project / name).read_text(encoding="utf-8") == text, name

    second = _pre_commit(env, project, "run", "--all-files", "--verbose")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Checked 2 files: no problems found.") == 2, second.stdout
