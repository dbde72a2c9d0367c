"""ruamel.yaml's event parser, held to YAML 1.2 where it still reads otherwise.

ruamel.yaml is the reference reader (see ``tree``). What it reads as
YAML 1.1 did, or not at all, is set right here:

- NEL (U+0085), LS (U+2028) and PS (U+2029) are line breaks to it. YAML 1.2
  breaks lines only at LF and CR; the three are ordinary characters. Before
  parsing, each is swapped for a private-use character that is not in the
  text, which YAML 1.2 reads the same way (a printable character with no
  meaning), and swapped back in every value and message. One character
  stands for one, so every position stays where it was.
- In a flow collection, it takes '?' before a letter for an explicit key;
  YAML 1.2 starts a plain scalar there (``[?x]`` holds the text ``?x``), as
  it does elsewhere. '?' asks for an explicit key only before a blank.
- A "%YAML 1.1" directive makes it scan by YAML 1.1's rules; it is ignored.
- In a flow sequence, a ':' right after a quoted key or a flow collection on
  the same line is a value indicator even with no space after it
  (``["a":b]``, YAML 1.2.2 productions 149 and 153). libyaml reads it so;
  ruamel.yaml does only in flow mappings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from ruamel.yaml import YAML, tokens
from ruamel.yaml.scanner import Scanner

#: The characters YAML 1.1 took for line breaks and YAML 1.2 does not.
NOT_BREAKS = "\x85\u2028\u2029"
#: Where their stand-ins come from: the private-use areas.
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))
_COLLECTION_ENDS = (tokens.FlowSequenceEndToken, tokens.FlowMappingEndToken)
#: What cannot go on in a plain scalar in a flow collection: the end of the
#: text, blanks, line breaks (as ruamel.yaml's scanner sees them) and ``,[]{}``.
_NOT_PLAIN_IN_FLOW = "\0 \t\r\n\x85\u2028\u2029,[]{}"


class Yaml12Scanner(Scanner):
    """ruamel.yaml's scanner, with adjacent values after JSON-like keys."""

    @property
    def scanner_processing_version(self) -> Any:
        # ruamel.yaml scans a document that says "%YAML 1.1" by YAML 1.1's
        # rules. A YAML 1.2 reader reads it as YAML 1.2 (section 5.4).
        return (1, 2)

    def check_key(self) -> Any:
        if self.flow_level and self._question_starts_text():
            return False
        return super().check_key()

    def check_plain(self) -> Any:
        if self.flow_level and self._question_starts_text():
            return True
        return super().check_plain()

    def _question_starts_text(self) -> bool:
        """Whether a '?' here starts a plain scalar: a character that may
        go on in one follows it (in brackets, neither a blank nor ``,[]{}``)."""
        peek = self.reader.peek
        return bool(peek() == "?" and peek(1) not in _NOT_PLAIN_IN_FLOW)

    def check_value(self) -> Any:
        if self.flow_level and self._after_json_like_key():
            return True
        return super().check_value()

    def _after_json_like_key(self) -> bool:
        """Whether the last token is a quoted scalar or a closed flow collection
        that can still be a key here (an implicit key on one line)."""
        if not self.tokens or self.flow_level not in self.possible_simple_keys:
            return False
        last = self.tokens[-1]
        if isinstance(last, _COLLECTION_ENDS):
            return True
        return isinstance(last, tokens.ScalarToken) and not last.plain


def _stand_ins(text: str) -> tuple[str, Callable[[str], str]]:
    """``text`` with NEL, LS and PS swapped for stand-ins, and the way back."""
    present = [char for char in NOT_BREAKS if char in text]
    if not present:
        return text, _unchanged
    used = set(text)
    free = (chr(code) for code in itertools.chain(*_PRIVATE_USE) if chr(code) not in used)
    # Front matter is at most 64 KiB: the private-use areas always have room.
    stand_ins = {char: next(free) for char in present}
    forward: dict[int, str | int | None] = {ord(char): sub for char, sub in stand_ins.items()}
    back: dict[int, str | int | None] = {ord(sub): char for char, sub in stand_ins.items()}

    def restore(swapped: str) -> str:
        # Messages show a character as ``repr`` does: '\ue000' stands for it too.
        for char, stand_in in stand_ins.items():
            swapped = swapped.replace(repr(stand_in)[1:-1], char)
        return swapped.translate(back)

    return text.translate(forward), restore


def _unchanged(text: str) -> str:
    return text


def parse_events(
    text: str, scanner: type[Scanner] | None = None
) -> tuple[Iterator[Any], Callable[[str], str]]:
    """The parse events of ``text`` read as YAML 1.2, and how to restore its
    NEL, LS and PS in a message about it (the events' values come restored).

    A message then shows the characters themselves, as it shows any other.
    ``scanner`` replaces `Yaml12Scanner` with a subclass of it.
    """
    swapped, restore = _stand_ins(text)
    parser = YAML(typ="safe", pure=True)
    parser.Scanner = scanner or Yaml12Scanner
    events = parser.parse(swapped)
    if restore is _unchanged:
        return events, restore
    return _restored(events, restore), restore


def _restored(events: Iterator[Any], restore: Callable[[str], str]) -> Iterator[Any]:
    for event in events:
        value = getattr(event, "value", None)
        if isinstance(value, str):
            event.value = restore(value)
        yield event
