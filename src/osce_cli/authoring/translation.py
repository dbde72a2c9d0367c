"""``osce new release --translation-of``: a new language version beside its original.

The translation's file is named after the original with its language before
the extension (``format/translations.py``). Its front matter is the
original's, as written (comments and order too), with ``language`` set; the
body opens with the original's dateline, in the translation's language where
osce knows its datelines (`translated_dateline`), and marks what is left to write with
``TODO:``, which ``osce validate`` reports (B102) until it is replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from osce_cli.format.translations import (
    is_language_suffix,
    same_language,
    translation_of,
    translation_path,
)
from osce_cli.frontmatter.document import Document, load_document
from osce_cli.frontmatter.nodes import Scalar
from osce_cli.frontmatter.source import decode, read_file
from osce_cli.support.errors import InputError, UsageError
from osce_cli.vocabulary.languages import check_tag

if TYPE_CHECKING:
    from osce_cli.authoring.gather import Asker


class Translation(NamedTuple):
    """A translation to write: where, and its text."""

    path: Path
    text: str


class Original(NamedTuple):
    """The original a translation is made from, read and found fit."""

    path: Path
    shown: str
    document: Document
    language: str


def read_original(path: Path, shown: str) -> Original:
    """The release to translate; a one-line `UsageError` when it cannot be one.

    Refused: a file that cannot be read, a file that is itself a translation
    (by its name), and a file without front matter to copy.
    """
    own = translation_of(str(path))
    if own is not None:
        raise UsageError(
            f"{shown}: is itself the '{own.language}' translation of "
            f"{Path(own.original).name}; translate the original"
        )
    try:
        data = read_file(path, shown)
    except InputError as error:
        raise UsageError(str(error)) from None
    source = decode(data)
    document = load_document(shown, source)
    if not source.usable or document.front_matter is None or document.problems:
        raise UsageError(f"{shown}: cannot be read as a release; run 'osce validate {shown}'")
    node = document.node_at("language")
    language = "en"
    if node is not None:
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            raise UsageError(f"{shown}: its 'language' is not a language tag")
        language = node.value
    return Original(path, shown, document, language)


def language_problem(tag: str, original: Original) -> str | None:
    """Why ``tag`` cannot be the language of a translation of ``original``, or ``None``."""
    problem = check_tag(tag)
    if problem is not None:
        return f"language {problem}"
    if not is_language_suffix(tag):
        return (
            f"'{tag}' cannot end a file name: use a language with an optional script "
            "and region, such as ru or sr-Latn"
        )
    if same_language(tag, original.language):
        return f"{original.shown} is in '{original.language}' already"
    return None


def choose_language(
    given: str | None, original: Original, asker: Asker | None, unasked: str
) -> str:
    """The translation's language: ``--language``, or on a terminal the answer asked for.

    Without a terminal a missing or unfit tag stops the command (exit 2);
    on one, it is asked for until it fits.
    """
    problem = None if given is None else language_problem(given, original)
    if asker is None:
        if given is None:
            raise UsageError(f"missing --language (required {unasked})")
        if problem is not None:
            raise UsageError(f"--language: {problem}")
        return given
    if problem is not None:
        asker.say(f"--language: {problem}")
    language = given
    while language is None or problem is not None:
        language = asker.ask("Language of the translation (a tag such as ru)").strip()
        problem = language_problem(language, original)
        if problem is not None:
            asker.say(problem)
    return language


def translated_dateline(original: Original, language: str) -> str:
    """The dateline a translation opens with, in ``language`` where osce knows its datelines.

    For a language of ``datelines.yaml`` (Russian): the original's places in
    that language where the vocabulary names them (others as written), in
    capitals, and its date as the language writes it (``ВЕНА, 6 марта 2023
    года - ``). For another language, and for a dateline without a date, the
    original's dateline as written.
    """
    import contextlib
    import datetime as dt

    from osce_cli.rules.base import Context
    from osce_cli.rules.d_dateline import find_dateline
    from osce_cli.vocabulary.datelines import dateline_language
    from osce_cli.vocabulary.terms import load_vocabulary

    context = Context(original.document, lambda: load_vocabulary(()), 0)
    dateline = find_dateline(context)
    if dateline is None:
        return ""
    written = original.document.text[dateline.start : dateline.end]
    target = dateline_language(language)
    if target is None or not dateline.places:
        return written
    day = context.release_date
    if dateline.day is not None and dateline.month is not None and dateline.year is not None:
        # Not a real date: the front matter's (D104 asks the original to be fixed).
        with contextlib.suppress(ValueError):
            day = dt.date(dateline.year, dateline.month, dateline.day)
    if day is None:
        return written
    translated = target.dateline([place.text for place in dateline.places], day)
    if dateline.country:
        place_part, date_part = translated.split(", ", 1)
        translated = f"{place_part}, {dateline.country}, {date_part}"
    return translated


def _with_language(document: Document, language: str) -> str:
    """The original's front matter block, ``---`` lines included, with ``language`` set."""
    from osce_cli.rules.locate import replace_scalar

    text = document.text
    assert document.closing is not None
    closing_start, closing_end = document.closing
    node = document.node_at("language")
    if isinstance(node, Scalar):
        edit = replace_scalar(document, node, language)
        if edit is None:  # a block scalar: written afresh below
            raise UsageError(f"{document.path}: its 'language' is not a language tag")
        text = text[: edit.start] + edit.replacement + text[edit.end :]
        shift = len(edit.replacement) - (edit.end - edit.start)
        closing_start, closing_end = closing_start + shift, closing_end + shift
    else:
        line_break = "\r\n" if "\r\n" in text[:closing_start] else "\n"
        text = text[:closing_start] + f"language: {language}{line_break}" + text[closing_start:]
        closing_end += len(f"language: {language}{line_break}")
    end = closing_end
    for line_break in ("\r\n", "\n", "\r"):
        if text.startswith(line_break, end):
            return text[: end + len(line_break)]
    return text[:end] + "\n"


def translation(original: Original, language: str) -> Translation:
    """The translation of ``original`` into ``language`` (a tag `language_problem` accepts)."""
    front_matter = _with_language(original.document, language)
    body = (
        f"{translated_dateline(original, language)}TODO: the text of the release in "
        f"'{language}'. Translate the title (and the summary) above too.\n"
    )
    path = Path(translation_path(str(original.path), language))
    return Translation(path, front_matter + body)
