"""Finding a translation's original on disk, for the T rules and the cache.

A translation's findings depend on another file, its original
(``format/translations.py`` says which). The checker reads it here; the
cache keys the translation's result with what was found (the original's
bytes, or that there is none) and remembers the original's stamp beside the
translation's own, so that a changed original is never answered from an
older result.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from osce_cli.format.translations import translation_of
from osce_cli.frontmatter.source import read_file_and_stat
from osce_cli.support.errors import InputError

#: What a stamp says of an original that is not there.
MISSING = "missing"


class OriginalFile(NamedTuple):
    """What was found where a translation's original belongs."""

    path: str  # as shown: beside the translation as it is shown
    language: str  # the translation's language, from its file name
    found: bool  # a file is there
    data: bytes | None  # its bytes; None when missing or unreadable
    #: Its stamp as text (``MISSING``, or size, time and inode): see `stamp_text`.
    stamp: str
    mtime_ns: int = 0


def stamp_text(size: int, mtime_ns: int, inode: int) -> str:
    return f"{size}:{mtime_ns}:{inode}"


def original_on_disk(file: str) -> str | None:
    """Where the original of ``file`` is, or ``None`` when ``file`` is no translation."""
    name = translation_of(file)
    return None if name is None else name.original


def current_stamp(original: str) -> str | None:
    """The stamp of an original as it is now; ``None`` when ``stat`` fails otherwise."""
    try:
        stat = os.stat(original)  # noqa: PTH116 - text in, no Path needed
    except FileNotFoundError:
        return MISSING
    except OSError:
        return None
    return stamp_text(stat.st_size, stat.st_mtime_ns, stat.st_ino)


def read_original(file: str | None, display: str) -> OriginalFile | None:
    """The original of the file at ``file`` shown as ``display`` (``None``: not a translation).

    Without a file (standard input), the name it is shown as decides, and
    the original is looked for there: an editor that pipes a buffer names it.
    """
    name = translation_of(file if file is not None else display)
    if name is None:
        return None
    shown_name = translation_of(display)
    shown = (
        shown_name.original
        if shown_name is not None
        else os.path.join(os.path.dirname(display), os.path.basename(name.original))  # noqa: PTH118,PTH119,PTH120
    )
    try:
        data, stat = read_file_and_stat(name.original, shown)
    except InputError:
        found = os.path.lexists(name.original)
        return OriginalFile(shown, name.language, found, None, MISSING if not found else "")
    return OriginalFile(
        shown,
        name.language,
        True,
        data,
        stamp_text(stat.st_size, stat.st_mtime_ns, stat.st_ino),
        stat.st_mtime_ns,
    )
