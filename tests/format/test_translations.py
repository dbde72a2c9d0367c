"""The file name convention of translations: `{name}.{lang}.md` beside `{name}.md`."""

from __future__ import annotations

import pytest

from osce_cli.format.translations import (
    TranslationName,
    is_language_suffix,
    translation_of,
    translation_path,
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("releases/2023/2023-03-06-x.ru.md", ("releases/2023/2023-03-06-x.md", "ru")),
        ("2023-03-06-x.sr-Latn.md", ("2023-03-06-x.md", "sr-Latn")),
        ("a/b.sr-Latn-ME.md", ("a/b.md", "sr-Latn-ME")),
        ("a/b.pt-BR.md", ("a/b.md", "pt-BR")),
        ("a/b.RU.md", ("a/b.md", "RU")),  # tags ignore case; T103 compares them so
        ("a.b/c.de.md", ("a.b/c.md", "de")),  # a dot in a folder name is no suffix
    ],
)
def test_a_language_suffix_names_the_original_beside_the_file(
    path: str, expected: tuple[str, str]
) -> None:
    assert translation_of(path) == TranslationName(*expected)


@pytest.mark.parametrize(
    "path",
    [
        "releases/2023/2023-03-06-x.md",  # an original
        "2023-03-06-release-of-version.final.md",  # a word, not a tag
        "2023-03-06-x.v2.md",
        "2023-03-06-osce.org.md",  # three letters: well-formed, but no suffix
        "2023-03-06-x.xx.md",  # two letters that are no ISO 639-1 language
        "2023-03-06-x.en-x-private.md",  # extensions and private use are not file suffixes
        ".ru.md",  # no name before the language
        "x.ru",  # no extension after it: the language is the extension
        "ru.md",
        "releases/ru/x.md",
    ],
)
def test_other_dots_are_not_a_translation(path: str) -> None:
    assert translation_of(path) is None


def test_suffixes_are_what_the_language_check_accepts() -> None:
    assert is_language_suffix("ru") and is_language_suffix("sr-Cyrl")
    assert not is_language_suffix("qq")  # well-formed, not a language
    assert not is_language_suffix("ru_RU")


def test_translation_path_is_beside_the_original() -> None:
    assert translation_path("releases/2023/x.md", "ru") == "releases/2023/x.ru.md"
    assert translation_of(translation_path("x.md", "sr-Latn")) == ("x.md", "sr-Latn")
