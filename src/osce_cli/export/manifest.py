"""What earlier exports wrote, so that exporting unchanged releases does no work.

One SQLite table in ``.osce_cache/exports-v1.sqlite`` has a row per output
file (by absolute path). The row holds the fingerprint of everything besides
the release that decides the file's bytes: format, width, template, osce
itself, its libraries and the vocabulary. It also holds the release the file
came from (as shown, so also its ``path`` in the export), that release's
stamp and SHA-256, its embargo, and the stamp of the output file as osce left
it. When all of that still holds, the output is up to date: it is neither
rendered nor written.

A release's stamp (size, modification time, inode) is only kept when the file
was last modified well before it was read: a file changed again in the same
clock tick could keep its stamp ("racy" entries, as the results cache calls
them). Its SHA-256 always settles it. An output's stamp adds the inode change
time, which nothing but the kernel sets: any write, rename or ``touch`` after
osce's own changes it.

Like the results cache, the manifest fails soft: if it cannot be opened, read
or written, everything is simply rendered (and files whose bytes are already
right are still left untouched).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from osce_cli.support.sqlite import open_database, rows_where_in

DATABASE = "exports-v1.sqlite"
#: Libraries whose upgrade could change an export's bytes.
LIBRARIES = ("markdown_it", "linkify_it", "nh3", "jinja2", "markupsafe", "yaml")

SourceStamp = tuple[int, int, int]  # size, mtime_ns, inode
OutputStamp = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def source_stamp(stat: os.stat_result) -> SourceStamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def output_stamp(stat: os.stat_result) -> OutputStamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Entry(NamedTuple):
    """What the last export wrote at one output path, and from what.

    A named tuple: an archive's worth of them is read on every run.
    """

    display: str
    source: SourceStamp | None  # None when it was too recent to trust
    digest: str
    embargo: str | None  # ISO 8601, as the notice shows it
    output: OutputStamp | None  # None when the release was skipped (embargo)


def _library_stamps() -> list[object]:
    stamps: list[object] = [sys.version]
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
            stat = Path(origin).stat() if origin else None
        except (ImportError, ValueError, OSError):
            stat = None
        stamps.append([name, None if stat is None else list(output_stamp(stat))])
    return stamps


def export_fingerprint(
    options_key: object, template: Path | None, vocabulary_files: tuple[Path, ...]
) -> str:
    """Everything besides a release that decides the bytes of its export."""
    from osce_cli.validate.cache import fingerprint

    try:
        template_digest = digest(template.read_bytes()) if template is not None else None
    except OSError:
        template_digest = "unreadable"
    key = ["export", options_key, template_digest, _library_stamps()]
    try:
        return fingerprint(key, vocabulary_files)
    except OSError:  # a vocabulary file gone: validation has said so already
        return "unknown"


_TABLES = (
    "outputs (destination TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, display TEXT NOT NULL,"
    " source_size INTEGER, source_mtime_ns INTEGER, source_inode INTEGER,"
    " digest TEXT NOT NULL, embargo TEXT,"
    " output_size INTEGER, output_mtime_ns INTEGER, output_inode INTEGER,"
    " output_ctime_ns INTEGER)",
)


def _storable(path: str) -> bool:
    """Can SQLite keep this path? Not a name that is not UTF-8: its export is always written."""
    return path.isascii() or not any("\ud800" <= char <= "\udfff" for char in path)


class Manifest:
    """The rows of one fingerprint; every method fails soft."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.connection: sqlite3.Connection | None = None
        self.pending: list[tuple[object, ...]] = []
        if not folder.is_dir():  # the results cache makes it, with its CACHEDIR.TAG
            return
        database = folder / DATABASE
        # Locked or read-only now, or failing otherwise: do without.
        with contextlib.suppress(sqlite3.Error, OSError):
            self.connection = open_database(database, _TABLES)

    def lookup(self, destinations: Iterable[str]) -> dict[str, Entry]:
        """The entries of these output paths written with this fingerprint."""
        found: dict[str, Entry] = {}
        if self.connection is None:
            return found
        query = (
            "SELECT destination, display, source_size, source_mtime_ns, source_inode,"
            " digest, embargo, output_size, output_mtime_ns, output_inode,"
            " output_ctime_ns FROM outputs WHERE fingerprint = ? AND destination IN ({})"
        )
        wanted = [path for path in destinations if _storable(path)]
        try:
            for row in rows_where_in(self.connection, query, wanted, (self.fingerprint,)):
                source = None if row[2] is None else (row[2], row[3], row[4])
                output = None if row[7] is None else (row[7], row[8], row[9], row[10])
                found[row[0]] = Entry(row[1], source, row[5], row[6], output)
        except (sqlite3.Error, TypeError, IndexError):
            return {}
        return found

    def put(self, destination: str, entry: Entry) -> None:
        if self.connection is None or not (_storable(destination) and _storable(entry.display)):
            return
        source = entry.source or (None, None, None)
        output = entry.output or (None, None, None, None)
        self.pending.append(
            (
                destination,
                self.fingerprint,
                entry.display,
                *source,
                entry.digest,
                entry.embargo,
                *output,
            )
        )

    def close(self) -> None:
        if self.connection is None:
            return
        connection, self.connection = self.connection, None
        pending, self.pending = self.pending, []
        try:
            if pending:
                # One transaction for the whole run, not one wait for the disk per file.
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("BEGIN")
                    values = ", ".join("?" * 12)
                    connection.executemany(
                        f"INSERT OR REPLACE INTO outputs VALUES ({values})", pending
                    )
                    connection.execute("COMMIT")
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
