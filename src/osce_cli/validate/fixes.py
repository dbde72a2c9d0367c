"""Applying fixes: the smallest text edits, repeated until nothing is left to fix.

Fixes are edits of the file's text at the spans the rules reported, so every
byte outside a fixed span (comments, key order, quoting, blank lines, the
body) stays exactly as it was. Edits that overlap are applied in later rounds,
after the file has been checked again; the result is a fixed point, so fixing
a fixed file changes nothing.

Each round's result is read again and compared with the text before it
(``fixcheck``): a fix whose result would read as anything but what it fixes
is not applied, and is reported as such.
"""

from __future__ import annotations

from typing import NamedTuple

from osce_cli.frontmatter.document import load_document
from osce_cli.frontmatter.source import SourceText
from osce_cli.report.diagnostics import Diagnostic, Edit, FileResult, Fix
from osce_cli.validate.checker import Checker
from osce_cli.validate.fixcheck import Readings
from osce_cli.validate.originals import OriginalFile

#: Each round applies every non-overlapping fix; real files settle in two.
MAX_ROUNDS = 10


class FixOutcome(NamedTuple):
    """What fixing one text did."""

    text: str
    applied: int
    result: FileResult  # the diagnostics left after fixing
    unsafe_available: int  # fixes left that need --unsafe-fixes
    #: Findings left whose fix was not applied: the file would not have read
    #: as intended (their diagnostics in ``result`` no longer offer the fix).
    not_applied: tuple[Diagnostic, ...] = ()

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
    original: OriginalFile | None = None,
) -> FixOutcome:
    """Fix a decoded text; the caller decides whether and where to write it.

    ``original`` is what was found beside a translation (read once: every
    round compares with the same original).
    """
    applied = 0
    result = _check(text, checker, display, relative, had_bom, original)
    readings = Readings()
    refused: set[Fix] = set()  # fixes of the current text that would read wrong
    for _ in range(MAX_ROUNDS):
        taken: list[Edit] = []
        chosen: list[Fix] = []
        for diagnostic in result.diagnostics:
            fix = _usable(diagnostic, unsafe)
            if fix is None or fix in refused or any(_overlaps(edit, taken) for edit in fix.edits):
                continue
            taken.extend(fix.edits)
            chosen.append(fix)
        if not chosen:
            break
        chosen, new_text = _checked(text, readings, chosen, refused)
        if not chosen or new_text == text:
            break
        text, refused = new_text, set()
        applied += len(chosen)
        result = _check(text, checker, display, relative, had_bom, original)
    not_applied = tuple(d for d in result.diagnostics if d.fix is not None and d.fix in refused)
    if not_applied:
        result = result._replace(
            diagnostics=tuple(
                _without_fix(d) if d in not_applied else d for d in result.diagnostics
            )
        )
    hidden = sum(
        1 for d in result.diagnostics if d.fix is not None and not d.fix.safe and not unsafe
    )
    return FixOutcome(text, applied, result, hidden, not_applied)


def _checked(
    text: str, readings: Readings, chosen: list[Fix], refused: set[Fix]
) -> tuple[list[Fix], str]:
    """The fixes of ``chosen`` to apply now, and the text they make.

    Nearly always all of them. When together they would read wrong, each is
    tried alone: those that read wrong go to ``refused``, and the first that
    reads right is applied alone (the others are tried again next round).
    """
    edits = [edit for fix in chosen for edit in fix.edits]
    new_text = apply_edits(text, edits)
    if readings.keeps_meaning(text, new_text, edits):
        return chosen, new_text
    for fix in chosen:
        alone = apply_edits(text, list(fix.edits))
        if readings.keeps_meaning(text, alone, fix.edits):
            return [fix], alone
        refused.add(fix)
    return [], text


def _without_fix(diagnostic: Diagnostic) -> Diagnostic:
    return Diagnostic(
        diagnostic.path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.end_line,
        diagnostic.end_column,
        diagnostic.code,
        diagnostic.name,
        diagnostic.severity,
        diagnostic.message,
        diagnostic.suggestions,
        diagnostic.json_path,
    )


def _check(
    text: str,
    checker: Checker,
    display: str,
    relative: str | None,
    had_bom: bool,
    original: OriginalFile | None,
) -> FileResult:
    document = load_document(display, SourceText(text, had_bom=had_bom, usable=True))
    return checker.check_document(document, relative, original)
