"""Running the rules over files and turning findings into diagnostics."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .config import Config
from .diagnostics import Diagnostic, FileResult, Finding, Report, Severity
from .discovery import Target, read_target, relative_path
from .document import Document, load_document
from .errors import InputError
from .globs import covers
from .source import decode, read_file_and_stat
from .textindex import LineIndex
from .vocabulary import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from .cache import FileStamp, ResultCache


@dataclass(frozen=True)
class Settings:
    """What to check and how seriously: the config merged with the command line."""

    config: Config = field(default_factory=Config)
    select: tuple[str, ...] | None = None  # from the command line; replaces the config's
    ignore: tuple[str, ...] = ()  # from the command line; added to the config's

    @property
    def enabled(self) -> frozenset[str]:
        from .rules import enabled_codes

        select = self.select if self.select is not None else self.config.select
        return enabled_codes(select, self.config.ignore + self.ignore)

    @property
    def key(self) -> tuple[object, ...]:
        """Everything in the settings that changes a file's result (for the cache)."""
        config = self.config
        return (
            sorted(self.enabled),
            config.severity,
            config.per_file_ignores,
            str(config.root),
        )

    def severity_of(self, code: str, default: Severity) -> Severity:
        for overridden, severity in self.config.severity:
            if overridden == code:
                return severity
        return default

    def ignored_for(self, relative: str | None) -> frozenset[str]:
        """Codes switched off for one file by ``per-file-ignores``."""
        if relative is None:
            return frozenset()
        from .rules import selector_codes

        codes: set[str] = set()
        for pattern, selectors in self.config.per_file_ignores:
            if covers((pattern,), relative):
                for selector in selectors:
                    codes.update(selector_codes(selector))
        return frozenset(codes)


class Checker:
    """Checks documents with one set of settings; reusable across files."""

    def __init__(self, settings: Settings) -> None:
        from .rules import ALL_RULES

        self.settings = settings
        enabled = settings.enabled
        self.rules = [rule for rule in ALL_RULES if rule.code in enabled]
        # Decided once per run rather than once per file and rule: each
        # rule's severity and name, and whether any file can switch rules off.
        self._plan = [
            (rule, settings.severity_of(rule.code, rule.severity), rule.name) for rule in self.rules
        ]
        self._per_file_ignores = bool(settings.config.per_file_ignores)
        self._vocabulary: Vocabulary | None = None

    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = load_vocabulary(self.settings.config.vocabulary)
        return self._vocabulary

    def check_document(self, document: Document, relative: str | None) -> FileResult:
        from .rules import BY_CODE, Context

        ignored = self.settings.ignored_for(relative) if self._per_file_ignores else frozenset()
        context = Context(document, self.vocabulary)
        read_cleanly = not document.problems
        diagnostics: list[Diagnostic] = []
        for rule, severity, name in self._plan:
            if (read_cleanly and rule.reports_reading) or rule.code in ignored:
                continue
            for finding in rule.check(context):
                shown = name if finding.code == rule.code else BY_CODE[finding.code].name
                diagnostics.append(_place(document.index, document.path, finding, shown, severity))
        diagnostics.sort()
        unique = tuple(_unique(diagnostics))
        numbers = sorted({d.line for d in unique})
        lines = tuple((number, document.index.line_text(number)) for number in numbers)
        return FileResult(document.path, unique, lines)

    def check_bytes(self, data: bytes, display: str, relative: str | None) -> FileResult:
        document = load_document(display, decode(data))
        return self.check_document(document, relative)

    def check_target(self, target: Target, stdin: Callable[[], BinaryIO]) -> FileResult:
        data, relative = read_target(target, stdin, self.settings.config.root)
        return self.check_bytes(data, target.display, relative)


def _place(
    index: LineIndex, path: str, finding: Finding, name: str, severity: Severity
) -> Diagnostic:
    line, column = index.position(finding.start)
    end_line, end_column = index.position(max(finding.end, finding.start))
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        code=finding.code,
        name=name,
        severity=severity,
        message=finding.message,
        suggestions=finding.suggestions,
        json_path=finding.json_path,
        fix=finding.fix,
    )


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str, str]] = set()
    result = []
    for diagnostic in diagnostics:
        key = (diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message)
        if key not in seen:
            seen.add(key)
            result.append(diagnostic)
    return result


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What checking one file gave, as sent back from a worker.

    A clean file's result is left out (``result`` is None, ``error`` too):
    the parent makes it from the target, sharing its strings, rather than
    keeping a copy of every path that came back through a pipe.
    """

    result: FileResult | None
    error: str | None = None
    key: str | None = None  # the content key, when the cache is on
    new: bool = False  # checked now, not found in the cache
    stamp: FileStamp | None = None


@dataclass
class _Run:
    """What every worker of one run needs: the checker and a way into the cache."""

    checker: Checker
    cache: ResultCache | None


#: The run this process works for (set in the parent, and in each worker).
_current: _Run | None = None


def _start_worker(
    settings: Settings, cache_folder: Path | None, fingerprint: str | None, parent: int
) -> None:
    global _current
    if os.getpid() == parent and _current is not None:
        return  # working in this process: the parent's checker and cache serve
    from .cache import ResultCache

    # A forked worker inherits the parent's checker, warm; it must not share
    # the parent's database connection, so it opens its own.
    checker = _current.checker if _current is not None else Checker(settings)
    cache = None
    if cache_folder is not None and fingerprint is not None:
        cache = ResultCache(cache_folder, fingerprint, create=False)
    _current = _Run(checker, cache)


def _slim(result: FileResult) -> FileResult | None:
    return result if result.diagnostics else None


def _check_file(target: Target) -> _Outcome:
    """Read and check one file, or find its result in the cache by content."""
    run = _current
    assert run is not None and target.path is not None
    checker = run.checker
    root = checker.settings.config.root
    try:
        data, stat = read_file_and_stat(target.path, target.display)
    except InputError as error:
        return _Outcome(None, error=str(error))
    relative = target.from_root if target.located else relative_path(target.path, root)
    if run.cache is None:
        return _Outcome(_slim(checker.check_bytes(data, target.display, relative)))
    from .cache import FileStamp

    key = run.cache.key(target.display, relative, data)
    stamp = FileStamp.of(stat)
    result = run.cache.get(key, target.display)
    if result is not None:
        return _Outcome(_slim(result), key=key, stamp=stamp)
    result = checker.check_bytes(data, target.display, relative)
    return _Outcome(_slim(result), key=key, new=True, stamp=stamp)


def check_targets(
    targets: list[Target],
    settings: Settings,
    stdin: Callable[[], BinaryIO],
    cache_folder: Path | None = None,
    jobs: int | None = 1,
) -> Report:
    """Check every target in order; unreadable paths are listed in ``report.errors``.

    With a ``cache_folder``, files whose result is cached are not checked
    again, and files whose size, modification time and inode are as they
    were are not even read. ``jobs`` processes share the rest (``None``: one
    per CPU); small runs stay in this process (see :mod:`osce_cli.parallel`).
    Memory per file is kept small (a result, or a shared empty one), so an
    archive of any size can be checked.
    """
    global _current
    from .parallel import ordered_map

    checker = Checker(settings)
    cache = None
    fingerprint_ = None
    if cache_folder is not None and any(target.file is not None for target in targets):
        from .cache import ResultCache, fingerprint

        fingerprint_ = fingerprint(settings.key, settings.config.vocabulary)
        cache = ResultCache(cache_folder, fingerprint_)
    started = time.time()
    cwd = str(Path.cwd())
    results: list[FileResult | str | None] = [None] * len(targets)
    try:
        if cache is not None:
            _answer_unchanged(targets, cache, results, cwd)
        to_check = [
            index
            for index, target in enumerate(targets)
            if results[index] is None and target.file is not None
        ]
        _current = _Run(checker, cache)
        setup_args = (settings, cache_folder, fingerprint_, os.getpid())
        checked = ordered_map(
            _check_file,
            [targets[index] for index in to_check],
            jobs,
            setup=_start_worker,
            setup_args=setup_args,
        )
        for index, outcome in zip(to_check, checked, strict=True):
            if outcome.error is not None:
                results[index] = outcome.error
                continue
            target = targets[index]
            result = outcome.result or FileResult(target.display, (), ())
            results[index] = result
            if cache is not None and outcome.key is not None:
                if outcome.new:
                    cache.put(outcome.key, result)
                if outcome.stamp is not None:
                    cache.put_stamp(
                        cache.file_id(target.display, _absolute(target, cwd)),
                        outcome.stamp,
                        outcome.key,
                        started,
                    )
    finally:
        _current = None
        if cache is not None:
            cache.close()
    report = Report()
    for target, found in zip(targets, results, strict=True):
        if target.file is None:
            # Standard input is read here, once, and never cached.
            try:
                report.files.append(checker.check_target(target, stdin))
            except InputError as error:
                report.errors.append(str(error))
        elif isinstance(found, str):
            report.errors.append(found)
        elif found is not None:
            report.files.append(found)
    return report


def _absolute(target: Target, cwd: str) -> str:
    """The file's path from the root, as text, to tell files apart in the cache.

    Not ``resolve()`` nor ``abspath()``: those cost system calls, for every
    file. The same text always gives the same path, which is all a key needs.
    """
    assert target.file is not None
    return os.path.join(cwd, target.file)  # noqa: PTH118 - text in, text out


#: Files looked up in the cache at a time, by their stamps.
_STAMP_BATCH = 1000


def _answer_unchanged(
    targets: list[Target], cache: ResultCache, results: list[FileResult | str | None], cwd: str
) -> None:
    """Fill in the results of files whose stamp is the one the cache remembers."""
    from .cache import FileStamp

    for start in range(0, len(targets), _STAMP_BATCH):
        wanted: list[tuple[str, str, FileStamp]] = []
        positions: dict[str, int] = {}
        for index in range(start, min(start + _STAMP_BATCH, len(targets))):
            target = targets[index]
            if target.file is None:
                continue
            try:
                stat = os.stat(target.file)  # noqa: PTH116 - a str, and no Path is needed
            except OSError:
                continue  # reading it will say what is wrong
            file_id = cache.file_id(target.display, _absolute(target, cwd))
            positions[file_id] = index
            wanted.append((file_id, target.display, FileStamp.of(stat)))
        for file_id, result in cache.get_unchanged(wanted).items():
            results[positions[file_id]] = result
