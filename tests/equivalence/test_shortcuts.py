"""Each shortcut taken for speed gives what the slow way it skips would give.

The checks skip a regular expression when a quick test shows it cannot
match, read lines with one search, and keep lookup tables merged. These tests
compare every shortcut with the plain definition it stands for, on random
text rich in the characters that matter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from osce_cli.config import DEFAULT_SOURCE_GRACE_DAYS
from osce_cli.format.keys import KEY_FACETS
from osce_cli.frontmatter.document import Document, _find_closing, _next_line_start, load_document
from osce_cli.frontmatter.positions import LineIndex
from osce_cli.frontmatter.source import decode
from osce_cli.rules import b_body as body
from osce_cli.rules import d_dateline as dateline_rules
from osce_cli.rules import v_vocabulary as vocabulary_rules
from osce_cli.rules.registry import Context
from osce_cli.vocabulary import terms as vocabulary_module
from osce_cli.vocabulary.suggest import fold
from osce_cli.vocabulary.terms import Match, MatchKind, Vocabulary, load_vocabulary

SETTINGS = settings(max_examples=200, deadline=None)

#: A real release of the examples.
EXAMPLES_2007 = next((Path(__file__).resolve().parents[2] / "examples" / "2007").glob("*.md"))

#: Pieces of the patterns the shortcuts stand in for, and their neighbours.
PIECES = [
    *"-. \t\r\n`<>[]()!|%?@:/aAeEiIlLmMoOrRsStTuU0123456789+xX_ſıİ–…",
    "---",
    "...",
    "\r\n",
    "TODO",
    "FIXME",
    "lorem ipsum",
    "Lorem Ipsum",
    "LOREM IPSUM",
    "http://",
    "https://x",
    "](",
    "<!--",
    "-->",
    "[...]",
    "[…]",
    ".inf",
    ".nan",
    "0x",
    "0o",
    # Characters that send YAML to the reference parser, and neighbours
    # that share their first UTF-8 byte.
    *"&*\x00\x08\x0b\x1f\x7f\x80\x85\x9f\xa0é\u2027\u2028\u2029\ufeff\ufefe\ud7ff\ud800\udfff한",
]
#: Lines such as a front matter delimiter, and the line breaks between them.
LINES = st.lists(
    st.tuples(
        st.sampled_from(
            ["", "---", "--- ", "---\t", "...", "... \t", "----", " ---", "..", "a: b"]
        ),
        st.sampled_from(["\n", "\r\n", "\r", ""]),
    ),
    max_size=8,
).map(lambda lines: "".join(line + end for line, end in lines))
TEXT = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=20).map("".join),
    LINES,
    st.text(),
)


@SETTINGS
@given(TEXT)
def test_line_starts_are_those_of_every_line_break(text: str) -> None:
    index = LineIndex(text)
    starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    assert [index.line_start(line) for line in range(1, index.line_count + 1)] == starts


@SETTINGS
@given(TEXT)
@example("---\n---\n")
@example("---\r\n... \r\nbody")
@example("---\rtitle: x\r---")
@example("---\ntitle: x\n---\t \nbody")
@example("---\ntitle: x\n...x\n... \n")
def test_closing_line_is_the_first_delimiter_line(text: str) -> None:
    index = LineIndex(text)
    expected = next(
        (
            line
            for line in range(2, index.line_count + 1)
            if index.line_text(line).rstrip(" \t") in ("---", "...")
        ),
        None,
    )
    line_two = index.line_start(2) if index.line_count >= 2 else len(text)
    closing = _find_closing(text, line_two)
    if expected is None:
        assert closing is None
        return
    assert closing is not None
    start = closing.start() + 1
    assert start == index.line_start(expected)
    assert text[start : start + 3] == index.line_text(expected).rstrip(" \t")
    following = index.line_start(expected + 1) if expected < index.line_count else len(text)
    assert _next_line_start(text, closing.end()) == following


@SETTINGS
@given(TEXT)
@example("---\ntitle: x\n---\n\n \t\nVIENNA, 1 May 2020 – x\n")
@example("---\ntitle: x\n---\n\u2003\n")
@example("---\ntitle: x\n---")
def test_first_body_line_is_the_first_that_is_not_blank(text: str) -> None:
    document = load_document("x.md", decode(text.encode("utf-8", "surrogatepass")))
    text = document.text
    index = LineIndex(text)
    expected = None
    if document.body_start < len(text):
        first = index.position(document.body_start)[0]
        expected = next(
            (
                (index.line_start(line), index.line_text(line))
                for line in range(first, index.line_count + 1)
                if index.line_text(line).strip()
            ),
            None,
        )
    context = Context(document, lambda: load_vocabulary(None), DEFAULT_SOURCE_GRACE_DAYS)
    assert dateline_rules._first_body_line(context) == expected


@SETTINGS
@given(TEXT)
def test_masking_skips_only_texts_without_code_or_urls(text: str) -> None:
    full = body._CODE_OR_URL.sub(lambda match: " " * len(match.group()), text)
    assert body._masked(text) == full


@SETTINGS
@given(TEXT)
@example("LoReM IpSuM")
@example("the TODO list")
def test_placeholder_words_are_never_missed(text: str) -> None:
    if body._PLACEHOLDER_WORDS.search(text):
        assert body._may_have_placeholder_words(text.encode("utf-8", "surrogatepass"))


def _plain_lookup(facet_ids: tuple[str, ...], text: str) -> list[Match]:
    """`Vocabulary.lookup` as defined, facet by facet, without merged tables."""
    vocabulary = load_vocabulary()
    exact = [m for f in facet_ids for m in vocabulary._exact[f].get(text, [])]
    if exact:
        return exact
    return [
        Match(
            m.term,
            MatchKind.INEXACT,
            m.term.label if m.kind in (MatchKind.ALIAS, MatchKind.TRANSLATION) else m.form,
            m.former,
        )
        for f in facet_ids
        for m in vocabulary._folded[f].get(fold(text), [])
    ]


def test_lookup_gives_every_match_of_every_form_in_order() -> None:
    vocabulary = load_vocabulary()
    for facet_ids in KEY_FACETS.values():
        forms = {
            form
            for facet in facet_ids
            for table in (vocabulary._exact[facet], vocabulary._folded[facet])
            for form in table
        }
        for form in sorted(forms):
            for text in (form, form.upper(), form.lower(), f" {form} ", form + "x"):
                assert vocabulary.lookup(facet_ids, text) == _plain_lookup(facet_ids, text)


def test_flagged_former_names_follow_the_terms() -> None:
    vocabulary = load_vocabulary()
    facets = KEY_FACETS["states"]
    expected = [
        (term, name)
        for term in vocabulary.terms(facets)
        for name in term.former_names
        if name.flag_in_body
    ]
    assert list(vocabulary.flagged_former_names(facets)) == expected
    assert expected  # the shipped vocabulary flags some (Turkey, the former Yugoslav...)


def _forms_of(vocabulary: Vocabulary, facet_ids: tuple[str, ...]) -> list[str]:
    """Every form the facets know, and the same forms padded, recased and misspelt."""
    forms = sorted(
        {
            form
            for facet in facet_ids
            for table in (vocabulary._exact[facet], vocabulary._folded[facet])
            for form in table
        }
    )
    return [text for form in forms for text in (form, form.upper(), f" {form}", form + "x") if form]


def _release_listing(key: str, texts: list[str], day: str) -> Document:
    items = "".join(f"  - {json.dumps(text)}\n" for text in texts)
    return load_document("r.md", decode(f"---\ndate: {day}\n{key}:\n{items}---\nBody.\n".encode()))


def test_notable_values_are_those_a_full_lookup_of_every_value_gives() -> None:
    # The shortcut answers a current label or variant from remembered
    # answers; every other value is looked up in full. Both must pick the
    # same values, whatever the form and the release date.
    vocabulary = load_vocabulary()
    for key, facet_ids in KEY_FACETS.items():
        forms = _forms_of(vocabulary, facet_ids)
        # Dealt out, a form with its altered copies at a time, to releases
        # whose front matter stays under the 64 KiB that F004 allows.
        groups = [forms[start : start + 4] for start in range(0, len(forms), 4)]
        releases = -(-len(forms) // 1000)
        for first in range(releases):
            texts = [text for group in groups[first::releases] for text in group]
            _check_notable_values(vocabulary, key, facet_ids, texts)


def plain_notable_values(
    context: Context, keys: dict[str, tuple[str, ...]] = KEY_FACETS
) -> list[vocabulary_rules.Resolved]:
    """`_notable_values` as the V rules define it: every value of the keys resolved in full.

    Also what ``benchmarks/shortcuts.py`` puts in place of the shortcut.
    """
    resolved = [
        vocabulary_rules._resolve(key, facet_ids, index, node, context)
        for key, facet_ids in keys.items()
        for index, node in context.string_items(key)
    ]
    return [
        value
        for value in resolved
        if value is not None
        and not (
            value.active
            and value.match is not None
            and value.match.kind in (MatchKind.LABEL, MatchKind.VARIANT)
        )
    ]


def _check_notable_values(
    vocabulary: Vocabulary, key: str, facet_ids: tuple[str, ...], texts: list[str]
) -> None:
    for day in ("1975-08-01", "1995-01-01", "2006-06-30", "2026-11-28", "not a date"):
        context = Context(
            _release_listing(key, texts, day), lambda: vocabulary, DEFAULT_SOURCE_GRACE_DAYS
        )
        assert not context.document.problems
        expected = plain_notable_values(context, {key: facet_ids})
        assert vocabulary_rules._notable_values(context) == expected
        assert 0 < len(expected) < len(texts)  # both kinds of value were met


def test_remembered_item_identities_are_the_first_match_or_the_folded_text() -> None:
    vocabulary = load_vocabulary()
    for facet_ids in (*KEY_FACETS.values(), ()):
        for text in [*_forms_of(vocabulary, facet_ids or KEY_FACETS["states"]), " ", "Nowhere"]:
            matches = vocabulary.lookup(facet_ids, text.strip()) if facet_ids else []
            if not text.strip():
                expected = None
            elif matches:
                expected = "term:" + matches[0].term.id
            else:
                expected = "text:" + fold(text)
            assert vocabulary.item_identities[facet_ids, text] == expected
            assert vocabulary.item_identities[facet_ids, text] == expected  # remembered


def test_remembered_answers_stay_bounded() -> None:
    vocabulary = load_vocabulary()
    facets = KEY_FACETS["states"]
    for number in range(vocabulary_module._MAX_REMEMBERED + 10):
        vocabulary.plain_terms[facets, f"State {number}"]
        vocabulary.item_identities[facets, f"State {number}"]
    assert 0 < len(vocabulary.plain_terms) <= vocabulary_module._MAX_REMEMBERED
    assert 0 < len(vocabulary.item_identities) <= vocabulary_module._MAX_REMEMBERED
    assert vocabulary.plain_terms[facets, "Serbia"] is not None
