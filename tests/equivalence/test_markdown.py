"""The shortcuts of the Markdown path render what markdown-it renders.

``export/markdown.py`` writes bodies of plain paragraphs without markdown-it
and the sanitizer, and ``export/plaintext.py`` their text without markdown-it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO

#: Markdown's special characters, white space of every kind, and plain letters.
_MARKDOWN_PIECES = [
    *"\\`*_[]<>&!|~#=+->.):\"' \n\t\r\x00\xa0\u2028\x1c0123456789aZé–“”",
    "\n\n",
    "  \n",
    "1. ",
    "- ",
    "***",
    "===",
    "&amp;",
    "&#",
    "<http://x.org>",
    "[a](b)",
    "    code",
    "plain words",
]


#: Mostly what plain paragraphs are made of, with a little of the rest.
_PLAIN_PIECES = [
    *"abc XYZ.,;:'\"()?%$@^{}/é–“”0123456789-=+#>",
    "\n",
    "\n\n",
    "\n\n\n",
    " \n",
    "\n ",
    "word",
    "OSCE",
    "2007.",
    "1)",
    "http://osce.org",
]


@settings(max_examples=700, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=30),
        st.lists(st.sampled_from(_PLAIN_PIECES), max_size=40),
    ).map("".join)
)
@example('He said: "peace".\n\nA second paragraph\nwith a soft break.')
@example("one\n\n\n\ntwo\n")
@example("")
@example("\n")
def test_plain_paragraphs_are_written_as_markdown_it_writes_them(text: str) -> None:
    from osce_cli.export.markdown import _plain_paragraphs, rendered

    plain = _plain_paragraphs(text)
    if plain is not None:
        assert plain == rendered(text)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=30),
        st.lists(st.sampled_from(_PLAIN_PIECES), max_size=60),
    ).map("".join),
    st.sampled_from([None, 72, 12]),
)
@example("A first sentence. A second\none, softly broken.\n\nAnother paragraph.", 20)
@example("http://osce.org/a/very/long/address/that/is/not/broken " * 3, 30)
@example("one\n\n\n\ntwo\n", None)
def test_plain_paragraphs_are_the_text_markdown_it_gives(text: str, width: int | None) -> None:
    from osce_cli.export.markdown import plain_paragraphs
    from osce_cli.export.plaintext import render, rendered

    if plain_paragraphs(text) is not None:
        assert render(text, width) == rendered(text, width)


def test_the_white_space_that_may_be_markup_is_all_but_spaces_and_line_breaks() -> None:
    from osce_cli.export.markdown import _MARKUP_CHARACTER

    odd = {chr(code) for code in range(0x110000) if chr(code).isspace()} - {" ", "\n"}
    found = {space for space in odd if _MARKUP_CHARACTER.fullmatch(space)}
    assert found == odd
    assert _MARKUP_CHARACTER.search("plain words, “quoted” – 2007.\n\nMore.") is None


def test_bodies_of_plain_paragraphs_take_the_shortcut(tmp_path: Path) -> None:
    # Else the comparison above would hold for want of anything to compare.
    from osce_cli.export.markdown import _plain_paragraphs

    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus.py"), str(tmp_path), "--count", "50"],
        check=True,
        capture_output=True,
    )
    leads = [
        path.read_text("utf-8").partition("\n---\n")[2].partition(" – ")[2].lstrip()
        for path in tmp_path.rglob("*.md")
    ]
    assert len(leads) == 50
    assert all(_plain_paragraphs(lead) is not None for lead in leads)
    assert _plain_paragraphs("Text with *emphasis*.") is None
    assert _plain_paragraphs("- a list item") is None
