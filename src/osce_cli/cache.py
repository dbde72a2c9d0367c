"""A cache of results keyed by file content, so unchanged releases are not checked again.

An entry is found only when everything that could change the result is the
same: the file's bytes, its path (shown in diagnostics, and matched by
``per-file-ignores``), the rule selection and severities, the vocabulary (the
shipped files and the project's), and osce itself. The cache is one SQLite
file in ``.osce_cache/`` (marked with ``CACHEDIR.TAG`` so backup tools skip
it), safe for concurrent runs. A cache that cannot be opened or read is
ignored, never fatal: the files are simply checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from . import __version__
from .diagnostics import Diagnostic, Edit, FileResult, Fix, Severity

CACHE_DIR = ".osce_cache"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by osce.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def _stamp_files(folder: Path, pattern: str) -> list[tuple[str, int, int]]:
    return sorted(
        (str(path.relative_to(folder)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob(pattern)
    )


def fingerprint(settings_key: object, vocabulary_files: tuple[Path, ...]) -> str:
    """What, besides a file's bytes and path, decides its result."""
    from .resources import schemas_dir

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    parts: list[object] = [
        __version__,
        settings_key,
        _stamp_files(package, "*.py"),
        _stamp_files(schemas_dir() / "vocabulary", "*.yaml"),
    ]
    for path in vocabulary_files:
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    digest.update(json.dumps(parts, default=str, sort_keys=True).encode())
    return digest.hexdigest()


def _encode(result: FileResult) -> str:
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
                        "edits": [[e.start, e.end, e.replacement] for e in d.fix.edits],
                    },
                }
                for d in result.diagnostics
            ],
        },
        ensure_ascii=False,
    )


def _decode(path: str, text: str) -> FileResult:
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


class ResultCache:
    """Results of earlier runs; every method fails soft."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.connection: sqlite3.Connection | None = None
        self.pending: list[tuple[str, str]] = []
        with contextlib.suppress(OSError, sqlite3.Error):
            self._open(folder)

    def _open(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        tag = folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG, encoding="ascii")
            (folder / ".gitignore").write_text("*\n", encoding="ascii")
        database = folder / "results-v1.sqlite"
        try:
            self.connection = self._connect(database)
        except sqlite3.DatabaseError:
            # A damaged cache file: start a new one.
            database.unlink(missing_ok=True)
            self.connection = self._connect(database)

    @staticmethod
    def _connect(database: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(database, timeout=10, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, result TEXT NOT NULL)"
        )
        return connection

    def key(self, display: str, relative: str | None, data: bytes) -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(b"\0" + display.encode() + b"\0" + (relative or "").encode() + b"\0")
        digest.update(data)
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

    def put(self, key: str, result: FileResult) -> None:
        if self.connection is not None:
            self.pending.append((key, _encode(result)))

    def close(self) -> None:
        if self.connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            if self.pending:
                # One transaction for the whole run: thousands of single
                # inserts would each wait for the disk.
                self.connection.execute("BEGIN")
                self.connection.executemany(
                    "INSERT OR REPLACE INTO results (key, result) VALUES (?, ?)", self.pending
                )
                self.connection.execute("COMMIT")
            self.connection.close()
        self.connection = None
