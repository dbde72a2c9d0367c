"""Reading a release file's bytes and decoding them into text.

Problems with the bytes themselves (empty, binary, not UTF-8, too large) are
findings, reported at the line and column of the offending byte. Problems with
the path (missing, a directory, no permission) are :class:`InputError`.
"""

from __future__ import annotations

import codecs
import errno
import os
from stat import S_ISDIR
from typing import BinaryIO, NamedTuple

from osce_cli.report.diagnostics import Finding
from osce_cli.support.errors import InputError

#: Releases are a few kilobytes; anything larger is not a release and would
#: only make the YAML parser slow.
MAX_FILE_BYTES = 1024 * 1024

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class SourceText(NamedTuple):
    """A decoded file.

    ``text`` never contains the UTF-8 byte order mark (``had_bom`` remembers
    it, so a writer can put it back). When ``usable`` is false the text is a
    lossy decoding kept only to place the findings.
    """

    text: str
    had_bom: bool
    usable: bool
    problems: tuple[Finding, ...] = ()
    #: The bytes ``text`` was decoded from (BOM included), when it came from
    #: bytes: a rule that searches for ASCII words searches them faster.
    utf8: bytes | None = None

    def as_utf8(self) -> bytes:
        """The file as UTF-8: the bytes read (with any BOM), or else the text encoded."""
        if self.utf8 is not None:
            return self.utf8
        return self.text.encode("utf-8", "surrogatepass")


def read_file(path: str | os.PathLike[str], display: str) -> bytes:
    """Read at most ``MAX_FILE_BYTES + 1`` bytes of a file.

    Raises :class:`InputError` with a one-line reason for anything that is not
    a readable regular file.
    """
    return read_file_and_stat(path, display)[0]


def read_file_and_stat(path: str | os.PathLike[str], display: str) -> tuple[bytes, os.stat_result]:
    """:func:`read_file`, with what ``stat`` said of the file just before reading.

    The cache remembers that stamp: had the file changed after it was taken,
    its modification time would differ next time. The path may be text: an
    archive's files need no ``Path`` objects (``pathlib`` interns the parts
    of every path it parses, so they would add up), and the descriptor is
    read directly, without the buffered file object ``open`` adds.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise input_error(error, display) from None
    try:
        stat = os.fstat(descriptor)
        if S_ISDIR(stat.st_mode):
            raise InputError(f"{display}: is a directory")
        # Ask for the size stat gives (plus one byte, to see the end): asking
        # for MAX_FILE_BYTES would set aside a megabyte for every file.
        wanted = min(stat.st_size, MAX_FILE_BYTES) + 1
        data = _read_up_to(descriptor, wanted)
        if len(data) == wanted and wanted <= MAX_FILE_BYTES:
            data += _read_up_to(descriptor, MAX_FILE_BYTES + 1 - wanted)  # it grew meanwhile
        return data, stat
    except OSError as error:
        raise input_error(error, display) from None
    finally:
        os.close(descriptor)


def _read_up_to(descriptor: int, size: int) -> bytes:
    """``size`` bytes, or fewer at the end of the file (one read is not always all)."""
    data = os.read(descriptor, size)
    if len(data) in (0, size):
        return data
    parts = [data]
    missing = size - len(data)
    while missing:
        part = os.read(descriptor, missing)
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def input_error(error: OSError, display: str) -> InputError:
    """The one-line error for a path the system refused (reading a file, listing a folder)."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"{display}: no such file or directory")
    if isinstance(error, IsADirectoryError):
        return InputError(f"{display}: is a directory")
    if isinstance(error, PermissionError):
        return InputError(f"{display}: permission denied")
    reason = error.strerror or errno.errorcode.get(error.errno or 0, "cannot read")
    return InputError(f"{display}: {reason.lower()}")


def read_stream(stream: BinaryIO) -> bytes:
    """Read at most ``MAX_FILE_BYTES + 1`` bytes from standard input."""
    return stream.read(MAX_FILE_BYTES + 1)


def _unusable(
    text: str, code: str, start: int, end: int, message: str, had_bom: bool = False
) -> SourceText:
    """A file that cannot be read as a release: the text only places the finding."""
    return SourceText(text, had_bom, usable=False, problems=(Finding(code, start, end, message),))


def _lossy(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def decode(data: bytes) -> SourceText:
    """Decode UTF-8 bytes (with or without a BOM), reporting what is wrong."""
    if len(data) > MAX_FILE_BYTES:
        return _unusable(
            _lossy(data[:MAX_FILE_BYTES]),
            "F004",
            0,
            0,
            f"file is larger than {MAX_FILE_BYTES // 1024} KiB; "
            "a release is a few kilobytes of text",
        )
    if data.startswith(_UTF16_BOMS):
        return _unusable("", "F003", 0, 0, "file is encoded as UTF-16; save it as UTF-8")
    had_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if had_bom else data
    nul = body.find(b"\x00")
    if nul >= 0:
        offset = len(_lossy(body[:nul]))
        return _unusable(
            _lossy(body),
            "F002",
            offset,
            offset + 1,
            "file contains NUL bytes: it looks like a binary file, not a Markdown release",
            had_bom,
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = len(_lossy(body[: error.start]))
        position = error.start + (len(codecs.BOM_UTF8) if had_bom else 0)
        return _unusable(
            _lossy(body),
            "F003",
            offset,
            offset + 1,
            f"byte 0x{body[error.start]:02X} at byte offset {position} "
            "is not valid UTF-8; save the file as UTF-8",
            had_bom,
        )
    if not text or text.isspace():  # what `not text.strip()` says, without a copy
        return _unusable(text, "F001", 0, len(text), "file is empty", had_bom)
    return SourceText(text, had_bom=had_bom, usable=True, utf8=data)
