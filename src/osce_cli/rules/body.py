"""B: the body text (and the title and summary, which are read with it).

Checks that need no understanding of prose: a body at all, placeholders
left from the scaffold, and country names that had changed by the release
date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator

from ..diagnostics import Edit, Finding, Fix, Severity
from ..vocabulary import KEY_FACETS, FormerName, Term
from ..yamltree import Scalar
from .base import Context, rule, value_span

#: Stop after this many findings of one rule in one file: the first ones say it all.
MAX_PER_FILE = 20

_PLACEHOLDER_WORDS = re.compile(r"(?<![\w-])(?:TODO|FIXME)(?![\w-])|(?i:lorem ipsum)")
_PLACEHOLDER_LINE = re.compile(r"[ \t]*\[(?:\.\.\.|…)\][ \t]*")
_CODE_OR_URL = re.compile(
    r"`[^`\n]*`|\]\([^)\n]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|\bhttps?://\S+|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)


def _masked(text: str) -> str:
    """The text with code spans, URLs and comments blanked (offsets unchanged)."""
    return _CODE_OR_URL.sub(lambda match: " " * len(match.group()), text)


def _text_fields(ctx: Context) -> Iterator[tuple[int, str]]:
    """(offset, text) of the prose of a release: title, summary and body."""
    for key in ("title", "summary"):
        node = ctx.document.node_at(key)
        if isinstance(node, Scalar) and isinstance(node.value, str) and node.style is None:
            yield node.start, ctx.document.text[node.start : node.end]
        elif isinstance(node, Scalar) and isinstance(node.value, str):
            start, end = value_span(node)
            yield start, ctx.document.text[start:end]
    if ctx.document.has_front_matter:
        yield ctx.document.body_start, ctx.document.body


@rule("B101", "empty-body")
def empty_body(ctx: Context) -> Iterable[Finding]:
    """The release has front matter but no body.

    Reported at the closing `---` of the front matter.

    Fails:

        ---
        title: ...
        ---

    Passes:

        ---
        title: ...
        ---
        VIENNA, 5 October 2020 – The OSCE ...
    """
    document = ctx.document
    if document.closing is None or document.body.strip():
        return
    start, end = document.closing
    yield Finding("B101", start, end, "the release has no body: write the dateline and the text")


@rule("B102", "placeholder")
def placeholder(ctx: Context) -> Iterable[Finding]:
    """A placeholder from the scaffold is still in the release.

    `TODO` and `FIXME` (in capitals), "lorem ipsum", and a line that is
    only `[...]` (also right after the dateline) mark text still to be
    written. An ellipsis inside a quotation (`"the elections [...] were
    calm"`) is an elision, not a placeholder, and is not reported. Code
    spans and links are not read.

    Fails:

        VIENNA, 5 October 2020 – [...]

        TODO: quote from the Chairperson-in-Office.

    Passes:

        VIENNA, 5 October 2020 – The OSCE Chairperson-in-Office said ...
    """
    count = 0
    for offset, text in _text_fields(ctx):
        masked = _masked(text)
        for match in _PLACEHOLDER_WORDS.finditer(masked):
            yield Finding(
                "B102",
                offset + match.start(),
                offset + match.end(),
                f"placeholder '{match.group()}' left in the release",
            )
            count += 1
            if count >= MAX_PER_FILE:
                return
    if not ctx.document.has_front_matter:
        return
    from .dateline import find_dateline

    dateline = find_dateline(ctx)
    body_start = ctx.document.body_start
    for match in re.finditer(r"[^\r\n]*", ctx.document.body):
        line = match.group()
        start = body_start + match.start()
        if dateline is not None and start <= dateline.end <= start + len(line):
            line_rest = ctx.document.text[dateline.end : start + len(line)]
            if _PLACEHOLDER_LINE.fullmatch(line_rest):
                yield _placeholder_line(dateline.end, line_rest)
                count += 1
        elif _PLACEHOLDER_LINE.fullmatch(line):
            yield _placeholder_line(start, line)
            count += 1
        if count >= MAX_PER_FILE:
            return


def _placeholder_line(offset: int, line: str) -> Finding:
    leading = len(line) - len(line.lstrip())
    shown = line.strip()
    return Finding(
        "B102",
        offset + leading,
        offset + leading + len(shown),
        f"placeholder '{shown}' left in the release",
    )


@functools.cache
def _flagged_names(terms: tuple[Term, ...]) -> list[tuple[Term, FormerName, re.Pattern[str]]]:
    flagged = []
    for term in terms:
        for name in term.former_names:
            if name.flag_in_body and name.period.end is not None:
                # "the former Yugoslav..." may open a sentence as "The former...";
                # "Turkey" must keep its capital ("turkey" is a bird).
                first, rest = name.label[0], re.escape(name.label[1:])
                letters = first + first.upper() if first.islower() else first
                pattern = re.compile(rf"(?<!\w)[{re.escape(letters)}]{rest}(?!\w)")
                flagged.append((term, name, pattern))
    return flagged


@rule("B103", "outdated-name-in-text", Severity.WARNING)
def outdated_name_in_text(ctx: Context) -> Iterable[Finding]:
    """The title, summary or body uses a country name that had changed by the release date.

    "Turkey" became "Türkiye" at the UN on 1 June 2022, and "the former
    Yugoslav Republic of Macedonia" became "North Macedonia" in February
    2019. A release dated after the change should use the new name. A warning,
    since a text may quote history; replacing the name is an unsafe fix.

    Fails:

        date: 2024-03-05
        ---
        ANKARA, 5 March 2024 – The OSCE and Turkey ...

    Passes:

        date: 2024-03-05
        ---
        ANKARA, 5 March 2024 – The OSCE and Türkiye ...
    """
    day = ctx.release_date
    if day is None:
        return
    terms = tuple(ctx.vocabulary.terms(KEY_FACETS["states"]))
    candidates = [
        (term, name, pattern)
        for term, name, pattern in _flagged_names(terms)
        if name.period.end is not None and day > name.period.end
    ]
    if not candidates:
        return
    count = 0
    for offset, text in _text_fields(ctx):
        masked = _masked(text)
        for term, name, pattern in candidates:
            for match in pattern.finditer(masked):
                start, end = offset + match.start(), offset + match.end()
                assert name.period.end is not None
                yield Finding(
                    "B103",
                    start,
                    end,
                    f"'{match.group()}' was renamed '{term.label}' on "
                    f"{(name.period.end + dt.timedelta(days=1)).isoformat()}; "
                    f"this release is dated {day.isoformat()}",
                    suggestions=(term.label,),
                    fix=Fix(f"write '{term.label}'", (Edit(start, end, term.label),), safe=False),
                )
                count += 1
                if count >= MAX_PER_FILE:
                    return
