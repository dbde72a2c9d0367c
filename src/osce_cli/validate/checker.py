"""Running the rules over files and turning findings into diagnostics."""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, ClassVar, Final, NamedTuple

from osce_cli.config import Config
from osce_cli.frontmatter.source import read_file_and_stat
from osce_cli.report.diagnostics import Diagnostic, FileResult, Finding, Report, Severity
from osce_cli.support.errors import InputError, OsceError, internal_error
from osce_cli.support.records import FrozenRecord
from osce_cli.validate.discovery import Target, read_target, relative_path
from osce_cli.validate.patterns import pattern

if TYPE_CHECKING:
    # Loaded when a file is checked: a run the cache answers needs none of them.
    from osce_cli.frontmatter.document import Document
    from osce_cli.frontmatter.positions import LineIndex
    from osce_cli.rules.base import Original
    from osce_cli.support.pool import BatchPool
    from osce_cli.validate.cache import FileStamp, ResultCache
    from osce_cli.validate.originals import OriginalFile
    from osce_cli.vocabulary.terms import Vocabulary


class Settings(FrozenRecord):
    """What to check and how seriously: the config merged with the command line."""

    __slots__ = ("config", "ignore", "select")
    _fields: ClassVar[tuple[str, ...]] = ("config", "select", "ignore")

    def __init__(
        self,
        config: Config | None = None,
        select: tuple[str, ...] | None = None,  # from the command line; replaces the config's
        ignore: tuple[str, ...] = (),  # from the command line; added to the config's
    ) -> None:
        self.config: Final = Config() if config is None else config
        self.select: Final = select
        self.ignore: Final = ignore

    @property
    def enabled(self) -> frozenset[str]:
        from osce_cli.rules.registry import enabled_codes

        select = self.select if self.select is not None else self.config.select
        return enabled_codes(select, self.config.ignore + self.ignore)

    @property
    def key(self) -> tuple[object, ...]:
        """Every field of the settings and of their configuration (for the cache).

        Taken from the fields themselves, so that a new setting cannot be
        left out: a setting that does not change results (``exclude``, say)
        only costs a cache that starts afresh when it changes. The selectors
        are kept as written, not as the codes they enable: those follow from
        the selectors and the rules of this version (which the cache's
        fingerprint holds), and working them out would load every rule on a
        run that the cache may answer entirely.
        """
        return tuple(
            (name, repr(getattr(record, name)))
            for record in (self, self.config)
            for name in record._fields
            if name != "config"
        )

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.configured_severity(code) or default

    def configured_severity(self, code: str) -> Severity | None:
        """The severity the configuration sets for a code, if it sets one."""
        for overridden, severity in self.config.severity:
            if overridden == code:
                return severity
        return None

    def ignored_for(self, relative: str | None) -> frozenset[str]:
        """Codes switched off for one file by ``per-file-ignores``."""
        if relative is None:
            return frozenset()
        from osce_cli.rules.registry import selector_codes

        codes: set[str] = set()
        for text, selectors in self.config.per_file_ignores:
            if pattern(text, self.config.where(f"per-file-ignores.{text}")).matches(relative):
                for selector in selectors:
                    codes.update(selector_codes(selector))
        return frozenset(codes)


class _Step(NamedTuple):
    """One rule as a run applies it: decided once, read for every file."""

    code: str
    severity: Severity
    name: str
    #: The severity is configured: it holds for every finding of the rule.
    configured: bool

    def level(self, finding: Finding) -> Severity:
        if self.configured or finding.severity is None:
            return self.severity
        return finding.severity


class Checker:
    """Checks documents with one set of settings; reusable across files."""

    def __init__(self, settings: Settings) -> None:
        from osce_cli.frontmatter.document import load_document
        from osce_cli.frontmatter.source import decode
        from osce_cli.rules.base import Original
        from osce_cli.rules.registry import ALL_RULES, BY_CODE, Context

        self.settings = settings
        enabled = settings.enabled
        self.rules = [rule for rule in ALL_RULES if rule.code in enabled]
        # Decided once per run rather than once per file and rule: each
        # rule's severity and name, and whether any file can switch rules off.
        steps = {
            rule.code: _Step(
                rule.code,
                settings.severity_of(rule.code, rule.severity),
                rule.name,
                settings.configured_severity(rule.code) is not None,
            )
            for rule in self.rules
        }
        self._checks = [(rule.check, steps[rule.code]) for rule in self.rules if rule.check]
        # Relayed rules have no check: their findings are made while a file
        # is read and its shape checked, and come here by code.
        self._relayed = {rule.code: steps[rule.code] for rule in self.rules if not rule.check}
        self._per_file_ignores = bool(settings.config.per_file_ignores)
        self._vocabulary: Vocabulary | None = None
        # Imported here, once, rather than at every file: the checker is
        # made only when some file has to be checked.
        self._names = {code: rule.name for code, rule in BY_CODE.items()}
        self._context = Context
        self._original = Original
        self._load_document = load_document
        self._decode = decode
        # The documents loaded last, by the name they are shown as: see `load`.
        self._recent: dict[str, tuple[bytes, Document]] = {}

    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            from osce_cli.vocabulary.terms import load_vocabulary

            self._vocabulary = load_vocabulary(self.settings.config.vocabulary)
        return self._vocabulary

    def check_document(
        self, document: Document, relative: str | None, original: OriginalFile | None = None
    ) -> FileResult:
        """Check one document; ``original`` is what was found beside it, for a translation."""
        ignored = self.settings.ignored_for(relative) if self._per_file_ignores else frozenset()
        context = self._context(
            document,
            self.vocabulary,
            self.settings.config.source_grace_days,
            None if original is None else self._found(original),
        )
        diagnostics: list[Diagnostic] = []
        for code, findings in context.findings_by_code.items():
            step = self._relayed.get(code)
            if step is None or (ignored and code in ignored):
                continue
            for finding in findings:
                diagnostics.append(
                    _place(document.index, document.path, finding, step.name, step.level(finding))
                )
        for check, step in self._checks:
            if ignored and step.code in ignored:
                continue
            for finding in check(context):
                shown = step.name if finding.code == step.code else self._names[finding.code]
                diagnostics.append(
                    _place(document.index, document.path, finding, shown, step.level(finding))
                )
        if not diagnostics:
            return FileResult(document.path, (), ())
        diagnostics.sort()
        unique = tuple(_unique(diagnostics))
        numbers = sorted({d.line for d in unique})
        lines = tuple((number, document.index.line_text(number)) for number in numbers)
        return FileResult(document.path, unique, lines)

    def load(self, data: bytes, display: str) -> Document:
        """The document these bytes hold, parsed as every rule reads it.

        The last few documents are kept, so that a translation checked just
        after its original (they sort side by side) reads the original's
        document instead of parsing the same bytes again. What it buys on the
        `validate-translations` benchmark row is in benchmarks/README.md; in
        tests/rules/test_t_translation.py,
        `test_a_run_over_pairs_reports_what_each_file_checked_alone_does`
        holds a run equal to each file checked alone. Nothing checks a
        document by changing it.
        """
        recent = self._recent.get(display)
        if recent is not None and recent[0] == data:
            return recent[1]
        document = self._load_document(display, self._decode(data))
        if len(self._recent) >= _RECENT_DOCUMENTS:
            del self._recent[next(iter(self._recent))]
        self._recent[display] = (data, document)
        return document

    def _found(self, original: OriginalFile) -> Original:
        """A translation's original as the rules see it: read when a rule asks."""
        data = original.data

        def read() -> Document | None:
            return None if data is None else self.load(data, original.path)

        return self._original(original.path, original.language, original.found, read)

    def check_bytes(
        self,
        data: bytes,
        display: str,
        relative: str | None,
        original: OriginalFile | None = None,
    ) -> FileResult:
        return self.check_document(self.load(data, display), relative, original)

    def check_target(self, target: Target, stdin: Callable[[], BinaryIO]) -> FileResult:
        from osce_cli.validate.originals import read_original

        data, relative = read_target(target, stdin, self.settings.config.root)
        original = read_original(target.file, target.display)
        return self.check_bytes(data, target.display, relative, original)


#: Documents `Checker.load` keeps: an original and the translation after it,
#: and one more for a second translation of the same original.
_RECENT_DOCUMENTS = 3


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


class _Outcome(NamedTuple):
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
    #: For a translation, its original's stamp and modification time (see `FileStamp`).
    depends: str = ""
    depends_mtime_ns: int = 0


class _Run:
    """What checking a file needs in one process: the checker and its way into the cache.

    The checker (and with it the rules) is made when a file is first checked.
    """

    def __init__(self, settings: Settings, cache: ResultCache | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self._checker: Checker | None = None

    @property
    def checker(self) -> Checker:
        if self._checker is None:
            self._checker = Checker(self.settings)
        return self._checker

    def load(self) -> None:
        """Make the checker and load the vocabulary now, before workers are forked.

        Each worker would otherwise import the rules and load the vocabulary
        itself: that pays on a 1,000-file run (benchmarks/README.md).
        """
        self.checker.vocabulary()

    def in_worker(self) -> _Run:
        """This run as a worker process continues it, with a connection of its own to the cache.

        A forked worker shares the checker, if this process made one.
        """
        run = _Run(self.settings, None if self.cache is None else self.cache.reopened())
        run._checker = self._checker
        return run

    def __getstate__(self) -> dict[str, object]:
        # Pickled where workers are spawned: the worker makes its own checker.
        return {**self.__dict__, "_checker": None}


def _slim(result: FileResult) -> FileResult | None:
    return result if result.diagnostics else None


#: What a worker is sent for one file: its path, how it is shown, and its path
#: from the configuration folder with whether that is known yet (see
#: `Target.from_root_of`). A plain tuple: named tuples cost the parent
#: much more to pickle.
_Work = tuple[str, str, "str | None", bool]


def _work(target: Target) -> _Work:
    assert target.file is not None
    return (target.file, target.display, target.from_root, target.located)


def _check_file(run: _Run, work: _Work) -> _Outcome | None:
    """Read and check one file, or find its result in the cache by content.

    ``None`` stands for a clean file with nothing else to tell (no cache):
    most files of an archive, and the cheapest answer to send back.
    A bug of osce met on this file is an error naming it: the others are
    still checked.
    """
    try:
        return _read_and_check(run, work)
    except OsceError:
        raise  # the command cannot run (a broken vocabulary file...): it stops
    except Exception as error:
        return _Outcome(None, error=internal_error(work[1], "checking", error))


def _read_and_check(run: _Run, work: _Work) -> _Outcome | None:
    file, display, from_root, located = work
    checker = run.checker
    try:
        data, stat = read_file_and_stat(file, display)
    except InputError as error:
        return _Outcome(None, error=str(error))
    relative = from_root if located else relative_path(Path(file), checker.settings.config.root)
    from osce_cli.validate.originals import read_original

    original = read_original(file, display)  # None unless the file is a translation
    if run.cache is None:
        return _check_now(run, data, display, relative, original)
    from osce_cli.validate.cache import FileStamp

    # A translation's result depends on its original too: both are in the key.
    key = run.cache.key(display, relative, data, original)
    stamp = FileStamp.of(stat)
    depends, depends_mtime = ("", 0) if original is None else (original.stamp, original.mtime_ns)
    result = None if run.cache.empty else run.cache.get(key, display)
    if result is not None:
        return _Outcome(
            _slim(result), key=key, stamp=stamp, depends=depends, depends_mtime_ns=depends_mtime
        )
    return _check_now(run, data, display, relative, original, key, stamp, depends, depends_mtime)


def _check_now(
    run: _Run,
    data: bytes,
    display: str,
    relative: str | None,
    original: OriginalFile | None,
    key: str | None = None,
    stamp: FileStamp | None = None,
    depends: str = "",
    depends_mtime_ns: int = 0,
) -> _Outcome | None:
    """Check bytes the cache did not answer."""
    slim = _slim(run.checker.check_bytes(data, display, relative, original))
    if slim is None and key is None:
        return None
    return _Outcome(
        slim,
        key=key,
        new=key is not None,
        stamp=stamp,
        depends=depends,
        depends_mtime_ns=depends_mtime_ns,
    )


#: Targets taken from discovery at a time. Two batches are in flight at most
#: (one being checked in the workers, one being finished here), so memory
#: does not grow with the archive.
_BATCH = 2000


def check_targets(
    targets: Iterable[Target],
    settings: Settings,
    stdin: Callable[[], BinaryIO],
    cache_folder: Path | None = None,
    jobs: int | None = 1,
    stamps: dict[str, FileStamp] | None = None,
    clean: Collection[str] = (),
    fingerprint_: str | None = None,
) -> Report:
    """Check every target in order; unreadable paths are listed in ``report.errors``.

    With a ``cache_folder``, files whose result is cached are not checked
    again, and files whose size, modification time and inode are as they
    were are not even read. ``jobs`` processes share the rest (``None``: one
    per CPU); small runs stay in this process (see :mod:`osce_cli.support.pool`).
    Targets are taken a batch at a time and a clean file leaves only a count
    in the report, so an archive of any size is checked in the same memory.
    ``stamps``, if given, receives the stamp of each file found free of any
    finding whose result the cache gave or keeps, by path on disk: the state
    of the file the result is for, so that a caller working on the same
    files next (an export) need not examine them again. ``clean``: files the
    caller found unchanged since they were found free of any finding under
    these settings (an export, from its manifest: see
    :meth:`osce_cli.export.manifest.Manifest.settled`), taken as they are.
    ``fingerprint_``: the settings' fingerprint, if the caller has it already.
    """
    from osce_cli.support.pool import BatchPool

    run = _Run(settings)
    if cache_folder is None:
        fingerprint_ = None
    elif fingerprint_ is None:
        from osce_cli.validate.cache import fingerprint

        fingerprint_ = fingerprint(settings.key, settings.config.vocabulary)
    progress = _Progress(
        run, cache_folder, fingerprint_, time.time(), str(Path.cwd()), stamps, clean
    )
    report = Report()
    in_flight: deque[_Batch] = deque()
    try:
        with BatchPool(
            _check_file, jobs, run, before_fork=_Run.load, in_worker=_Run.in_worker
        ) as pool:
            for batch in _batches(targets):
                in_flight.append(progress.start(batch, pool))
                if len(in_flight) > 1:
                    progress.finish(in_flight.popleft(), report, stdin)
            while in_flight:
                progress.finish(in_flight.popleft(), report, stdin)
    finally:
        if run.cache is not None:
            run.cache.close()
    return report


def _batches(targets: Iterable[Target]) -> Iterator[list[Target]]:
    batch: list[Target] = []
    for target in targets:
        batch.append(target)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Batch:
    """Targets on their way: the answers known so far and the outcomes to come."""

    __slots__ = ("outcomes", "results", "targets", "to_check")

    def __init__(
        self,
        targets: list[Target],
        results: list[FileResult | str | None],
        to_check: list[int],  # positions in ``targets`` sent to be checked
        outcomes: Iterator[_Outcome | None],
    ) -> None:
        self.targets = targets
        self.results = results
        self.to_check = to_check
        self.outcomes = outcomes


class _Progress:
    """One run's way through its batches: the cache, opened once a file needs it."""

    __slots__ = ("cache_folder", "clean", "cwd", "fingerprint", "run", "stamps", "started")

    def __init__(
        self,
        run: _Run,
        cache_folder: Path | None,
        fingerprint: str | None,
        started: float,
        cwd: str,
        stamps: dict[str, FileStamp] | None = None,
        clean: Collection[str] = (),
    ) -> None:
        self.run = run
        self.cache_folder = cache_folder
        self.fingerprint = fingerprint
        self.started = started
        self.cwd = cwd
        #: Each file's stamp as it was when its result was found (see `check_targets`).
        self.stamps = stamps
        #: Files known free of any finding under these settings as they are.
        self.clean = clean

    def start(self, targets: list[Target], pool: BatchPool[_Run, _Work, _Outcome | None]) -> _Batch:
        """Answer what the cache knows, and send the rest to be checked."""
        results: list[FileResult | str | None] = [None] * len(targets)
        cache = self.run.cache
        if cache is None and self._wants_cache(targets):
            from osce_cli.validate.cache import ResultCache

            assert self.cache_folder is not None and self.fingerprint is not None
            # Before any worker starts: a forked worker must find it set.
            cache = self.run.cache = ResultCache(self.cache_folder, self.fingerprint)
        if self.clean or (cache is not None and not cache.empty):
            _answer_unchanged(targets, cache, results, self.cwd, self.stamps, self.clean)
        for index, target in enumerate(targets):
            if target.problem is not None:  # found unreadable by the search itself
                results[index] = target.problem
        to_check = [
            index
            for index, target in enumerate(targets)
            if results[index] is None and target.file is not None
        ]
        outcomes = pool.map([_work(targets[index]) for index in to_check])
        return _Batch(targets, results, to_check, outcomes)

    def _wants_cache(self, targets: list[Target]) -> bool:
        """A cache is asked for, and there is a file to use it (stdin never is)."""
        return self.fingerprint is not None and any(target.file is not None for target in targets)

    def finish(self, batch: _Batch, report: Report, stdin: Callable[[], BinaryIO]) -> None:
        """Collect a batch's outcomes, remember them, and add them to the report in order."""
        cache = self.run.cache
        targets, results = batch.targets, batch.results
        for index, outcome in zip(batch.to_check, batch.outcomes, strict=True):
            if outcome is None:
                results[index] = _CLEAN  # counted, never read: one object serves all
                continue
            if outcome.error is not None:
                results[index] = outcome.error
                continue
            target = targets[index]
            result = outcome.result or FileResult(target.display, (), ())
            results[index] = result
            if cache is not None and outcome.key is not None:
                if outcome.new:
                    cache.put(outcome.key, result)
                if outcome.stamp is not None and target.file is not None:
                    if self.stamps is not None and not result.diagnostics:
                        self.stamps[target.file] = outcome.stamp
                    cache.put_stamp(
                        cache.file_id(target.display, target.file, self.cwd),
                        outcome.stamp,
                        result,
                        self.started,
                        outcome.depends,
                        outcome.depends_mtime_ns,
                    )
        for target, found in zip(targets, results, strict=True):
            if found is _CLEAN:
                report.clean += 1
            elif target.file is None:
                # Standard input is read here, once, and never cached.
                try:
                    report.add(self.run.checker.check_target(target, stdin))
                except InputError as error:
                    report.errors.append(str(error))
                except OsceError:
                    raise
                except Exception as error:
                    report.errors.append(internal_error(target.display, "checking", error))
            elif isinstance(found, str):
                report.errors.append(found)
            elif found is not None:
                report.add(found)


#: The result of a clean file that is only counted (see `Report.add`).
_CLEAN = FileResult("", (), ())


#: Files looked up in the cache at a time, by their stamps.
_STAMP_BATCH = 1000


def _answer_unchanged(
    targets: list[Target],
    cache: ResultCache | None,
    results: list[FileResult | str | None],
    cwd: str,
    stamps: dict[str, FileStamp] | None,
    clean: Collection[str],
) -> None:
    """Fill in the results of files whose stamp is the one the cache remembers
    (into ``stamps`` too, by path, if given and clean), and of those known ``clean``."""
    from osce_cli.validate.cache import FileStamp
    from osce_cli.validate.originals import current_stamp, original_on_disk

    use_cache = cache is not None and not cache.empty

    for start in range(0, len(targets), _STAMP_BATCH):
        wanted: list[tuple[str, str, FileStamp, str]] = []
        positions: dict[str, tuple[int, FileStamp]] = {}
        for index in range(start, min(start + _STAMP_BATCH, len(targets))):
            target = targets[index]
            if target.file is None or target.problem is not None:
                continue
            if target.file in clean:
                results[index] = _CLEAN
                continue
            if not use_cache:
                continue
            try:
                stat = os.stat(target.file)  # noqa: PTH116 - a str, and no Path is needed
            except OSError:
                continue  # reading it will say what is wrong
            depends = ""
            original = original_on_disk(target.file)
            if original is not None:
                # A translation is answered only if its original is unchanged too.
                found = current_stamp(original)
                if found is None:
                    continue
                depends = found
            assert cache is not None  # use_cache
            file_id = cache.file_id(target.display, target.file, cwd)
            stamp = FileStamp.of(stat)
            positions[file_id] = (index, stamp)
            wanted.append((file_id, target.display, stamp, depends))
        if not wanted:
            continue
        assert cache is not None  # use_cache
        for file_id, result in cache.get_unchanged(wanted).items():
            index, stamp = positions[file_id]
            results[index] = result
            if stamps is not None and not result.diagnostics:
                stamps[targets[index].file] = stamp  # type: ignore[index]
