"""libyaml (fast) and ruamel.yaml (reference) give the same trees and the same diagnostics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_cli.frontmatter import document as document_module
from osce_cli.frontmatter.nodes import Alias, Mapping, Node, Scalar, Sequence, YamlTree
from osce_cli.frontmatter.tree import parse_yaml
from tests.cli.test_app import BROKEN
from tests.conftest import EXAMPLES, VALID, diagnostics
from tests.export.test_export import HOSTILE_BODIES, HOSTILE_TITLES
from tests.validate.test_fixes import COMMENTED


def shape(node: Node | None) -> Any:
    """Everything a tree says, positions included, as plain values."""
    if node is None:
        return None
    span = (type(node).__name__, node.start, node.end)
    if isinstance(node, Scalar):
        return (*span, node.text, node.style, repr(node.value))
    if isinstance(node, Alias):
        return span
    if isinstance(node, Sequence):
        return (*span, [shape(item) for item in node.items])
    assert isinstance(node, Mapping)
    return (*span, [(shape(key), shape(value)) for key, value in node.pairs])


def signature(tree: YamlTree) -> Any:
    return (
        shape(tree.root),
        [(p.code, p.start, p.end, p.message) for p in tree.problems],
        sorted(tree.dropped),
    )


def assert_same(text: str) -> None:
    assert signature(parse_yaml(text, 4, 2)) == signature(parse_yaml(text, 4, 2, careful=True))


def corpus() -> Iterator[str]:
    """Front matters of every example, broken ones and hostile ones included."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.md"))]
    texts += [VALID, BROKEN, COMMENTED]
    texts += [VALID.replace("title: OSCE", f"title: {title!r} OSCE") for title in HOSTILE_TITLES]
    for text in texts:
        yield text.split("---", 2)[1] if text.count("---") >= 2 else text
    yield from HOSTILE_BODIES
    yield from [
        "a: !!python/object/apply:os.system [ls]\n",
        "a: &x 1\nb: *x\n",
        "a: b: c\n",
        "a: 'unclosed\n",
        "a: [1, 2\n",
        "? [a]\n: b\n",
        "a: 1\na: 2\n",
        "- a\n- b\n",
        "a: \t1\n",
        "a: |\n  text\n  more\n",
        "a: >-\n  folded\n",
        "%YAML 1.2\n---\na: 1\n",
        'a: "\\/ slash"\n',
        'a: "\\x41 \\u00e9 \\U0001F600"\n',
        "a: 0o17\nb: 0x1F\nc: .inf\n",
        "a: yes\nb: no\nc: on\nd: 012\ne: 1_000\n",
        "a: 2007-11-18T10:00:00+01:00\n",
        "a:\n  - b:\n      c: d\n",
        "a: {b: [c, {d: e}]}\n",
        "...\n",
        "a: 1\n...\nb: 2\n",
        "a: 1\n---\nb: 2\n",
        "\ufeffa: 1\n",
        "a: b\u2028c\n",
        "a: b\x85c\n",
        "a: \x07\n",
        "- - - x\n",
        "a: !str x\n",
        "a: ! x\n",
        "a: !!str\n",
        "a: !!binary aGk=\n",
        "a:\n- 1\n- 2\n",
        "a: 'it''s'\n",
        "[a, b]: c\n",
        "a: @x\n",
        "a: `x`\n",
        "a: %x\n",
        "a: -\n",
        "a: - b\n",
        "a: b #c\n",
        "a: b#c\n",
        "a:b\n",
        "a: \n",
        ": a\n",
        "\n\n",
        # A JSON-like key in a flow sequence takes a value without a space.
        'sources: ["OSCE Mission in Kosovo":x]\n',
        "k: ['b':c]\n",
        "k: [[b]:c]\n",
        "k: [{}:]\n",
        'k: [&x "a":b, "c" :d, "e"::f]\n',
        "k: ['a' :#c\n, x, [b]:#d\n]\n",
        # NEL, LS and PS are no line breaks in YAML 1.2.
        "a: b\x85c\u2028d\u2029 e\n",
        "a: |\n  b\x85c\n",
        "a: b # c\u2029d: e\n",
    ]


@pytest.mark.parametrize("text", list(corpus()))
def test_corpus_parses_the_same_both_ways(text: str) -> None:
    assert_same(text)


def whole_files() -> list[bytes]:
    files = [p.read_bytes() for p in sorted(EXAMPLES.rglob("*.md"))]
    files += [VALID.encode(), BROKEN.encode(), COMMENTED.encode()]
    return files


def test_diagnostics_are_identical_on_the_whole_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [
        [(d.line, d.column, d.code, d.message) for d in diagnostics(data)] for data in whole_files()
    ]

    def careful(text: str, base: int = 0, first_line: int = 1, **_: object) -> YamlTree:
        return parse_yaml(text, base, first_line, careful=True)

    monkeypatch.setattr(document_module, "parse_yaml", careful)
    reference = [
        [(d.line, d.column, d.code, d.message) for d in diagnostics(data)] for data in whole_files()
    ]
    assert fast == reference
    assert any(fast)  # the corpus has findings to compare, not only clean files


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
yaml_ish = st.text(
    alphabet=st.sampled_from(list("ab: -[]{},'\"#&*!|>?%@`\n\t\\.0123\u00e9\x85\u2028\u2029")),
    max_size=60,
)
# Without the characters that always take the reference path, so that the fast
# path itself is what gets compared.
yaml_fast = st.text(
    alphabet=st.sampled_from(list("ab: -[]{},'\"#!|>?%@`\n\\.0\u00e9")), max_size=40
)


@SETTINGS
@given(st.text(max_size=80))
def test_random_text_parses_the_same_both_ways(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(yaml_ish)
def test_random_yaml_punctuation_parses_the_same_both_ways(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(yaml_fast)
def test_random_text_on_the_fast_path_parses_the_same_both_ways(text: str) -> None:
    assert_same(text)


#: Scalars for flow collections: plain, quoted, empty, with indicators, with
#: NEL, LS and PS, with properties.
flow_scalars = st.sampled_from(
    [
        *["a", "b c", "1", "null", "a:b", ":a", "-a", "?a", "a#b", "\u00e9", "a\x85b", "\u2028"],
        *["'x'", "'x:y'", "''", '"y"', '"\\N"', '""', "\u2029 c", "&n a", "!!str b", "*n"],
    ]
)
#: Flow collections with every kind of entry: nodes, implicit keys (plain and
#: JSON-like, with and without a space after ':'), explicit keys, empty keys
#: and values, and mappings inside sequences.
flow_nodes = st.recursive(
    flow_scalars,
    lambda inner: st.one_of(
        st.builds(
            lambda key, colon, value: f"{key}{colon}{value}",
            inner,
            st.sampled_from([":", ": ", " : ", " :", ":\n  ", " :#c\n  "]),
            st.one_of(inner, st.just("")),
        ).flatmap(lambda pair: st.sampled_from([f"[{pair}]", f"{{{pair}}}", f"? {pair}", pair])),
        st.lists(inner, max_size=3).flatmap(
            lambda entries: st.sampled_from([", ", ",", " , ", ",\n  "]).map(
                lambda comma: "[" + comma.join(entries) + "]"
            )
        ),
        st.lists(inner, max_size=3).map(lambda entries: "{" + ", ".join(entries) + "}"),
    ),
    max_leaves=6,
)
flow_documents = st.builds(
    lambda lead, node, after: f"{lead}{node}{after}",
    st.sampled_from(["k: ", "- ", "", "k:\n  - ", "? "]),
    flow_nodes,
    st.sampled_from(["\n", " # c\n", "\nb: c\n", "\u2028\n"]),
)


@SETTINGS
@given(flow_documents)
def test_random_flow_collections_parse_the_same_both_ways(text: str) -> None:
    assert_same(text)


def test_plain_front_matter_takes_the_fast_path() -> None:
    from osce_cli.frontmatter.tree import _RARE_SYNTAX, _UNUSUAL

    front_matter = VALID.split("---")[1]
    assert not _UNUSUAL.search(front_matter) and not _RARE_SYNTAX.search(front_matter)


values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(max_size=15), st.floats(allow_nan=False)
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


#: YAML documents as PyYAML writes them, in every flow and quoting style.
dumped_documents = st.builds(
    lambda value, flow, style: yaml.safe_dump(
        value, default_flow_style=flow, default_style=style, allow_unicode=True
    ),
    values,
    st.sampled_from([None, True, False]),
    st.sampled_from(["'", '"', None]),
)


@SETTINGS
@given(dumped_documents)
def test_random_documents_parse_the_same_both_ways(text: str) -> None:
    assert_same(text)


def test_documents_are_parsed_through_the_function_under_test() -> None:
    # The diagnostics comparison replaces this name; it must be the one in use.
    assert document_module.parse_yaml is parse_yaml


def general_builder_tree(text: str) -> YamlTree | None:
    """What the general event builder makes of libyaml's events (None: libyaml refuses)."""
    from yaml.cyaml import CParser

    from osce_cli.frontmatter.tree import _Builder

    builder = _Builder(4, text)
    try:
        builder.feed(iter(CParser(text).get_event, None))
    except yaml.YAMLError:
        return None
    return YamlTree(builder.root, builder.problems, frozenset(builder.dropped))
