"""Which files a command reads: the paths given, and the releases below folders.

A folder is searched for releases (see :class:`~osce_cli.validate.patterns.ReleaseSet`);
a file named on the command line is read whatever it is, unless
``force_exclude`` asks to pass over the ones that are not releases (what a
pre-commit hook does, since it names every changed file). Nothing found on
the way stops the search: a folder that cannot be listed, or a path named
that cannot be read, becomes a target whose reading fails with its reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from osce_cli.frontmatter.source import input_error, read_file, read_stream
from osce_cli.support.errors import InputError

if TYPE_CHECKING:
    from osce_cli.validate.patterns import ReleaseSet

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
    folder (``None`` when outside it), and sets ``located``. ``problem`` is
    the error reading it gives, when the search already knows it (a folder
    that cannot be listed).

    A named tuple rather than a frozen dataclass: one is made per file of
    the archive, and a frozen dataclass sets each field through a call.
    """

    file: str | None  # kept as text: an archive's worth of Path objects is heavy
    display: str
    relative: str = ""
    from_root: str | None = None
    located: bool = False
    problem: str | None = None

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
    """The path relative to the configuration folder, for its patterns.

    A file is where it is found: its folder is resolved, not the file (a
    link is matched by its own path, as git and pre-commit see it).
    """
    return _join(_relative_to(resolved(path.parent), root), path.name)


def resolved(path: Path) -> Path:
    """``path.resolve()``; only made absolute when a symbolic link loop is on the way."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a loop
        return Path(os.path.abspath(path))  # noqa: PTH100 - resolve() is what failed


def located(path: Path, resolve: Callable[[Path], Path] = resolved) -> Path:
    """Where a path is: its folder resolved, then its own name, not followed.

    A folder named on the command line that is a link to one elsewhere is
    searched as what it is named, as a linked file is checked by its name.
    ``.`` and ``..`` have no name of their own: they are resolved.
    """
    if path.name in ("", ".", ".."):
        return resolve(path)
    return resolve(path.parent) / path.name


def _relative_to(real: Path, root: Path) -> str | None:
    """The resolved folder relative to ``root``, ``""`` for the root itself."""
    try:
        relative = real.relative_to(root).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative


def _join(folder: str | None, name: str) -> str | None:
    if folder is None:
        return None
    return f"{folder}/{name}" if folder else name


class _Resolver:
    """``Path.resolve()`` of the folders of many named files, each folder once."""

    def __init__(self) -> None:
        self.folders: dict[Path, Path] = {}

    def resolve_folder(self, folder: Path) -> Path:
        real = self.folders.get(folder)
        if real is None:
            real = self.folders[folder] = resolved(folder)
        return real


def read_target(
    target: Target, stdin: Callable[[], BinaryIO], root: Path
) -> tuple[bytes, str | None]:
    """The bytes of a target and its path relative to the configuration folder.

    Standard input is read once; its relative path is the name it is shown as.
    Raises :class:`InputError` for a path that cannot be read.
    """
    if target.problem is not None:
        raise InputError(target.problem)
    if target.path is None:
        return read_stream(stdin()), target.display
    return read_file(target.path, target.display), target.from_root_of(root)


def project_input(root: Path) -> str:
    """The configuration folder as the one input of a run given no path.

    Shown relative to the working folder when that is inside it (``""`` for
    the working folder itself: its files are shown as ``releases/...``).
    """
    cwd = Path.cwd()
    if cwd == root:
        return ""
    if root in cwd.parents:
        return os.path.relpath(root, cwd)
    return str(root)


def collect(
    inputs: list[str],
    *,
    root: Path,
    releases: ReleaseSet | None = None,
    force_exclude: bool = False,
    stdin_name: str | None = None,
    empty: Callable[[str], None] | None = None,
) -> list[Target]:
    """Expand the command line into files, in a stable order, without duplicates.

    Folders are searched recursively for releases (``releases``; every
    ``*.md`` file when it is ``None``), passing over hidden and tool folders,
    linked folders, and named pipes, sockets and devices. A path named on the
    command line is read whatever it is, unless ``force_exclude`` and it is
    not a release. ``empty`` is told the name of each folder named that holds
    no release.
    """
    return list(
        iter_targets(
            inputs,
            root=root,
            releases=releases,
            force_exclude=force_exclude,
            stdin_name=stdin_name,
            empty=empty,
        )
    )


def iter_targets(
    inputs: list[str],
    *,
    root: Path,
    releases: ReleaseSet | None = None,
    force_exclude: bool = False,
    stdin_name: str | None = None,
    empty: Callable[[str], None] | None = None,
) -> Iterator[Target]:
    """:func:`collect`, one file at a time, so that an archive is never held whole.

    A path that cannot be read, or a folder that cannot be listed, is given
    as a target whose reading fails; the search goes on with the others.
    """
    seen: set[object] = set()  # each file's identity (see _identity)
    resolver = _Resolver()
    for text in inputs:
        if text == STDIN:
            name = _display(stdin_name or "<stdin>")
            yield Target(None, name, Path(stdin_name or "stdin.md").name)
            continue
        if text == "" or os.path.isdir(text):  # noqa: PTH112 - any OSError is "not a folder"
            found = 0
            for target, identity in _search(text, root, releases, resolver):
                found += 1
                if identity not in seen:
                    seen.add(identity)
                    yield target
            if not found and empty is not None:
                empty(_display(text).rstrip("/") or ".")
            continue
        # A file, or what is not a folder: reading it says what is wrong.
        path = Path(text)
        from_root = _join(_relative_to(resolver.resolve_folder(path.parent), root), path.name)
        if force_exclude and releases is not None and not releases.is_release(from_root):
            continue
        identity = _identity(text)
        if identity not in seen:
            seen.add(identity)
            yield Target(text, _display(text), path.name, from_root, located=True)


def _identity(path: str, stat: os.stat_result | None = None) -> object:
    """What makes two paths the same file, for the duplicate check.

    The device and inode number, packed in one integer (small, where a set of
    a hundred thousand resolved paths would not be); the path itself, made
    absolute, for a file that cannot be examined (a dangling link, a loop:
    reading it will say so).
    """
    try:
        stat = stat or os.stat(path)  # noqa: PTH116 - a str, and no Path is needed
    except OSError:
        return os.path.realpath(path)
    return (stat.st_dev << 64) | stat.st_ino


def _search(
    shown: str, root: Path, releases: ReleaseSet | None, resolver: _Resolver
) -> Iterator[tuple[Target, object]]:
    """The releases below a folder named ``shown``, in sorted order, with their identities."""
    disk = shown.rstrip("/") or ("/" if shown else "")
    from_root = _relative_to(located(Path(disk or "."), resolver.resolve_folder), root)
    if releases is not None and not releases.searches(from_root, above=True):
        return
    prefix = _display(disk)
    yield from _walk_folder(disk, "", prefix, from_root, releases)


def _walk_folder(
    current: str,
    below: str,
    prefix: str,
    from_root: str | None,
    releases: ReleaseSet | None,
) -> Iterator[tuple[Target, object]]:
    """The releases in one folder and the folders below it.

    ``current`` is the folder on disk (``""``: the working folder), ``below``
    where it is below the folder named (``""`` or ends in ``/``), ``prefix``
    how the folder named is shown, ``from_root`` where ``current`` is
    relative to the configuration folder.

    Folders are visited depth first, each one's entries sorted with a "/"
    after folder names: that gives exactly the order of sorting the relative
    paths, without holding the whole archive's list first. Plain strings and
    ``os.scandir`` rather than ``pathlib`` per file: an archive has tens of
    thousands of files and few folders, so everything that can be is worked
    out once per folder. A linked folder is not followed, so a folder's path
    from the root is its parent's and its name.
    """
    base = current if current.endswith("/") or not current else current + "/"
    shown_base = f"{prefix}/" if prefix and prefix != "/" else prefix
    try:
        with os.scandir(current or ".") as scan:
            entries = sorted(
                ((entry.name + "/" if _is_folder(entry) else entry.name), entry) for entry in scan
            )
    except OSError as error:
        display = f"{shown_base}{below}".rstrip("/") or "."
        problem = str(input_error(error, display))
        yield Target(current or ".", display, below, from_root, True, problem), display
        return
    folder_device: int | None = None
    for key, entry in entries:
        name = entry.name
        path = base + name
        entry_from_root = _join(from_root, name)
        if key.endswith("/"):
            if not (
                name in SKIPPED_FOLDERS
                or name.startswith(".")
                or entry.is_symlink()  # as os.walk: listed, not followed
                or (releases is not None and not releases.searches(entry_from_root))
            ):
                yield from _walk_folder(path, f"{below}{name}/", prefix, entry_from_root, releases)
            continue
        if not name.endswith(".md"):
            continue
        link = entry.is_symlink()
        if not link and not entry.is_file():
            # A named pipe, socket or device called *.md: not a release, and
            # opening a pipe no one writes to would wait forever. (A link is
            # kept: a broken one, or a loop, is reported when it is read.)
            continue
        if releases is not None and not releases.admits(entry_from_root):
            continue
        if link:
            identity = _identity(path)
        else:
            if folder_device is None:
                folder_device = os.stat(current or ".").st_dev  # noqa: PTH116
            # scandir knows the inode already: no system call per file.
            identity = (folder_device << 64) | entry.inode()
        relative = f"{below}{name}"
        display = f"{shown_base}{relative}"
        # Usually the path on disk and the path shown are the same text: one
        # string then serves both (a hundred thousand files add up).
        target = Target(
            display if display == path else path, display, relative, entry_from_root, located=True
        )
        yield target, identity


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
