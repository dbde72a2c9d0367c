"""What earlier exports wrote, so that exporting unchanged releases does no work.

One SQLite table in ``.osce_cache/exports-v4.sqlite`` has a row per output
file (by absolute path). The row holds the fingerprint of everything besides
the release that decides the file's bytes: format, width, template, osce
itself, its libraries and the vocabulary. It also holds the release the file
came from (as shown, so also its ``path`` in the export, and as an absolute
path), that release's stamp and SHA-256, its embargo, and the stamp and
SHA-256 of the output file as osce left it. When all of that still holds,
the output is up to date: it is neither rendered nor written.

A row also says under which settings of ``osce validate`` (their
fingerprint, as the results cache keys them) the release, with that stamp,
was found free of any finding: an export with the same settings takes
such a release as checked when its stamp is unchanged (see `settled`),
where asking the results cache would look up every file a second time.

A file made from a whole run (a site's listing pages, feeds and sitemap) has
a row too, with no release: what it was made from (a digest, see
`made_from_run`), so that a re-export makes it again only when that changed.

The rows also say which files of an output folder are osce's, of which kind
(the format), and from which release: :mod:`osce_cli.export.outputs` removes
those that an export no longer writes, and only while they are as osce left them.

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
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from osce_cli.support.sqlite import open_database, rows_where_in, storable
from osce_cli.validate.cache import FileStamp

DATABASE = "exports-v4.sqlite"
#: Libraries whose upgrade could change an export's bytes.
LIBRARIES = ("markdown_it", "linkify_it", "nh3", "jinja2", "markupsafe", "yaml")

#: A release's stamp: size, mtime_ns and inode, as ``osce validate``'s cache keeps it.
SourceStamp = FileStamp
OutputStamp = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def source_stamp(stat: os.stat_result) -> SourceStamp:
    return FileStamp.of(stat)


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
    output_digest: str | None = None  # SHA-256 of the output file as written
    #: The fingerprint of the settings of ``osce validate`` under which the
    #: release, with the stamp ``source``, was found free of any finding; None: not known.
    checked: str | None = None


class Settled(NamedTuple):
    """An output as the last export left it, with its release (see `Manifest.settled`)."""

    display: str
    source: tuple[int, int, int]  # the release's stamp (as `SourceStamp`)
    output: tuple[int, int, int, int]  # the output file's (as `OutputStamp`)
    digest: str  # the release's SHA-256
    embargo: str | None


class Recorded(NamedTuple):
    """An output file an earlier export wrote (or meant to), as pruning needs it."""

    destination: str  # absolute
    source: str | None  # the release it came from, absolute; None: made from the whole run
    output: OutputStamp | None  # None when nothing was written (the release was skipped)
    output_digest: str | None


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
    "outputs (destination TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, kind TEXT NOT NULL,"
    " display TEXT NOT NULL, source TEXT,"
    " source_size INTEGER, source_mtime_ns INTEGER, source_inode INTEGER,"
    " digest TEXT NOT NULL, embargo TEXT,"
    " output_size INTEGER, output_mtime_ns INTEGER, output_inode INTEGER,"
    " output_ctime_ns INTEGER, output_digest TEXT, checked TEXT, made_from TEXT)",
)
_COLUMNS = 17
#: The paths of one kind of output below a folder, read without the rows (see `recorded_under`).
_INDEXES = ("outputs_by_kind ON outputs (kind, destination)",)


#: A row read with `_ROW`, as SQLite gives it.
_Row = tuple[Any, ...]

#: The columns every read asks for, in the table's order (see `_entry` and `Recorded`).
_ROW = (
    "destination, fingerprint, display, source, source_size, source_mtime_ns, source_inode,"
    " digest, embargo, output_size, output_mtime_ns, output_inode, output_ctime_ns, output_digest,"
    " checked"
)


def _entry(row: _Row) -> Entry:
    """The entry of one row read with `_ROW`."""
    source = None if row[4] is None else FileStamp(row[4], row[5], row[6])
    output = None if row[9] is None else row[9:13]
    return Entry(row[2], source, row[7], row[8], output, row[13], row[14])


#: Destinations below a folder: from its prefix up to `_after` it, a range of the table's key.
_BELOW = "destination >= ? AND destination < ?"


def _after(prefix: str) -> str:
    """The first text after all those that start with ``prefix`` (see `_BELOW`).

    (Text compares by code point in Python and by UTF-8 bytes in SQLite:
    the same order.)
    """
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class Manifest:
    """The rows of one fingerprint and kind of output (the format); every method fails soft.

    ``unavailable`` is true when the cache folder is there but the manifest
    could not be opened (locked by another run, read-only): this run can
    then tell nothing about what earlier exports wrote.
    """

    def __init__(self, folder: Path, fingerprint: str, kind: str = "") -> None:
        self.fingerprint = fingerprint
        self.kind = kind
        self.connection: sqlite3.Connection | None = None
        self.pending: list[_Row] = []
        #: The output folder of this export (see `set_folder`), ending in a separator.
        self.folder: str | None = None
        #: The files below it made from a whole run, as recorded (see `made_from_run`).
        self.from_run: dict[str, tuple[str, OutputStamp]] | None = None
        self.unavailable = False
        if not folder.is_dir():  # the results cache makes it, with its CACHEDIR.TAG
            return
        database = folder / DATABASE
        # Locked or read-only now, or failing otherwise: do without.
        with contextlib.suppress(sqlite3.Error, OSError):
            self.connection = open_database(database, _TABLES, _INDEXES)
        self.unavailable = self.connection is None

    def set_folder(self, prefix: str) -> None:
        """The folder this export writes (``prefix`` ends in a separator).

        Each use of its rows then reads, in one range of the table's key,
        only the rows and columns it needs: an archive's worth of rows is
        read on every run, and each column of each row costs.
        """
        self.folder = prefix

    def _below(
        self, columns: str, condition: str = "", parameters: tuple[object, ...] = ()
    ) -> list[_Row] | None:
        """Rows of this kind below the folder (`set_folder`): ``None`` when unreadable."""
        if self.connection is None or self.folder is None:
            return None
        query = f"SELECT {columns} FROM outputs WHERE kind = ? AND {_BELOW}{condition}"
        try:
            return self.connection.execute(
                query, (self.kind, self.folder, _after(self.folder), *parameters)
            ).fetchall()
        except sqlite3.Error:
            return None

    def settled(self, checked: str) -> dict[str, Settled]:
        """The outputs below the folder that this run need not make again if their
        release and file are as recorded: written with this fingerprint, from a
        release without language versions found free of any finding under the
        validation settings ``checked``. By output path.
        """
        rows = self._below(
            "destination, display, source_size, source_mtime_ns, source_inode,"
            " output_size, output_mtime_ns, output_inode, output_ctime_ns, digest, embargo",
            " AND fingerprint = ? AND checked = ? AND source_size IS NOT NULL"
            " AND output_size IS NOT NULL AND digest NOT LIKE 'v%'",
            (self.fingerprint, checked),
        )
        return {row[0]: Settled(row[1], row[2:5], row[5:9], row[9], row[10]) for row in rows or ()}

    def lookup(self, destinations: Iterable[str]) -> dict[str, Entry]:
        """The entries of these output paths written with this fingerprint."""
        found: dict[str, Entry] = {}
        if self.connection is None:
            return found
        wanted = [path for path in destinations if storable(path)]
        query = f"SELECT {_ROW} FROM outputs WHERE kind = ? AND destination IN ({{}})"
        try:
            for row in rows_where_in(self.connection, query, wanted, (self.kind,)):
                if row[1] == self.fingerprint:
                    found[row[0]] = _entry(row)
        except (sqlite3.Error, TypeError, IndexError):
            return {}
        return found

    def put(
        self, destination: str, entry: Entry, source: str | None, made_from: str | None = None
    ) -> None:
        """Record an output (written at commit, in `close`); ``source``: its release,
        absolute; ``made_from``: for a file made from the whole run, what it shows."""
        if self.connection is None or not all(
            storable(text) for text in (destination, entry.display, source or "")
        ):
            return
        stamp = entry.source or (None, None, None)
        output = entry.output or (None, None, None, None)
        self.pending.append(
            (
                destination,
                self.fingerprint,
                self.kind,
                entry.display,
                source,
                *stamp,
                entry.digest,
                entry.embargo,
                *output,
                entry.output_digest,
                entry.checked if entry.source is not None else None,
                made_from,
            )
        )

    def recorded_under(
        self, prefix: str, leaving_out: Collection[str] = ()
    ) -> list[Recorded] | None:
        """The outputs of this kind recorded below a folder (``prefix`` ends in a separator).

        ``leaving_out``: destinations not wanted (those a run produced).
        ``None`` when the manifest cannot be read: nothing is known then. The
        rows put since the manifest was opened are not among them (they are
        written at `close`).
        """
        if self.connection is None:
            return None
        # The paths first: a run usually produced every one, and the rest are few.
        below = _after(prefix)
        try:
            paths = self.connection.execute(
                f"SELECT destination FROM outputs WHERE kind = ? AND {_BELOW}",
                (self.kind, prefix, below),
            ).fetchall()
            wanted = [path for (path,) in paths if path not in leaving_out]
            query = f"SELECT {_ROW} FROM outputs WHERE kind = ? AND destination IN ({{}})"
            rows = list(rows_where_in(self.connection, query, wanted, (self.kind,)))
        except sqlite3.Error:
            return None
        return [
            Recorded(row[0], row[3], None if row[9] is None else row[9:13], row[13])
            for row in sorted(rows)
        ]

    def made_from_run(self) -> dict[str, tuple[str, OutputStamp]] | None:
        """The files below the folder (`set_folder`) made from a whole run with this
        fingerprint (a site's listings, feeds, sitemap), by path below it: (the digest
        of what each was made from, its stamp as osce left it). ``None``: not known.

        The one record of those files: what pruning needs (osce wrote them) and
        what a re-export needs (what they show, and whether they changed since).
        """
        if self.from_run is None:
            rows = self._below(
                "destination, made_from, output_size, output_mtime_ns, output_inode,"
                " output_ctime_ns",
                " AND source IS NULL AND made_from IS NOT NULL AND output_size IS NOT NULL"
                " AND fingerprint = ?",
                (self.fingerprint,),
            )
            if rows is None:
                return None
            self.from_run = {row[0]: (row[1], row[2:]) for row in rows}
        assert self.folder is not None  # rows were read
        start = len(self.folder)
        return {path[start:]: known for path, known in self.from_run.items()}

    def put_made_from_run(
        self, destination: str, display: str, output: OutputStamp, made_from: str
    ) -> None:
        """Record a file made from the whole run (a listing, a feed), unless it is already.

        Only rows below the folder (`set_folder`) are known: any other is written.
        """
        if self.from_run is None:
            self.made_from_run()
        if self.from_run is not None and self.from_run.get(destination) == (made_from, output):
            return
        self.put(destination, Entry(display, None, "", None, output), None, made_from)

    def not_made(self, destinations: list[str]) -> None:
        """Files kept though no run makes them now (changed by hand since osce wrote
        them): no longer among the files made from a run (`made_from_run`)."""
        if self.connection is None or not destinations:
            return
        if self.from_run is not None:
            for path in destinations:
                self.from_run.pop(path, None)
        self._for_each("UPDATE outputs SET made_from = NULL WHERE destination = ?", destinations)

    def forget(self, destinations: list[str]) -> None:
        """Drop the rows of outputs that are gone (or no longer osce's to look after)."""
        if self.connection is None or not destinations:
            return
        self._for_each("DELETE FROM outputs WHERE destination = ?", destinations)

    def _for_each(self, statement: str, destinations: list[str]) -> None:
        """Run ``statement`` for each destination, in one transaction (now, not at `close`)."""
        assert self.connection is not None
        connection = self.connection
        try:
            connection.execute("BEGIN")
            connection.executemany(statement, [(path,) for path in destinations])
            connection.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")

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
                    values = ", ".join("?" * _COLUMNS)
                    connection.executemany(
                        f"INSERT OR REPLACE INTO outputs VALUES ({values})", pending
                    )
                    connection.execute("COMMIT")
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
