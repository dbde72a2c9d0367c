"""Removing from an output folder what osce wrote there earlier and no longer writes.

An export into a folder calls :func:`prune` once everything it writes is in
place. The export manifest (:mod:`osce_cli.export.manifest`) says which
files of the folder osce wrote, of which kind (the format), and from which
release. An output is removed when all of these hold:

- osce recorded writing it, into this folder, as this kind of output;
- this run did not write it or find it up to date (``produced``): its
  release was deleted, renamed, excluded, left out of the inputs, or is
  under embargo now;
- its release is one this run covered (``covered``): a file named on the
  command line, or a file below a folder named there. An export of
  ``releases/2007/`` into ``site/`` leaves alone what an export of
  ``releases/`` wrote there for ``releases/2008/``. An output recorded
  without a release (a page made from the whole run, such as a listing of
  the site export) is covered by every run of its kind into its folder;
- it is still as osce left it: the same stamp (size, times, inode), or the
  same SHA-256. An output changed since is kept and reported (``edited``).

A file osce did not record is never touched, whatever its name. A folder is
removed only when this pruning emptied it, and never the output folder
itself. Without a readable manifest (``--no-cache``, or a locked database)
nothing is removed: nothing tells what is osce's.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import NamedTuple

from osce_cli.export.manifest import Manifest, Recorded, digest, output_stamp


class Covered(NamedTuple):
    """The releases a run covered: files named, and everything below folders named."""

    files: frozenset[str]  # absolute paths
    folders: tuple[str, ...]  # absolute paths, each ending in a separator

    @classmethod
    def of(cls, inputs: Iterable[str]) -> Covered:
        """From the paths given on the command line (``-``, standard input, covers nothing)."""
        files: set[str] = set()
        folders: list[str] = []
        for path in inputs:
            if path == "-":
                continue
            absolute = os.path.abspath(path)  # noqa: PTH100
            if os.path.isdir(absolute):  # noqa: PTH112
                folders.append(absolute.rstrip(os.sep) + os.sep)
            else:
                files.add(absolute)
        return cls(frozenset(files), tuple(folders))

    def covers(self, source: str | None) -> bool:
        if source is None:  # made from the whole run
            return True
        return source in self.files or source.startswith(self.folders)


class Pruned(NamedTuple):
    """What :func:`prune` did: absolute paths."""

    removed: list[str]  # files removed
    folders: list[str]  # folders the removals left empty, removed too
    edited: list[str]  # osce's outputs changed since osce wrote them: kept
    failed: list[tuple[str, str]]  # (path, reason): could not be removed


def folder_prefix(folder: Path) -> str:
    """The absolute path of an output folder, ending in a separator, as outputs are recorded."""
    return str(folder.absolute()).rstrip(os.sep) + os.sep


def prune(
    folder: Path, manifest: Manifest, produced: Collection[str], covered: Covered
) -> Pruned | None:
    """Remove the outputs of ``manifest``'s kind in ``folder`` that this run no longer produces.

    ``produced`` holds the absolute paths of every output this run wrote or
    found up to date; ``covered`` the releases it was given (see the module's
    rules). The manifest's records of files removed, or found gone, are
    dropped. Returns ``None`` when the manifest cannot be read: nothing is
    removed then.
    """
    prefix = folder_prefix(folder)
    recorded = manifest.recorded_under(prefix, leaving_out=produced)
    if recorded is None:
        return None
    pruned = Pruned([], [], [], [])
    forgotten: list[str] = []
    for output in recorded:
        if not covered.covers(output.source):
            continue
        outcome = _remove(output)
        if outcome == _GONE:
            forgotten.append(output.destination)
        elif outcome == _REMOVED:
            forgotten.append(output.destination)
            pruned.removed.append(output.destination)
        elif outcome == _EDITED:
            pruned.edited.append(output.destination)
        else:
            pruned.failed.append((output.destination, outcome))
    pruned.folders.extend(_remove_emptied(pruned.removed, prefix))
    manifest.forget(forgotten)
    manifest.not_made(pruned.edited)
    return pruned


_GONE, _REMOVED, _EDITED = "gone", "removed", "edited"


def _remove(output: Recorded) -> str:
    """Remove one output if it is still as osce left it; what became of it, or why not."""
    path = output.destination
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return _GONE
    except OSError as error:
        return (error.strerror or "cannot read").lower()
    if output.output is None or not stat.S_ISREG(info.st_mode):
        # osce wrote nothing here (the release was skipped), or a folder or
        # link took the file's place: whatever is there is not osce's.
        return _GONE
    if output_stamp(info) != output.output and not _holds(path, output.output_digest):
        return _EDITED
    try:
        os.unlink(path)  # noqa: PTH108
    except FileNotFoundError:
        return _GONE
    except OSError as error:
        return (error.strerror or "cannot remove").lower()
    return _REMOVED


def _holds(path: str, expected: str | None) -> bool:
    """Does the file hold exactly what osce wrote (by SHA-256)?"""
    if expected is None:
        return False
    try:
        with open(path, "rb") as stream:  # noqa: PTH123
            return digest(stream.read()) == expected
    except OSError:
        return False


def _remove_emptied(removed: list[str], prefix: str) -> list[str]:
    """Remove the folders below ``prefix`` that the removals left empty, deepest first."""
    candidates: set[str] = set()
    for path in removed:
        parent = os.path.dirname(path)  # noqa: PTH120
        while parent.startswith(prefix):
            candidates.add(parent)
            parent = os.path.dirname(parent)  # noqa: PTH120
    gone: list[str] = []
    for folder in sorted(candidates, key=lambda name: (-name.count(os.sep), name)):
        try:
            os.rmdir(folder)  # noqa: PTH106  (fails unless empty: nothing of anyone else goes)
        except OSError:
            continue
        gone.append(folder)
    return gone
