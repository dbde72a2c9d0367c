"""Path patterns for ``exclude`` and ``per-file-ignores`` (gitignore-like).

``*`` matches within one path component, ``**`` across components and ``?``
one character. A pattern without ``/`` matches at any depth; a pattern that
matches a directory matches everything below it.
"""

from __future__ import annotations

import functools
import re


@functools.cache
def _compile(pattern: str) -> re.Pattern[str]:
    text = pattern.strip().replace("\\", "/")
    anchored = "/" in text.rstrip("/")
    text = text.strip("/")
    if text.startswith("./"):
        text = text[2:]
    parts: list[str] = []
    index = 0
    while index < len(text):
        if text.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif text.startswith("**", index):
            parts.append(".*")
            index += 2
        elif text[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif text[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(text[index]))
            index += 1
    body = "".join(parts)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{body}(?:/.*)?")


def matches(pattern: str, relative_path: str) -> bool:
    """Does a ``/``-separated path relative to the config folder match?"""
    path = relative_path[2:] if relative_path.startswith("./") else relative_path
    return _compile(pattern).fullmatch(path) is not None


def any_match(patterns: tuple[str, ...], relative_path: str) -> bool:
    return any(matches(pattern, relative_path) for pattern in patterns)
