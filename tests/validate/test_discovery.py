"""Which files a command reads: a project's releases, each file once, and no trap stops a run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from osce_cli.config import load_config
from osce_cli.validate.discovery import collect
from osce_cli.validate.patterns import PathPatterns, ReleaseSet
from tests.conftest import VALID, as_other_user, run_osce

BROKEN = VALID.replace("  - Serbia", "  - Serbbia")


def make(root: Path, *names: str, text: str = "x") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def report(result: subprocess.CompletedProcess[bytes]) -> tuple[int, list[str], int]:
    """(exit code, paths with findings, files checked) of a ``--format json`` run."""
    data = json.loads(result.stdout)
    paths = sorted({d["path"] for d in data["diagnostics"]})
    return result.returncode, paths, data["files_checked"]


# -- order and identity ------------------------------------------------------


def test_files_come_in_the_order_of_their_sorted_paths(tmp_path: Path) -> None:
    # Folder names sort as if followed by "/": "a/x.md" after "a.md" and "a-b.md".
    names = ["a/x.md", "a.md", "a-b.md", "a b.md", "ab.md", "a/b/c.md", "a/b.md", "B.md", "é.md"]
    make(tmp_path, *names)
    targets = collect([str(tmp_path / "")], root=tmp_path)
    relatives = [target.relative for target in targets]
    assert relatives == sorted(names)
    assert [t.display for t in targets] == [f"{tmp_path}/{name}" for name in sorted(names)]
    assert [t.from_root for t in targets] == sorted(names)


def test_each_file_is_checked_once_however_it_is_reached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, "releases/2007/a.md", "releases/2007/b.md")
    (tmp_path / "releases" / "latest.md").symlink_to(tmp_path / "releases" / "2007" / "b.md")
    (tmp_path / "releases" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    targets = collect(
        ["releases", "releases/2007/a.md", "./releases/2007", "releases/gone.md"], root=tmp_path
    )
    assert [t.display for t in targets] == [
        "releases/2007/a.md",
        "releases/2007/b.md",
        "releases/gone.md",  # a dangling link: found, and reading it will say why
    ]
    # A link is where it is found, as git and pre-commit see it: patterns apply there.
    assert [t.from_root for t in targets] == [
        "releases/2007/a.md",
        "releases/2007/b.md",
        "releases/gone.md",
    ]


def test_hidden_and_tool_folders_and_linked_folders_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, "r/a.md", "r/.git/x.md", "r/.hidden/y.md", "r/node_modules/z.md", "r/b.txt")
    (tmp_path / "r" / "linked").symlink_to(tmp_path / "r")
    assert [t.display for t in collect(["r"], root=tmp_path)] == ["r/a.md"]


def test_a_named_pipe_is_skipped_in_a_folder_and_read_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path, "r/a.md")
    os.mkfifo(tmp_path / "r" / "pipe.md")  # reading it would wait for a writer forever
    (tmp_path / "r" / "gone.md").symlink_to(tmp_path / "nowhere.md")  # kept: reported
    assert [t.display for t in collect(["r"], root=tmp_path)] == ["r/a.md", "r/gone.md"]

    # Named on the command line, a pipe is read like any file (`osce validate <(...)`).
    def feed() -> None:
        with (tmp_path / "r" / "pipe.md").open("w", encoding="utf-8") as pipe:
            pipe.write(VALID)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = run_osce("validate", "--no-cache", "r/pipe.md", cwd=tmp_path)
    writer.join(timeout=30)
    assert (result.returncode, result.stdout) == (0, b"Checked 1 file: no problems found.\n")


# -- only releases are checked -----------------------------------------------


def press_office(root: Path) -> Path:
    """A repository as a press office keeps it: releases, and much that is not."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    make(root, "README.md", "CHANGELOG.md", "docs/guide.md", "notes/releases/old.md", text="# x\n")
    make(root, "releases/2007/a.md", text=VALID)
    make(root, "releases/2008/b.md", text=BROKEN)
    return root


def test_a_folder_search_finds_only_the_releases(tmp_path: Path) -> None:
    press_office(tmp_path)
    for args in (["."], [], ["releases"], ["releases/", "docs"]):
        result = run_osce("validate", "--format", "json", *args, cwd=tmp_path)
        prefix = "./" if args == ["."] else ""
        assert report(result) == (1, [f"{prefix}releases/2008/b.md"], 2), args


def test_outside_any_project_every_markdown_file_is_a_release(tmp_path: Path) -> None:
    # No configuration file and no git work tree: nothing says where releases
    # live, so a folder named (even one outside the working folder) is checked whole.
    make(tmp_path, "loose/a.md", text=VALID)
    make(tmp_path, "loose/deeper/b.md", text=BROKEN)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for args, prefix in ((["loose"], "loose/"), ([str(tmp_path / "loose")], f"{tmp_path}/loose/")):
        result = run_osce("validate", "--format", "json", *args, cwd=tmp_path)
        assert report(result) == (1, [f"{prefix}deeper/b.md"], 2), args
    result = run_osce("validate", "--format", "json", "../loose", cwd=elsewhere)
    assert report(result) == (1, ["../loose/deeper/b.md"], 2)


def test_a_named_folder_without_releases_is_a_notice_not_an_error(tmp_path: Path) -> None:
    press_office(tmp_path)
    result = run_osce("validate", "docs", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr.decode()) == (
        0,
        b"Checked 0 files: no problems found.\n",
        "osce: docs: no releases found (include: releases/**/*.md; no configuration file)\n",
    )
    (tmp_path / "osce.toml").write_text(
        'include = ["releases/**/*.md", "docs/*.md"]\nexclude = ["docs/"]\n', encoding="utf-8"
    )
    result = run_osce("validate", "docs/", cwd=tmp_path)
    assert (result.returncode, result.stderr.decode()) == (
        0,
        "osce: docs: no releases found "
        "(include: releases/**/*.md, docs/*.md; exclude: docs/; in osce.toml)\n",
    )
    exported = run_osce("export", "docs", "--format", "json", cwd=tmp_path)
    assert (exported.returncode, exported.stdout) == (0, b"[]\n")
    assert exported.stderr == result.stderr + b"osce: nothing to export: no releases found\n"


def test_a_named_file_is_checked_unless_force_exclude_passes_over_it(tmp_path: Path) -> None:
    press_office(tmp_path)
    named = run_osce("validate", "--format", "json", "README.md", cwd=tmp_path)
    assert report(named)[:2] == (1, ["README.md"])  # asked for by name: checked (F101)
    files = ["README.md", "docs/guide.md", "CHANGELOG.md", "releases/2007/a.md", "nope.txt"]
    hook = run_osce("validate", "--force-exclude", *files, cwd=tmp_path)
    assert (hook.returncode, hook.stdout, hook.stderr) == (
        0,
        b"Checked 1 file: no problems found.\n",
        b"",
    )


def test_releases_dir_sets_the_default_include(tmp_path: Path) -> None:
    make(tmp_path, "archive/2007/a.md", text=BROKEN)
    make(tmp_path, "releases/2007/b.md", text=BROKEN)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.osce]\nreleases-dir = "archive"\n', encoding="utf-8"
    )
    result = run_osce("validate", "--format", "json", cwd=tmp_path)
    assert report(result) == (1, ["archive/2007/a.md"], 1)


#: Paths relative to the configuration folder, to judge with each set of patterns.
PATHS = [
    "README.md",
    "releases/a.md",
    "releases/2007/b.md",
    "releases/2007/notes.txt",
    "releases/drafts/c.md",
    "releases/drafts/keep.md",
    "releases/x.md/d.md",
    "docs/releases/e.md",
    "docs/README.md",
    "archive/2007/f.md",
    "2007/g.md",
]


@pytest.mark.parametrize(
    ("include", "exclude", "releases"),
    [
        # The default: anchored to the configuration folder, any depth below releases/.
        (None, [], ["releases/a.md", "releases/2007/b.md", "releases/drafts/c.md",
                    "releases/drafts/keep.md", "releases/x.md/d.md"]),
        # No "/" but at the end: a name at any depth; "!" negates.
        (["*.md", "!README.md"], [], [p for p in PATHS if p.endswith(".md") and "README" not in p]),
        # A trailing "/" matches folders only (the folder x.md, not the files called
        # *.md), at any depth: only a "/" before the end anchors.
        (["releases/"], ["x.md/", "drafts/"],
         ["releases/a.md", "releases/2007/b.md", "docs/releases/e.md"]),
        # A "/" inside anchors: /2007 and 2007/ differ.
        (["**/*.md"], ["/2007"], [p for p in PATHS if p.endswith(".md") and p != "2007/g.md"]),
        (["**/2007/*.md"], [], ["releases/2007/b.md", "archive/2007/f.md", "2007/g.md"]),
        # A file in an excluded folder stays excluded, as in git, whatever "!" says.
        (["releases/**/*.md"], ["drafts/", "!drafts/keep.md", "releases/x.md"],
         ["releases/a.md", "releases/2007/b.md"]),
        # ...but a folder's files can be excluded and one of them let back in.
        (["releases/**/*.md"], ["releases/drafts/*", "!releases/drafts/keep.md"],
         ["releases/a.md", "releases/2007/b.md", "releases/drafts/keep.md", "releases/x.md/d.md"]),
        ([], [], []),
    ],
)  # fmt: skip
def test_patterns_mean_what_they_mean_in_gitignore(
    tmp_path: Path, include: list[str] | None, exclude: list[str], releases: list[str]
) -> None:
    make(tmp_path, *PATHS)
    lines = [f"include = {json.dumps(include)}"] if include is not None else []
    lines.append(f"exclude = {json.dumps(exclude)}")
    (tmp_path / "osce.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(start=tmp_path)
    release_set = config.releases()
    # A folder search and a file named with --force-exclude agree.
    found = collect([str(tmp_path)], root=config.root, releases=release_set)
    assert sorted(t.from_root or "" for t in found) == sorted(releases)
    assert sorted(p for p in PATHS if release_set.is_release(p)) == sorted(releases)


def test_exclude_ignores_what_git_ignores(tmp_path: Path) -> None:
    """The same patterns in a .gitignore: git ignores exactly the files osce excludes."""
    make(tmp_path, *[p for p in PATHS if p.endswith(".md")], "a/b/drafts/h.md", "a/2007x/i.md")
    patterns = ["drafts/", "!drafts/keep.md", "/2007", "x.md/", "**/b/**/h.md", "2007?/"]
    (tmp_path / ".gitignore").write_text("\n".join(patterns) + "\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    every = ReleaseSet(PathPatterns(("**/*.md",), "include"), PathPatterns((), "exclude"))
    release_set = ReleaseSet(every.include, PathPatterns(tuple(patterns), "exclude"))
    files = [t.from_root or "" for t in collect([str(tmp_path)], root=tmp_path, releases=every)]
    assert len(files) == 12
    excluded = sorted(path for path in files if not release_set.is_release(path))
    assert excluded == sorted(listed)
    found = collect([str(tmp_path)], root=tmp_path, releases=release_set)
    assert sorted(t.from_root or "" for t in found) == sorted(set(files) - set(listed))


def test_per_file_ignores_are_gitignore_patterns(tmp_path: Path) -> None:
    for name in ("releases/1999/a.md", "releases/2020/b.md", "releases/2020/old/c.md"):
        make(tmp_path, name, text=BROKEN)
    (tmp_path / "osce.toml").write_text(
        '[per-file-ignores]\n"/releases/199*/" = ["V101"]\n"old/" = ["V"]\n', encoding="utf-8"
    )
    result = run_osce("validate", "--format", "json", cwd=tmp_path)
    assert report(result) == (1, ["releases/2020/b.md"], 3)


def test_a_pattern_pathspec_refuses_is_a_configuration_error(tmp_path: Path) -> None:
    make(tmp_path, "releases/a.md", text=VALID)
    (tmp_path / "pyproject.toml").write_text('[tool.osce]\nexclude = ["!"]\n', encoding="utf-8")
    result = run_osce("validate", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr.decode()) == (
        2,
        b"",
        f"osce: error: {tmp_path / 'pyproject.toml'}: [tool.osce] exclude: "
        "'!' is not a valid pattern\n",
    )


def test_pathspec_is_loaded_only_for_patterns_that_need_it(tmp_path: Path) -> None:
    """A hook run with the default include, or an include of that shape, never loads it."""
    make(tmp_path, "releases/2007/a.md", text=VALID)
    probe = (
        "import sys\n"
        "from osce_cli.__main__ import main\n"
        "code = main(['validate', '--no-cache', 'releases', 'releases/2007/a.md'])\n"
        "print(code, 'pathspec' in sys.modules)\n"
    )
    for config, loaded in [
        (None, False),
        ('include = ["releases/**/*.md"]\n', False),
        ('exclude = ["drafts/"]\n', True),
        ('include = ["*.md"]\n[per-file-ignores]\n"x/" = ["V"]\n', True),
    ]:
        if config is not None:
            (tmp_path / "osce.toml").write_text(config, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert result.stdout.splitlines()[-1] == f"0 {loaded}", (config, result.stderr)


# -- the configuration comes from the paths ----------------------------------


def test_the_configuration_is_found_from_the_paths_not_the_working_folder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    press_office(repo)
    make(repo, "releases/drafts/x.md", text=BROKEN)
    (repo / "pyproject.toml").write_text(
        '[tool.osce]\nexclude = ["releases/drafts/", "releases/2008/"]\n', encoding="utf-8"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    checked = run_osce("validate", str(repo / "releases"), cwd=elsewhere)
    assert (checked.returncode, checked.stdout) == (0, b"Checked 1 file: no problems found.\n")
    exported = run_osce("export", str(repo / "releases"), "--format", "json", cwd=elsewhere)
    assert exported.returncode == 0, exported.stderr
    (release,) = json.loads(exported.stdout)  # one release, in an array
    assert release["path"] == f"{repo}/releases/2007/a.md"
    # The project's releases, when no path is given, from a folder below.
    below = run_osce("validate", "--format", "json", cwd=repo / "docs")
    assert report(below) == (0, [], 1)


def test_paths_of_two_configurations_stop_the_run(tmp_path: Path) -> None:
    for project in ("one", "two"):
        make(tmp_path, f"{project}/releases/a.md", text=VALID)
        (tmp_path / project / "osce.toml").write_text("", encoding="utf-8")
    make(tmp_path, "loose/a.md", text=VALID)  # no configuration file: follows the others
    assert run_osce("validate", "one/releases", "loose/a.md", cwd=tmp_path).returncode == 0
    result = run_osce("validate", "one/releases", "loose/a.md", "two/releases/a.md", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr.decode()) == (
        2,
        b"",
        "osce: error: one/releases and two/releases/a.md have different configuration files "
        "(one/osce.toml, two/osce.toml): check them in separate runs, "
        "or choose one with --config\n",
    )
    chosen = run_osce(
        "validate", "--config", "one/osce.toml", "one/releases", "two/releases", cwd=tmp_path
    )
    assert (chosen.returncode, chosen.stdout) == (0, b"Checked 1 file: no problems found.\n")
    assert chosen.stderr.decode().startswith("osce: two/releases: no releases found ")


def test_without_a_configuration_file_patterns_start_at_the_top_of_the_git_work_tree(
    tmp_path: Path,
) -> None:
    press_office(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = run_osce("validate", "--format", "json", cwd=tmp_path / "docs")
    assert report(result) == (1, ["../releases/2008/b.md"], 2)
    result = run_osce("validate", "--format", "json", str(tmp_path / "releases"), cwd="/")
    assert report(result) == (1, [f"{tmp_path}/releases/2008/b.md"], 2)


# -- no trap stops the run ---------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unreadable_folder_is_named_and_everything_else_is_checked(
    tmp_path: Path, jobs: str
) -> None:
    from osce_cli.support.pool import PARALLEL_FROM

    count = 3 if jobs == "1" else PARALLEL_FROM + 10  # enough for worker processes
    for n in range(count):
        make(tmp_path, f"releases/2007/r{n:03}.md", text=BROKEN if n == 1 else VALID)
    make(tmp_path, "releases/locked/x.md", "releases/locked/deeper/y.md", text=BROKEN)
    make(tmp_path, "releases/z.md", text=VALID)
    locked = tmp_path / "releases" / "locked"
    locked.chmod(0)
    try:
        for output in ("text", "json"):
            result = run_osce(
                "validate",
                "--no-cache",
                "--jobs",
                jobs,
                "--format",
                output,
                cwd=tmp_path,
                preexec_fn=as_other_user(),
            )
            assert result.returncode == 2
            assert result.stderr == b"osce: error: releases/locked: permission denied\n"
            if output == "json":
                assert report(result) == (2, ["releases/2007/r001.md"], count + 1)
            else:
                assert f"\nChecked {count + 1} files: 1 error," in result.stdout.decode()
        named = run_osce(
            "validate", "releases/locked", "releases/z.md", cwd=tmp_path, preexec_fn=as_other_user()
        )
        assert (named.returncode, named.stdout, named.stderr) == (
            2,
            b"Checked 1 file: no problems found.\n",
            b"osce: error: releases/locked: permission denied\n",
        )
    finally:
        locked.chmod(0o755)


def test_a_symbolic_link_loop_is_named_and_everything_else_is_checked(tmp_path: Path) -> None:
    make(tmp_path, "releases/a.md", text=VALID)
    make(tmp_path, "releases/b.md", text=BROKEN)
    (tmp_path / "releases" / "loop.md").symlink_to("loop.md")
    (tmp_path / "releases" / "ping.md").symlink_to("pong.md")
    (tmp_path / "releases" / "pong.md").symlink_to("ping.md")
    (tmp_path / "releases" / "loop").symlink_to("loop")  # a folder that is not one
    loops = (
        b"osce: error: releases/loop.md: too many levels of symbolic links\n"
        b"osce: error: releases/ping.md: too many levels of symbolic links\n"
        b"osce: error: releases/pong.md: too many levels of symbolic links\n"
    )
    searched = run_osce("validate", "--format", "json", "releases", cwd=tmp_path)
    assert (report(searched), searched.stderr) == ((2, ["releases/b.md"], 2), loops)
    named = run_osce(
        "validate", "releases/loop.md", "releases/a.md", "releases/loop/x.md", cwd=tmp_path
    )
    assert (named.returncode, named.stdout, named.stderr) == (
        2,
        b"Checked 1 file: no problems found.\n",
        b"osce: error: releases/loop.md: too many levels of symbolic links\n"
        b"osce: error: releases/loop/x.md: too many levels of symbolic links\n",
    )
    fixed = run_osce("validate", "--fix", "releases", cwd=tmp_path)
    assert (fixed.returncode, fixed.stderr) == (2, loops)
    exported = run_osce("export", "releases", "--format", "json", cwd=tmp_path)
    assert (exported.returncode, exported.stdout) == (2, b"")
    assert b"Traceback" not in exported.stderr and b"internal error" not in exported.stderr


def test_a_file_name_that_is_not_utf8_does_not_stop_the_search(tmp_path: Path) -> None:
    folder = tmp_path / "releases"
    make(tmp_path, "releases/a.md", text=VALID)
    (folder / os.fsdecode(b"caf\xe9.md")).write_text(VALID, encoding="utf-8")
    (folder / os.fsdecode(b"\xff")).mkdir()
    shutil.copy(folder / "a.md", folder / os.fsdecode(b"\xff") / "b.md")
    (tmp_path / "osce.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    result = run_osce("validate", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        b"Checked 3 files: no problems found.\n",
        b"",
    )


def test_a_linked_folder_named_is_searched_as_what_it_is_named(tmp_path: Path) -> None:
    """Below a folder search, a linked folder is passed over; named, it is searched."""
    make(tmp_path, "data/2007/a.md", text=BROKEN)
    make(tmp_path, "data/2008/b.md", text=BROKEN)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "releases").symlink_to(tmp_path / "data")
    (repo / "osce.toml").write_text('exclude = ["releases/2008/"]\n', encoding="utf-8")
    named = run_osce("validate", "--format", "json", "releases", cwd=repo)
    assert report(named) == (1, ["releases/2007/a.md"], 1)
    elsewhere = run_osce("validate", "--format", "json", "repo/releases/", cwd=tmp_path)
    assert report(elsewhere) == (1, ["repo/releases/2007/a.md"], 1)
    searched = run_osce("validate", cwd=repo)
    assert (searched.returncode, searched.stdout) == (0, b"Checked 0 files: no problems found.\n")
