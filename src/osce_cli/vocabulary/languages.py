"""BCP 47 language tags: well-formedness (RFC 5646) and subtags CLDR knows.

The subtags come from ``schemas/vocabulary/languages.json``, compiled from
CLDR through Babel when osce is built (``vocabulary/cldr.py``), so a run never
loads Babel.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

from osce_cli.vocabulary.suggest import closest

_ALNUM = "[A-Za-z0-9]"
_LANGTAG = re.compile(
    rf"""
    (?P<language>[A-Za-z]{{2,3}}(?:-[A-Za-z]{{3}}){{0,3}}|[A-Za-z]{{4,8}})
    (?:-(?P<script>[A-Za-z]{{4}}))?
    (?:-(?P<region>[A-Za-z]{{2}}|[0-9]{{3}}))?
    (?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*
    (?:-[A-WYZa-wyz0-9](?:-{_ALNUM}{{2,8}})+)*
    (?:-[Xx](?:-{_ALNUM}{{1,8}})+)?
    """,
    re.VERBOSE,
)
_PRIVATE_USE = re.compile(rf"[Xx](?:-{_ALNUM}{{1,8}})+")


class CldrLanguages(NamedTuple):
    """The language data of CLDR that osce ships (see ``vocabulary/cldr.py``)."""

    languages: dict[str, str]  # language subtag -> English name
    native: dict[str, str]  # language subtag -> its name in itself
    aliases: dict[str, str]  # outdated or long subtag -> the subtag CLDR writes instead
    default_scripts: dict[str, str]  # language subtag -> the script it is written in by default
    scripts: frozenset[str]
    regions: frozenset[str]


@functools.cache
def cldr() -> CldrLanguages:
    import json

    from osce_cli.support.resources import vocabulary_dir

    data: dict[str, Any] = json.loads((vocabulary_dir() / "languages.json").read_bytes())
    return CldrLanguages(
        data["languages"],
        data["native"],
        data["aliases"],
        data["default-scripts"],
        frozenset(data["scripts"]),
        frozenset(data["regions"]),
    )


class Tag(NamedTuple):
    """A well-formed tag's language, script and region, in their usual case."""

    language: str
    script: str | None
    region: str | None


def parse_tag(tag: str) -> Tag | None:
    """The parts of a well-formed tag with a language (not a private-use tag)."""
    match = _LANGTAG.fullmatch(tag)
    if match is None:
        return None
    script, region = match["script"], match["region"]
    return Tag(
        match["language"].split("-")[0].lower(),
        script.title() if script else None,
        region.upper() if region else None,
    )


def canonical_tag(tag: str) -> str:
    """A tag's language, script and region in their usual case (``sr-latn-rs`` is
    ``sr-Latn-RS``); a tag that is not well formed, as written."""
    parts = parse_tag(tag)
    return tag if parts is None else "-".join(part for part in parts if part)


def fallbacks(tag: str) -> list[str]:
    """The tags whose labels serve ``tag``, most specific first.

    ``sr-Latn-RS``: ``sr-Latn-RS``, ``sr-Latn``; ``ru-RU``: ``ru-RU``, ``ru``.
    A language without its script also means its default script, and the
    reverse: ``sr`` is written in Cyrillic, so ``sr`` and ``sr-Cyrl`` serve
    each other, while ``sr-Latn`` never falls back to ``sr``.
    """
    parts = parse_tag(tag)
    if parts is None:
        return []
    language, script, region = parts
    default = cldr().default_scripts.get(language)
    chain = []
    if region:
        chain.append("-".join(part for part in parts if part))
    if script:
        chain.append(f"{language}-{script}")
    if script is None or script == default:
        chain.append(language)
        if default:
            chain.append(f"{language}-{default}")
    return list(dict.fromkeys(chain))


@functools.lru_cache(maxsize=1024)
def check_tag(tag: str) -> str | None:
    """Return why ``tag`` is not an acceptable language tag, or ``None``.

    The language, script and region must be ones CLDR knows. A three-letter
    language CLDR does not know is accepted: ISO 639-3 has thousands that
    CLDR has no data for (Montenegrin, ``cnr``, among them). Cached: an
    archive uses a handful of tags, and every file asks.
    """
    if not tag.strip():
        return "is empty; write a BCP 47 language tag such as en"
    if "_" in tag:
        return f"'{tag}' uses '_'; BCP 47 tags use '-': {tag.replace('_', '-')}"
    parts = parse_tag(tag)
    if parts is None and not _PRIVATE_USE.fullmatch(tag):
        return f"'{tag}' is not a BCP 47 language tag{_name_hint(tag)}"
    if parts is None:
        return None
    known = cldr()
    primary = parts.language
    if len(primary) > 3:
        return f"'{tag}' is not a BCP 47 language tag{_name_hint(tag)}"
    if primary not in known.languages:
        if primary in known.aliases:
            instead = known.aliases[primary] + tag[len(primary) :]
            return (
                f"'{primary}' in '{tag}' is written '{known.aliases[primary]}' in language tags "
                f"(did you mean '{instead}'?)"
            )
        if len(primary) == 2:
            return f"'{primary}' in '{tag}' is not a language code CLDR knows{_name_hint(tag)}"
    if parts.script is not None and parts.script not in known.scripts:
        # The scripts several languages are written in by default first:
        # 'Latm' is 'Latn', not 'Latf' (Fraktur) or 'Latg' (Gaelic).
        defaults = list(known.default_scripts.values())
        usual = sorted({script for script in defaults if defaults.count(script) > 2})
        hint = _hint(parts.script, usual) or _hint(parts.script, sorted(known.scripts))
        return f"'{parts.script}' in '{tag}' is not a script code CLDR knows{hint}"
    if parts.region is not None and parts.region not in known.regions:
        hint = _hint(parts.region, sorted(known.regions))
        return f"'{parts.region}' in '{tag}' is not a region code CLDR knows{hint}"
    return None


def _hint(code: str, candidates: list[str]) -> str:
    near = closest(code, candidates, limit=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


def _name_hint(tag: str) -> str:
    """A language code for a language's name in English or in itself ('Deutsch'), a
    two-letter code spelt like a short tag, or else an example."""
    known = cldr()
    wanted = tag.casefold()
    for names in (known.languages, known.native):
        for code, name in names.items():
            if name.casefold() == wanted:
                return f" (did you mean '{code}'?)"
    near = _hint(tag.lower(), [code for code in known.languages if len(code) == 2])
    return near if near and len(tag) <= 3 else " (write a tag such as en, ru or sr-Latn)"
