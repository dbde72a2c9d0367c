"""The SQLite stores under ``.osce_cache/``: opening one, and reading many keys at once.

Both stores (the results of ``osce validate``, see
:mod:`osce_cli.validate.cache`, and what ``osce export`` wrote, see
:mod:`osce_cli.export.manifest`) open their database here, so that both
share one way of handling concurrent runs and damaged files.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Stat entries are trusted only for files last modified at least this long
#: before they were read: a file written in the same clock tick as our read
#: could change again without its size or time changing ("racy" entries).
RACY_SECONDS = 2


def storable(text: str) -> bool:
    """Can SQLite keep this text? Not a name that is not UTF-8 (its bytes held as
    surrogates): whatever it stands for is not remembered, and made again each run."""
    return text.isascii() or not any("\ud800" <= char <= "\udfff" for char in text)


#: Keys looked up per query (SQLite allows 32,766 parameters).
_KEYS_PER_QUERY = 500


def rows_where_in(
    connection: sqlite3.Connection,
    query: str,
    keys: list[str],
    before: tuple[object, ...] = (),
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` for many keys, a batch of them per statement.

    ``query`` ends in ``IN ({})``, filled with one placeholder per key; its
    other parameters, ``before``, come first. (SQLite caps the parameters of
    one statement, and one statement per key would be slow.)
    """
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        batch = keys[start : start + _KEYS_PER_QUERY]
        yield from connection.execute(query.format(",".join("?" * len(batch))), [*before, *batch])


#: Seconds a run waits for another that is writing to the same database.
BUSY_TIMEOUT = 10.0


def open_database(
    database: Path, tables: tuple[str, ...], indexes: tuple[str, ...] = ()
) -> sqlite3.Connection:
    """A connection to one of the cache's databases, with its tables and indexes made
    if missing.

    Concurrent runs share the files: the write-ahead log lets one read while
    another writes, and a writer waits up to `BUSY_TIMEOUT` for another. The
    connection is in autocommit mode: each batch of writes is its own
    ``BEGIN`` ... ``COMMIT``. A damaged file is replaced by a new one; a
    database that cannot be opened now (locked, read-only) raises
    ``sqlite3.OperationalError`` and is left as it is, for the run that
    holds it. Once it is open, the files of the store's earlier formats
    (``NAME-vN.sqlite*`` beside ``database``, of any other ``N``) are removed:
    they are of no use to this version.
    """
    try:
        connection = _connect(database, tables, indexes)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:
        database.unlink(missing_ok=True)
        connection = _connect(database, tables, indexes)
    store = database.name.partition("-v")[0]
    for stale in database.parent.glob(f"{store}-v*.sqlite*"):
        if not stale.name.startswith(database.name):
            with contextlib.suppress(OSError):
                stale.unlink()
    return connection


def _connect(
    database: Path, tables: tuple[str, ...], indexes: tuple[str, ...]
) -> sqlite3.Connection:
    connection = sqlite3.connect(database, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        # A cache, not a record: nothing is flushed to the disk. A crash of the
        # program loses nothing SQLite was handed; a crash of the system may
        # lose the last runs' rows (each row stands for what it names, so an
        # older one is still true) or damage the file, which is then replaced
        # or, when that shows only later, read as no cache (every store fails
        # soft). Each flush waited on the disk at the end of every run.
        connection.execute("PRAGMA synchronous=OFF")
        for table in tables:
            connection.execute(f"CREATE TABLE IF NOT EXISTS {table}")
        for index in indexes:
            connection.execute(f"CREATE INDEX IF NOT EXISTS {index}")
    except sqlite3.Error:
        connection.close()
        raise
    return connection
