"""Which files a folder search finds, in which order, and each file once."""

from __future__ import annotations

from pathlib import Path

import pytest

from osce_cli.discovery import collect


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


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
    assert [t.from_root for t in targets] == [
        "releases/2007/a.md",
        "releases/2007/b.md",
        "nowhere.md",  # where the link points: the patterns apply to that
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
    import os
    import threading

    from .conftest import VALID, run_osce

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
