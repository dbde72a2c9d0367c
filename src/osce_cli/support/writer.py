"""Writing files so that nothing the user wrote is ever lost or half-written.

Every write goes to a temporary file in the same folder, is flushed to disk,
and then takes the place of the target in one rename. A file that changed on
disk since it was read is not overwritten; a read-only file is not touched; a
new file is created only if nothing exists at its path (even if another
process creates one at the same moment); the file mode is kept.

Exports (:func:`write_output`) are also written whole and renamed into place,
but not flushed file by file: they can always be made again from the releases.

Ctrl-C, SIGTERM and SIGHUP are held back from the temporary copy's creation
to its rename (:func:`osce_cli.support.stopping.deferred`): the run stops once the
file is in place, or before it was begun, never with a temporary file left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from osce_cli.support.errors import InputError
from osce_cli.support.stopping import deferred


class WriteError(InputError):
    """The file could not be written; the message says why, with the path."""


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    if error.errno == errno.EROFS:
        return "read-only file system"
    return (error.strerror or "cannot write").lower()


def _temporary_copy(folder: Path, name: str, data: bytes, mode: int | None, display: str) -> Path:
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise WriteError(f"{display}: folder {folder} does not exist") from None
    except OSError as error:
        raise WriteError(f"{display}: cannot write in {folder}: {_reason(error)}") from None
    path = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        path.chmod(mode if mode is not None else 0o666 & ~_umask())
    except OSError as error:
        with contextlib.suppress(OSError):
            path.unlink()
        raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def replace_file(path: Path, data: bytes, *, expected: bytes, display: str) -> None:
    """Replace an existing file's content, unless it changed since it was read.

    ``expected`` is the content that was read; a different content on disk
    now means someone else edited the file, and it is left alone.
    """
    target = path.resolve()
    try:
        info = target.stat()
    except OSError as error:
        raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"{display}: not a regular file")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError(f"{display}: file is read-only; not changed")
    with deferred():
        temporary = _temporary_copy(
            target.parent, target.name, data, stat.S_IMODE(info.st_mode), display
        )
        try:
            if target.read_bytes() != expected:
                raise WriteError(f"{display}: changed on disk since it was read; not changed")
            temporary.replace(target)
        except WriteError:
            temporary.unlink(missing_ok=True)
            raise
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise WriteError(f"{display}: cannot write: {_reason(error)}") from None


def create_file(path: Path, data: bytes, *, display: str, overwrite: bool = False) -> None:
    """Write a new file; without ``overwrite`` an existing path is never touched.

    The content is complete before the file appears: the temporary copy is
    hard-linked to the target name, which fails if anything exists there.
    """
    if path.is_dir():
        raise WriteError(f"{display}: is a directory")
    if path.exists() and not overwrite:
        raise WriteError(f"{display}: already exists (use --force to overwrite it)")
    folder = path.parent
    _make_folder(str(folder), display)
    with deferred():
        _put_new(path, folder, data, display, overwrite=overwrite)


def _put_new(path: Path, folder: Path, data: bytes, display: str, *, overwrite: bool) -> None:
    """A temporary copy in ``folder``, then linked (or renamed) to ``path``; never left."""
    temporary = _temporary_copy(folder, path.name, data, None, display)
    try:
        if overwrite:
            temporary.replace(path)
            return
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise WriteError(f"{display}: already exists (use --force to overwrite it)") from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            # No hard links here (some network and FAT file systems):
            # exclusive creation still guarantees nothing is overwritten.
            _create_exclusively(path, data, display)
    except OSError as error:
        raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _create_exclusively(path: Path, data: bytes, display: str) -> None:
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise WriteError(f"{display}: already exists (use --force to overwrite it)") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError:
        path.unlink(missing_ok=True)
        raise


def write_output(
    path: str, data: bytes, *, display: str, folders: set[str] | None = None
) -> tuple[os.stat_result, bool]:
    """Put a generated file in place whole, unless it already holds these bytes.

    For exports: what was there is overwritten, and a file with the same
    content is left untouched (its time and inode stay). The content goes to
    a temporary file in the same folder, renamed over the target, so no one
    ever sees a half-written file, even if osce is stopped half-way. Unlike
    :func:`create_file`, the data is not flushed to the disk file by file: an
    export can always be made again, and thousands of flushes would cost more
    than the export itself. ``folders`` remembers the folders known to exist.

    Returns what ``lstat`` says of the file now in place, and whether it was
    written. Paths are plain strings: this runs for every file of an archive,
    and ``pathlib`` would cost more than the system calls.
    """
    try:
        current: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        current = None
    except OSError as error:
        raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
    if current is not None:
        if stat.S_ISDIR(current.st_mode):
            raise WriteError(f"{display}: is a directory")
        if stat.S_ISREG(current.st_mode) and current.st_size == len(data) and _holds(path, data):
            return current, False
    folder, name = os.path.split(path)
    with deferred():
        temporary = _new_temporary(folder or ".", name, data, display, folders)
        try:
            os.replace(temporary, path)  # noqa: PTH105
            return os.lstat(path), True
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # noqa: PTH108
            if isinstance(error, IsADirectoryError):
                raise WriteError(f"{display}: is a directory") from None
            if isinstance(error, OSError):
                raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
            raise


def _holds(path: str, data: bytes) -> bool:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.read(handle, len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(handle)


def _make_folder(folder: str, display: str) -> None:
    # Strings, not Path objects: a site export makes thousands of folders.
    # Most have their parent already (a listing's page/7/ after page/6/): one
    # mkdir then does it, where makedirs would look at the parent first and
    # the check below at the folder after.
    with contextlib.suppress(OSError):
        os.mkdir(folder)  # noqa: PTH102
        return
    try:
        os.makedirs(folder, exist_ok=True)  # noqa: PTH103
    except FileExistsError:
        raise WriteError(f"{display}: {folder} is not a directory") from None
    except OSError as error:
        raise WriteError(f"{display}: cannot create {folder}: {_reason(error)}") from None
    if not os.path.isdir(folder):  # noqa: PTH112
        raise WriteError(f"{display}: {folder} is not a directory")


def _new_temporary(
    folder: str, name: str, data: bytes, display: str, folders: set[str] | None
) -> str:
    """Write ``data`` to a new file next to where it is going; return its path."""
    known = folders if folders is not None else set()
    if folder not in known:
        _make_folder(folder, display)
        known.add(folder)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    remade = False
    for _ in range(100):
        temporary = f"{folder}{os.sep}.{name}.{secrets.token_hex(4)}.tmp"
        try:
            # 0o666 less the umask: the mode a new file gets.
            handle = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        except FileNotFoundError:
            if remade:
                raise WriteError(f"{display}: folder {folder} does not exist") from None
            _make_folder(folder, display)  # removed since it was made: make it again, once
            remade = True
            continue
        except OSError as error:
            raise WriteError(f"{display}: cannot write in {folder}: {_reason(error)}") from None
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
            finally:
                os.close(handle)
        except BaseException as error:  # Ctrl-C or a stopped worker too: leave nothing behind
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # noqa: PTH108
            if isinstance(error, OSError):
                raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
            raise
        return temporary
    raise WriteError(f"{display}: cannot write in {folder}: no free temporary name")


@contextlib.contextmanager
def streamed_output(path: str, *, display: str) -> Iterator[BinaryIO]:
    """A generated file written piece by piece, then put in place whole.

    For exports too long to hold in memory (``--format jsonl -o FILE``): the
    pieces go to a temporary file in the target's folder, renamed over the
    target once the block ends. If the block fails or the run is stopped,
    the temporary file is removed and the target stays as it was. A result
    that is byte for byte the file already there leaves that file untouched.
    """
    try:
        if stat.S_ISDIR(os.stat(path).st_mode):  # noqa: PTH116
            raise WriteError(f"{display}: is a directory")
    except FileNotFoundError:
        pass
    except OSError as error:
        raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
    folder, name = os.path.split(path)
    with deferred():
        temporary = _new_temporary(folder or ".", name, b"", display, None)
    try:
        try:
            with open(temporary, "ab") as stream:  # noqa: PTH123
                yield stream
        except OSError as error:
            raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
        with deferred():
            if _same_file_content(temporary, path):
                os.unlink(temporary)  # noqa: PTH108
            else:
                os.replace(temporary, path)  # noqa: PTH105
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # noqa: PTH108
        if isinstance(error, OSError) and not isinstance(error, WriteError):
            raise WriteError(f"{display}: cannot write: {_reason(error)}") from None
        raise


def _same_file_content(new: str, old: str) -> bool:
    import filecmp

    try:
        return stat.S_ISREG(os.lstat(old).st_mode) and filecmp.cmp(new, old, shallow=False)
    except OSError:
        return False
