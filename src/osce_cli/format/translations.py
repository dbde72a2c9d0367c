"""Which files are translations: the file name convention, defined once.

A translation lives beside its original and is named after it, with its
language between the name and the extension, as Hugo links the language
versions of a page: ``2023-03-06-x.ru.md`` is the Russian version of
``2023-03-06-x.md``. Only the file name says so; nothing else is read.

A suffix counts as a language only when it is a plain language tag: a
two-letter ISO 639-1 language, optionally with a script and a region
(``ru``, ``sr-Latn``, ``sr-Latn-ME``, ``pt-BR``), that the language check
(``languages.check_tag``) accepts. So a release slug that happens to end in a
dot and a word (``x.final.md``, ``x.v2.md``, ``x.org.md``) is not taken for a
translation: a three-letter word is a well-formed tag, but no language the
OSCE publishes in needs one.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

#: language (ISO 639-1) [-script] [-region]: the tags a file name may carry.
_SUFFIX_TAG = re.compile(r"[A-Za-z]{2}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?")


class TranslationName(NamedTuple):
    """What a translation's file name says: its original's path and its language."""

    original: str
    language: str


def is_language_suffix(tag: str) -> bool:
    """Whether ``tag`` is a language a file name may carry (see the module's doc)."""
    if _SUFFIX_TAG.fullmatch(tag) is None:
        return False  # most names: no need to load the language check
    from osce_cli.vocabulary.languages import check_tag

    return check_tag(tag) is None


def _split(path: str) -> tuple[str, str, str]:
    """``(folder, stem, extension)``: the folder as written (with its separator),
    and the name split at its last dot (the extension with its dot)."""
    name = os.path.basename(path)  # noqa: PTH119 - text in, text out
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return path[: len(path) - len(name)], name, ""
    return path[: len(path) - len(name)], stem, dot + extension


def translation_of(path: str) -> TranslationName | None:
    """The original and language a path names, or ``None`` for an original.

    ``releases/2023/x.ru.md`` gives ``releases/2023/x.md`` and ``ru``. The
    folder and the extension are kept as written.
    """
    # A name needs two dots to carry a language (most have one): this looks
    # at no more of the path than its name, whatever the separator.
    if path.count(".", path.rfind("/") + 1) < 2:
        return None
    folder, stem, extension = _split(path)
    if not extension:
        return None
    base, dot, tag = stem.rpartition(".")
    if not dot or not base or not is_language_suffix(tag):
        return None
    return TranslationName(folder + base + extension, tag)


def translation_path(original: str, language: str) -> str:
    """Where the ``language`` version of ``original`` lives: beside it."""
    folder, stem, extension = _split(original)
    return f"{folder}{stem}.{language}{extension}"


def same_language(left: str, right: str) -> bool:
    """Whether two tags are the same language tag (BCP 47 tags ignore case)."""
    return left.lower() == right.lower()
