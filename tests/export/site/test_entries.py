"""What a listing shows of a release without a summary: its first sentence."""

from __future__ import annotations

import pytest

from osce_cli.export.site.entries import TEASER_LENGTH, first_sentence


@pytest.mark.parametrize(
    ("markdown", "teaser"),
    [
        ("The vote was calm. Counting went on late.", "The vote was calm."),
        ("Was it calm? Observers said so.", "Was it calm?"),
        ("It was calm! Observers said so.", "It was calm!"),
        # A full stop after an abbreviation or an initial does not end a sentence.
        ("Amb. Smith met Mr. Jones today. Both spoke.", "Amb. Smith met Mr. Jones today."),
        ("J. Smith spoke in Vienna. Others listened.", "J. Smith spoke in Vienna."),
        # Only a capital after the space starts a new sentence.
        ("Turnout was 52.3 per cent. No incidents.", "Turnout was 52.3 per cent."),
        (
            "The count ended at 5 p.m. on Sunday. Results follow.",
            "The count ended at 5 p.m. on Sunday.",
        ),
        ("Выборы прошли спокойно. Подсчёт продолжался.", "Выборы прошли спокойно."),
        # No end within the paragraph: all of it; the second paragraph is not read.
        ("One sentence without an end\n\nA second paragraph.", "One sentence without an end"),
        ("Ends at the very end.", "Ends at the very end."),
        ("**Bold** and *emphasis* here. Then more.", "Bold and emphasis here."),
        # A link or an image is its text, without its address.
        (
            "The [ODIHR](https://www.osce.org/odihr) report is out. Read it.",
            "The ODIHR report is out.",
        ),
        ("A map: ![the region](map.png) shows it. More.", "A map: the region shows it."),
    ],
)
def test_the_first_sentence_of_the_first_paragraph(markdown: str, teaser: str) -> None:
    assert first_sentence(markdown) == teaser


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    sentence = "word " * 100
    teaser = first_sentence(sentence)
    assert teaser.endswith(" …")
    assert len(teaser) <= TEASER_LENGTH + 2
    assert teaser[:-2].split() == ["word"] * len(teaser[:-2].split())


def test_many_full_stops_take_linear_time() -> None:
    # Every ". x" is a candidate end; each is looked at once, its word alone.
    text = "a. " * 50_000 + "End."
    assert first_sentence(text).startswith("a. a.")
