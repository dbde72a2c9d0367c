"""Every file of a site export besides release pages goes through `SiteOutput.put`.

A file is made only when what it is made from changed since osce last wrote
it, or the file itself changed; then it is written whole (temporary file,
then rename: :func:`osce_cli.support.writer.write_output`), and only if its
bytes differ from what is there. `SiteOutput.produced` is every file this
export wrote or found up to date, release pages included: what a later
clean-up must keep.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

from osce_cli.export.manifest import OutputStamp, output_stamp
from osce_cli.export.site.store import SiteStore
from osce_cli.support.writer import write_output


class SiteOutput:
    def __init__(self, folder: str, shown: str, store: SiteStore) -> None:
        self.folder = folder.rstrip("/")  # absolute
        self.shown = "" if shown == "." else shown.rstrip("/") + "/"  # as the user gave it
        self.store = store
        self.known = store.pages()
        self.folders: set[str] = set()
        self.produced: set[str] = set()  # paths below the site's root
        #: The stamp of each file `put` wrote or found up to date.
        self.stamps: dict[str, OutputStamp] = {}
        self.written = 0

    def keep(self, path: str) -> None:
        """A file written elsewhere (a release page) that belongs to the site."""
        self.produced.add(path)

    def found(self, stamps: dict[str, OutputStamp]) -> None:
        """Files found as osce left them, and not made again: they belong to the site."""
        self.produced.update(stamps)
        self.stamps.update(stamps)

    def put(
        self, path: str, made_from: str, make: Callable[[], bytes], shows: str | None = None
    ) -> None:
        """Make and write ``path`` (below the root) unless it is as ``made_from`` made it.

        ``shows``: what a listing page or feed shows, kept with it in the store.
        """
        self.produced.add(path)
        key = hashlib.sha256(made_from.encode("utf-8", "surrogatepass")).hexdigest()
        absolute = f"{self.folder}/{path}"
        known = self.known.get(path)
        if (
            known is not None
            and known[0] == key
            and known[1] is not None
            and _stamp(absolute) == known[1]
        ):
            self.stamps[path] = known[1]
            return
        stat, written = write_output(
            absolute, make(), display=self.shown + path, folders=self.folders
        )
        self.written += written
        self.stamps[path] = output_stamp(stat)
        self.store.put_page(path, key, self.stamps[path], shows)


def unchanged(
    folder: str, known: dict[str, tuple[str, OutputStamp | None]]
) -> dict[str, OutputStamp] | None:
    """The stamps of the files ``known`` lists, if every one is still as osce left it."""
    stamps: dict[str, OutputStamp] = {}
    for path, (_, stamp) in known.items():
        if stamp is None or _stamp(f"{folder}/{path}") != stamp:
            return None
        stamps[path] = stamp
    return stamps


def _stamp(path: str) -> OutputStamp | None:
    try:
        return output_stamp(os.lstat(path))
    except OSError:
        return None
