"""M: the shape of the front matter (keys, types, dates, language, lists).

The shape check of ``format/shape.py`` runs once per file, without Pydantic
(``tests/equivalence/test_shape.py`` holds its errors equal to the release model's,
the contract); its errors are translated into these codes, placed at the
offending key or value, and given messages in the release's own terms.
Duplicate list items are found here too.
"""

from __future__ import annotations

from collections.abc import Iterable

from osce_cli.format.keys import CONTACT_KEYS, KEY_FACETS, LIST_KEYS, RELEASE_KEYS
from osce_cli.frontmatter.nodes import Scalar, Sequence
from osce_cli.report.diagnostics import Edit, Finding, Fix, Severity
from osce_cli.rules.base import Context, relayed_rule, rule
from osce_cli.rules.locate import json_path, value_span
from osce_cli.vocabulary.suggest import fold


@relayed_rule("M101", "unknown-key")
def unknown_key() -> None:
    """The front matter has a key the release format does not define.

    A misspelt key would otherwise be silently ignored by every tool
    downstream. The closest known key is suggested. The keys are:

    {keys} (and {contact_keys} inside a contact).

    Fails:

        titel: OSCE Chairman says Kosovo elections help promote democracy

    Passes:

        title: OSCE Chairman says Kosovo elections help promote democracy
    """


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]


# The documentation names the keys of the table, whatever they are.
assert unknown_key.__doc__ is not None
unknown_key.__doc__ = unknown_key.__doc__.format(
    keys=_listed(RELEASE_KEYS), contact_keys=_listed(CONTACT_KEYS)
)


@relayed_rule("M102", "missing-key")
def missing_key() -> None:
    """A required key is missing.

    A release needs title, date, type, place, sources and fields (a contact
    needs a name). A missing top-level key is reported at the opening `---`.

    Fails:

        ---
        title: OSCE Chairman says Kosovo elections help promote democracy
        date: 2007-11-18
        ---

    Passes:

        ---
        title: OSCE Chairman says Kosovo elections help promote democracy
        date: 2007-11-18
        type: Press release
        place: Pristina
        sources: [OSCE Chairpersonship]
        fields: [Elections]
        ---
    """


@relayed_rule("M103", "wrong-type")
def wrong_type() -> None:
    """A value has the wrong type: text where a list is needed, a number for a title...

    YAML turns some unquoted values into numbers or booleans (`title: 2007`
    is a number); lists need `- item` lines or `[a, b]`.

    Fails:

        sources: OSCE Secretariat
        title: 2007

    Passes:

        sources: [OSCE Secretariat]
        title: "2007"
    """


@relayed_rule("M104", "empty-value")
def empty_value() -> None:
    """A key is present but has no value, or a required list has no items.

    Fails:

        title:
        sources: []

    Passes:

        title: OSCE Chairman says Kosovo elections help promote democracy
        sources: [OSCE Chairpersonship]
    """


def remove_item_edits(text: str, sequence: Sequence, index: int) -> tuple[Edit, ...] | None:
    """Edits that delete item `index` of a sequence, keeping the rest as written."""
    item = sequence.items[index]
    line_start = text.rfind("\n", 0, item.start) + 1
    before = text[line_start : item.start]
    if _lead_is(before, "-"):
        line_end = text.find("\n", item.end)
        rest = text[item.end : line_end if line_end >= 0 else len(text)]
        if rest.strip() and not rest.strip().startswith("#"):
            return None
        return (Edit(line_start, line_end + 1 if line_end >= 0 else len(text), ""),)
    if index > 0:
        previous = sequence.items[index - 1]
        between = text[previous.end : item.start]
        if _lead_is(between, ","):
            return (Edit(previous.end, item.end, ""),)
    return None


def _lead_is(lead: str, indicator: str) -> bool:
    """Whether the text before an item is ``indicator``, blanks, and maybe a tag.

    A parser places an item with an anchor at the anchor, even after a tag
    (``- !!str &a x`` starts at ``&a``).
    """
    words = lead.split()
    return bool(words) and words[0] == indicator and all(w[0] == "!" for w in words[1:])


@rule("M105", "duplicate-item", Severity.ERROR, fixable=True)
def duplicate_item(ctx: Context) -> Iterable[Finding]:
    """A list of places or of vocabulary labels names the same thing twice.

    Two items are the same when their text is the same ignoring case and
    accents, or when they are two names of one vocabulary term
    (`Turkey` and `Türkiye`). The later item is reported; the fix
    removes it and leaves the rest of the file as it was.

    Fails:

        states:
          - Serbia
          - Serbia

    Passes:

        states:
          - Serbia
    """
    identities = ctx.vocabulary.item_identities
    node_at = ctx.document.node_at
    for key in LIST_KEYS:
        node = node_at(key)
        if not isinstance(node, Sequence) or len(node.items) < 2:
            continue  # one item cannot be listed twice
        facets = KEY_FACETS.get(key, ())
        # The same vocabulary term, or else the same text but for case and
        # accents; None for an empty item (M106).
        found = [
            identities[facets, item.value]
            for item in node.items
            if isinstance(item, Scalar) and isinstance(item.value, str)
        ]
        if len(set(found)) == len(found):
            continue  # no two alike, as in nearly every list
        seen: dict[str, str] = {}
        for index, item in enumerate(node.items):
            if not isinstance(item, Scalar) or not isinstance(item.value, str):
                continue
            identity = identities[facets, item.value]
            if identity is None:
                continue
            if identity not in seen:
                seen[identity] = item.value
                continue
            first = seen[identity]
            same_text = fold(first) == fold(item.value)
            message = (
                f"'{item.value}' is listed twice in '{key}'"
                if same_text
                else f"'{item.value}' and '{first}' in '{key}' name the same term"
            )
            edits = remove_item_edits(ctx.document.text, node, index)
            fix = Fix(f"remove the repeated '{item.value}'", edits) if edits else None
            start, end = value_span(item)
            yield Finding("M105", start, end, message, json_path=json_path(key, index), fix=fix)


@relayed_rule("M106", "empty-item")
def empty_item() -> None:
    """A list has an empty item (a bare `-` or `""`).

    Fails:

        fields:
          - Elections
          -

    Passes:

        fields:
          - Elections
    """


@relayed_rule("M201", "invalid-date")
def invalid_date() -> None:
    """The date is not a real calendar date written as `YYYY-MM-DD`.

    The message says what is wrong: the form (`18.11.2007`), a month that
    does not exist, or a day the month does not have (`2007-02-30`).

    Fails:

        date: 2007-02-30

    Passes:

        date: 2007-02-28
    """


@relayed_rule("M202", "embargo-without-offset")
def embargo_without_offset() -> None:
    """The embargo date-time has no UTC offset.

    "09:00" means different instants in Vienna, Warsaw and Bishkek; an
    embargo must say which. Add the offset (`+01:00`) or `Z` for UTC.

    Fails:

        embargo: 2024-03-08T09:00

    Passes:

        embargo: 2024-03-08T09:00+01:00
    """


@relayed_rule("M203", "invalid-embargo")
def invalid_embargo() -> None:
    """The embargo is not an ISO 8601 date-time.

    Fails:

        embargo: 8 March 2024, 9 a.m.

    Passes:

        embargo: 2024-03-08T09:00:00+01:00
    """


@relayed_rule("M204", "invalid-language")
def invalid_language() -> None:
    """The language is not a BCP 47 language tag whose subtags CLDR knows.

    Tags use hyphens (`en-GB`, not `en_GB`); the language, script
    (`sr-Latn`) and region (`es-419`) are checked against CLDR. A language
    name is suggested as its code, and a code CLDR writes otherwise as that
    code (`eng` is `en`). Three-letter languages CLDR has no data for are
    accepted.

    Fails:

        language: english

    Passes:

        language: en
    """


@relayed_rule("M205", "invalid-value")
def invalid_value() -> None:
    """A contact e-mail, telephone number or release id is malformed.

    Fails:

        contacts:
          - name: Press Office
            email: press at osce.org

    Passes:

        contacts:
          - name: Press Office
            email: press@osce.org
    """
