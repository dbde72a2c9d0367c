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
from osce_cli.format import dateline as dateline_module
from osce_cli.format.keys import KEY_FACETS
from osce_cli.frontmatter.document import Document, _find_closing, _next_line_start, load_document
from osce_cli.frontmatter.nodes import _FLOAT, _INF, _INT_DEC, _INT_HEX, _INT_OCT, NUMBER_START
from osce_cli.frontmatter.positions import LineIndex
from osce_cli.frontmatter.source import decode
from osce_cli.frontmatter.tree import _RARE_SYNTAX, _UNUSUAL, _needs_reference_path
from osce_cli.rules import b_body as body
from osce_cli.rules import d_dateline as dateline_rules
from osce_cli.rules import v_vocabulary as vocabulary_rules
from osce_cli.rules.base import REGISTRY
from osce_cli.rules.registry import Context
from osce_cli.vocabulary import terms as vocabulary_module
from osce_cli.vocabulary.suggest import fold
from osce_cli.vocabulary.terms import Match, MatchKind, Vocabulary, load_vocabulary

SETTINGS = settings(max_examples=400, deadline=None)

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


@SETTINGS
@given(TEXT)
@example("title: caf\u00e9 \u2028")
@example("a: \ud800")
@example("k: \ud55c\ufeff")
@example("k: \u00a0 \x85")
def test_the_reference_path_is_taken_exactly_when_the_patterns_say(text: str) -> None:
    expected = bool(_UNUSUAL.search(text) or _RARE_SYNTAX.search(text))
    assert _needs_reference_path(text) is expected


@SETTINGS
@given(TEXT)
def test_numbers_start_with_a_number_character(text: str) -> None:
    patterns = (_INT_DEC, _INT_OCT, _INT_HEX, _FLOAT, _INF)
    if text and text[0] not in NUMBER_START:
        assert not any(pattern.fullmatch(text) for pattern in patterns)
        assert text not in (".nan", ".NaN", ".NAN")


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
            m.term.label if m.kind is MatchKind.ALIAS else m.form,
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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
@example("  Republic of   NORTH Macedonia ")
@example("Holy See\t\n")
def test_folding_ascii_text_takes_a_shortcut_to_the_same_result(text: str) -> None:
    from osce_cli.vocabulary.suggest import _fold_unicode

    assert fold(text) == _fold_unicode(text)


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


def _check_notable_values(
    vocabulary: Vocabulary, key: str, facet_ids: tuple[str, ...], texts: list[str]
) -> None:
    for day in ("1975-08-01", "1995-01-01", "2006-06-30", "2026-11-28", "not a date"):
        context = Context(
            _release_listing(key, texts, day), lambda: vocabulary, DEFAULT_SOURCE_GRACE_DAYS
        )
        assert not context.document.problems
        resolved = [
            vocabulary_rules._resolve(key, facet_ids, index, node, context)
            for index, node in context.string_items(key)
        ]
        expected = [
            value
            for value in resolved
            if value is not None
            and not (
                value.active
                and value.match is not None
                and value.match.kind in (MatchKind.LABEL, MatchKind.VARIANT)
            )
        ]
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


def _whole_files() -> list[str]:
    """Every example and test release, broken and hostile ones included."""
    from tests.cli.test_app import BROKEN
    from tests.conftest import EXAMPLES, VALID
    from tests.validate.test_fixes import COMMENTED

    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.rglob("*.md"))]
    texts += [VALID, BROKEN, COMMENTED, "", "no front matter\n", "---\ntitle: x\n"]
    texts += [VALID.replace("date: 2007-11-18", "date: 18 November 2007")]
    texts += [VALID.replace("type: Press release", "type: [1, 2]\nextra: 1")]
    return texts


def test_rules_the_engine_skips_have_nothing_to_say() -> None:
    # The engine does not call a rule marked `reports_reading` on a file
    # read cleanly, nor one marked `reports_shape` when the shape pass found
    # nothing under its code. Called anyway, the rule must say nothing then,
    # and otherwise exactly those findings.
    vocabulary = load_vocabulary()
    shape_rules = [rule for rule in REGISTRY if rule.reports_shape]
    reading_rules = [rule for rule in REGISTRY if rule.reports_reading]
    assert len(shape_rules) == 10 and len(reading_rules) == 12
    reported = set()
    for text in _whole_files():
        document = load_document("r.md", decode(text.encode()))
        context = Context(document, lambda: vocabulary, DEFAULT_SOURCE_GRACE_DAYS)
        for rule in shape_rules:
            found = list(rule.check(context))
            assert found == context.findings_by_code.get(rule.code, [])
            reported.update(finding.code for finding in found)
        for rule in reading_rules:
            found = list(rule.check(context))
            if not document.problems:
                assert found == []
            reported.update(finding.code for finding in found)
    assert {"M101", "M103", "F101", "F103"} <= reported  # the texts exercised both kinds


DATELINES = st.lists(
    st.sampled_from(
        [
            "VIENNA",
            "Sarajevo",
            "PRISHTINË/PRIŠTINA",
            " / ",
            "/",
            ", ",
            ",",
            " ",
            "Kyrgyzstan",
            "5",
            "18",
            "3rd",
            "October",
            "Sept.",
            "Apr",
            "2020",
            "(OSCE)",
            " – ",
            "--",
            "-",
            "—",
            "**",
            "CORRECTION: THE RELEASE BELOW. ",
            "The OSCE",
            ".",
        ]
    ),
    max_size=12,
).map("".join)


def _dateline_by_names(match: re.Match[str], form: str, base: int) -> dateline_module.Dateline:
    """What `_build` stands for: every field read by its group's name."""
    groups = match.groupdict()
    date_name = "date" if groups.get("date") is not None else "us_date"
    if groups.get(date_name) is None:
        date_name = ""

    def dated(name: str) -> str | None:
        return groups.get(("us_" if date_name == "us_date" else "") + name) if date_name else None

    places = []
    # The date alone has no places: their span is empty, where the date starts.
    places_group = "places" if "places" in groups else date_name
    position = match.start(places_group)
    for part in match["places"].split("/") if "places" in groups else ():
        start = base + position + len(part) - len(part.lstrip())
        places.append(dateline_module.Place(part.strip(), start, start + len(part.strip())))
        position += len(part) + 1
    month, day, year = dated("month"), dated("day"), dated("year")
    return dateline_module.Dateline(
        form,
        base + (match.end("notice") if match["notice"] else 0),
        base + match.end(),
        tuple(places),
        base + match.start(places_group),
        base + (match.end("places") if "places" in groups else match.start(date_name)),
        groups.get("country"),
        groups.get(date_name) if date_name else None,
        base + match.start(date_name) if date_name else None,
        base + match.end(date_name) if date_name else None,
        int(day) if day else None,
        month,
        dateline_module.month_number(month) if month else None,
        int(year) if year else None,
        match["dash"],
        match["sep"],
        bool(groups.get("tag")),
        groups.get("note"),
    )


@SETTINGS
@given(DATELINES)
@example("VIENNA, October 5, 2020 – x")
@example("CORRECTION: THE RELEASE BELOW. WARSAW, 6 July 2015 (OSCE) – x")
@example("OSH, Kyrgyzstan, 14 March 2006- x")
@example("12 June 2025, Sarajevo – x")
@example("TIRANA / BRUSSELS – 6 October 2020. x")
@example("STRASBOURG, VIENNA, WARSAW, 21 March 2011 – x")
@example("TBILISI, 26 October 2013 (Georgian and Spanish versions below.) – x")
@example("19 July 2022- x")
def test_datelines_are_built_from_group_numbers_as_from_names(line: str) -> None:
    lazies = {
        "standard": dateline_module._STANDARD,
        "date-first": dateline_module._DATE_FIRST,
        "date-after": dateline_module._DATE_AFTER,
        "place-only": dateline_module._PLACE_ONLY,
        "date-only": dateline_module._DATE_ONLY,
    }
    for form, lazy in lazies.items():
        match = lazy.get().match(line)
        if match is not None:
            built = dateline_module._build(match, form, 7, lazy.numbers)
            assert built == _dateline_by_names(match, form, 7)
