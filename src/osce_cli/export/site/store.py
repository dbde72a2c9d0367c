"""What earlier site exports knew, in ``.osce_cache/site-v1.sqlite``.

Two tables. ``entries``: each release page's entry (``entries.py``) with the
SHA-256 of the release it came from, so that a re-export takes the entries of
unchanged releases from here rather than parsing them again. ``pages``: for
each file of the site besides release pages (listings, feeds, sitemaps), the
digest of what it was made from and the stamp of the file as osce left it, so
that a listing whose entries did not change is not rendered again.

Rows belong to a fingerprint (osce, its libraries, the vocabulary, the
templates, the base URL). Like the export manifest, the store fails soft: if
it cannot be opened, read or written, everything is made again.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from osce_cli.export.manifest import OutputStamp
from osce_cli.support.sqlite import open_database, rows_where_in

DATABASE = "site-v1.sqlite"

_TABLES = (
    "entries (page TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, digest TEXT NOT NULL,"
    " entry TEXT NOT NULL)",
    "pages (site TEXT NOT NULL, path TEXT NOT NULL, fingerprint TEXT NOT NULL,"
    " made_from TEXT NOT NULL, output_size INTEGER, output_mtime_ns INTEGER,"
    " output_inode INTEGER, output_ctime_ns INTEGER, PRIMARY KEY (site, path))",
)


class SiteStore:
    """The rows of one fingerprint; every method fails soft."""

    def __init__(self, folder: Path | None, fingerprint: str, site: str) -> None:
        self.fingerprint = fingerprint
        self.site = site  # the site's folder, absolute
        self.connection: sqlite3.Connection | None = None
        self.pending_entries: list[tuple[str, str, str, str]] = []
        self.pending_pages: list[tuple[object, ...]] = []
        if folder is None or not folder.is_dir():
            return
        with contextlib.suppress(sqlite3.Error, OSError):
            self.connection = open_database(folder / DATABASE, _TABLES)

    def entries(self, pages: list[str]) -> dict[str, tuple[str, str]]:
        """(release digest, entry JSON) by release page (absolute path)."""
        if self.connection is None:
            return {}
        query = "SELECT page, digest, entry FROM entries WHERE fingerprint = ? AND page IN ({})"
        try:
            return {
                row[0]: (row[1], row[2])
                for row in rows_where_in(self.connection, query, pages, (self.fingerprint,))
            }
        except sqlite3.Error:
            return {}

    def put_entry(self, page: str, digest: str, entry: str) -> None:
        if self.connection is not None and digest:
            self.pending_entries.append((page, self.fingerprint, digest, entry))

    def pages(self) -> dict[str, tuple[str, OutputStamp | None]]:
        """(what it was made from, its stamp) by path below the site's root."""
        if self.connection is None:
            return {}
        query = (
            "SELECT path, made_from, output_size, output_mtime_ns, output_inode, output_ctime_ns"
            " FROM pages WHERE site = ? AND fingerprint = ?"
        )
        try:
            return {
                row[0]: (row[1], None if row[2] is None else (row[2], row[3], row[4], row[5]))
                for row in self.connection.execute(query, (self.site, self.fingerprint))
            }
        except sqlite3.Error:
            return {}

    def put_page(self, path: str, made_from: str, stamp: OutputStamp) -> None:
        if self.connection is not None:
            self.pending_pages.append((self.site, path, self.fingerprint, made_from, *stamp))

    def close(self) -> None:
        if self.connection is None:
            return
        connection, self.connection = self.connection, None
        try:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("BEGIN")
                connection.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", self.pending_entries
                )
                connection.executemany(
                    "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    self.pending_pages,
                )
                connection.execute("COMMIT")
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
