"""Values no reader can convert are F103 findings at their position (issue 15, items 3 and 4).

A YAML integer of more than 4,300 digits (Python will not convert it), an
escape beyond U+10FFFF, an escaped surrogate: each used to stop the whole run
with an internal error, or to pass and crash every output later. Each is now
a finding for its file, the same whichever reader reads the front matter.
"""

from __future__ import annotations

import pytest

from osce_cli.frontmatter.nodes import to_python
from osce_cli.frontmatter.tree import parse_yaml
from tests.conftest import VALID, diagnostics

DIGITS = "9" * 4301
TOO_LONG = "a number of more than 4300 digits cannot be read; put it in quotes if it is text"


def with_line(line: str) -> str:
    return VALID.replace("language: en\n", f"language: en\n{line}\n")


def f103(text: str) -> list[tuple[int, int, int, int, str]]:
    return [
        (d.line, d.column, d.end_line, d.end_column, d.message)
        for d in diagnostics(text)
        if d.code == "F103"
    ]


def test_readers_agree(text: str) -> None:
    """The line reader, libyaml and ruamel.yaml give the same tree and findings."""
    front = text.split("---\n")[1]
    fast, careful = parse_yaml(front, 4, 2), parse_yaml(front, 4, 2, careful=True)
    assert (to_python(fast.root), fast.problems, fast.dropped) == (
        to_python(careful.root),
        careful.problems,
        careful.dropped,
    )


test_readers_agree.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


@pytest.mark.parametrize(
    ("line", "column", "end"),
    [
        (f"id: {DIGITS}", 5, 5 + 4301),
        (f"id: -{DIGITS}", 5, 6 + 4301),
        (f"id: +{DIGITS}", 5, 6 + 4301),
        (f"id: [{DIGITS}]", 6, 6 + 4301),
        (f"contacts: [{{name: {DIGITS}}}]", 19, 19 + 4301),
        ("id: " + "0" * 4300 + "12", 5, 5 + 4302),  # 4302 digits, even if mostly zeros
        ("id: 0x" + "f" * 3600, 5, 5 + 3602),  # 4336 decimal digits
        ("id: 0o" + "7" * 4800, 5, 5 + 4802),  # 4336 decimal digits
    ],
)
def test_an_integer_of_more_than_4300_digits_is_a_finding(line: str, column: int, end: int) -> None:
    text = with_line(line)
    assert f103(text) == [(14, column, 14, end, TOO_LONG)]
    test_readers_agree(text)


def test_an_integer_of_4300_digits_is_read() -> None:
    text = with_line("id: " + "9" * 4300)
    assert f103(text) == []
    assert [d.code for d in diagnostics(text)] == ["M205"]  # an id is text, not a number


def test_a_long_integer_in_a_block_list_is_a_finding_and_the_rest_is_checked() -> None:
    text = VALID.replace("  - Serbia", f"  - {DIGITS}").replace("  - Elections", "  - Electoins")
    found = [(d.line, d.column, d.code) for d in diagnostics(text)]
    # The number is reported once (not again as a wrong type); the rest is checked.
    assert found == [(10, 5, "V101"), (12, 5, "F103")]
    test_readers_agree(text)


def test_a_long_integer_as_a_key_is_a_finding() -> None:
    text = with_line(f"? {DIGITS}\n: x")
    assert f103(text) == [(14, 3, 14, 3 + 4301, TOO_LONG)]


def test_a_long_integer_in_nested_block_mapping() -> None:
    text = with_line(f"contacts:\n  - name: {DIGITS}")
    assert f103(text) == [(15, 11, 15, 11 + 4301, TOO_LONG)]
    test_readers_agree(text)


def test_a_long_float_is_read() -> None:
    # Python reads floats of any length; only their precision is lost.
    assert f103(with_line(f"id: {DIGITS}.5")) == []
    assert f103(with_line("id: 1" + "0" * 400 + ".5e99999")) == []


def test_a_yaml_version_of_more_than_4300_digits_is_a_finding() -> None:
    text = "---\n%YAML 1." + DIGITS + "\ntitle: x\n---\nBody\n"
    assert f103(text) == [
        (2, 9, 2, 9 + 4301, "a %YAML version of more than 4300 digits cannot be read")
    ]


BEYOND = "escape '\\U00110000' is not a Unicode character: the last one is U+10FFFF"


@pytest.mark.parametrize(
    ("line", "column", "escape"),
    [
        ('summary: "\\U00110000"', 11, "\\U00110000"),
        ('summary: "abc \\UFFFFFFFF"', 15, "\\UFFFFFFFF"),
        ('"\\U00110000": x', 2, "\\U00110000"),
        ('summary: ["x", "\\U00110000"]', 17, "\\U00110000"),
    ],
)
def test_an_escape_beyond_unicode_is_a_finding(line: str, column: int, escape: str) -> None:
    text = with_line(line)
    message = f"escape '{escape}' is not a Unicode character: the last one is U+10FFFF"
    assert f103(text) == [(14, column, 14, column + 10, message)]
    test_readers_agree(text)


def test_the_last_unicode_character_is_read() -> None:
    text = with_line('summary: "\\U0010FFFF"')
    assert f103(text) == []
    assert parse_yaml('a: "\\U0010FFFF"\n').values() == {"a": "\U0010ffff"}


LONE = "escape '{}' is half of a UTF-16 surrogate pair: write the character itself"
SURROGATE = "escape '{}' is a UTF-16 surrogate, not a character: write the character itself"


@pytest.mark.parametrize(
    ("value", "column", "escape", "message"),
    [
        ('"\\udc80"', 11, "\\udc80", LONE),
        ('"x\\ud800y"', 12, "\\ud800", LONE),
        ('"\\ude00\\ud83d"', 11, "\\ude00", LONE),  # the halves in the wrong order
        ('"\\ud83d \\ude00"', 11, "\\ud83d", LONE),  # not next to each other
        ('"\\ud83d\\U0000DE00"', 11, "\\ud83d", LONE),  # a pair is two \u escapes
        ('"\\U0000D83D\\U0000DE00"', 11, "\\U0000D83D", SURROGATE),
        ('"a\\\\\\udc80"', 14, "\\udc80", LONE),  # after an escaped backslash
    ],
)
def test_an_escaped_surrogate_is_a_finding(
    value: str, column: int, escape: str, message: str
) -> None:
    text = with_line(f"summary: {value}")
    assert f103(text) == [(14, column, 14, column + len(escape), message.format(escape))]
    test_readers_agree(text)


def test_a_surrogate_pair_in_two_escapes_is_the_character_it_encodes() -> None:
    # JSON writes characters beyond the BMP so, and YAML 1.2 reads JSON.
    text = with_line('summary: "\\ud83d\\ude00 and \\uD834\\uDD1E"')
    assert f103(text) == []
    assert parse_yaml('a: "\\ud83d\\ude00 \\uD834\\uDD1E"\n').values() == {"a": "😀 𝄞"}
    test_readers_agree(text)


def test_an_escaped_surrogate_as_a_key_is_a_finding() -> None:
    text = with_line('"\\udc80": x')
    assert f103(text) == [(14, 2, 14, 8, LONE.format("\\udc80"))]


def test_a_backslash_u_that_is_not_an_escape_is_text() -> None:
    # In single quotes and plain scalars a backslash is an ordinary character.
    text = with_line("summary: '\\udc80 \\U00110000'")
    assert f103(text) == []
    assert parse_yaml("a: \\udc80\n").values() == {"a": "\\udc80"}
