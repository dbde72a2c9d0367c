"""The line reader gives libyaml's tree and ruamel.yaml's, or steps aside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_cli.frontmatter import lines as yamllines
from osce_cli.frontmatter import tree as yamltree
from osce_cli.frontmatter.lines import read_common_layout
from osce_cli.frontmatter.nodes import YamlTree, to_python
from osce_cli.frontmatter.tree import parse_yaml
from tests.conftest import EXAMPLES, REPO, VALID
from tests.equivalence.test_readers import corpus, general_builder_tree, signature

BASE = 4


def front_matter(release: str) -> str:
    """The front matter of a release as `load_document` cuts it: up to the closing line."""
    return release.split("---\n", 2)[1]


def read_cold_and_warm(text: str) -> YamlTree | None:
    """The line reader's tree, the same whether it knows the text's lines or not."""
    yamllines._KNOWN_LINES.clear()
    cold = read_common_layout(text, BASE)
    warm = read_common_layout(text, BASE)  # every line known now
    assert (cold is None) is (warm is None)
    if cold is not None and warm is not None:
        assert signature(cold) == signature(warm)
        assert repr(cold.values()) == repr(warm.values())
    return warm


def assert_agrees(text: str) -> bool:
    """Where the line reader reads ``text``, its tree is libyaml's and ruamel.yaml's."""
    lines = read_cold_and_warm(text)
    if lines is None:
        return False
    general = general_builder_tree(text)
    assert general is not None, "libyaml refuses what the line reader read"
    assert signature(lines) == signature(general)
    assert repr(lines.values()) == repr(to_python(general.root))
    reference = parse_yaml(text, BASE, 2, careful=True)
    assert signature(lines) == signature(reference)
    return True


def test_release_front_matter_is_read_line_by_line() -> None:
    assert assert_agrees(front_matter(VALID))


def test_every_example_agrees_or_steps_aside() -> None:
    texts = [front_matter(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.rglob("*.md"))]
    read = [assert_agrees(text) for text in texts]
    assert sum(read) >= len(read) // 2  # the examples are mostly in the common layout


def test_the_fast_path_corpus_agrees_or_steps_aside() -> None:
    taken = [assert_agrees(text) for text in corpus()]
    assert any(taken) and not all(taken)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        # Positions as libyaml gives them: a sequence and an empty value end
        # where the next key starts, past blank lines and comments; the
        # mapping ends where the text ends.
        (
            "a:\n\n# c\nb: 1\n",
            (
                "Mapping", 4, 17,
                [
                    (("Scalar", 4, 5, "a", None, "'a'"), ("Scalar", 12, 12, "", None, "None")),
                    (("Scalar", 12, 13, "b", None, "'b'"), ("Scalar", 15, 16, "1", None, "1")),
                ],
            ),
        ),
        (
            "k:\n  - x  # c\n  - 'it''s'\n# end\n",
            (
                "Mapping", 4, 36,
                [
                    (
                        ("Scalar", 4, 5, "k", None, "'k'"),
                        (
                            "Sequence", 9, 36,
                            [
                                ("Scalar", 11, 12, "x", None, "'x'"),
                                ("Scalar", 22, 29, "it's", "'", '"it\'s"'),
                            ],
                        ),
                    ),
                ],
            ),
        ),
        (
            'k: [ x ,"y",]  # c\n',
            (
                "Mapping", 4, 23,
                [
                    (
                        ("Scalar", 4, 5, "k", None, "'k'"),
                        (
                            "Sequence", 7, 17,
                            [
                                ("Scalar", 9, 10, "x", None, "'x'"),
                                ("Scalar", 12, 15, "y", '"', "'y'"),
                            ],
                        ),
                    ),
                ],
            ),
        ),
        (
            'null: "a: #b"\ntrue: no\n',
            (
                "Mapping", 4, 27,
                [
                    (
                        ("Scalar", 4, 8, "null", None, "None"),
                        ("Scalar", 10, 17, "a: #b", '"', "'a: #b'"),
                    ),
                    (
                        ("Scalar", 18, 22, "true", None, "True"),
                        ("Scalar", 24, 26, "no", None, "'no'"),
                    ),
                ],
            ),
        ),
    ],
)  # fmt: skip
def test_positions_styles_and_values(text: str, shape: object) -> None:
    tree = read_common_layout(text, BASE)
    assert tree is not None
    assert signature(tree)[0] == shape
    assert assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "",  # no key at all
        "# only a comment\n",
        "a: b",  # no line break at the end
        "a: b\r\n",
        "a:\tb\n",
        "a: b: c\n",
        "a: b\n  c\n",  # a continued plain scalar
        "a:\n  - b\n    c\n",
        "a:\n  b: c\n",  # nesting
        "a:\n  - b\n  -  c\n",  # items written differently
        "a:\n  - b\n - c\n",
        "a:\n  - - b\n",
        "- a\n",  # a sequence at the top
        "a: b\n- c\n",
        "a: 1\na: 2\n",  # a duplicate key
        "a:\n- b\na:\n",
        "a: {b: c}\n",  # flow mappings, and lists beyond the plain ones
        "a: [b, [c]]\n",
        "a: [b\n",
        "a: [b,\n  c]\n",
        "a: [b: c]\n",
        "a: [b:c]\n",
        "a: [b #c]\n",
        "a: [,]\n",
        "a: [b,,c]\n",
        "a: [b,,]\n",  # one trailing comma is allowed, not two
        "a: [b, ,]\n",
        "a: [b]c\n",
        "a: [b]#c\n",
        "a: [-b]\n",
        "a:\n  - [b]\n",
        "a: |\n  b\n",
        "a: >\n  b\n",
        'a: "b\\n"\n',  # escapes
        "a: 'b\n  c'\n",
        "a: -1\n",  # values starting with an indicator
        "a: ?b\n",
        "a: :b\n",
        "a: &x b\n",
        "a: *x\n",
        "a: !!str b\n",
        "a: %b\n",
        "a: @b\n",
        "a: `b`\n",
        "a: b :c\n",
        "a: b::c\n",
        "a: b:\n",
        'a: "b"c\n',
        'a: "b"#c\n',
        "a :b\n",
        "a:b\n",
        "---\na: b\n",
        "a: b\n...\n",
        "%YAML 1.2\n---\na: b\n",
        "a: b\u2028c\n",
        "a: b\x85c\n",
        "a: \ufeffb\n",
        "a: b\ufffe\n",
        "a: b # c\u2029d\n",
        'a: ["b":c]\n',
        "a: [[b]:c]\n",
        "título: b\n",
        "k" * 129 + ": v\n",
    ],
)
def test_anything_else_is_left_to_the_parsers(text: str) -> None:
    assert read_cold_and_warm(text) is None
    # ... and the parsers agree with each other on it, as elsewhere.
    assert signature(parse_yaml(text, BASE, 2)) == signature(
        parse_yaml(text, BASE, 2, careful=True)
    )


def test_pyyaml_is_not_needed_for_the_common_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_libyaml(text: str, base: int) -> None:
        raise AssertionError("libyaml was asked")

    monkeypatch.setattr(yamltree, "_parse_with_libyaml", no_libyaml)
    tree = parse_yaml(front_matter(VALID), BASE, 2)
    assert tree.values()["sources"] == ["OSCE Chairpersonship", "OSCE Mission in Kosovo"]


def test_a_hook_run_on_a_release_in_the_common_layout_imports_no_yaml_library(
    tmp_path: Path,
) -> None:
    # PyYAML's import alone is about a fifth of a pre-commit run on one file.
    (tmp_path / "r.md").write_text(VALID, encoding="utf-8")
    probe = (
        "import sys\n"
        "from osce_cli.__main__ import main\n"
        "code = main(['validate', '--no-cache', 'r.md'])\n"
        "loaded = ('yaml', 'ruamel', 'osce_cli.rules.registry')\n"
        "print(code, sorted(m for m in loaded if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.stdout.splitlines()[-1] == "0 ['osce_cli.rules.registry']", run.stdout + run.stderr


def test_the_benchmark_corpus_is_read_line_by_line(tmp_path: Path) -> None:
    # What the benchmarks time is this reader.
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus.py"), str(tmp_path), "--count", "200"],
        check=True,
        capture_output=True,
    )
    texts = [front_matter(path.read_text("utf-8")) for path in tmp_path.rglob("*.md")]
    read = [assert_agrees(text) for text in texts]
    assert len(read) == 200
    assert all(read)
    assert any("[" in text for text in texts)  # joint statements list their places


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

keys = st.sampled_from(
    ["title", "date", "a", "b", "null", "True", "no", "a-b", "_x", "x1", "1x", "~", "a b", "-a"]
)
#: Value text from YAML's indicators, blanks of every kind, digits and words.
value_text = st.lists(
    st.sampled_from(
        [
            *"ab :#-'\"[]{},&*!|>%@`?\\.01+e~_\u00a0\u00e9\u3000\u2028\u2029\t\r\x85",
            *["null", "true", "0x1F", "0o7", ".inf", "1e3", "2007-11-18", "''", "a: b", " #"],
        ]
    ),
    max_size=8,
).map("".join)
values = st.builds(
    lambda before, text, after: before + text + after,
    st.sampled_from(["", " ", "  "]),
    value_text,
    st.sampled_from(["", " ", " # c", "  #: c", "#c"]),
)
lines = st.one_of(
    st.builds(lambda key, value: f"{key}:{value}", keys, values),
    st.builds(lambda key: f"{key}:", keys),
    st.builds(lambda key, inside: f"{key}: [{inside}]", keys, st.lists(values).map(",".join)),
    # Pairs in brackets: implicit keys, JSON-like ones with an adjacent value.
    st.builds(
        lambda key, pair_key, colon, value: f"{key}: [{pair_key}{colon}{value}]",
        keys,
        st.sampled_from(["a", "'a'", '"a b"', "[a]", "{}", "{a: b}", "\x85"]),
        st.sampled_from([":", ": ", " :"]),
        values,
    ),
    st.builds(lambda indent, value: " " * indent + "-" + value, st.integers(0, 3), values),
    st.builds(
        lambda indent, comment: " " * indent + comment,
        st.integers(0, 3),
        st.sampled_from(["", "# c", "#", "# a: b", "#\u00e9"]),
    ),
)
documents = st.lists(lines, max_size=8).map(lambda found: "".join(f"{line}\n" for line in found))


@SETTINGS
@given(documents)
def test_random_line_layouts_agree_or_step_aside(text: str) -> None:
    assert_agrees(text)


#: Documents in the common layout by construction, with values quoted and
#: plain, so that most of them are read, not left aside.
common_values = st.one_of(
    st.text(
        alphabet=st.sampled_from(list("aZ09 .,:#-'\"()\u00e9\u00a0/")), min_size=1, max_size=10
    ),
    st.sampled_from(["2007-11-18", "12", "1.5", "null", "true", "no", "-", "+1", ".5", "0o17"]),
).map(lambda text: text.strip() or "x")
quoted_values = common_values.flatmap(
    lambda text: st.sampled_from(
        [text, "'" + text.replace("'", "''") + "'", '"' + text.replace('"', "") + '"']
    )
)
common_documents = st.lists(
    st.tuples(
        st.sampled_from(["title", "date", "place", "sources", "null", "x1"]),
        st.one_of(
            quoted_values.map(lambda value: f" {value}"),
            st.lists(quoted_values, max_size=3).flatmap(
                lambda items: st.sampled_from([", ", ",", " , "]).map(
                    lambda comma: " [" + comma.join(items) + "]"
                )
            ),
            st.lists(quoted_values, max_size=3).flatmap(
                lambda items: st.sampled_from(["", "  ", " "]).map(
                    lambda indent: "".join(f"\n{indent}- {item}" for item in items)
                )
            ),
        ),
        st.sampled_from(["", "\n", "\n# c", "  # c"]),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda entry: entry[0],
).map(lambda entries: "".join(f"{key}:{value}{after}\n" for key, value, after in entries))


@SETTINGS
@given(common_documents)
def test_common_layouts_agree(text: str) -> None:
    assert_agrees(text)


def test_common_layouts_are_mostly_read() -> None:
    # Else the comparison above would hold for want of anything to compare.
    samples: list[str] = []

    @settings(max_examples=200, database=None)
    @given(common_documents)
    def collect(text: str) -> None:
        samples.append(text)

    collect()
    read = sum(read_common_layout(text, BASE) is not None for text in samples)
    assert read > len(samples) // 2


def test_lines_known_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Titles and dates never recur: they must not grow the table forever.
    monkeypatch.setattr(yamllines, "_MAX_KNOWN_LINES", 50)
    yamllines._KNOWN_LINES.clear()
    for number in range(200):
        tree = read_common_layout(f"title: Release {number}\nplace: Vienna\n", BASE)
        assert tree is not None and tree.values()["title"] == f"Release {number}"
        assert len(yamllines._KNOWN_LINES) <= 50
    assert "place: Vienna" in yamllines._KNOWN_LINES
