"""What earlier site exports knew, in ``.osce_cache/site-v4.sqlite``.

Three tables. ``entries``: each release page's entry (``entries.py``) with the
SHA-256 of the release it came from, so that a re-export takes the entries of
unchanged releases from here rather than parsing them again, and the files
of the site that show the entry (``shown_on``: listing pages and feeds).
``shown``: for a listing page or a feed, what it shows (its listing, page
and entries), so that it can be made again without the rest of the site.
``sites``: for each site, the digest of the releases it was last made from
(each page with its SHA-256) and how many files besides release pages it then
had: a re-export that finds the same releases, some with new content, and
each of those files as osce left it, only makes again the files that show
those (see ``incremental.py``). What each file of the site was made from, and its stamp,
the export manifest keeps with the file (one record of a file osce wrote).

Rows belong to a fingerprint (osce, its libraries, the vocabulary, the
templates, the base URL). Like the export manifest, the store fails soft: if
it cannot be opened, read or written, everything is made again.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from osce_cli.export.site.entries import compact_json
from osce_cli.support.sqlite import open_database, rows_where_in, storable

DATABASE = "site-v4.sqlite"

_TABLES = (
    "entries (page TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, digest TEXT NOT NULL,"
    " entry TEXT NOT NULL, shown_on TEXT NOT NULL)",
    "shown (site TEXT NOT NULL, path TEXT NOT NULL, fingerprint TEXT NOT NULL,"
    " shows TEXT NOT NULL, PRIMARY KEY (site, path))",
    "sites (site TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, releases TEXT NOT NULL,"
    " files INTEGER NOT NULL)",
)

#: A stored entry: (the release's SHA-256, the entry's JSON, the files showing it as JSON).
Stored = tuple[str, str, str]
#: Rows kept in memory before they go to the database (in the run's one transaction).
_BATCH = 1000


class SiteStore:
    """The rows of one fingerprint; every method fails soft."""

    def __init__(self, folder: Path | None, fingerprint: str, site: str) -> None:
        self.fingerprint = fingerprint
        self.site = site  # the site's folder, absolute
        self.connection: sqlite3.Connection | None = None
        self.pending_entries: list[tuple[str, str, str, str, str]] = []
        self.pending_shown: list[tuple[str, str, str, str]] = []
        self.gone: list[str] = []  # files the site no longer has
        self.releases: str | None = None  # the new digest of the site's releases
        self.files = 0  # how many files besides release pages the site now has
        self.writing = False  # in the run's transaction (begun by the first batch written)
        if folder is None or not folder.is_dir() or not storable(site):
            return
        with contextlib.suppress(sqlite3.Error, OSError):
            self.connection = open_database(folder / DATABASE, _TABLES)

    def entries(self, pages: list[str]) -> dict[str, Stored]:
        """The stored entries by release page (absolute path)."""
        if self.connection is None:
            return {}
        query = (
            "SELECT page, digest, entry, shown_on FROM entries"
            " WHERE fingerprint = ? AND page IN ({})"
        )
        try:
            wanted = [page for page in pages if storable(page)]
            return {
                row[0]: (row[1], row[2], row[3])
                for row in rows_where_in(self.connection, query, wanted, (self.fingerprint,))
            }
        except sqlite3.Error:
            return {}

    def put_entry(self, page: str, digest: str, entry: str, shown_on: str) -> None:
        """Keep a release page's entry (not one SQLite cannot hold: see `storable`)."""
        if self.connection is not None and digest and storable(entry + shown_on):
            self.pending_entries.append((page, self.fingerprint, digest, entry, shown_on))
            if len(self.pending_entries) >= _BATCH:
                self._flush()

    def shows(self, paths: list[str]) -> dict[str, str]:
        """What these listing pages and feeds show (JSON), by path below the site's root."""
        if self.connection is None:
            return {}
        query = "SELECT path, shows FROM shown WHERE site = ? AND fingerprint = ? AND path IN ({})"
        try:
            wanted = [path for path in paths if storable(path)]
            return {
                row[0]: row[1]
                for row in rows_where_in(
                    self.connection, query, wanted, (self.site, self.fingerprint)
                )
            }
        except sqlite3.Error:
            return {}

    def put_shown(self, path: str, shows: list[Any]) -> None:
        """Keep what a listing page or feed (by path below the site's root) shows."""
        if self.connection is None:
            return
        text = compact_json(shows)
        if storable(path + text):
            self.pending_shown.append((self.site, path, self.fingerprint, text))
            if len(self.pending_shown) >= _BATCH:
                self._flush()

    def _flush(self) -> None:
        """Write the rows kept so far, in the run's transaction: a site export of an
        archive holds thousands, which need not all be in memory at once."""
        connection = self.connection
        if connection is None:
            return
        try:
            if not self.writing:
                connection.execute("BEGIN")
                self.writing = True
            self._write_pending(connection)
        except sqlite3.Error:
            # Without these rows nothing can be trusted: the transaction goes, and the store.
            with contextlib.suppress(sqlite3.Error):
                connection.close()
            self.connection = None
        self.pending_entries, self.pending_shown = [], []

    def _write_pending(self, connection: sqlite3.Connection) -> None:
        connection.executemany(
            "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)", self.pending_entries
        )
        connection.executemany(
            "INSERT OR REPLACE INTO shown VALUES (?, ?, ?, ?)", self.pending_shown
        )

    def forget_shown(self, paths: list[str]) -> None:
        """Drop what files the site no longer has showed."""
        self.gone += [path for path in paths if storable(path)]

    def last_made(self) -> tuple[str, int] | None:
        """The digest of the releases this site was last made from, with this
        fingerprint, and how many files besides release pages it then had."""
        if self.connection is None:
            return None
        query = "SELECT releases, files FROM sites WHERE site = ? AND fingerprint = ?"
        try:
            row = self.connection.execute(query, (self.site, self.fingerprint)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else (str(row[0]), int(row[1]))

    def close(self) -> None:
        if self.connection is None:
            return
        connection, self.connection = self.connection, None
        try:
            with contextlib.suppress(sqlite3.Error):
                # One transaction: the site's digest is only kept with the rows it stands for.
                if not self.writing:
                    connection.execute("BEGIN")
                self._write_pending(connection)
                gone = [(self.site, path) for path in self.gone]
                connection.executemany("DELETE FROM shown WHERE site = ? AND path = ?", gone)
                if self.releases is not None:
                    connection.execute(
                        "INSERT OR REPLACE INTO sites VALUES (?, ?, ?, ?)",
                        (self.site, self.fingerprint, self.releases, self.files),
                    )
                else:
                    connection.execute("DELETE FROM sites WHERE site = ?", (self.site,))
                connection.execute("COMMIT")
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
