"""BCP 47 language tags: well-formedness (RFC 5646) and known primary languages."""

from __future__ import annotations

import functools
import re

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


@functools.cache
def iso639_1() -> dict[str, str]:
    """Two-letter ISO 639-1 codes mapped to their English names."""
    from osce_cli.vocabulary.terms import shipped_data  # kept parsed in compiled.json

    data = shipped_data("languages.yaml")
    table = data.get("iso639-1", {}) if isinstance(data, dict) else {}
    return {str(code): str(name) for code, name in table.items()}


@functools.lru_cache(maxsize=1024)
def check_tag(tag: str) -> str | None:
    """Return why ``tag`` is not an acceptable language tag, or ``None``.

    Cached: an archive uses a handful of tags, and every file asks.
    """
    if not tag.strip():
        return "is empty; write a BCP 47 language tag such as en"
    if "_" in tag:
        return f"'{tag}' uses '_'; BCP 47 tags use '-': {tag.replace('_', '-')}"
    match = _LANGTAG.fullmatch(tag)
    if match is None and not _PRIVATE_USE.fullmatch(tag):
        return f"'{tag}' is not a BCP 47 language tag{_name_hint(tag)}"
    if match is None:
        return None
    primary = match["language"].split("-")[0].lower()
    if len(primary) == 2 and primary not in iso639_1():
        return f"'{primary}' in '{tag}' is not an ISO 639-1 language code{_name_hint(tag)}"
    if len(primary) > 3:
        return f"'{tag}' is not a BCP 47 language tag{_name_hint(tag)}"
    return None


def _name_hint(tag: str) -> str:
    codes = iso639_1()
    by_name = {name.lower(): code for code, name in codes.items()}
    if tag.lower() in by_name:
        return f" (did you mean '{by_name[tag.lower()]}'?)"
    near = closest(tag.lower(), list(codes), limit=1)
    return f" (did you mean '{near[0]}'?)" if near and len(tag) <= 3 else ""
