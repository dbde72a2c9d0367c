"""The built wheel carries everything it needs; the pre-commit hook works for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, VALID

BROKEN = VALID.replace("  - Serbia", "  - Serbija")


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
            "import osce_cli, osce_cli.resources as r\n"
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
    examples = tmp_path / "examples"
    shutil.copytree(REPO / "examples", examples, ignore=shutil.ignore_patterns("invalid"))
    script = target / "bin" / "osce"
    result = subprocess.run(
        [str(script), "validate", "examples"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Checked 8 files: no problems found.")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """This working tree, as it is now, committed in a repository of its own.

    The pre-commit cache is shared by the tests of this module, so the hook's
    environment is built once.
    """
    base = tmp_path_factory.mktemp("pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1", **GIT_IDENTITY}
    repo = base / "hook-repo"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, repo / name)
    for folder in ("src", "schemas"):
        shutil.copytree(REPO / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    subprocess.run(["git", "commit", "-qm", "hooks"], cwd=repo, env=env, check=True)
    return repo, env


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    project = tmp_path / "press-office"
    project.mkdir()
    _git(project, "init", "-q")
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    _git(project, "add", *files)
    return project


def _try_repo(
    hook_repo: tuple[Path, dict[str, str]], project: Path, hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    repo, env = hook_repo
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repo), hook, "--files", *files],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=900,
    )


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
def test_pre_commit_hook_passes_good_and_fails_bad_releases(
    tmp_path: Path, hook_repo: tuple[Path, dict[str, str]]
) -> None:
    project = _project(tmp_path, {"good.md": VALID, "bad.md": BROKEN})
    good = _try_repo(hook_repo, project, "osce-validate", "good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "osce validate" in good.stdout and "Passed" in good.stdout
    bad = _try_repo(hook_repo, project, "osce-validate", "bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad.md:12:5: error: V101 'Serbija' is not a known participating State" in bad.stdout


@pytest.mark.slow
def test_pre_commit_fix_hook_fixes_then_passes(
    tmp_path: Path, hook_repo: tuple[Path, dict[str, str]]
) -> None:
    alias = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
    project = _project(tmp_path, {"release.md": alias})
    first = _try_repo(hook_repo, project, "osce-fix", "release.md")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Failed" in first.stdout
    assert "files were modified by this hook" in first.stdout
    assert (project / "release.md").read_text(encoding="utf-8") == VALID
    second = _try_repo(hook_repo, project, "osce-fix", "release.md")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
