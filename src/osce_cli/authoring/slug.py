"""File-name slugs from titles: ASCII, lower case, safe anywhere on disk."""

from __future__ import annotations

import re

from osce_cli.vocabulary.suggest import fold

MAX_SLUG = 80
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHE_IN_WORD = re.compile(r"(?<=[a-z0-9])['’](?=[a-z0-9])")


def slugify(title: str, max_length: int = MAX_SLUG) -> str:
    """'Türkiye's OSCE Chair: a new start!' -> 'turkiyes-osce-chair-a-new-start'.

    Apostrophes vanish inside words, every other run of punctuation or space
    becomes one hyphen, and a long slug is cut at the last whole word that
    fits. The result never contains '/', '.' or '..', so it cannot leave the
    folder it is written to. An empty result (a title in another script)
    becomes 'release'.
    """
    ascii_text = fold(title).encode("ascii", errors="ignore").decode("ascii")
    ascii_text = _APOSTROPHE_IN_WORD.sub("", ascii_text)
    slug = _NOT_ALNUM.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-") or "release"
