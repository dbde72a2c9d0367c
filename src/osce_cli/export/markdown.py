"""The release body as CommonMark, parsed once, safe to publish.

Raw HTML in a body is kept as far as it is safe: the HTML markdown-it writes
goes through nh3 (the bindings of the Rust sanitizer ammonia), which keeps
the elements and attributes of :data:`TAGS` and :data:`ATTRIBUTES`, drops
every other tag, and drops ``<script>``, ``<style>`` and the other elements
of :data:`DROPPED_WITH_CONTENT` with what they hold. Links and images, from
Markdown or from raw HTML, keep only web, mail, telephone and relative
addresses (:data:`SAFE_SCHEMES`): a Markdown link to anything else
(``javascript:``, ``data:``, ``vbscript:``, ``file:``...) is not made a link
at all, and such an ``href`` or ``src`` in raw HTML is dropped. E-mail
addresses in the text are linked (``mailto:``), except in code and inside
links. An image written without ``alt`` gets an empty one, as a decorative
image has: HTML requires the attribute, and the sanitizer can only set a
value on every image, which would overwrite the text an author wrote.

Most bodies are nothing but paragraphs of plain text. For those, the HTML
is written directly (see :func:`plain_paragraphs`); everything else goes
to markdown-it and the sanitizer. Kept because it buys more than a tenth of
an HTML export of 1,000 releases; the plain text export (and a site
listing's first sentence) takes the same way. ``tests/equivalence/test_markdown.py``
holds both equal to the full path on generated text rich in Markdown's
characters.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from nh3 import Cleaner

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: What a body's raw HTML may use: text-level and structural elements a
#: press release needs (tables, footnote marks, abbreviations...), none of
#: them obsolete in HTML5, none that loads or runs anything but an image.
TAGS = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em"),
        *("i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub"),
        *("sup", "time", "u", "var", "wbr", "img"),
        *("p", "div", "blockquote", "pre", "hr", "ul", "ol", "li", "dl", "dt", "dd"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "details", "summary"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
    }
)
#: Attributes kept, by element ("*": on every element). No ``style``, no
#: event handlers, no ``id`` or ``class`` (they would meet the page's own),
#: no ``cite`` (an address the sanitizer would not check).
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope", "abbr"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "details": {"open"},
}
#: Elements dropped with everything in them: what runs, styles, embeds or
#: holds another language, whose text would make no sense on the page.
DROPPED_WITH_CONTENT = frozenset(
    {
        *("script", "style", "template", "noscript", "iframe", "frame", "frameset"),
        *("object", "applet", "svg", "math", "title", "textarea", "select", "xmp"),
        *("noembed", "noframes", "head"),
    }
)
#: Top-level domains an e-mail address in the text may end with, besides
#: the country codes and the common ones linkify-it knows: ``int`` is the
#: domain of intergovernmental organizations.
EXTRA_EMAIL_DOMAINS = ("int",)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
#: A character that might make a body more than paragraphs of plain text:
#: one that opens inline markup (emphasis, code, links, images, autolinks,
#: entities, escapes, raw HTML) or is special to HTML, "@" (an e-mail
#: address to link), NUL, or white space other than spaces and line breaks
#: (tabs indent; the other kinds are trimmed or split on). The white space
#: is spelt out, as what ``str.isspace`` accepts (a test holds it to that),
#: so that the search is for one class of characters: several alternatives
#: would be tried at every character.
_MARKUP_CHARACTER = re.compile(
    "[\\\\`*_\\[\\]<>&!|~@\x00"
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

    md = MarkdownIt("commonmark", {"html": True, "linkify": True, "typographer": False})
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    # linkify-it links web addresses too; only e-mail addresses are wanted
    # (a web address is linked by writing it as one, <https://...>).
    # "mailto:" stays: linkify-it needs one scheme left.
    md.enable("linkify")
    linkify = md.linkify
    assert linkify is not None  # made by MarkdownIt when linkify-it-py is installed
    for scheme in ("http:", "https:", "ftp:", "//"):
        linkify.add(scheme, None)
    linkify.set({"fuzzy_link": False, "fuzzy_ip": False, "fuzzy_email": True})
    linkify.tlds(list(EXTRA_EMAIL_DOMAINS), True)
    return md


@functools.cache
def sanitizer() -> Cleaner:
    """The sanitizer of every body's HTML (see the module's documentation)."""
    from nh3 import Cleaner

    return Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ATTRIBUTES,
        url_schemes=set(SAFE_SCHEMES),
        # No ``target`` is kept, so a link cannot reach back to the page
        # (what "noopener" guards against); the referrer is left to the
        # browser's default policy, as for the page's other links.
        link_rel=None,
        strip_comments=True,
    )


def tokens(markdown: str) -> list[Token]:
    return parser().parse(markdown)


def to_html(markdown: str) -> str:
    """The body's HTML, sanitized (one definition, for the page and the JSON export)."""
    plain = _plain_paragraphs(markdown)
    if plain is not None:
        return plain
    return rendered(markdown)


def rendered(markdown: str) -> str:
    """:func:`to_html` without the shortcut: markdown-it, then the sanitizer."""
    html: str = sanitizer().clean(parser().render(markdown))
    return with_image_alts(html) if "<img" in html else html


def with_image_alts(html: str) -> str:
    """``html`` (as the sanitizer writes it) with ``alt=""`` on each image that has no ``alt``."""
    from html.parser import HTMLParser

    lines = html.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    missing: list[int] = []  # where the ">" is, in each image without alt

    class _Images(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img" and all(name != "alt" for name, _ in attrs):
                line, column = self.getpos()
                text = self.get_starttag_text() or ">"
                missing.append(starts[line - 1] + column + len(text.rstrip("/>")))

        handle_startendtag = handle_starttag

    reader = _Images(convert_charrefs=True)
    reader.feed(html)
    reader.close()
    for end in reversed(missing):
        html = f'{html[:end]} alt=""{html[end:]}'
    return html


def _plain_paragraphs(markdown: str) -> str | None:
    """The HTML markdown-it makes of paragraphs of plain text; None for anything else.

    A line break within a paragraph is a soft break, which markdown-it writes
    as a line break. With no "<", ">" or "&", nothing is escaped: the
    sanitizer writes a double quote in text as it is.
    """
    paragraphs = plain_paragraphs(markdown)
    if paragraphs is None:
        return None
    return "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)


def plain_paragraphs(markdown: str) -> list[str] | None:
    """The paragraphs of a body of plain text, as written; None for any other body.

    With nothing that could be markup (see ``_MARKUP_CHARACTER`` and
    ``_BLOCK_OPENERS``), CommonMark reads blank lines as paragraph breaks
    and every other line break as a soft break within a paragraph.
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
    return [stripped for piece in markdown.split("\n\n") if (stripped := piece.strip("\n"))]
