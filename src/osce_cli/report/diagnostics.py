"""The values a check produces: findings, fixes and diagnostics.

A rule yields :class:`Finding` values (a code, a span of the text, a message).
The checker (``checker.py``) turns them into :class:`Diagnostic` values by adding the file path,
the line and column numbers and the configured severity. Both are immutable;
formatting lives in ``formatters.py`` and the ``as_*`` modules.
"""

from __future__ import annotations

import enum
from typing import ClassVar, Final, NamedTuple

from osce_cli.support.records import FrozenRecord, Record


class Severity(enum.IntEnum):
    """How serious a finding is; the order makes "worst severity" a ``max()``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement``.

    An edit that rewrites one front matter value also says what that value
    must read as afterwards (``value``): the fixer reads the result again and
    checks it.
    """

    start: int
    end: int
    replacement: str
    value: str | None = None


class Fix(NamedTuple):
    """A change that resolves a finding.

    ``safe`` fixes keep the meaning of the release (an alias replaced by its
    preferred label); unsafe ones guess (the closest match for an unknown term)
    and are applied only on request.
    """

    description: str
    edits: tuple[Edit, ...]
    safe: bool = True


class Finding(NamedTuple):
    """What a rule reports: a code, where (offsets into the file text) and why.

    ``severity`` is this finding's default when it differs from its rule's:
    V103 is an error, but a warning for a source named a few days before it
    opened. As with a rule's default, a severity configured for the code wins.
    """

    code: str
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    json_path: str | None = None
    fix: Fix | None = None
    severity: Severity | None = None


class Diagnostic(FrozenRecord):
    """A finding placed in a file, with its configured severity.

    Lines and columns are 1-based; ``end_column`` points just past the last
    character. Ordering follows the file: path, then position, then code;
    equality and hashing look at the same fields.
    """

    __slots__ = (
        "code",
        "column",
        "end_column",
        "end_line",
        "fix",
        "json_path",
        "line",
        "message",
        "name",
        "path",
        "severity",
        "suggestions",
    )
    #: What equality, hashing and ordering compare.
    _fields: ClassVar[tuple[str, ...]] = (
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
    )

    def __init__(
        self,
        path: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        code: str,
        name: str,
        severity: Severity,
        message: str,
        suggestions: tuple[str, ...] = (),
        json_path: str | None = None,
        fix: Fix | None = None,
    ) -> None:
        self.path: Final = path
        self.line: Final = line
        self.column: Final = column
        self.end_line: Final = end_line
        self.end_column: Final = end_column
        self.code: Final = code
        self.name: Final = name
        self.severity: Final = severity
        self.message: Final = message
        self.suggestions: Final = suggestions
        self.json_path: Final = json_path
        self.fix: Final = fix

    def __lt__(self, other: Diagnostic) -> bool:
        return self._field_values() < other._field_values()

    def __le__(self, other: Diagnostic) -> bool:
        return self._field_values() <= other._field_values()

    def __gt__(self, other: Diagnostic) -> bool:
        return self._field_values() > other._field_values()

    def __ge__(self, other: Diagnostic) -> bool:
        return self._field_values() >= other._field_values()

    def __repr__(self) -> str:
        return (
            f"Diagnostic({self.path}:{self.line}:{self.column}-{self.end_line}:"
            f"{self.end_column} {self.code} {self.severity.name.lower()} {self.message!r})"
        )

    @property
    def fixable(self) -> bool:
        """True when a safe fix exists (what ``--fix`` applies by default)."""
        return self.fix is not None and self.fix.safe


class FileResult(NamedTuple):
    """The diagnostics of one checked file, in file order.

    ``lines`` holds the text of the lines the diagnostics point at, so that
    formatters can show them without reading the file again.
    """

    path: str
    diagnostics: tuple[Diagnostic, ...]
    lines: tuple[tuple[int, str], ...] = ()

    def line(self, number: int) -> str | None:
        for line_number, text in self.lines:
            if line_number == number:
                return text
        return None


def skipped_dateline_languages(languages: list[str]) -> str:
    """D100's message: the languages whose datelines were not checked."""
    listed = ", ".join(f"'{language}'" for language in languages)
    which = "that language" if len(languages) == 1 else "those languages"
    return (
        f"dateline checks skipped for releases in {listed} (osce has no dateline data for {which})"
    )


#: Rules told once per run, not per file: each finding names a value (its
#: first suggestion), and the run's note names them all, once each.
RUN_WIDE: Final = {"D100": skipped_dateline_languages}


class RunNote(NamedTuple):
    """A finding about the whole run, told once (see `RUN_WIDE`)."""

    code: str
    name: str
    severity: Severity
    values: tuple[str, ...]

    @property
    def message(self) -> str:
        return RUN_WIDE[self.code](list(self.values))


class Report(Record):
    """Everything one ``osce validate`` run found."""

    __slots__ = ("clean", "errors", "files", "fixed", "not_fixed", "notes")
    _fields: ClassVar[tuple[str, ...]] = (
        "files",
        "errors",
        "fixed",
        "clean",
        "not_fixed",
        "notes",
    )

    def __init__(
        self,
        files: list[FileResult] | None = None,
        errors: list[str] | None = None,
        fixed: int = 0,
        clean: int = 0,
        not_fixed: list[str] | None = None,
    ) -> None:
        self.files: list[FileResult] = [] if files is None else files
        #: Paths that could not be read or written (exit code 2), one line each.
        self.errors: list[str] = [] if errors is None else errors
        #: Problems fixed by ``--fix`` (the diagnostics are what is left).
        self.fixed = fixed
        #: Fixes ``--fix`` did not apply because the file would not have read
        #: as intended, one line each (their findings are still reported).
        self.not_fixed: list[str] = [] if not_fixed is None else not_fixed
        #: Files checked and found clean without a place in ``files`` (see :meth:`add`).
        self.clean = clean
        #: Findings told once for the run (see `RUN_WIDE`), in the order first met.
        self.notes: list[RunNote] = []

    def add(self, result: FileResult) -> None:
        """Count a clean file, or keep the result of one with diagnostics.

        Nothing in a report reads a clean file's result: an archive's worth of
        them would only hold memory. A finding told once per run joins the
        run's note instead.
        """
        if not result.diagnostics:
            self.clean += 1
            return
        if any(d.code in RUN_WIDE for d in result.diagnostics):
            for diagnostic in result.diagnostics:
                if diagnostic.code in RUN_WIDE:
                    self._note(diagnostic)
            kept = tuple(d for d in result.diagnostics if d.code not in RUN_WIDE)
            result = FileResult(result.path, kept, result.lines)
        if result.diagnostics:
            self.files.append(result)
        else:
            self.clean += 1

    def _note(self, diagnostic: Diagnostic) -> None:
        value = diagnostic.suggestions[0] if diagnostic.suggestions else ""
        for position, note in enumerate(self.notes):
            if note.code == diagnostic.code:
                if value not in note.values:
                    self.notes[position] = note._replace(values=(*note.values, value))
                return
        self.notes.append(RunNote(diagnostic.code, diagnostic.name, diagnostic.severity, (value,)))

    @property
    def files_checked(self) -> int:
        return len(self.files) + self.clean

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [diagnostic for result in self.files for diagnostic in result.diagnostics]

    def count(self, severity: Severity) -> int:
        """Diagnostics of ``severity``, each note of the run counted once."""
        notes = sum(1 for note in self.notes if note.severity is severity)
        return notes + sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def fixable(self) -> int:
        return sum(1 for d in self.diagnostics if d.fixable)

    @property
    def unsafe_fixable(self) -> int:
        """Findings whose fix is a guess, applied only with ``--unsafe-fixes``."""
        return sum(1 for d in self.diagnostics if d.fix is not None and not d.fix.safe)

    def exit_code(self, *, strict: bool = False) -> int:
        """0 when clean; 1 for errors (or warnings under ``strict``); 2 if a path was unreadable."""
        if self.errors:
            return 2
        threshold = Severity.WARNING if strict else Severity.ERROR
        worst = [d.severity for d in self.diagnostics] + [n.severity for n in self.notes]
        return 1 if any(severity >= threshold for severity in worst) else 0
