"""Where YAML libraries differ, the YAML 1.2 specification decides, on every path.

libyaml reads a few things as YAML 1.2 says and ruamel.yaml does not, and both
still treat NEL, LS and PS as line breaks, which YAML 1.1 did and YAML 1.2 does
not. Each case here is read through the usual path (line reader, then
libyaml) and through the reference path, and both must give the tree the
specification gives (https://yaml.org/spec/1.2.2/).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_cli.frontmatter.nodes import Mapping, Node, Scalar, Sequence, YamlTree
from osce_cli.frontmatter.tree import parse_yaml
from tests.conftest import VALID, diagnostics
from tests.equivalence.test_readers import signature


def both_ways(text: str) -> tuple[Any, list[tuple[str, int, str]]]:
    """The values and problems of ``text``, the same through both paths."""
    fast = parse_yaml(text, 0, 2)
    reference = parse_yaml(text, 0, 2, careful=True)
    assert signature(fast) == signature(reference)
    return reference.values(), [(p.code, p.start, p.message) for p in reference.problems]


# A quoted scalar or a flow collection is a "JSON-like" key: in a flow
# collection, the ':' after it needs no space (productions 149, 153 and 155,
# examples 7.18 and 7.21 of YAML 1.2.2). The pair inside brackets is a
# mapping of one pair.
@pytest.mark.parametrize(
    ("text", "value", "problems"),
    [
        (
            'sources: ["OSCE Mission in Kosovo":x]\n',
            {"sources": [{"OSCE Mission in Kosovo": "x"}]},
            [],
        ),
        ("k: ['b':c]\n", {"k": [{"b": "c"}]}, []),
        ("k: [[b]:c]\n", {"k": [{"": "c"}]}, [("M103", 4, "a key must be plain text")]),
        ("k: [{}:]\n", {"k": [{"": None}]}, [("M103", 4, "a key must be plain text")]),
        ("k: [{a: b}:c, d]\n", {"k": [{"": "c"}, "d"]}, [("M103", 4, "a key must be plain text")]),
        ('k: ["a" :b]\n', {"k": [{"a": "b"}]}, []),
        ('k: ["a":,b]\n', {"k": [{"a": None}, "b"]}, []),
        ('k: ["a"::b]\n', {"k": [{"a": ":b"}]}, []),
        ('k: ["a":"b", c]\n', {"k": [{"a": "b"}, "c"]}, []),
        ('k: [&x "a":b]\n', {"k": [{"a": "b"}]}, []),
        ('k: {"a":b}\n', {"k": {"a": "b"}}, []),
        # Not after a plain key: there ":b" goes on the plain scalar.
        ("k: [a:b]\n", {"k": ["a:b"]}, []),
        ("k: [:b]\n", {"k": [":b"]}, []),
    ],
)
def test_an_adjacent_value_after_a_json_like_key(
    text: str, value: Any, problems: list[tuple[str, int, str]]
) -> None:
    assert both_ways(text) == (value, problems)


def test_an_implicit_key_stays_on_one_line() -> None:
    assert both_ways('k: ["a"\n  :b]\n') == (
        None,
        [
            (
                "F103",
                10,
                "while parsing a flow sequence started at line 2, column 4: "
                "expected ',' or ']', but got '<scalar>'",
            )
        ],
    )


def test_a_pair_in_a_list_of_sources_is_the_wrong_type() -> None:
    release = VALID.replace(
        "sources:\n  - OSCE Chairpersonship\n  - OSCE Mission in Kosovo\n",
        'sources: ["OSCE Mission in Kosovo":x]\n',
    )
    found = [(d.line, d.column, d.code, d.message) for d in diagnostics(release)]
    assert found == [(6, 11, "M103", "item 1 of 'sources' must be text, not a mapping")]


# NEL (U+0085), LS (U+2028) and PS (U+2029) were line breaks in YAML 1.1. YAML
# 1.2 only breaks lines at LF and CR (production 26 and the note under it in
# section 5.4): the three are ordinary characters of a value, a key or a comment.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: b\x85c\n", {"a": "b\x85c"}),
        ("a: b\u2028c\n", {"a": "b\u2028c"}),
        ("a: b\u2029 c\n", {"a": "b\u2029 c"}),
        ("a: b \x85 c\n", {"a": "b \x85 c"}),
        ("a: \x85\n", {"a": "\x85"}),
        ("a:\x85b\n", "a:\x85b"),  # a plain scalar: ":" before a letter
        ("a\x85: b\n", {"a\x85": "b"}),
        ('a: "b\x85c"\n', {"a": "b\x85c"}),
        ("a: 'b\u2028 c'\n", {"a": "b\u2028 c"}),
        ("a: [b\u2029c, d]\n", {"a": ["b\u2029c", "d"]}),
        ("a: {b\x85: c}\n", {"a": {"b\x85": "c"}}),
        ("a: |\n  b\x85c\n", {"a": "b\x85c\n"}),
        ("a: >\n  b\u2028\n  c\n", {"a": "b\u2028 c\n"}),
        ("a: b # c\u2029d: e\n", {"a": "b"}),
        ("a: 1\x85\n", {"a": "1\x85"}),
        # The escapes still stand for them.
        ('a: "\\N\\L\\P"\n', {"a": "\x85\u2028\u2029"}),
    ],
)
def test_nel_ls_and_ps_are_not_line_breaks(text: str, value: Any) -> None:
    assert both_ways(text) == (value, [])


# '?' followed by a character that may go on in a plain scalar starts a plain
# scalar, in brackets as elsewhere (production 126); it asks for an explicit
# key only before a blank (production 142).
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("k: [?x]\n", {"k": ["?x"]}),
        ("k: {?x: y}\n", {"k": {"?x": "y"}}),
        ("k: [?x: y, ? z]\n", {"k": [{"?x": "y"}, {"z": None}]}),
        ("k: [a, ?x ?y]\n", {"k": ["a", "?x ?y"]}),
        ("k: [? x : y]\n", {"k": [{"x": "y"}]}),
        ("k: {? x}\n", {"k": {"x": None}}),
        ("k: [?]\n", {"k": [{"": None}]}),
        ("k: ?x\n", {"k": "?x"}),
    ],
)
def test_a_question_mark_before_a_letter_starts_text(text: str, value: Any) -> None:
    assert both_ways(text) == (value, [])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # YAML 1.1 took ':' in brackets for a value indicator, and NEL for a line break.
        ("%YAML 1.1\n---\nk: [:x]\n", {"k": [":x"]}),
        ("%YAML 1.1\n---\nk: b\x85c\n", {"k": "b\x85c"}),
        ("%YAML 1.2\n---\nk: [:x]\n", {"k": [":x"]}),
    ],
)
def test_a_yaml_1_1_directive_is_read_as_yaml_1_2(text: str, value: Any) -> None:
    assert both_ways(text) == (value, [])


def test_nel_does_not_count_as_a_line_in_messages() -> None:
    assert both_ways('k: a\x85b\nc: "x\n') == (
        None,
        [
            (
                "F103",
                13,
                "while scanning a quoted scalar started at line 3, column 4: "
                "found unexpected end of stream",
            )
        ],
    )


def test_a_value_with_nel_is_checked_as_written() -> None:
    release = VALID.replace("title: OSCE", "title: \x85OSCE")
    assert [d.code for d in diagnostics(release)] == []
    release = VALID.replace("  - Serbia", "  - Ser\x85bia")
    assert [d.code for d in diagnostics(release)] == ["V101"]


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Text without NEL, LS, PS and the letters that stand for them below.
ordinary = st.text(alphabet=st.sampled_from(list("ab :#-'\"[]{},&!|>?\\.01\n\t")), max_size=40)
#: Where the three go: each is replaced by a letter that YAML 1.2 reads the
#: same way (a character of no special meaning, that cannot make a number).
STAND_INS = {"\x85": "é", "\u2028": "ñ", "\u2029": "ø"}


def raw_shape(node: Node | None) -> Any:
    """What ``test_fast_path.shape`` gives, with values as they are, not as ``repr``."""
    if isinstance(node, Scalar):
        return ("Scalar", node.start, node.end, node.text, node.style, node.value)
    if isinstance(node, Sequence):
        return ("Sequence", node.start, node.end, [raw_shape(item) for item in node.items])
    if isinstance(node, Mapping):
        pairs = [(raw_shape(key), raw_shape(value)) for key, value in node.pairs]
        return ("Mapping", node.start, node.end, pairs)
    return None if node is None else (type(node).__name__, node.start, node.end)


def translated(found: Any, table: dict[int, str]) -> Any:
    """Every text in nested tuples and lists, translated."""
    if isinstance(found, str):
        return found.translate(table)
    if isinstance(found, tuple | list):
        return type(found)(translated(item, table) for item in found)
    return found


def raw_signature(tree: YamlTree) -> Any:
    problems = [(p.code, p.start, p.end, p.message) for p in tree.problems]
    return (raw_shape(tree.root), problems, sorted(tree.dropped))


@SETTINGS
@given(
    st.lists(st.tuples(ordinary, st.sampled_from(sorted(STAND_INS))), min_size=1, max_size=4).map(
        lambda pieces: "".join(text + special for text, special in pieces)
    ),
)
def test_nel_ls_and_ps_read_like_any_other_letter(text: str) -> None:
    # YAML 1.2 gives them no meaning: swapping each for a letter must give the
    # same tree, positions, findings and messages, with the letter in place.
    swapped = text.translate(str.maketrans(STAND_INS))
    back = str.maketrans({letter: special for special, letter in STAND_INS.items()})
    expected = translated(raw_signature(parse_yaml(swapped, 4, 2)), back)
    assert raw_signature(parse_yaml(text, 4, 2)) == expected
    assert raw_signature(parse_yaml(text, 4, 2, careful=True)) == expected
