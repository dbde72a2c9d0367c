"""A term's label in a language: from the vocabulary files, or for a country
from CLDR, or else the English label.

The names of the participating States and Partners in every CLDR language are
in ``schemas/vocabulary/country-names.json``, compiled from Babel when osce is
built (``cldr.py``) with their index (`COUNTRY_NAME_INDEX`); this module only
reads them, and only when asked for a language other than English or for a
value that is not a known name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

from osce_cli.vocabulary.languages import fallbacks
from osce_cli.vocabulary.terms import Term


class Label(NamedTuple):
    """A term's label in a language, and where it comes from."""

    text: str
    source: str  # "vocabulary" (the files), "cldr" (a country's name) or "english" (none known)


@functools.cache
def _country_names() -> dict[str, Any]:
    import json

    from osce_cli.support.resources import vocabulary_dir

    data: dict[str, Any] = json.loads((vocabulary_dir() / "country-names.json").read_bytes())
    return data


def country_name(alpha2: str, tag: str) -> str | None:
    """CLDR's name of the country ``alpha2`` in the language ``tag``, if it has one."""
    data = _country_names()
    try:
        position = data["codes"].index(alpha2)
    except ValueError:
        return None
    names: dict[str, Any] = data["names"]
    for candidate in fallbacks(tag):
        row = names.get(candidate.replace("-", "_"))
        if isinstance(row, str):  # the same names as another locale's
            row = names[row]
        if row is not None:
            name = row[position]
            return name if isinstance(name, str) else None
    return None


def is_english(tag: str) -> bool:
    return tag.lower().split("-")[0] == "en"


def label_in(term: Term, tag: str) -> Label:
    """The term's label in the language ``tag``.

    A label the vocabulary files give for the language comes first (a
    project's own before the shipped ones), then CLDR's name of a State or
    Partner, then the English label.
    """
    if is_english(tag):
        return Label(term.label, "vocabulary")
    labels = dict(term.labels)
    for candidate in fallbacks(tag):
        if candidate in labels:
            return Label(labels[candidate][0], "vocabulary")
    alpha2 = dict(term.codes).get("alpha2")
    if alpha2 is not None:
        name = country_name(alpha2, tag)
        if name is not None:
            return Label(name, "cldr")
    return Label(term.label, "english")


def language_name(tag: str) -> str:
    """The English name of a tag's language ('Russian'), or the tag itself."""
    from osce_cli.vocabulary.languages import cldr, parse_tag

    parts = parse_tag(tag)
    return cldr().languages.get(parts.language, tag) if parts else tag


def native_name(tag: str) -> str:
    """A tag's language named in itself ('русский'); with its script or region,
    the tag follows: 'српски (sr-Latn)'. A language CLDR does not name: the tag."""
    from osce_cli.vocabulary.languages import cldr, parse_tag

    parts = parse_tag(tag)
    if parts is None:
        return tag
    name = cldr().native.get(parts.language)
    if name is None:
        return tag
    return name if tag == parts.language else f"{name} ({tag})"


def language_of(term: Term, name: str) -> str | None:
    """The language tag under which the vocabulary files give ``name`` for ``term``."""
    for tag, names in term.labels:
        if name in names:
            return tag
    return None


#: The index of the names ``country-names.json`` holds, compiled with it (``cldr.py``).
COUNTRY_NAME_INDEX = "country-name-index.tsv"


def country_name_index(data: dict[str, Any]) -> list[str]:
    """The lines of `COUNTRY_NAME_INDEX`, sorted, from the data of ``country-names.json``.

    A line for each name, case-folded (``c``) and folded as `fold` folds it,
    accents too (``f``): the kind, the name so made, the ISO code of the State
    or Partner and the languages (their subtags) that name it so, separated by
    tabs. Names that two countries share in some language, or that name two
    once case-folded or folded, are left out.
    """
    from osce_cli.vocabulary.suggest import fold

    used = _country_names_used(data)
    lines = []
    for kind, key in (("c", str.casefold), ("f", fold)):
        for name, (code, languages) in _index(used, key).items():
            lines.append("\t".join((kind, name, code, ",".join(sorted(languages)))))
    return sorted(lines)


def _country_names_used(data: dict[str, Any]) -> dict[str, tuple[str, frozenset[str]]]:
    """Each CLDR name of a State or Partner: its code and the languages that use
    it. A name that two countries share in some language is left out."""
    codes: list[str] = data["codes"]
    found: dict[str, tuple[str, set[str]]] = {}
    shared: set[str] = set()
    for locale, row in data["names"].items():
        names = data["names"][row] if isinstance(row, str) else row
        language = locale.split("_")[0]
        for code, name in zip(codes, names, strict=True):
            if name is None:
                continue
            known = found.get(name)
            if known is None:
                found[name] = (code, {language})
            elif known[0] == code:
                known[1].add(language)
            else:
                shared.add(name)
    return {
        name: (code, frozenset(languages))
        for name, (code, languages) in found.items()
        if name not in shared
    }


def _index(
    used: dict[str, tuple[str, frozenset[str]]], key: Callable[[str], str]
) -> dict[str, tuple[str, frozenset[str]]]:
    """The names by ``key`` of each; names that then name two countries are left out."""
    index: dict[str, tuple[str, frozenset[str]]] = {}
    shared: set[str] = set()
    for name, (code, languages) in used.items():
        known = index.get(key(name))
        if known is None:
            index[key(name)] = (code, languages)
        elif known[0] == code:
            index[key(name)] = (code, known[1] | languages)
        else:
            shared.add(key(name))
    for name in shared:
        del index[name]
    return index


@functools.cache
def _index_bytes() -> bytes:
    from osce_cli.support.resources import vocabulary_dir

    # A line break first, so that every line, the first too, follows one.
    return b"\n" + (vocabulary_dir() / COUNTRY_NAME_INDEX).read_bytes()


def _look_up(kind: str, key: str) -> tuple[str, frozenset[str]] | None:
    """The index's line for a name so made: a run that meets an unknown value reads
    the file and searches its bytes, folding no name but that one."""
    data = _index_bytes()
    start = data.find(f"\n{kind}\t{key}\t".encode("utf-8", "surrogatepass"))
    if start < 0:
        return None
    end = data.find(b"\n", start + 1)
    _, _, code, languages = data[start + 1 : end].decode("utf-8").split("\t")
    return code, frozenset(languages.split(","))


def country_by_name(text: str) -> tuple[str, frozenset[str]] | None:
    """The ISO code of the State or Partner CLDR names ``text`` in some language,
    with the languages (their subtags) that name it so.

    Case is ignored, and accents too: the name is looked up case-folded, then
    folded (`COUNTRY_NAME_INDEX`).
    """
    from osce_cli.vocabulary.suggest import fold

    return _look_up("c", text.casefold()) or _look_up("f", fold(text))
