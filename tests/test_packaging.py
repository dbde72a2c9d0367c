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


@pytest.mark.slow
def test_pre_commit_hook_passes_good_and_fails_bad_releases(tmp_path: Path) -> None:
    project = tmp_path / "press-office"
    project.mkdir()
    _git(project, "init", "-q")
    (project / "good.md").write_text(VALID, encoding="utf-8")
    (project / "bad.md").write_text(BROKEN, encoding="utf-8")
    _git(project, "add", "good.md", "bad.md")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    pre_commit = [sys.executable, "-m", "pre_commit"]
    validated = subprocess.run(
        [*pre_commit, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr

    # The hook repository: this working tree as it is now, committed.
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, hook_repo / name)
    for folder in ("src", "schemas"):
        shutil.copytree(
            REPO / folder, hook_repo / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", "-A")
    subprocess.run(["git", "commit", "-qm", "hooks"], cwd=hook_repo, env=env, check=True)

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*pre_commit, "try-repo", str(hook_repo), "osce-validate", "--files", *files],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=900,
        )

    good = try_repo("good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "osce validate" in good.stdout and "Passed" in good.stdout
    bad = try_repo("bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad.md:12:5: error: V101 'Serbija' is not a known participating State" in bad.stdout
