"""The rule registry: every check, by code and by name, and rule selectors.

Importing a family's module registers its rules; they are imported here
explicitly, in the order the data flows: the file (F), the front matter
shape (M), the vocabulary (V), the dateline (D), the body (B), and then
the file against its original, for a translation (T).
"""

from __future__ import annotations

import re

from osce_cli.rules import b_body, d_dateline, f_syntax, m_metadata, t_translation, v_vocabulary
from osce_cli.rules.base import REGISTRY, Context, Rule

FAMILIES: dict[str, str] = {
    "F": "file and front matter syntax",
    "M": "front matter keys and values",
    "V": "controlled vocabulary",
    "D": "dateline",
    "B": "body text",
    "T": "translations",
}

_FAMILY_ORDER = {family: position for position, family in enumerate(FAMILIES)}

ALL_RULES: tuple[Rule, ...] = tuple(
    sorted(REGISTRY, key=lambda rule: (_FAMILY_ORDER[rule.family], rule.code))
)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL_RULES}

_PREFIX = re.compile(r"[A-Z][0-9]{0,3}")


def find_rule(text: str) -> Rule | None:
    """A rule by its code (any case) or its name."""
    return BY_CODE.get(text.upper()) or BY_NAME.get(text.lower())


def selector_codes(selector: str) -> tuple[str, ...]:
    """The codes a selector names: `ALL`, a code, a code prefix or a rule name.

    Raises `ValueError` for a selector that names no rule.
    """
    text = selector.strip()
    if text.upper() == "ALL":
        return tuple(BY_CODE)
    rule = find_rule(text)
    if rule is not None:
        return (rule.code,)
    prefix = text.upper()
    if _PREFIX.fullmatch(prefix):
        codes = tuple(code for code in BY_CODE if code.startswith(prefix))
        if codes:
            return codes
    raise ValueError(f"'{selector}' is not a rule code, code prefix or rule name")


def _specificity(selector: str) -> int:
    text = selector.strip()
    if text.upper() == "ALL":
        return 0
    if find_rule(text) is not None:
        return 4
    return len(text)


def enabled_codes(select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> frozenset[str]:
    """Codes that are on: the most specific matching selector wins, ignore on a tie.

    Without a selection every rule is on.
    """
    chosen: set[str] = set()
    select = ("ALL",) if select is None else select
    for code in BY_CODE:
        best_select = max(
            (_specificity(s) for s in select if code in selector_codes(s)), default=None
        )
        best_ignore = max(
            (_specificity(s) for s in ignore if code in selector_codes(s)), default=None
        )
        if best_select is not None and (best_ignore is None or best_select > best_ignore):
            chosen.add(code)
    return frozenset(chosen)


__all__ = [
    "ALL_RULES",
    "BY_CODE",
    "FAMILIES",
    "Context",
    "Rule",
    "b_body",
    "d_dateline",
    "enabled_codes",
    "f_syntax",
    "find_rule",
    "m_metadata",
    "selector_codes",
    "t_translation",
    "v_vocabulary",
]
