"""Path patterns for ``exclude`` and ``per-file-ignores`` (gitignore-like).

``*`` matches within one path component, ``**`` across components and ``?``
one character. A pattern without ``/`` matches at any depth. ``matches``
tests one path; ``covers`` also says yes for everything below a matching
folder.
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
    return re.compile(f"{prefix}{body}")


def matches(pattern: str, relative_path: str) -> bool:
    """Does a ``/``-separated path relative to the config folder match?"""
    path = relative_path[2:] if relative_path.startswith("./") else relative_path
    return _compile(pattern).fullmatch(path) is not None


def covers(patterns: tuple[str, ...], relative_path: str) -> bool:
    """Does a pattern match the path or one of the folders it is in?"""
    parts = relative_path.split("/")
    return any(
        matches(pattern, "/".join(parts[:end]))
        for end in range(len(parts), 0, -1)
        for pattern in patterns
    )
