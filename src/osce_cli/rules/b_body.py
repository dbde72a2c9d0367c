"""B: the body text (and the title and summary, which are read with it).

Checks that need no understanding of prose: a body at all, placeholders
left from the scaffold, and country names that had changed by the release
date.

Two quick tests spare the slow patterns the text that cannot match them
(`_masked`, `_may_have_placeholder_words`). Kept because without them
``osce validate`` of an archive does about twice the work per file
(benchmarks/README.md, "Shortcuts"); ``tests/equivalence/test_shortcuts.py``
holds each equal to its pattern.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator

from osce_cli.format.keys import KEY_FACETS
from osce_cli.frontmatter.nodes import Scalar
from osce_cli.report.diagnostics import Edit, Finding, Fix, Severity
from osce_cli.rules.base import Context, rule
from osce_cli.rules.d_dateline import find_dateline
from osce_cli.rules.locate import value_span

#: Stop after this many findings of one rule in one file: the first ones say it all.
MAX_PER_FILE = 20

_PLACEHOLDER_WORDS = re.compile(r"(?<![\w-])(?:TODO|FIXME)(?![\w-])|(?i:lorem ipsum)")
_NOT_BLANK = re.compile(r"\S")
_PLACEHOLDER_LINE = re.compile(r"[ \t]*\[(?:\.\.\.|…)\][ \t]*")
#: Code spans, link targets, autolinks, web addresses and HTML comments. Each
#: alternative that may fail to find its end stops at the next place where
#: another attempt of its kind would start (a link target at the next ``](``,
#: a comment at the next ``<!--``; an autolink holds no ``<``), so that failed
#: attempts never read the same text again.
_CODE_OR_URL = re.compile(
    r"`[^`\n]*`"
    r"|\]\((?:[^)\]\n]|\](?!\())*\)"
    r"|<[a-z][a-z0-9+.-]*:[^<>\s]*>"
    r"|\bhttps?://\S+"
    r"|<!--(?:[^<-]|-(?!->)|<(?!!--))*-->",
    re.IGNORECASE,
)
#: The lines of a body (each without its line break).
_LINES = re.compile(r"[^\r\n]*")


def _masked(text: str) -> str:
    """The text with code spans, URLs and comments blanked (offsets unchanged)."""
    if "`" not in text and "<" not in text and "](" not in text and "://" not in text:
        # Every match of the pattern has one of these: spare the slow scan.
        return text
    return _CODE_OR_URL.sub(lambda match: " " * len(match.group()), text)


def _may_have_placeholder_words(data: bytes) -> bool:
    """False when `_PLACEHOLDER_WORDS` cannot match text whose UTF-8 is ``data``.

    A quick test before the slow scan, made once on the whole file: bytes are
    searched faster than text, and the file's bytes are at hand. Only ASCII
    letters match "lorem" ignoring case, so wherever the pattern matches, the
    bytes hold "lorem" once lowered (``bytes.lower`` only maps A-Z, and is
    much faster than ``str.lower``).
    """
    # A capital X is rare in prose and found faster than a
    # word: without one, there is no FIXME to look for.
    return b"TODO" in data or (b"X" in data and b"FIXME" in data) or b"lorem" in data.lower()


def _text_fields(ctx: Context) -> list[tuple[int, str]]:
    """(offset, text) of the prose of a release: title, summary and body."""
    return ctx.memo("text-fields", lambda ctx: list(_find_text_fields(ctx)))


def _find_text_fields(ctx: Context) -> Iterator[tuple[int, str]]:
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
    if document.closing is None or _NOT_BLANK.search(document.text, document.body_start):
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
    document = ctx.document
    # The title, summary and body are parts of the file: if the file has no
    # placeholder word, none of them has.
    fields = _text_fields(ctx) if _may_have_placeholder_words(document.source.as_utf8()) else []
    for offset, text in fields:
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
    if not document.has_front_matter:
        return
    body_start = document.body_start
    whole = document.text
    if whole.find("[", body_start) < 0 or (
        whole.find("[...]", body_start) < 0 and whole.find("[…]", body_start) < 0
    ):
        # No line can be a placeholder: spare reading the body line by line.
        # (One character is found faster than a word, and most
        # bodies have no bracket at all.)
        return
    body = document.body
    dateline = find_dateline(ctx)
    for match in _LINES.finditer(body):
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
def _name_pattern(label: str) -> re.Pattern[str]:
    """Where a former name is written in running text."""
    # "the former Yugoslav..." may open a sentence as "The former...";
    # "Turkey" must keep its capital ("turkey" is a bird).
    first, rest = label[0], re.escape(label[1:])
    letters = first + first.upper() if first.islower() else first
    return re.compile(rf"(?<!\w)[{re.escape(letters)}]{rest}(?!\w)")


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
    candidates = [
        (term, name, _name_pattern(name.label))
        for term, name in ctx.vocabulary.flagged_former_names(KEY_FACETS["states"])
        if name.period.end is not None and day > name.period.end
    ]
    if not candidates:
        return
    count = 0
    for offset, text in _text_fields(ctx):
        masked: str | None = None
        for term, name, pattern in candidates:
            if name.label[1:] not in text:
                continue  # every match has the rest of the name as written
            if masked is None:
                masked = _masked(text)
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
