"""Running the rules over files and turning findings into diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from .config import Config
from .diagnostics import Diagnostic, FileResult, Finding, Report, Severity
from .discovery import Target, read_target
from .document import Document, load_document
from .globs import covers
from .source import decode
from .textindex import LineIndex
from .vocabulary import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from pathlib import Path

    from .cache import ResultCache


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
        self._vocabulary: Vocabulary | None = None

    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = load_vocabulary(self.settings.config.vocabulary)
        return self._vocabulary

    def check_document(self, document: Document, relative: str | None) -> FileResult:
        from .rules import BY_CODE, Context

        ignored = self.settings.ignored_for(relative)
        context = Context(document, self.vocabulary)
        diagnostics: list[Diagnostic] = []
        for rule in self.rules:
            if rule.code in ignored:
                continue
            severity = self.settings.severity_of(rule.code, rule.severity)
            for finding in rule.check(context):
                meta = BY_CODE[finding.code]
                diagnostics.append(
                    _place(document.index, document.path, finding, meta.name, severity)
                )
        diagnostics.sort()
        unique = tuple(_unique(diagnostics))
        numbers = sorted({d.line for d in unique})
        lines = tuple((number, document.index.line_text(number)) for number in numbers)
        return FileResult(document.path, unique, lines)

    def check_bytes(self, data: bytes, display: str, relative: str | None) -> FileResult:
        document = load_document(display, decode(data))
        return self.check_document(document, relative)

    def check_target(
        self, target: Target, stdin: Callable[[], BinaryIO], cache: ResultCache | None = None
    ) -> FileResult:
        data, relative = read_target(target, stdin, self.settings.config.root)
        if cache is None or target.path is None:
            return self.check_bytes(data, target.display, relative)
        key = cache.key(target.display, relative, data)
        result = cache.get(key, target.display)
        if result is None:
            result = self.check_bytes(data, target.display, relative)
            cache.put(key, result)
        return result


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


def check_targets(
    targets: list[Target],
    settings: Settings,
    stdin: Callable[[], BinaryIO],
    cache_folder: Path | None = None,
) -> Report:
    """Check every target in order; unreadable paths are listed in ``report.errors``.

    With a ``cache_folder``, files whose result is cached are not checked again.
    """
    from .errors import InputError

    checker = Checker(settings)
    cache = None
    if cache_folder is not None and any(target.path is not None for target in targets):
        from .cache import ResultCache, fingerprint

        cache = ResultCache(cache_folder, fingerprint(settings.key, settings.config.vocabulary))
    report = Report()
    try:
        for target in targets:
            try:
                report.files.append(checker.check_target(target, stdin, cache))
            except InputError as error:
                report.errors.append(str(error))
    finally:
        if cache is not None:
            cache.close()
    return report
