"""The site's own files are made and written by worker processes, as release pages are."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from osce_cli.export.manifest import output_stamp
from osce_cli.export.site.output import SiteOutput
from osce_cli.export.site.store import SiteStore
from osce_cli.support.pool import FORK, PARALLEL_FROM


def _made_by(number: int) -> bytes:
    return f"<p>{number} by {os.getpid()}</p>\n".encode()


def test_files_made_by_worker_processes_are_written_and_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    store = SiteStore(None, "fingerprint", str(folder))
    output = SiteOutput(str(folder), "site", store, None)
    count = PARALLEL_FROM + 20
    for number in range(count):
        output.put(f"p/{number}/index.html", f"page {number}", lambda n=number: _made_by(n))
    assert not folder.exists()  # put only finds what to make
    output.flush(2)
    makers = set()
    for number in range(count):
        path = folder / "p" / str(number) / "index.html"
        text = path.read_text("utf-8")
        assert text.startswith(f"<p>{number} by "), path
        makers.add(int(text.split(" by ")[1].split("<")[0]))
        made_from, stamp = output.made[f"p/{number}/index.html"]
        assert stamp == output_stamp(path.lstat())
        assert made_from == hashlib.sha256(f"page {number}".encode()).hexdigest()
    assert output.written == count
    # Two workers, where the platform forks them; else this process alone.
    if FORK:
        assert len(makers) == 2 and os.getpid() not in makers
    else:
        assert makers == {os.getpid()}
    output.flush(2)  # nothing left to make
    assert output.written == count
