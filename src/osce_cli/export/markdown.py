"""The release body as CommonMark, parsed once, safe to publish.

Raw HTML in a body is not passed through (it is shown as text), and links
or images to anything but web, mail and relative addresses are not made
links at all (``javascript:``, ``data:``, ``vbscript:``, ``file:``...).

Most bodies are nothing but paragraphs of plain text. For those, the HTML
is written directly (see :func:`_plain_paragraphs`); everything else goes
to markdown-it. Kept because it buys more than a tenth of an HTML export
of 1,000 releases; ``tests/equivalence/test_markdown.py`` holds it equal to
markdown-it on generated text rich in Markdown's characters.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
#: A character that might make a body more than paragraphs of plain text:
#: one that opens inline markup (emphasis, code, links, images, autolinks,
#: entities, escapes) or is special to HTML, NUL, or white space other than
#: spaces and line breaks (tabs indent; the other kinds are trimmed or split
#: on). The white space is spelt out, as what ``str.isspace`` accepts (a
#: test holds it to that), so that the search is for one class of
#: characters: several alternatives would be tried at every character.
_MARKUP_CHARACTER = re.compile(
    "[\\\\`*_\\[\\]<>&!|~\x00"
    "\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
#: What opens a block at the start of a line: indentation (code), list
#: markers and digits (ordered lists), headings, block quotes, rules and
#: setext underlines.
_BLOCK_OPENERS = " 0123456789#=+>-"
_BLOCK_START = re.compile(f"\\n[{re.escape(_BLOCK_OPENERS)}]")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def is_safe_url(url: str) -> bool:
    """Web, mail and telephone addresses, and relative ones."""
    compact = _INVISIBLE.sub("", url).lower()
    # Entities and escapes could hide a scheme: judge what a browser would see.
    compact = compact.replace("&#", "").replace("\\", "")
    scheme = _SCHEME.match(compact)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES


@functools.cache
def parser() -> MarkdownIt:
    """The parser of every body, configured once per process."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    # With "html" off these two rules match nothing, yet they were tried at
    # every line and every "<". Without them, the output
    # is the same: a test compares it with a parser that keeps them.
    md.disable(["html_block", "html_inline"])
    return md


def tokens(markdown: str) -> list[Token]:
    return parser().parse(markdown)


def to_html(markdown: str) -> str:
    plain = _plain_paragraphs(markdown)
    if plain is not None:
        return plain
    html: str = parser().render(markdown)
    return html


def _plain_paragraphs(markdown: str) -> str | None:
    """The HTML markdown-it makes of paragraphs of plain text; None for anything else.

    With nothing that could be markup (see ``_MARKUP_CHARACTER`` and
    ``_BLOCK_OPENERS``), CommonMark reads blank lines as paragraph breaks
    and every other line break as a soft break, which markdown-it writes as
    a line break; the text is escaped, and of the characters HTML escapes
    only the double quote can be left.
    """
    if (
        _MARKUP_CHARACTER.search(markdown)
        or _BLOCK_START.search(markdown)
        or markdown[:1] in _BLOCK_OPENERS  # so is "": an empty body goes to markdown-it
        or " \n" in markdown  # a space at the end of a line: a hard break
        or markdown.endswith(" ")
    ):
        return None
    # Split with str.split, quicker than a pattern: a run
    # of three or more line breaks leaves line breaks at the ends of a piece.
    paragraphs = [
        stripped
        for piece in markdown.replace('"', "&quot;").split("\n\n")
        if (stripped := piece.strip("\n"))
    ]
    return "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
