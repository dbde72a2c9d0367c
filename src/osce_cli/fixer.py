"""Applying fixes: the smallest text edits, repeated until nothing is left to fix.

Fixes are edits of the file's text at the spans the rules reported, so every
byte outside a fixed span (comments, key order, quoting, blank lines, the
body) stays exactly as it was. Edits that overlap are applied in later rounds,
after the file has been checked again; the result is a fixed point, so fixing
a fixed file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic, Edit, FileResult, Fix
from .document import load_document
from .engine import Checker
from .source import SourceText

#: Each round applies every non-overlapping fix; real files settle in two.
MAX_ROUNDS = 10


@dataclass(frozen=True, slots=True)
class FixOutcome:
    """What fixing one text did."""

    text: str
    applied: int
    result: FileResult  # the diagnostics left after fixing
    unsafe_available: int  # fixes left that need --unsafe-fixes

    def changed(self, original: str) -> bool:
        return self.text != original


def _usable(diagnostic: Diagnostic, unsafe: bool) -> Fix | None:
    fix = diagnostic.fix
    if fix is None or not fix.edits or (not fix.safe and not unsafe):
        return None
    return fix


def _overlaps(edit: Edit, taken: list[Edit]) -> bool:
    return any(
        (edit.start < other.end and other.start < edit.end) or edit.start == other.start
        for other in taken
    )


def apply_edits(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def fix_text(
    text: str,
    checker: Checker,
    display: str,
    relative: str | None,
    *,
    unsafe: bool = False,
    had_bom: bool = False,
) -> FixOutcome:
    """Fix a decoded text; the caller decides whether and where to write it."""
    applied = 0
    result = _check(text, checker, display, relative, had_bom)
    for _ in range(MAX_ROUNDS):
        taken: list[Edit] = []
        count = 0
        for diagnostic in result.diagnostics:
            fix = _usable(diagnostic, unsafe)
            if fix is None or any(_overlaps(edit, taken) for edit in fix.edits):
                continue
            taken.extend(fix.edits)
            count += 1
        if not taken:
            break
        new_text = apply_edits(text, taken)
        if new_text == text:
            break
        text = new_text
        applied += count
        result = _check(text, checker, display, relative, had_bom)
    hidden = sum(
        1 for d in result.diagnostics if d.fix is not None and not d.fix.safe and not unsafe
    )
    return FixOutcome(text, applied, result, hidden)


def _check(
    text: str, checker: Checker, display: str, relative: str | None, had_bom: bool
) -> FileResult:
    document = load_document(display, SourceText(text, had_bom=had_bom, usable=True))
    return checker.check_document(document, relative)
