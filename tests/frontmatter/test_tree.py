"""The positioned YAML tree: YAML 1.2 values, refused tags, aliases, depth."""

from __future__ import annotations

import math

import pytest

from osce_cli.frontmatter.nodes import Mapping, Scalar, Sequence, resolve_plain, to_python
from osce_cli.frontmatter.tree import MAX_DEPTH, parse_yaml


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("~", None),
        ("null", None),
        ("true", True),
        ("False", False),
        ("no", "no"),  # YAML 1.1 would say False: Norwegian is 'no'
        ("on", "on"),
        ("yes", "yes"),
        ("2007", 2007),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("-.inf", -math.inf),
        ("2007-11-18", "2007-11-18"),  # dates stay text; the model reads them
        ("12:30", "12:30"),  # YAML 1.1 would make a sexagesimal number
        ("Pristina", "Pristina"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value


def test_nan_is_resolved() -> None:
    assert math.isnan(resolve_plain(".nan"))


def test_quoted_scalars_are_always_text() -> None:
    tree = parse_yaml("a: '2007'\nb: \"true\"\nc: 2007\n")
    assert to_python(tree.root) == {"a": "2007", "b": "true", "c": 2007}


def test_nodes_carry_file_offsets_with_base() -> None:
    text = "title: Hello\nplace:\n  - Vienna\n  - 'Warsaw'\n"
    tree = parse_yaml(text, base=4)
    assert isinstance(tree.root, Mapping)
    key, value = tree.root.pairs[1]
    assert isinstance(key, Scalar) and key.start == 4 + text.index("place")
    assert isinstance(value, Sequence)
    vienna, warsaw = value.items
    assert (vienna.start, vienna.end) == (4 + text.index("Vienna"), 4 + text.index("Vienna") + 6)
    assert isinstance(warsaw, Scalar) and warsaw.style == "'"
    assert (warsaw.start, warsaw.end) == (
        4 + text.index("'Warsaw'"),
        4 + text.index("'Warsaw'") + 8,
    )


def test_python_tags_are_refused_and_never_constructed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "constructed"
    text = (
        f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"b: !!python/name:os.system\n"
        "c: !custom value\n"
        "d: !!str 2007\n"
    )
    tree = parse_yaml(text)
    assert not marker.exists()
    assert [p.code for p in tree.problems] == ["F105", "F105", "F105"]
    assert to_python(tree.root) == {"a": None, "b": None, "c": None, "d": "2007"}
    assert len(tree.dropped) == 3


def test_aliases_are_reported_once_and_never_expanded() -> None:
    # The classic "billion laughs": nine levels of ten aliases each.
    lines = ['a0: &a0 "lol"']
    for level in range(1, 10):
        refs = ", ".join(f"*a{level - 1}" for _ in range(10))
        lines.append(f"a{level}: &a{level} [{refs}]")
    tree = parse_yaml("\n".join(lines) + "\n")
    assert [p.code for p in tree.problems] == ["F106"]
    assert "(89 more in this file)" in tree.problems[0].message
    # Nothing was multiplied: each level holds ten empty values.
    assert to_python(tree.root)["a9"] == [None] * 10


def test_nesting_is_bounded() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "x" + "]" * (MAX_DEPTH + 5) + "\nb: 1\n"
    tree = parse_yaml(text)
    assert [p.code for p in tree.problems] == ["F108"]
    assert to_python(tree.root)["b"] == 1


def test_very_deep_nesting_does_not_exhaust_the_stack() -> None:
    depth = 50_000
    tree = parse_yaml("a: " + "[" * depth + "]" * depth + "\n")
    assert {p.code for p in tree.problems} <= {"F108", "F103"}
    assert tree.problems


def test_duplicate_keys_keep_the_first_value() -> None:
    tree = parse_yaml("title: First\ntitle: Second\n")
    assert [p.code for p in tree.problems] == ["F104"]
    assert tree.problems[0].start == len("title: First\n")
    assert to_python(tree.root) == {"title": "First"}


def test_syntax_error_position_is_the_parsers() -> None:
    text = "title: Vienna: OSCE opens conference\n"
    tree = parse_yaml(text, base=4)
    assert tree.root is None
    (problem,) = tree.problems
    assert problem.code == "F103"
    assert problem.start == 4 + text.index(": OSCE")
    assert problem.message == "mapping values are not allowed here"


def test_control_characters_are_a_syntax_error() -> None:
    tree = parse_yaml("title: a\x07b\n")
    assert [p.code for p in tree.problems] == ["F103"]
    assert tree.problems[0].start == 8
    assert "U+0007" in tree.problems[0].message


def test_complex_keys_are_reported() -> None:
    tree = parse_yaml("? [a, b]\n: value\n")
    assert [p.code for p in tree.problems] == ["M103"]
