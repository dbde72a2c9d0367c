"""Which files a command reads: the paths given, and ``*.md`` below folders."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .globs import covers, matches
from .source import read_file, read_stream

STDIN = "-"

#: Folders never searched when walking a directory.
SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".osce_cache",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
    }
)


@dataclass(frozen=True, slots=True)
class Target:
    """A file to check: its path on disk (``None`` for stdin) and how to show it.

    ``relative`` is where it sits below the folder it was found in (just its
    name when it was named directly): exports keep that layout.
    """

    path: Path | None
    display: str
    relative: str = ""


def _display(text: str) -> str:
    return text.replace("\\", "/")


def relative_path(path: Path, root: Path) -> str | None:
    """The path relative to the configuration folder, for its patterns."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def read_target(
    target: Target, stdin: Callable[[], BinaryIO], root: Path
) -> tuple[bytes, str | None]:
    """The bytes of a target and its path relative to the configuration folder.

    Standard input is read once; its relative path is the name it is shown as.
    Raises :class:`InputError` for a path that cannot be read.
    """
    if target.path is None:
        return read_stream(stdin()), target.display
    return read_file(target.path, target.display), relative_path(target.path, root)


def _excluded(path: Path, root: Path, exclude: tuple[str, ...], *, below: bool = False) -> bool:
    """Is the path (or, with ``below``, a folder it is in) excluded?"""
    if not exclude:
        return False
    relative = relative_path(path, root)
    if relative is None:
        return False
    if below:
        return covers(exclude, relative)
    return any(matches(pattern, relative) for pattern in exclude)


def collect(
    inputs: list[str],
    *,
    root: Path,
    exclude: tuple[str, ...] = (),
    force_exclude: bool = False,
    stdin_name: str | None = None,
) -> list[Target]:
    """Expand the command line into files, in a stable order, without duplicates.

    Folders are searched recursively for ``*.md`` files (hidden and tool
    folders skipped); ``exclude`` patterns apply to what a folder search finds
    below the folder named, and to named files and folders too with
    ``force_exclude`` (pre-commit passes every changed file by name).
    """
    targets: list[Target] = []
    seen: set[Path] = set()
    for text in inputs:
        if text == STDIN:
            name = _display(stdin_name or "<stdin>")
            targets.append(Target(None, name, Path(stdin_name or "stdin.md").name))
            continue
        path = Path(text)
        if path.is_dir():
            if force_exclude and _excluded(path, root, exclude, below=True):
                continue
            for found in _walk(path, text, root, exclude):
                key = found.path.resolve() if found.path else None
                if key not in seen:
                    seen.add(key)  # type: ignore[arg-type]
                    targets.append(found)
            continue
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{_display(text)}: no such file or directory")
        if force_exclude and _excluded(path, root, exclude, below=True):
            continue
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            targets.append(Target(path, _display(text), path.name))
    return targets


def _walk(folder: Path, shown: str, root: Path, exclude: tuple[str, ...]) -> Iterator[Target]:
    prefix = _display(shown).rstrip("/")
    found: list[tuple[str, Path]] = []

    def on_error(error: OSError) -> None:
        raise InputError(
            f"{_display(str(error.filename))}: {(error.strerror or 'cannot read').lower()}"
        )

    for current, folders, files in os.walk(folder, onerror=on_error):
        current_path = Path(current)
        folders[:] = sorted(
            name
            for name in folders
            if name not in SKIPPED_FOLDERS
            and not name.startswith(".")
            and not _excluded(current_path / name, root, exclude)
        )
        for name in files:
            if not name.endswith(".md"):
                continue
            path = current_path / name
            if _excluded(path, root, exclude):
                continue
            relative = path.relative_to(folder).as_posix()
            found.append((relative, path))
    for relative, path in sorted(found):
        yield Target(path, f"{prefix}/{relative}" if prefix else relative, relative)
