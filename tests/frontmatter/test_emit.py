"""A value written by osce reads back as its text, wherever it stands, with the least quoting."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from osce_cli.frontmatter.emit import in_style, plain_is_safe, quoted
from osce_cli.frontmatter.nodes import Mapping, Scalar, Sequence
from osce_cli.frontmatter.tree import parse_yaml

#: Where a value can stand, as ``{}`` in a front matter, and which of its
#: scalars is the value. Keys are written as themselves.
PLACES = {
    "block value": ("k: {}\n", ("k",)),
    "block item": ("k:\n  - {}\n  - z\n", ("k", 0)),
    "flow item": ("k: [a, {}, b]\n", ("k", 1)),
    "last flow item": ("k: [{}]\n", ("k", 0)),
    "flow value": ("k: {{a: {}, b: c}}\n", ("k", "a")),
    "block key": ("{}: v\nb: c\n", (None,)),
    "flow key": ("k: {{{}: v}}\n", ("k", None)),
    "key in a flow list": ("k: [{}: v]\n", ("k", 0, None)),
}
FLOW = {"flow item", "last flow item", "flow value", "flow key", "key in a flow list"}
KEYS = {"block key", "flow key", "key in a flow list"}


def read_back(front: str, path: tuple[str | int | None, ...]) -> object:
    """The value at ``path`` (``None``: the only key there) as the reference reads it."""
    tree = parse_yaml(front, careful=True)
    assert not tree.problems, tree.problems
    node = tree.root
    for step in path:
        if step is None:
            assert isinstance(node, Mapping)
            node = node.pairs[0][0]
        elif isinstance(step, int):
            assert isinstance(node, Sequence)
            node = node.items[step]
        else:
            assert isinstance(node, Mapping)
            pair = node.get(step)
            assert pair is not None
            node = pair[1]
    assert isinstance(node, Scalar)
    return node.value


#: Text with every character YAML gives a meaning to, blanks, line breaks,
#: control characters, NEL, LS, PS, the byte order mark and words that read
#: as other types.
special_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                *"-?:,[]{}#&*!|>'\"%@`\\ \t\n\r.0123456789+ex~_",
                *"\x00\x07\x1b\x7f\x85\x9f\xa0\u2028\u2029\ufeff\ufffe\u00e9",
                *["null", "true", "No", "0x1F", ".inf", "1e3", "---", "...", ": ", " #"],
            ]
        ),
        st.text(max_size=3),
    ),
    max_size=10,
).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(special_text, st.sampled_from(sorted(PLACES)), st.sampled_from([None, "'", '"']))
@example(":-", "flow key", None)  # found by Hypothesis: the reference refuses it plain
@example(":x", "flow value", None)
def test_a_written_value_reads_back_as_its_text(text: str, place: str, style: str | None) -> None:
    written = in_style(text, style, flow=place in FLOW, key=place in KEYS)
    assert written is not None
    front, path = PLACES[place]
    assert read_back(front.format(written), path) == text


@pytest.mark.parametrize(
    ("text", "block", "flow"),
    [
        # What YAML 1.2 reads as the same text stays plain.
        ("OSCE Mission in Kosovo", True, True),
        ("Kosovo, Sandjak and Vojvodina", True, False),
        ("a[b]{c}", True, False),
        ("-x", True, True),
        (":x", True, False),
        ("?x", True, False),
        ("a:b", True, True),
        ("a#b", True, True),
        ("a - b", True, True),
        ("2007-11-18", True, True),
        ("no", True, True),
        ("...x", True, True),
        ("Türkiye", True, True),
        # What it would read otherwise is quoted.
        ("", False, False),
        ("a: b", False, False),
        ("a #b", False, False),
        ("a:", False, False),
        (" a", False, False),
        ("a ", False, False),
        ("- a", False, False),
        ("[a]", False, False),
        ("'a'", False, False),
        ("&a", False, False),
        ("null", False, False),
        ("true", False, False),
        ("12", False, False),
        ("1.5", False, False),
        ("---", False, False),
        ("--- a", False, False),
        ("a\tb", False, False),
        ("a\nb", False, False),
        ("a\x85b", False, False),
        ("a\u2028b", False, False),
        ("\ufeffa", False, False),
    ],
)
def test_plain_is_kept_wherever_it_reads_the_same(text: str, block: bool, flow: bool) -> None:
    assert (plain_is_safe(text), plain_is_safe(text, flow=True)) == (block, flow)


def test_a_long_key_is_quoted() -> None:
    assert plain_is_safe("k" * 1024, key=True)
    assert not plain_is_safe("k" * 1025, key=True)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("a, b", '"a, b"'),  # a tie: double quotes
        ("it's", '"it\'s"'),
        ('say "yes"', "'say \"yes\"'"),
        ("a\\b", "'a\\b'"),
        ("a\nb\tc", '"a\\nb\\tc"'),
        ("\x85\u2028\u2029\ufeff\x07", '"\\x85\\u2028\\u2029\\ufeff\\x07"'),
    ],
)
def test_quotes_that_add_least(text: str, written: str) -> None:
    assert quoted(text) == written


@pytest.mark.parametrize(
    ("text", "style", "flow", "written"),
    [
        ("a, b", None, False, "a, b"),
        ("a, b", None, True, '"a, b"'),
        ("a, b", "'", True, "'a, b'"),
        ("it's", "'", False, "'it''s'"),
        ("a\nb", "'", False, '"a\\nb"'),  # single quotes cannot hold a line break
        ("a", '"', False, '"a"'),
        ("a", "|", False, None),
        ("a", ">", False, None),
    ],
)
def test_a_value_keeps_its_style_when_it_can(
    text: str, style: str | None, flow: bool, written: str | None
) -> None:
    assert in_style(text, style, flow=flow) == written
