"""Every file of a site export besides release pages goes through `SiteOutput.put`.

A file is made only when what it is made from changed since osce last wrote
it, or the file itself changed; then it is written whole (temporary file,
then rename: :func:`osce_cli.support.writer.write_output`), and only if its
bytes differ from what is there. `put` decides which files need making;
`flush` makes and writes them, spread over worker processes as the release
pages are (forked workers inherit what makes each file). `SiteOutput.produced`
is every file this export wrote or found up to date, release pages included:
what a later clean-up must keep. What each file was made from, and its stamp,
is kept in the export manifest with the file (`SiteOutput.made`, see
:meth:`osce_cli.export.manifest.Manifest.made_from_run`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any

from osce_cli.export.manifest import OutputStamp, output_stamp
from osce_cli.export.site.store import SiteStore
from osce_cli.support.writer import write_output

#: What a file of the site was made from (a digest) and its stamp as osce left it.
Made = tuple[str, OutputStamp]


class SiteOutput:
    def __init__(
        self, folder: str, shown: str, store: SiteStore, known: dict[str, Made] | None
    ) -> None:
        """``known``: the files of the site osce made last, by path below its root
        (besides release pages); None when that is not known."""
        self.folder = folder.rstrip("/")  # absolute
        self.shown = "" if shown == "." else shown.rstrip("/") + "/"  # as the user gave it
        self.store = store
        self.known = known or {}
        #: `known` lists every file osce made last: a re-export may go file by file.
        self.complete = known is not None
        self.folders: set[str] = set()
        self.produced: set[str] = set()  # paths below the site's root
        #: What each file `flush` wrote or `put` found up to date was made from.
        self.made: dict[str, Made] = {}
        self.written = 0
        #: What `put` found to make: (path, key, make, what it shows).
        self.pending: list[tuple[str, str, Callable[[], bytes], list[Any] | None]] = []

    def keep(self, path: str) -> None:
        """A file written elsewhere (a release page) that belongs to the site."""
        self.produced.add(path)

    def found(self, made: dict[str, Made]) -> None:
        """Files found as osce left them, and not made again: they belong to the site."""
        self.produced.update(made)
        self.made.update(made)

    def put(
        self,
        path: str,
        made_from: str,
        make: Callable[[], bytes],
        shows: list[Any] | None = None,
    ) -> None:
        """Have ``path`` (below the root) made, unless it is as ``made_from`` made it.

        ``shows``: what a listing page or feed shows, kept with it in the store
        once it is made.
        """
        self.produced.add(path)
        key = hashlib.sha256(made_from.encode("utf-8", "surrogatepass")).hexdigest()
        absolute = f"{self.folder}/{path}"
        known = self.known.get(path)
        if known is not None and known[0] == key and _stamp(absolute) == known[1]:
            self.made[path] = known
            return
        self.pending.append((path, key, make, shows))

    def flush(self, jobs: int | None, meanwhile: Callable[[], None] | None = None) -> None:
        """Make and write every file `put` found to make, in up to ``jobs`` processes.

        ``meanwhile`` runs here once the workers have started: what this
        process has to do besides, done while they make the files.
        """
        from osce_cli.support.pool import FORK, BatchPool

        # Only forked workers have the functions that make the files.
        with BatchPool(_make, jobs if FORK else 1, self) as pool:
            results = pool.map(list(range(len(self.pending)))) if self.pending else iter(())
            if meanwhile is not None:
                meanwhile()
            for (path, key, _, shows), (stamp, written) in zip(self.pending, results, strict=True):
                self.written += written
                self.made[path] = (key, stamp)
                if shows is not None:
                    self.store.put_shown(path, shows)
        self.pending = []


def _make(output: SiteOutput, index: int) -> tuple[OutputStamp, bool]:
    """Make and write the ``index``-th file `put` found to make (in a worker, or here)."""
    path, _, make, _ = output.pending[index]
    stat, written = write_output(
        f"{output.folder}/{path}", make(), display=output.shown + path, folders=output.folders
    )
    return output_stamp(stat), written


def unchanged(folder: str, known: dict[str, Made]) -> bool:
    """Is every file ``known`` lists still as osce left it?"""
    return all(_stamp(f"{folder}/{path}") == stamp for path, (_, stamp) in known.items())


def _stamp(path: str) -> OutputStamp | None:
    try:
        return output_stamp(os.lstat(path))
    except OSError:
        return None
