"""T: translations, checked against their original.

A file named ``{name}.{lang}.md`` is the ``lang`` version of ``{name}.md``
beside it (``format/translations.py``). The checker finds the original and
hands it to these rules (``Context.original``). A translation keeps the
original's metadata: the keys marked ``shared`` in ``format/keys.py``.
Values are compared for what they mean, not as written: two names of one
vocabulary term, two spellings of one place, or the same items in another
order are the same value, so that only a real disagreement is reported.
A value written exactly as the original's is not compared further: the same
text cannot mean two things.
"""

from __future__ import annotations

from collections.abc import Iterable

from osce_cli.format.dates import DateProblem, parse_iso_date
from osce_cli.format.keys import DATE, LABEL, LABELS, PLACES, SHARED_KEYS, Key
from osce_cli.format.translations import same_language
from osce_cli.frontmatter.document import Document
from osce_cli.frontmatter.nodes import Node, Scalar, Sequence
from osce_cli.report.diagnostics import Edit, Finding, Fix, Severity
from osce_cli.rules.base import Context, rule
from osce_cli.rules.locate import json_path, replace_scalar, value_span
from osce_cli.rules.m_metadata import remove_item_edits
from osce_cli.vocabulary.languages import check_tag


def _whole_file_start(document: Document) -> tuple[int, int]:
    """Where a finding about the file as a whole stands: its opening ``---``."""
    return document.opening or (0, 0)


@rule("T101", "missing-original", Severity.ERROR)
def missing_original(ctx: Context) -> Iterable[Finding]:
    """A translation has no original beside it.

    A file named `{name}.{lang}.md`, where `lang` is a language tag
    (`ru`, `sr-Latn`), is the translation of `{name}.md` in the same folder,
    as Hugo links the language versions of a page. Its metadata is checked
    against the original, which must be there. Rename the file if it is not
    a translation, or add its original.

    Fails:

        releases/2023/2023-03-06-media-freedom.ru.md, with no
        releases/2023/2023-03-06-media-freedom.md beside it

    Passes:

        releases/2023/2023-03-06-media-freedom.ru.md beside
        releases/2023/2023-03-06-media-freedom.md
    """
    original = ctx.original
    if original is None or original.found:
        return
    start, end = _whole_file_start(ctx.document)
    yield Finding(
        "T101",
        start,
        end,
        f"the file name makes this the '{original.language}' translation of "
        f"'{original.path}', which does not exist",
    )


@rule("T102", "differs-from-original", Severity.ERROR, fixable=True)
def differs_from_original(ctx: Context) -> Iterable[Finding]:
    """A translation's metadata differs from its original's.

    Every language version of a release has the same date, content type,
    place, sources, fields of work, States and meetings; the title, the
    summary and the body are translated, and the language is its own.
    Values are compared for what they mean: an alias and a label of one
    term, two spellings of one place, or the same items in another order
    agree. The finding names the original's value, and the fix writes it in
    (when that takes no new list items or keys).

    Fails:

        # releases/2023/2023-03-06-media-freedom.md has date: 2023-03-06
        # releases/2023/2023-03-06-media-freedom.ru.md:
        date: 2023-03-07

    Passes:

        date: 2023-03-06
    """
    document = ctx.original_document
    if document is None or document.front_matter is None or ctx.document.front_matter is None:
        return
    assert ctx.original is not None
    mine, theirs = ctx.document.data or {}, document.data or {}
    for key in SHARED_KEYS:
        value = mine.get(key.name)
        if value is not None and value == theirs.get(key.name):
            continue  # written the same: the same meaning
        finding = _compare(ctx, key, document, ctx.original.path)
        if finding is not None:
            yield finding


def _compare(ctx: Context, key: Key, original: Document, shown: str) -> Finding | None:
    mine, theirs = ctx.document.node_at(key.name), original.node_at(key.name)
    if _absent(mine) and _absent(theirs):
        return None
    if _absent(theirs):
        assert mine is not None
        return _finding(
            key,
            value_span(mine),
            f"'{key.name}' is not in the original '{shown}'; a translation has its metadata",
        )
    assert theirs is not None
    their_identity = _identity(ctx, key, theirs)
    if their_identity is None:
        return None  # the original's value cannot be read (its own findings say why)
    their_text = _shown(theirs)
    if _absent(mine):
        start, end = _whole_file_start(ctx.document)
        return _finding(
            key,
            (start, end),
            f"'{key.name}' is missing; the original '{shown}' has {their_text}",
            suggestions=_texts(theirs),
        )
    assert mine is not None
    my_identity = _identity(ctx, key, mine)
    if my_identity is None or my_identity == their_identity:
        return None
    return _finding(
        key,
        _node_span(mine),
        f"'{key.name}' differs from the original '{shown}', which has {their_text}",
        suggestions=_texts(theirs),
        fix=_taking_theirs(ctx, key, mine, theirs),
    )


def _finding(
    key: Key,
    span: tuple[int, int],
    message: str,
    *,
    suggestions: tuple[str, ...] = (),
    fix: Fix | None = None,
) -> Finding:
    return Finding(
        "T102",
        span[0],
        span[1],
        message,
        suggestions=suggestions,
        json_path=json_path(key.name),
        fix=fix,
    )


def _absent(node: Node | None) -> bool:
    """Left out, or ``key: null`` (the same, for an optional key)."""
    return node is None or (isinstance(node, Scalar) and node.value is None)


def _node_span(node: Node) -> tuple[int, int]:
    return value_span(node) if isinstance(node, Scalar) else (node.start, node.end)


def _texts(node: Node) -> tuple[str, ...]:
    """The text values of a scalar or a list, as written."""
    if isinstance(node, Scalar):
        return (node.value,) if isinstance(node.value, str) else ()
    if isinstance(node, Sequence):
        return tuple(
            item.value
            for item in node.items
            if isinstance(item, Scalar) and isinstance(item.value, str)
        )
    return ()


def _shown(node: Node) -> str:
    texts = _texts(node)
    if isinstance(node, Sequence):
        return "[" + ", ".join(texts) + "]"
    return f"'{texts[0]}'" if texts else "''"


def _identity(ctx: Context, key: Key, node: Node) -> object | None:
    """What a value means, for comparison; ``None`` when it cannot be read.

    A date is the day; a vocabulary value its term (or its text, folded,
    when the vocabulary does not know it); places their gazetteer keys. A list
    is the set of its items: the order is not compared.
    """
    texts = _texts(node)
    if isinstance(node, Scalar) and not texts:
        return None  # a number or a date where text belongs: M103 says so
    if isinstance(node, Sequence) and len(texts) != len(node.items):
        return None  # an item that is not text: M103 or M106 says so
    if not isinstance(node, Scalar | Sequence):
        return None
    if key.kind == DATE:
        try:
            return parse_iso_date(texts[0])
        except DateProblem:
            return None  # M201 says so
    if key.kind in (LABEL, LABELS):
        identities = ctx.vocabulary.item_identities
        return frozenset(identities[key.facets, text] for text in texts) - {None}
    if key.kind == PLACES:
        from osce_cli.vocabulary.places import canonical_place, split_places

        return frozenset(
            canonical_place(place) for text in texts for place in split_places(text) if place
        )
    return tuple(texts)


def _taking_theirs(ctx: Context, key: Key, mine: Node, theirs: Node) -> Fix | None:
    """The edits that make the translation's value the original's, if scalar edits can.

    A value is rewritten in its own style; a list takes the original's items
    in order, item by item, and loses the items it has beyond them. A list
    shorter than the original's would need new items: that is left to the
    author.
    """
    their_texts = _texts(theirs)
    edits: list[Edit] = []
    if isinstance(mine, Scalar) and isinstance(theirs, Scalar):
        edit = replace_scalar(ctx.document, mine, their_texts[0])
        if edit is None:
            return None
        edits.append(edit)
    elif isinstance(mine, Sequence) and isinstance(theirs, Sequence):
        items = mine.items
        if len(items) < len(their_texts):
            return None
        for item, text in zip(items, their_texts, strict=False):
            assert isinstance(item, Scalar)  # `_identity` read every item as text
            if item.value != text:
                edit = replace_scalar(ctx.document, item, text)
                if edit is None:
                    return None
                edits.append(edit)
        # Removed from the last: each removal's edits are worked out on the text as it is.
        for index in range(len(items) - 1, len(their_texts) - 1, -1):
            removal = remove_item_edits(ctx.document.text, mine, index)
            if removal is None:
                return None
            edits.extend(removal)
    else:
        return None
    return Fix(f"take the original's '{key.name}'", tuple(edits))


@rule("T103", "language-mismatch", Severity.ERROR, fixable=True)
def language_mismatch(ctx: Context) -> Iterable[Finding]:
    """A translation's `language` is not the language its file name gives.

    `2023-03-06-x.ru.md` is the Russian version of `2023-03-06-x.md`, so its
    `language` is `ru` (a left-out `language` is `en`). The fix writes the
    file name's tag.

    Fails:

        # releases/2023/2023-03-06-media-freedom.ru.md:
        language: en

    Passes:

        language: ru
    """
    original = ctx.original
    if original is None or ctx.document.front_matter is None:
        return
    node = ctx.document.node_at("language")
    if _absent(node):
        if same_language("en", original.language):
            return
        start, end = _whole_file_start(ctx.document)
        yield Finding(
            "T103",
            start,
            end,
            f"'language' is missing, so it is 'en', but the file name says "
            f"'{original.language}'; add 'language: {original.language}'",
            suggestions=(original.language,),
            json_path=json_path("language"),
        )
        return
    if not isinstance(node, Scalar) or not isinstance(node.value, str):
        return  # M103 says so
    if check_tag(node.value) is not None or same_language(node.value, original.language):
        return  # a tag that is not one is M204's
    edit = replace_scalar(ctx.document, node, original.language)
    start, end = value_span(node)
    yield Finding(
        "T103",
        start,
        end,
        f"'language' is '{node.value}', but the file name says '{original.language}'",
        suggestions=(original.language,),
        json_path=json_path("language"),
        fix=None if edit is None else Fix(f"write '{original.language}'", (edit,)),
    )
