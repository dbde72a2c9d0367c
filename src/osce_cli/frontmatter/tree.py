"""YAML text to a tree with source positions: the readers, and which one reads what.

We never let a YAML library construct Python objects: tags such as
``!!python/object`` are reported and dropped, aliases are reported and never
expanded (so an alias bomb costs no more than its own text), and plain scalars
are resolved by the YAML 1.2 core schema here, the same way whichever parser
produced the events. Every node keeps the offsets of its text in the file.

The libyaml reader is kept beside the reference (ruamel.yaml) for front
matter outside the common layout (a release with contacts, for one): the
pure-Python parser does several times the work per such file
(benchmarks/README.md, "Shortcuts"); ``tests/equivalence/test_readers.py``
holds the two equal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from osce_cli.frontmatter.lines import read_common_layout
from osce_cli.frontmatter.nodes import (
    MAX_INT_DIGITS,
    Alias,
    Mapping,
    Node,
    Scalar,
    Sequence,
    UnreadableValue,
    YamlTree,
    resolve_plain,
)
from osce_cli.report.diagnostics import Finding

#: Release front matter nests three levels at most (contacts -> item -> key).
MAX_DEPTH = 16

#: Explicit tags that only say "this is text" are harmless; every other tag
#: (``!!python/object``, ``!custom``, ``!!binary``...) is refused.
_STRING_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!"})


class _Mark(Protocol):
    index: int


class _Event(Protocol):
    start_mark: _Mark
    end_mark: _Mark


def _empty_position(text: str, base: int, offset: int) -> int:
    """Where an empty value is: the next token, past blanks and comments.

    libyaml places an empty value where it would have started, ruamel.yaml
    at the next token; the second is used so that both parsers agree. No
    token starts with '#': met here, it starts a comment, even right after
    an indicator (``["a":#c``), where both parsers take it for one.
    """
    index = offset - base
    while index < len(text):
        char = text[index]
        if char in " \r\n":
            index += 1
        elif char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
        else:
            break
    return base + index


class _Builder:
    """Turns a stream of parser events into nodes, with a stack, not recursion."""

    def __init__(self, base: int, text: str = "") -> None:
        self.base = base
        self.text = text
        self.problems: list[Finding] = []
        self.stack: list[Mapping | Sequence] = []
        self.pending_keys: list[Scalar | None] = []
        self.root: Node | None = None
        self.documents = 0
        self.aliases: list[Alias] = []
        self.skip_depth = 0
        self.dropped: set[int] = set()

    def span(self, event: _Event) -> tuple[int, int]:
        return self.base + event.start_mark.index, self.base + event.end_mark.index

    def feed(self, events: Iterable[Any]) -> None:
        # The branches are mutually exclusive; the most frequent kinds come first.
        for event in events:
            kind = type(event).__name__
            if self.skip_depth:
                if kind in ("MappingStartEvent", "SequenceStartEvent"):
                    self.skip_depth += 1
                elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                    self.skip_depth -= 1
                continue
            if kind == "ScalarEvent":
                self.scalar(event)
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                node = self.stack.pop()
                self.pending_keys.pop()
                node.end = self.base + event.end_mark.index
                self.attach(node)
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                self.open(event, mapping=kind == "MappingStartEvent")
            elif kind == "DocumentStartEvent":
                self.documents += 1
                if self.documents == 2:
                    start, end = self.span(event)
                    self.problems.append(
                        Finding(
                            "F103",
                            start,
                            end,
                            "front matter holds more than one YAML document",
                        )
                    )
            elif kind == "AliasEvent":
                start, end = self.span(event)
                alias = Alias(start, end)
                self.aliases.append(alias)
                self.dropped.add(start)
                self.attach(alias)
        self.report_aliases()

    def refused_tag(self, event: Any, allowed: frozenset[str]) -> bool:
        tag = getattr(event, "tag", None)
        if tag is None or str(tag) in allowed:
            return False
        start, end = self.span(event)
        shown = str(tag).replace("tag:yaml.org,2002:", "!!")
        self.problems.append(
            Finding(
                "F105",
                start,
                end,
                f"YAML tag '{shown}' is not allowed in front matter; write plain values",
            )
        )
        return True

    def empty_position(self, offset: int) -> int:
        return _empty_position(self.text, self.base, offset)

    def scalar(self, event: Any) -> None:
        # The hottest method of the parse: ``span`` is inlined and the node is
        # built once, with its value.
        base = self.base
        start, end = base + event.start_mark.index, base + event.end_mark.index
        text: str = event.value
        style = event.style or None
        if not text and style is None and self.text:
            start = end = self.empty_position(start)
        # The non-specific tag "!" is reported by some parsers and not others;
        # it adds nothing to a scalar's reading here, so it is ignored.
        tag = getattr(event, "tag", None)
        value: Any
        if tag and tag != "!" and not any(event.implicit):
            if self.refused_tag(event, _STRING_TAGS):
                value = None
                self.dropped.add(start)
            else:
                value = text
        elif style is not None:
            value = text
        else:
            try:
                value = resolve_plain(text)
            except UnreadableValue as error:
                self.problems.append(Finding("F103", start, end, str(error)))
                self.dropped.add(start)
                value = None
        self.attach(Scalar(start, end, text, style, value))

    def open(self, event: Any, *, mapping: bool) -> None:
        start, end = self.span(event)
        if len(self.stack) >= MAX_DEPTH:
            self.problems.append(
                Finding(
                    "F108",
                    start,
                    end,
                    f"front matter nests deeper than {MAX_DEPTH} levels",
                )
            )
            self.skip_depth = 1
            self.dropped.add(start)
            self.attach(Scalar(start, end, text="", value=None))
            return
        explicit = bool(getattr(event, "tag", None)) and not getattr(event, "implicit", True)
        if explicit and self.refused_tag(event, _COLLECTION_TAGS):
            # Drop the whole tagged collection, like a tagged scalar.
            self.dropped.add(start)
            self.skip_depth = 1
            self.attach(Scalar(start, end, text="", value=None))
            return
        node: Mapping | Sequence = Mapping(start, end) if mapping else Sequence(start, end)
        self.stack.append(node)
        self.pending_keys.append(None)

    def attach(self, node: Node) -> None:
        if not self.stack:
            if self.documents <= 1:
                self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = self.pending_keys[-1]
        if key is None:
            if not isinstance(node, Scalar):
                self.problems.append(
                    Finding("M103", node.start, node.end, "a key must be plain text")
                )
                node = Scalar(node.start, node.end, text="", value=None)
            self.pending_keys[-1] = node
            return
        self.pending_keys[-1] = None
        if key.text in parent.by_key:
            self.problems.append(
                Finding(
                    "F104",
                    key.start,
                    key.end,
                    f"duplicate key '{key.text}': only its first value is used",
                    json_path=None,
                )
            )
            return
        parent.add(key, node)

    def report_aliases(self) -> None:
        if not self.aliases:
            return
        first = self.aliases[0]
        more = len(self.aliases) - 1
        extra = f" ({more} more in this file)" if more else ""
        self.problems.append(
            Finding(
                "F106",
                first.start,
                first.end,
                f"YAML aliases are not allowed in front matter; write the value out{extra}",
            )
        )


#: Characters on which YAML parsers disagree (tabs, byte order marks, NEL, LS
#: and PS, which libyaml takes for line breaks as YAML 1.1 did, control
#: characters, and the anchor and alias indicators, whose names libyaml and
#: ruamel.yaml end differently): text with one of them takes the reference path.
_UNUSUAL = re.compile(
    "[&*\t\ufeff\x85\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"
)

#: Block scalars, tags, directives, complex keys and reserved indicators, where
#: a value may start: rare in front matter, and where libyaml accepts a few
#: things that YAML 1.2 forbids. Such text takes the reference path too.
_RARE_SYNTAX = re.compile(r"(?:^|[\s\[{,])[|>!%?@`]", re.MULTILINE)


def _needs_reference_path(text: str) -> bool:
    """Whether ``text`` has what only ruamel.yaml reads as YAML 1.2 means.

    That is a character of ``_UNUSUAL``, or rare syntax (``_RARE_SYNTAX``).
    """
    return _UNUSUAL.search(text) is not None or _RARE_SYNTAX.search(text) is not None


#: Flow brackets nested deeper than this are refused without parsing.
MAX_FLOW_BRACKETS = 4 * MAX_DEPTH


def _flow_too_deep(text: str) -> int | None:
    """Offset of the first bracket nested beyond ``MAX_FLOW_BRACKETS``, if any.

    Brackets inside quoted text are counted too: a release never has dozens
    of unbalanced brackets in a value, so this can only refuse hostile input.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_BRACKETS:
        return None
    depth = 0
    for offset, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_FLOW_BRACKETS:
                return offset
        elif char in "]}" and depth:
            depth -= 1
    return None


def parse_yaml(text: str, base: int = 0, first_line: int = 1, *, careful: bool = False) -> YamlTree:
    """Parse YAML text into a tree, reporting syntax errors as F103 findings.

    ``base`` is the offset of the text in the file and ``first_line`` the
    file line it starts on (used in messages that mention a second position).

    Three readers, from the fastest to the reference. Front matter in the
    common layout (``lines``) is read line by line. Other valid YAML is
    parsed by libyaml (through PyYAML's C parser), much faster than
    the pure-Python parser. Anything libyaml rejects is parsed again by
    ruamel.yaml, whose reading of YAML 1.2 and whose error messages are the
    reference, so all paths give the same tree and the same findings
    (``careful=True`` always takes the reference path; tests compare them).
    """
    too_deep = _flow_too_deep(text)
    if too_deep is not None:
        # The pure-Python scanner slows down quadratically with flow nesting;
        # refuse hostile depths before it starts.
        return YamlTree(
            None,
            [
                Finding(
                    "F108",
                    base + too_deep,
                    base + too_deep + 1,
                    f"front matter nests deeper than {MAX_DEPTH} levels",
                )
            ],
        )
    if not careful:
        # The line reader refuses on its own whatever would need the
        # reference parser (tests/equivalence/test_lines.py compares it with that
        # parser too), so it is asked before that is looked for.
        fast = read_common_layout(text, base)
        if fast is None and not _needs_reference_path(text):
            fast = _parse_with_libyaml(text, base)
        if fast is not None:
            return fast
    return _parse_with_ruamel(text, base, first_line)


def parse_yaml_data(text: str) -> YamlTree:
    """Parse a data file (the vocabulary): libyaml whenever it accepts the text.

    Data files are written by the project, not by authors of releases, so the
    reference parser is needed only for the position and wording of an error.
    """
    return _parse_with_libyaml(text, 0) or parse_yaml(text, careful=True)


def _parse_with_libyaml(text: str, base: int) -> YamlTree | None:
    """The tree from libyaml's events, or ``None`` when libyaml finds an error."""
    libyaml = _libyaml()
    if libyaml is None:  # pragma: no cover - PyYAML without libyaml: use the reference
        return None
    parser_class, error_class = libyaml
    try:
        # ``get_event`` returns None after the last event: iterating it directly
        # gives the events of ``yaml.parse`` without its generator around them.
        builder = _Builder(base, text)
        builder.feed(iter(parser_class(text).get_event, None))
    except error_class:
        return None
    return YamlTree(builder.root, builder.problems, frozenset(builder.dropped))


@functools.cache
def _libyaml() -> tuple[Callable[[str], Any], type[Exception]] | None:
    """libyaml's event parser and PyYAML's error class, imported once.

    Only the parser is needed: ``CSafeLoader`` would also set up a constructor
    and a resolver that events never use. ``None`` when PyYAML has no libyaml.
    """
    try:
        import yaml
        from yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        return None
    return CParser, yaml.YAMLError


class _Unreadable(Exception):
    """What ruamel.yaml's scanner met and cannot turn into a value: where, and why."""

    def __init__(self, start: int, end: int, message: str) -> None:
        super().__init__(message)
        self.start = start
        self.end = end
        self.message = message


#: An escape in a double-quoted scalar as written: the escapes of a code point
#: by four or eight hex digits, or a backslash and the character after it (an
#: escaped backslash among them, so that the next backslash starts anew).
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|.)", re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LAST_CHARACTER = 0x10FFFF


def _escape_problem(written: str) -> tuple[int, int, str] | None:
    """The first escape in a double-quoted scalar as written that is not a character.

    YAML 1.2 scalars hold Unicode characters, and a surrogate code point is
    none: its escape is refused, as libyaml refuses it. Two ``\\u`` escapes
    side by side that make a UTF-16 surrogate pair are the one character they
    encode, as in JSON (which YAML 1.2 reads, and which writes characters
    beyond U+FFFF so). Returns the escape's start and end in ``written`` and why.
    """
    high: re.Match[str] | None = None  # a high surrogate, waiting for its low half
    for escape in _ESCAPE.finditer(written):
        short, long = escape.groups()
        code = int(short or long, 16) if short or long else -1
        if high is not None:
            if short and escape.start() == high.end() and 0xDC00 <= code <= 0xDFFF:
                high = None
                continue
            break  # the high half stands alone
        if long and code > _LAST_CHARACTER:
            message = f"escape '{escape[0]}' is not a Unicode character: the last one is U+10FFFF"
            return escape.start(), escape.end(), message
        if not 0xD800 <= code <= 0xDFFF:
            continue
        if long:
            message = (
                f"escape '{escape[0]}' is a UTF-16 surrogate, not a character: "
                "write the character itself"
            )
            return escape.start(), escape.end(), message
        high = escape
        if code > 0xDBFF:
            break  # a low half with no high half before it
    if high is None:
        return None
    message = f"escape '{high[0]}' is half of a UTF-16 surrogate pair: write the character itself"
    return high.start(), high.end(), message


@functools.cache
def _reference_scanner() -> type:
    """ruamel.yaml's scanner, with what it cannot convert reported as `_Unreadable`.

    Its scanner turns escapes into characters with ``chr`` and version numbers
    into integers with ``int``, which raise on an escape beyond U+10FFFF or a
    number of thousands of digits; and it keeps escaped surrogates as they
    are. Each becomes a finding at the escape or the number.
    """
    from osce_cli.frontmatter.reference import Yaml12Scanner

    class ReferenceScanner(Yaml12Scanner):
        def scan_flow_scalar(self, style: Any) -> Any:
            reader = self.reader
            start, index = reader.pointer, reader.index
            try:
                token = super().scan_flow_scalar(style)
            except (ValueError, OverflowError):
                # ``chr`` of an escape beyond U+10FFFF: the reader stands on
                # its hex digits, at most eight.
                problem = _escape_problem(reader.buffer[start : reader.pointer + 8])
                if problem is None:  # pragma: no cover - nothing else converts here
                    raise
                raise _Unreadable(index + problem[0], index + problem[1], problem[2]) from None
            if style == '"' and _SURROGATE.search(token.value):
                problem = _escape_problem(reader.buffer[start : reader.pointer])
                if problem is not None:
                    raise _Unreadable(index + problem[0], index + problem[1], problem[2])
                # Only pairs are left: each becomes its character.
                token.value = token.value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            return token

        def scan_yaml_directive_number(self, start_mark: Any) -> Any:
            reader = self.reader
            start, index = reader.pointer, reader.index
            try:
                return super().scan_yaml_directive_number(start_mark)
            except ValueError:
                digits = _DIGITS.match(reader.buffer, start)
                end = index + (digits.end() - start if digits else 1)
                message = f"a %YAML version of more than {MAX_INT_DIGITS} digits cannot be read"
                raise _Unreadable(index, end, message) from None

    return ReferenceScanner


_DIGITS = re.compile("[0-9]+")


def _parse_with_ruamel(text: str, base: int, first_line: int) -> YamlTree:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    from osce_cli.frontmatter.reference import parse_events

    builder = _Builder(base, text)
    events, restore = parse_events(text, _reference_scanner())
    try:
        builder.feed(events)
    except _Unreadable as error:
        finding = Finding("F103", base + error.start, base + error.end, error.message)
        return YamlTree(None, [*builder.problems, finding])
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        offset = base + (mark.index if mark is not None else 0)
        problem = restore((error.problem or error.context or "invalid YAML").strip())
        if error.context and error.problem and error.context_mark is not None:
            line = first_line + error.context_mark.line
            where = f"line {line}, column {error.context_mark.column + 1}"
            problem = f"{restore(error.context.strip())} started at {where}: {problem}"
        return YamlTree(None, [*builder.problems, Finding("F103", offset, offset + 1, problem)])
    except ReaderError as error:
        offset = base + int(error.position)
        reason = f"character U+{int(error.character):04X} is not allowed in YAML"
        return YamlTree(None, [*builder.problems, Finding("F103", offset, offset + 1, reason)])
    except YAMLError as error:  # any other parser complaint, still without a traceback
        message = restore(str(error).splitlines()[0]) if str(error) else "invalid YAML"
        return YamlTree(None, [*builder.problems, Finding("F103", base, base + 1, message)])
    except RecursionError:
        return YamlTree(
            None,
            [*builder.problems, Finding("F108", base, base + 1, "front matter nests too deeply")],
        )
    return YamlTree(builder.root, builder.problems, frozenset(builder.dropped))
