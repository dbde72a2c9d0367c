"""Which files a command reads: the paths given, and ``*.md`` below folders."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

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


class Target(NamedTuple):
    """A file to check: its path on disk (``None`` for stdin) and how to show it.

    ``relative`` is where it sits below the folder it was found in (just its
    name when it was named directly): exports keep that layout. ``collect``
    also works out ``from_root``, the path relative to the configuration
    folder (``None`` when outside it), and sets ``located``.

    A named tuple rather than a frozen dataclass: one is made per file of
    the archive, and a frozen dataclass sets each field through a call.
    """

    file: str | None  # kept as text: an archive's worth of Path objects is heavy
    display: str
    relative: str = ""
    from_root: str | None = None
    located: bool = False

    @property
    def path(self) -> Path | None:
        return None if self.file is None else Path(self.file)

    def from_root_of(self, root: Path) -> str | None:
        """The path relative to the configuration folder ``root`` (``None`` outside it)."""
        if self.located or self.file is None:
            return self.from_root
        return relative_path(Path(self.file), root)


def _display(text: str) -> str:
    return text.replace("\\", "/")


def relative_path(path: Path, root: Path) -> str | None:
    """The path relative to the configuration folder, for its patterns."""
    return _relative_to(path.resolve(), root)


def _relative_to(resolved: Path, root: Path) -> str | None:
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return None


class _Resolver:
    """``Path.resolve()`` for many files in few folders, for one collection.

    Resolving costs a system call per path component. The files of an archive
    share a handful of folders, so each folder is resolved once; only a file
    that is itself a symbolic link is resolved on its own.
    """

    def __init__(self) -> None:
        self.folders: dict[Path, Path] = {}

    def resolve(self, path: Path) -> Path:
        if path.is_symlink():
            return path.resolve()
        return self.resolve_folder(path.parent) / path.name

    def resolve_folder(self, folder: Path) -> Path:
        resolved = self.folders.get(folder)
        if resolved is None:
            resolved = self.folders[folder] = folder.resolve()
        return resolved


def read_target(
    target: Target, stdin: Callable[[], BinaryIO], root: Path
) -> tuple[bytes, str | None]:
    """The bytes of a target and its path relative to the configuration folder.

    Standard input is read once; its relative path is the name it is shown as.
    Raises :class:`InputError` for a path that cannot be read.
    """
    if target.path is None:
        return read_stream(stdin()), target.display
    return read_file(target.path, target.display), target.from_root_of(root)


def _excluded(
    path: Path, root: Path, exclude: tuple[str, ...], resolver: _Resolver, *, below: bool = False
) -> bool:
    """Is the path (or, with ``below``, a folder it is in) excluded?"""
    if not exclude:
        return False
    relative = _relative_to(resolver.resolve(path), root)
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
    folders skipped, and so are named pipes, sockets and devices; a path
    named on the command line is read whatever it is). ``exclude`` patterns
    apply to what a folder search finds below the folder named, and to named
    files and folders too with ``force_exclude`` (pre-commit passes every
    changed file by name).
    """
    return list(
        iter_targets(
            inputs,
            root=root,
            exclude=exclude,
            force_exclude=force_exclude,
            stdin_name=stdin_name,
        )
    )


def iter_targets(
    inputs: list[str],
    *,
    root: Path,
    exclude: tuple[str, ...] = (),
    force_exclude: bool = False,
    stdin_name: str | None = None,
) -> Iterator[Target]:
    """:func:`collect`, one file at a time, so that an archive is never held whole.

    A path on the command line that does not exist is an :class:`InputError`
    here and now, before the first file is given; only a folder that cannot
    be read is found on the way.
    """
    folders = []
    for text in inputs:
        if text == STDIN:
            folders.append(False)
            continue
        path = Path(text)
        folder = path.is_dir()
        if not folder and not path.exists() and not path.is_symlink():
            raise InputError(f"{_display(text)}: no such file or directory")
        folders.append(folder)
    return _targets(inputs, folders, root, exclude, force_exclude, stdin_name)


def _targets(
    inputs: list[str],
    folders: list[bool],
    root: Path,
    exclude: tuple[str, ...],
    force_exclude: bool,
    stdin_name: str | None,
) -> Iterator[Target]:
    seen: set[object] = set()  # each file's identity (see _identity)
    resolver = _Resolver()
    for text, folder in zip(inputs, folders, strict=True):
        if text == STDIN:
            name = _display(stdin_name or "<stdin>")
            yield Target(None, name, Path(stdin_name or "stdin.md").name)
            continue
        path = Path(text)
        if force_exclude and _excluded(path, root, exclude, resolver, below=True):
            continue
        if folder:
            for found, identity in _walk(path, text, root, exclude, resolver):
                if identity not in seen:
                    seen.add(identity)
                    yield found
            continue
        real_path = resolver.resolve(path)
        identity = _identity(text, real_path)
        if identity not in seen:
            seen.add(identity)
            from_root = _relative_to(real_path, root)
            yield Target(text, _display(text), path.name, from_root, located=True)


def _identity(path: str, resolved: Path | str, stat: os.stat_result | None = None) -> object:
    """What makes two paths the same file, for the duplicate check.

    The device and inode number, packed in one integer (small, where a set of
    a hundred thousand resolved paths would not be); the resolved path for a
    file that cannot be examined (a dangling link: reading it will say so).
    """
    try:
        stat = stat or os.stat(path)  # noqa: PTH116 - a str, and no Path is needed
    except OSError:
        return str(resolved)
    return (stat.st_dev << 64) | stat.st_ino


def _walk(
    folder: Path, shown: str, root: Path, exclude: tuple[str, ...], resolver: _Resolver
) -> Iterator[tuple[Target, object]]:
    """The ``*.md`` files below a folder, in sorted order, with their identities.

    Folders are visited depth first, each one's entries sorted with a "/"
    after folder names: that gives exactly the order of sorting the relative
    paths, without holding the whole archive's list first. Plain strings and
    ``os.scandir`` rather than ``pathlib`` per file: an archive has tens of
    thousands of files and few folders, so everything that can be is worked
    out once per folder.
    """
    prefix = _display(shown).rstrip("/")
    yield from _walk_folder(str(folder), "", prefix, root, exclude, resolver)


def _walk_folder(
    current: str,
    below: str,
    prefix: str,
    root: Path,
    exclude: tuple[str, ...],
    resolver: _Resolver,
) -> Iterator[tuple[Target, object]]:
    try:
        with os.scandir(current) as scan:
            entries = sorted(
                ((entry.name + "/" if _is_folder(entry) else entry.name), entry) for entry in scan
            )
    except OSError as error:
        reason = (error.strerror or "cannot read").lower()
        raise InputError(f"{_display(str(error.filename or current))}: {reason}") from None
    resolved_folder = resolver.resolve_folder(Path(current))
    folder_from_root = _relative_to(resolved_folder, root)
    folder_device: int | None = None
    for key, entry in entries:
        name = entry.name
        if key.endswith("/"):
            if not (
                name in SKIPPED_FOLDERS
                or name.startswith(".")
                or entry.is_symlink()  # as os.walk: listed, not followed
                or _excluded(Path(entry.path), root, exclude, resolver)
            ):
                yield from _walk_folder(
                    entry.path, f"{below}{name}/", prefix, root, exclude, resolver
                )
            continue
        if not name.endswith(".md"):
            continue
        if not entry.is_file() and not entry.is_symlink():
            # A named pipe, socket or device called *.md: not a release, and
            # opening a pipe no one writes to would wait forever. (A link is
            # kept: a broken one is reported when it is read.)
            continue
        if entry.is_symlink():
            resolved_file = Path(entry.path).resolve()
            from_root = _relative_to(resolved_file, root)
            identity = _identity(entry.path, resolved_file)
        else:
            from_root = None if folder_from_root is None else f"{folder_from_root}/{name}"
            if folder_from_root == ".":
                from_root = name
            if folder_device is None:
                folder_device = os.stat(current).st_dev  # noqa: PTH116
            # scandir knows the inode already: no system call per file.
            identity = (folder_device << 64) | entry.inode()
        if (
            exclude
            and from_root is not None
            and any(matches(pattern, from_root) for pattern in exclude)
        ):
            continue
        relative = f"{below}{name}"
        display = f"{prefix}/{relative}" if prefix else relative
        path = entry.path
        # Usually the path on disk and the path shown are the same text: one
        # string then serves both (a hundred thousand files add up).
        target = Target(
            display if display == path else path, display, relative, from_root, located=True
        )
        yield target, identity


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
