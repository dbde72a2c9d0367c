"""Markdown to plain text for wire services and e-mail.

Emphasis is dropped, lists stay lists (``-`` or ``1.``), links become
``text <url>``, block quotes keep ``>``, code keeps its lines. Paragraphs are
wrapped at ``width`` columns without breaking words or URLs (``None``: one
line per paragraph).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from osce_cli.export.markdown import plain_paragraphs, tokens

if TYPE_CHECKING:
    from markdown_it.token import Token


def _inline_text(token: Token, urls: bool) -> str:
    """The text of one inline token; with ``urls``, each link's and image's address too."""
    parts: list[str] = []
    link_stack: list[str | None] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak",):
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link_open":
            link_stack.append(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            href: str | None = link_stack.pop() if link_stack else None
            text_so_far = "".join(parts)
            if urls and href and not text_so_far.endswith(href):
                parts.append(f" <{href}>")
        elif kind == "image":
            alt = child.content or "image"
            parts.append(f"[{alt}: {child.attrs.get('src', '')}]" if urls else alt)
    return "".join(parts)


def _wrap(text: str, width: int | None, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    for paragraph_line in text.split("\n"):
        if width is None:
            lines.append(first + paragraph_line if not lines else rest + paragraph_line)
            continue
        wrapped = textwrap.wrap(
            paragraph_line,
            width=width,
            initial_indent=first if not lines else rest,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.extend(wrapped or [(first if not lines else rest).rstrip()])
    return lines


def render(markdown: str, width: int | None = 72, *, urls: bool = True) -> str:
    """The body as plain text, blocks separated by one blank line, no final newline.

    Items of a tight list follow each other line by line; items of a loose
    list (with blank lines between them in the Markdown) keep a blank line.
    A body of plain paragraphs is taken as it is (``export/markdown.py``).
    Without ``urls``, links and images are their text alone (a teaser).
    """
    paragraphs = plain_paragraphs(markdown)
    if paragraphs is None:
        return rendered(markdown, width, urls=urls)
    # A soft break is a space; each paragraph is one line before wrapping.
    return "\n\n".join(
        "\n".join(_wrap(paragraph.replace("\n", " "), width, "", "")) for paragraph in paragraphs
    )


def rendered(markdown: str, width: int | None = 72, *, urls: bool = True) -> str:
    """:func:`render` without the shortcut: from markdown-it's tokens."""
    blocks: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number or 0 for bullets, items so far]
    quote_depth = 0
    prefix: str | None = None  # the marker of a list item whose first block comes next
    tight = False
    separator = "\n\n"
    for token in tokens(markdown):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 0
            lists.append([start, 0])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            state = lists[-1]
            prefix = f"{state[0]}. " if state[0] else "- "
            if state[0]:
                state[0] += 1
            state[1] += 1
        elif kind == "paragraph_open":
            tight = token.hidden
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "inline":
            quote = "> " * quote_depth
            indent = "   " * max(0, len(lists) - 1)
            if prefix is not None:
                first, rest = quote + indent + prefix, quote + indent + " " * len(prefix)
                separator = "\n" if tight and lists[-1][1] > 1 else "\n\n"
                prefix = None
            else:
                first = rest = quote + (indent + "   " if lists else "")
            text = "\n".join(_wrap(_inline_text(token, urls), width, first, rest))
            blocks.append(separator + text if blocks else text)
            separator = "\n\n"
        elif kind in ("fence", "code_block"):
            quote = "> " * quote_depth
            code = "\n".join(
                quote + "    " + line for line in token.content.rstrip("\n").split("\n")
            )
            blocks.append(separator + code if blocks else code)
        elif kind == "hr":
            blocks.append(separator + "* * *" if blocks else "* * *")
    return "".join(blocks)
