"""Dateline places: which names are one place (``schemas/vocabulary/places.yaml``).

A name and its variants are one place, in any case and with or without
accents. A slash joins the places of a joint dateline (``VIENNA/WARSAW``) and
also the two names of a bilingual place (``PRISHTINË/PRIŠTINA``): the
gazetteer tells them apart. Parts side by side that it knows as names of one
place are that place; the others are places of their own. A place's names in
the languages datelines are written in (``Вена``, see
`osce_cli.vocabulary.datelines`) are names of it too.
"""

from __future__ import annotations

import functools
import re

_SEPARATORS = re.compile(r"[\s.\-'’]+")


def _key(name: str) -> str:
    from osce_cli.vocabulary.suggest import fold

    return _SEPARATORS.sub(" ", fold(name)).strip()


class _Table:
    """The gazetteer's names, keyed for comparison (see `_key`)."""

    def __init__(self) -> None:
        #: Every name, and each part of a name joined with ``/``: its place.
        self.parts: dict[str, str] = {}
        #: Each name joined with ``/`` (parts keyed, joined with ``/``): its place.
        self.joined: dict[str, str] = {}
        #: The most parts in one of those.
        self.most_parts = 1


@functools.cache
def _table() -> _Table:
    from osce_cli.vocabulary.terms import shipped_data

    data = shipped_data("places.yaml")
    table = _Table()
    for entry in data.get("places", []) if isinstance(data, dict) else []:
        place = _key(str(entry["name"]))
        for form in (entry["name"], *entry.get("variants", [])):
            keys = [_key(part) for part in str(form).split("/")]
            for key in keys:
                table.parts.setdefault(key, place)
            if len(keys) > 1:
                table.joined.setdefault("/".join(keys), place)
                table.most_parts = max(table.most_parts, len(keys))
    for names in place_names().values():
        for english, name in names.items():
            known = table.parts.get(_key(english))
            if known is not None:
                table.parts.setdefault(_key(name), known)
    return table


def place_names() -> dict[str, dict[str, str]]:
    """The places' names in each language datelines are written in, by English name.

    CLDR's (``place-names.json``, the cities of time zones), then those that
    ``datelines.yaml`` records where CLDR has none.
    """
    import json

    from osce_cli.support.resources import vocabulary_dir
    from osce_cli.vocabulary.terms import shipped_data

    compiled = json.loads((vocabulary_dir() / "place-names.json").read_bytes())
    names: dict[str, dict[str, str]] = {}
    for tag, entry in shipped_data("datelines.yaml")["languages"].items():
        own = dict(compiled["names"].get(tag, {}))
        for place, recorded in (entry.get("places") or {}).items():
            own[str(place)] = str(recorded["name"])
        names[str(tag)] = own
    return names


def _part_key(part: str) -> str:
    # "OSH, Kyrgyzstan": the country after a place is not part of its name.
    return _key(part.split(",")[0])


@functools.lru_cache(maxsize=4096)
def join_known(parts: tuple[str, ...]) -> tuple[str, ...]:
    """The places that slash-separated ``parts`` name, each part trimmed.

    Parts side by side that the gazetteer knows as one place are joined with
    ``/`` into one name (``['Prishtinë', 'Priština', 'Belgrade']`` gives
    ``['Prishtinë/Priština', 'Belgrade']``); every other part is a place. A
    name the gazetteer lists with its slash (``Mitrovica/Mitrovicë North``)
    is one place even where its parts alone name others. Cached: the same
    few datelines come back in file after file.
    """
    table = _table()
    trimmed = [part.strip() for part in parts]
    keys = [_part_key(part) for part in trimmed]
    places: list[str] = []
    previous: str | None = None  # the known place of the last name in ``places``
    start = 0
    while start < len(trimmed):
        end, place = start + 1, table.parts.get(keys[start]) if keys[start] else None
        for longer in range(min(len(trimmed), start + table.most_parts), start + 1, -1):
            joined = table.joined.get("/".join(keys[start:longer]))
            if joined is not None:
                end, place = longer, joined
                break
        name = "/".join(trimmed[start:end])
        if place is not None and place == previous:
            places[-1] = f"{places[-1]}/{name}"
        else:
            places.append(name)
        previous = place
        start = end
    return tuple(places)


def split_places(text: str) -> tuple[str, ...]:
    """The places of a name that may join several with ``/`` (see `join_known`)."""
    return join_known(tuple(text.split("/")))


def is_known(name: str) -> bool:
    """True when the gazetteer knows every place of ``name`` (``ВЕНА/ВАЛЛЕТТА``)."""
    table = _table()
    keys = [_part_key(part) for part in name.split("/")]
    return "/".join(keys) in table.joined or all(key in table.parts for key in keys)


@functools.lru_cache(maxsize=4096)
def canonical_place(name: str) -> str:
    """A comparison key for a place: accents, case and known spellings folded.

    A name with ``/`` that the gazetteer knows as one place (``Prishtinë/Priština``)
    has that place's key. Cached: the same few places come back in file after file.
    """
    table = _table()
    keys = [_part_key(part) for part in name.split("/")]
    joined = table.joined.get("/".join(keys))
    if joined is not None:
        return joined
    places = [table.parts.get(key, key) for key in keys]
    return places[0] if len(set(places)) == 1 else "/".join(places)


@functools.lru_cache(maxsize=4096)
def same_place(left: str, right: str) -> bool:
    """True when two place names are the same place (allowing a typo or transliteration).

    Cached: each file compares its front matter place with its dateline,
    and the same pairs ('Vienna', 'VIENNA') come back file after file.
    """
    if left.casefold() == right.casefold():
        return True  # 'Vienna' and 'VIENNA', without reading the gazetteer
    a, b = canonical_place(left), canonical_place(right)
    if a == b:
        return True
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8
