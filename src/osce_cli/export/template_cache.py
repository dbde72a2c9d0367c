"""Compiled templates kept between runs, in ``.osce_cache/templates/``.

Compiling a Jinja2 template takes longer than rendering it for a release, and
a run that makes a few pages again (a re-export after one change, a pipeline
exporting one release) would spend most of its time there. Jinja2's own
bytecode cache keeps the compiled code: a file per template, named by the
template's path, holding the code with a checksum of the template's text, so
that an edited template is compiled again. Like the other stores in
``.osce_cache/``, it fails soft: a folder that cannot be made or written
means templates are compiled as if there were none.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

# Imported only where a template is compiled (``to_html.compile_template``),
# which has imported Jinja2 already.


class _SoftCache(FileSystemBytecodeCache):
    """Jinja2's file cache, reading and writing as the other stores do: failing soft."""

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError, ValueError, EOFError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(folder: Path | None, kind: str) -> FileSystemBytecodeCache | None:
    """Jinja2's bytecode cache in ``folder/kind``; None without a folder or if it cannot be made."""
    if folder is None:
        return None
    place = folder / kind
    try:
        place.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _SoftCache(str(place))
