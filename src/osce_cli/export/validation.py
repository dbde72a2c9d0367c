"""An export's validation, keeping each release's parse for rendering.

An export checks every release, then renders each valid one. Checking reads
and parses every release the cache does not answer, and rendering used to
parse it again (the front matter's YAML is most of what reading a release
costs). Here the worker that checks a release also keeps the front matter's
values (:func:`keep`), and rendering rebuilds the document from them and the
release's text (:func:`reuse`) instead of parsing it a second time.

Validation is :func:`osce_cli.validate.checker.check_targets`, with or without the
cache, asked to keep (see :class:`osce_cli.validate.checker.Keeping`): the report is
the one ``osce validate`` gives. A release whose result the cache knows was
not parsed, and nothing of it is kept.

A kept parse is small (under a kilobyte), and at most :data:`KEEP_AT_MOST`
bytes of them are held; releases beyond that are parsed again when rendered,
so the memory an export needs stays bounded.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from osce_cli.export.manifest import digest
from osce_cli.frontmatter.document import Document
from osce_cli.frontmatter.positions import LineIndex
from osce_cli.frontmatter.source import SourceText
from osce_cli.report.diagnostics import FileResult, Report, Severity
from osce_cli.validate.discovery import Target

if TYPE_CHECKING:
    from pathlib import Path

    from osce_cli.validate.checker import Settings

#: Bytes of kept parses held at most: some 20,000 releases.
KEEP_AT_MOST = 16 * 1024 * 1024


def keep(data: bytes, document: Document) -> bytes:
    """What rendering needs of a parsed release, with the digest of the bytes parsed.

    Plain values, pickled: one bytes object takes less memory than the values,
    and crosses between processes as it is. Only this run's workers make them.
    """
    kept = (digest(data), document.data, document.body_start, document.opening, document.closing)
    return pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)


def reuse(kept: bytes, path: str, data: bytes, source: SourceText) -> Document | None:
    """The document again, without parsing, if ``data`` are the bytes that were kept.

    ``source`` is ``data`` decoded. The document has the front matter's values
    but not its tree: what a record is built from, not what the rules read.
    """
    parsed_digest, values, body_start, opening, closing = pickle.loads(kept)
    if parsed_digest != digest(data):
        return None  # the release changed after validation: it must be parsed again
    return Document(
        path=path,
        source=source,
        index=LineIndex(source.text),
        data=values,
        opening=opening,
        closing=closing,
        body_start=body_start,
    )


class Validation(NamedTuple):
    """What validating an export's releases gave, for rendering them next."""

    report: Report
    parses: list[bytes | None]  # kept (see :func:`keep`), by target; None where none was


def keep_if_valid(data: bytes, document: Document, result: FileResult) -> bytes | None:
    """A release's parse, if it has no errors: only valid releases are rendered."""
    if document.data is None or any(
        diagnostic.severity is Severity.ERROR for diagnostic in result.diagnostics
    ):
        return None
    return keep(data, document)


def validate_keeping_parses(
    targets: list[Target],
    settings: Settings,
    stdin: Callable[[], BinaryIO],
    cache_folder: Path | None,
    jobs: int | None,
) -> Validation:
    """Check every target as ``osce validate`` does; keep the parses of valid releases.

    ``cache_folder``: the results cache, or None to check every file.
    Unreadable paths are listed in ``report.errors``.
    """
    from osce_cli.validate.checker import Keeping, check_targets

    parses: list[bytes | None] = [None] * len(targets)
    room = KEEP_AT_MOST

    def take(position: int, parse: bytes) -> None:
        nonlocal room
        if len(parse) <= room:
            parses[position] = parse
            room -= len(parse)

    keeping = Keeping(keep_if_valid, take)
    report = check_targets(targets, settings, stdin, cache_folder, jobs, keeping)
    return Validation(report, parses)
