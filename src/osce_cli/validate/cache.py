"""A cache of results keyed by file content, so unchanged releases are not checked again.

An entry is found only when everything that could change the result is the
same: the file's bytes (and, for a translation, its original's), its path
(shown in diagnostics, and matched by ``per-file-ignores``), the rule
selection and severities, the vocabulary (the shipped files and the
project's), and osce itself. The cache is one SQLite
file in ``.osce_cache/`` (``config.CACHE_DIR``, marked with ``CACHEDIR.TAG`` so backup tools skip
it), safe for concurrent runs. A cache that cannot be opened or read is
ignored, never fatal: the files are simply checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from osce_cli import __version__
from osce_cli.report.diagnostics import Diagnostic, Edit, FileResult, Fix, Severity
from osce_cli.support import sqlite
from osce_cli.support.sqlite import RACY_SECONDS, open_database, rows_where_in

if TYPE_CHECKING:
    from osce_cli.validate.originals import OriginalFile

DATABASE = "results-v5.sqlite"
#: Settings (fingerprints) whose entries are kept: the most recently used.
#: A project alternates between a few (the hook's, CI's, an editor's); older
#: ones would only make the file grow.
KEPT_FINGERPRINTS = 4
#: Entries written per transaction.
_WRITE_BATCH = 2000
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by osce.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def _stamp_files(folder: Path, pattern: str) -> list[tuple[str, int, int]]:
    stamps = []
    for path in folder.rglob(pattern):
        stat = path.stat()  # once: size and time of the same moment
        stamps.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return sorted(stamps)


def fingerprint(settings_key: object, vocabulary_files: tuple[Path, ...]) -> str:
    """What, besides a file's bytes and path, decides its result."""
    from osce_cli.support.resources import schemas_dir

    package = Path(__file__).resolve().parents[1]  # osce_cli, every subpackage
    digest = hashlib.sha256()
    parts: list[object] = [
        __version__,
        settings_key,
        _stamp_files(package, "*.py"),
        _stamp_files(schemas_dir() / "vocabulary", "*.yaml"),
        _stamp_files(schemas_dir() / "vocabulary", "*.json"),
    ]
    for path in vocabulary_files:
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    digest.update(json.dumps(parts, default=str, sort_keys=True).encode())
    return digest.hexdigest()


def _encode(result: FileResult) -> str:
    if not result.diagnostics:
        return ""  # most files are clean: no JSON to write or read back
    return json.dumps(
        {
            "lines": result.lines,
            "diagnostics": [
                {
                    "position": [d.line, d.column, d.end_line, d.end_column],
                    "code": d.code,
                    "name": d.name,
                    "severity": d.severity.label,
                    "message": d.message,
                    "suggestions": d.suggestions,
                    "json_path": d.json_path,
                    "fix": None
                    if d.fix is None
                    else {
                        "description": d.fix.description,
                        "safe": d.fix.safe,
                        "edits": [list(edit) for edit in d.fix.edits],
                    },
                }
                for d in result.diagnostics
            ],
        },
        ensure_ascii=False,
    )


def _decode(path: str, text: str) -> FileResult:
    if not text:
        return FileResult(path, (), ())
    data: dict[str, Any] = json.loads(text)
    diagnostics = []
    for item in data["diagnostics"]:
        fix = item["fix"]
        line, column, end_line, end_column = item["position"]
        diagnostics.append(
            Diagnostic(
                path=path,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                code=item["code"],
                name=item["name"],
                severity=Severity.parse(item["severity"]),
                message=item["message"],
                suggestions=tuple(item["suggestions"]),
                json_path=item["json_path"],
                fix=None
                if fix is None
                else Fix(
                    fix["description"], tuple(Edit(*edit) for edit in fix["edits"]), fix["safe"]
                ),
            )
        )
    lines = tuple((number, text_line) for number, text_line in data["lines"])
    return FileResult(path, tuple(diagnostics), lines)


#: The tables of the results database (see `ResultCache`).
_TABLES = (
    "fingerprints (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL UNIQUE,"
    " last_used REAL NOT NULL)",
    "results (key TEXT PRIMARY KEY, result TEXT NOT NULL, fingerprint INTEGER NOT NULL)",
    "stamps (file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
    " inode INTEGER NOT NULL, depends TEXT NOT NULL, result TEXT NOT NULL,"
    " fingerprint INTEGER NOT NULL)",
)


class FileStamp(NamedTuple):
    """What ``stat`` says about a file: if all of it is unchanged, so is the file.

    A tuple, so that a database row compares with it as it comes.
    """

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileStamp:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ino)


class ResultCache:
    """Results of earlier runs; every method fails soft.

    Two tables: ``results`` maps a content key (see :meth:`key`) to a result;
    ``stamps`` remembers, per file, the stamp it had and its result then
    (the same text, usually empty for a clean file), so an unchanged file is
    answered without being read, by one look-up. Each row
    names the fingerprint it was written under (``fingerprints``), so that
    rows of settings no longer used can be dropped (see :meth:`close`).
    """

    def __init__(self, folder: Path, fingerprint: str, *, create: bool = True) -> None:
        self.fingerprint = fingerprint
        self.database = folder / DATABASE
        self.connection: sqlite3.Connection | None = None
        self.pending: list[tuple[str, str, int]] = []
        self.pending_stamps: list[tuple[str, int, int, int, str, str, int]] = []
        self.fingerprint_id = 0  # set when opened for writing
        #: The hash of the settings and a working folder, by folder (see `file_id`).
        self._ids: dict[str, Any] = {}
        #: Known to hold nothing under these settings (never used before): no
        #: look-up can find anything, and the checker makes none. A first run
        #: after an upgrade or a settings change, and every run on a fresh CI
        #: clone, would otherwise ask once per file in vain.
        self.empty = False
        with contextlib.suppress(OSError, sqlite3.Error):
            if create:
                self._open(folder)
                self._register()
            elif self.database.is_file():
                self.connection = sqlite3.connect(self.database, timeout=sqlite.BUSY_TIMEOUT)

    def reopened(self) -> ResultCache:
        """The same cache through a connection of its own, for a worker process.

        A SQLite connection must not be used on both sides of a fork.
        """
        cache = ResultCache(self.database.parent, self.fingerprint, create=False)
        cache.empty = self.empty  # learnt by the process that opened it first
        return cache

    def __getstate__(self) -> dict[str, object]:
        # Where workers are spawned: where the cache is, not the connection.
        return {
            **self.__dict__,
            "connection": None,
            "pending": [],
            "pending_stamps": [],
            "_ids": {},
        }

    def _register(self) -> None:
        """Note that these settings were used now, and learn their number."""
        if self.connection is None:
            return
        # Rows name their settings, and are dropped together with them (see
        # `_forget_old_settings`): settings not on record have no rows.
        known = self.connection.execute(
            "SELECT 1 FROM fingerprints WHERE fingerprint = ?", (self.fingerprint,)
        ).fetchone()
        self.empty = known is None
        self.connection.execute(
            "INSERT INTO fingerprints (fingerprint, last_used) VALUES (?, ?)"
            " ON CONFLICT (fingerprint) DO UPDATE SET last_used = excluded.last_used",
            (self.fingerprint, time.time()),
        )
        row = self.connection.execute(
            "SELECT id FROM fingerprints WHERE fingerprint = ?", (self.fingerprint,)
        ).fetchone()
        self.fingerprint_id = int(row[0])

    def _open(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        tag = folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG, encoding="ascii")
            (folder / ".gitignore").write_text("*\n", encoding="ascii")
        self.connection = open_database(self.database, _TABLES)

    def key(
        self,
        display: str,
        relative: str | None,
        data: bytes,
        original: OriginalFile | None = None,
    ) -> str:
        """The content key: settings, names and bytes (a translation's original's too)."""
        digest = hashlib.sha256(self.fingerprint.encode())
        # A name that is not UTF-8 holds its bytes as surrogates: "surrogatepass" encodes any.
        digest.update(f"\0{display}\0{relative or ''}\0".encode("utf-8", "surrogatepass"))
        digest.update(data)
        if original is not None:
            # What the T rules read: where the original is shown, whether it is
            # there, and its bytes (a length first, so no two inputs run together).
            found = "none" if original.data is None else str(len(original.data))
            digest.update(
                f"\0original\0{original.path}\0{original.found}\0{found}\0".encode(
                    "utf-8", "surrogatepass"
                )
            )
            digest.update(original.data or b"")
        return digest.hexdigest()

    def file_id(self, display: str, file: str, cwd: str) -> str:
        """Names one file as shown, under these settings (the ``stamps`` key).

        The file is its path as given (``file``) and the folder it was given
        from (``cwd``): together they name one path, with no system call, and
        the settings and folder are hashed once for a whole run.
        """
        base = self._ids.get(cwd)
        if base is None:
            seed = f"{self.fingerprint}\0{cwd}".encode("utf-8", "surrogatepass")
            base = self._ids[cwd] = hashlib.blake2b(seed, digest_size=16)
        digest = base.copy()
        digest.update(f"\0{display}\0{file}".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str, display: str) -> FileResult | None:
        if self.connection is None:
            return None
        try:
            row = self.connection.execute(
                "SELECT result FROM results WHERE key = ?", (key,)
            ).fetchone()
            return None if row is None else _decode(display, row[0])
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def get_unchanged(self, files: list[tuple[str, str, FileStamp, str]]) -> dict[str, FileResult]:
        """Results for the files whose stamp is what it was: (file id, display, stamp,
        the original's stamp for a translation, else "") in, file id to result out."""
        found: dict[str, FileResult] = {}
        if self.connection is None:
            return found
        wanted = {file_id: (display, stamp, depends) for file_id, display, stamp, depends in files}
        query = "SELECT file, size, mtime_ns, inode, depends, result FROM stamps WHERE file IN ({})"
        try:
            for row in rows_where_in(self.connection, query, list(wanted)):
                display, stamp, depends = wanted[row[0]]
                if row[1:4] == stamp and row[4] == depends:
                    found[row[0]] = _decode(display, row[5])
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return {}
        return found

    def put(self, key: str, result: FileResult) -> None:
        if self.connection is not None:
            self.pending.append((key, _encode(result), self.fingerprint_id))
            self._flush_when_full()

    def put_stamp(
        self,
        file_id: str,
        stamp: FileStamp,
        result: FileResult,
        now: float,
        depends: str = "",
        depends_mtime_ns: int = 0,
    ) -> None:
        """Remember a file's stamp and result, unless it was modified too recently to trust.

        For a translation, ``depends`` is its original's stamp (see
        `originals.stamp_text`), held to the same: an original that cannot be
        read has none (``""`` with a ``depends_mtime_ns`` of 0 is an original).
        """
        if self.connection is None:
            return
        trusted = (now - RACY_SECONDS) * 1e9
        if stamp.mtime_ns >= trusted or depends_mtime_ns >= trusted:
            return
        self.pending_stamps.append(
            (
                file_id,
                stamp.size,
                stamp.mtime_ns,
                stamp.inode,
                depends,
                _encode(result),
                self.fingerprint_id,
            )
        )
        self._flush_when_full()

    def _flush_when_full(self) -> None:
        # Written in batches: one transaction per entry would wait for the
        # disk thousands of times, and one for a whole archive would hold
        # every entry in memory until the end.
        if len(self.pending) + len(self.pending_stamps) >= _WRITE_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.connection is None or not (self.pending or self.pending_stamps):
            return
        try:
            self.connection.execute("BEGIN")
            self.connection.executemany(
                "INSERT OR REPLACE INTO results (key, result, fingerprint) VALUES (?, ?, ?)",
                self.pending,
            )
            self.connection.executemany(
                "INSERT OR REPLACE INTO stamps"
                " (file, size, mtime_ns, inode, depends, result, fingerprint)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                self.pending_stamps,
            )
            self.connection.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None  # a cache that fails is a cache no more, never an error
        self.pending.clear()
        self.pending_stamps.clear()

    def close(self) -> None:
        if self.connection is None:
            return
        self._flush()
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                if self.fingerprint_id:
                    self._forget_old_settings()
                self.connection.close()
        self.connection = None

    def _forget_old_settings(self) -> None:
        """Drop the rows of all but the ``KEPT_FINGERPRINTS`` settings used last.

        Each change of osce, of the configuration or of the vocabulary makes
        a new fingerprint, and its rows are of no use to the others: without
        this the file grows with every upgrade (it reached 144 MB).
        """
        assert self.connection is not None
        old = [
            row[0]
            for row in self.connection.execute(
                "SELECT id FROM fingerprints ORDER BY last_used DESC, id DESC LIMIT -1 OFFSET ?",
                (KEPT_FINGERPRINTS,),
            )
        ]
        if not old:
            return
        marks = ",".join("?" * len(old))
        self.connection.execute("BEGIN")
        for table in ("results", "stamps", "fingerprints"):
            column = "id" if table == "fingerprints" else "fingerprint"
            self.connection.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", old)
        self.connection.execute("COMMIT")
