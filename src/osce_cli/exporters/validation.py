"""Validation for ``osce export --no-cache`` that keeps each release's parse for rendering.

An export checks every release, then renders each valid one. Without the
cache, checking reads and parses every release, and rendering used to parse
it again (the front matter's YAML is most of what reading a release costs).
Here the worker that checks a release also keeps the front matter's values
(:func:`keep`), and rendering rebuilds the document from them and the
release's text (:func:`reuse`) instead of parsing it a second time.

The report is the one :func:`osce_cli.engine.check_targets` gives without a
cache: the same checker reads the same bytes, and results come in the same
order. With the cache on, export validates through ``check_targets``: there,
releases whose result is cached are not parsed at all, and nothing is kept.

A kept parse is small (under a kilobyte), and at most :data:`KEEP_AT_MOST`
bytes of them are held; releases beyond that are parsed again when rendered,
so the memory an export needs stays bounded.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from ..diagnostics import FileResult, Report, Severity
from ..discovery import Target
from ..document import Document, load_document
from ..errors import InputError
from ..source import SourceText, decode, read_file_and_stat
from ..textindex import LineIndex
from .manifest import digest

if TYPE_CHECKING:
    from ..engine import Checker, Settings
    from ..vocabulary import Vocabulary

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
    parses: list[bytes | None]  # kept (see :func:`keep`), by target; empty when none are
    vocabulary: Vocabulary | None = None  # when validation loaded it: rendering needs it too


class _Checked(NamedTuple):
    """What checking one file gave, as sent back from a worker."""

    result: FileResult | None  # None for a clean file: the parent makes its result
    error: str | None = None  # the file could not be read
    kept: bytes | None = None  # see :func:`keep`; only for a release without errors


#: The checker of this process (set in the parent; inherited or made in a worker).
_checker: Checker | None = None


def _start_worker(settings: Settings) -> None:
    global _checker
    if _checker is None:  # a spawned worker; a forked one has the parent's, warm
        from ..engine import Checker

        _checker = Checker(settings)


def _check(target: Target) -> _Checked:
    """Read and check one file, as ``check_targets`` does; keep its parse if it is valid."""
    checker = _checker
    assert checker is not None and target.file is not None
    try:
        data, _ = read_file_and_stat(target.file, target.display)
    except InputError as error:
        return _Checked(None, error=str(error))
    root = checker.settings.config.root
    relative = target.from_root_of(root)
    # What ``Checker.check_bytes`` does, with the document left in hand.
    document = load_document(target.display, decode(data))
    result = checker.check_document(document, relative)
    kept = None
    if document.data is not None and not any(
        diagnostic.severity is Severity.ERROR for diagnostic in result.diagnostics
    ):
        kept = keep(data, document)
    return _Checked(result if result.diagnostics else None, kept=kept)


def validate_keeping_parses(
    targets: list[Target],
    settings: Settings,
    stdin: Callable[[], BinaryIO],
    jobs: int | None,
) -> Validation:
    """Check every target in order, without the cache, keeping the parses of valid ones.

    Standard input is read here, once, when its turn comes. Unreadable paths
    are listed in ``report.errors``.
    """
    global _checker
    from ..engine import Checker

    checker = _checker = Checker(settings)
    files = [target for target in targets if target.file is not None]
    vocabulary = None
    if files:
        # Loaded here, before any worker is forked: each of them has it then,
        # and so does every worker that renders afterwards.
        checker.warm()
        vocabulary = checker.vocabulary()
    kept: list[bytes | None] = [None] * len(targets)
    room = KEEP_AT_MOST
    report = Report()
    outcomes = _check_all(files, settings, jobs)
    try:
        for index, target in enumerate(targets):
            if target.file is None:
                try:
                    report.add(checker.check_target(target, stdin))
                except InputError as error:
                    report.errors.append(str(error))
                continue
            outcome = next(outcomes)
            if outcome.error is not None:
                report.errors.append(outcome.error)
                continue
            report.add(outcome.result or FileResult(target.display, (), ()))
            if outcome.kept is not None and len(outcome.kept) <= room:
                kept[index] = outcome.kept
                room -= len(outcome.kept)
    finally:
        outcomes.close()  # the workers stop, even on an error or Ctrl-C
        _checker = None
    return Validation(report, kept, vocabulary)


def _check_all(
    files: list[Target], settings: Settings, jobs: int | None
) -> Generator[_Checked, None, None]:
    from ..parallel import ordered_map

    yield from ordered_map(_check, files, jobs, setup=_start_worker, setup_args=(settings,))
