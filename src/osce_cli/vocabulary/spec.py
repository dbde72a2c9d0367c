"""The vocabulary file format, read into plain specs: a facet, its terms, their
names and dates. The shipped files are read into these directly; a project's
own files are first checked by the Pydantic models in ``files.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Final, NamedTuple

from osce_cli.support.records import FrozenRecord


def parse_bound(value: str | int, *, end: bool) -> dt.date:
    text = str(value).strip()
    parts = text.split("-")
    if not all(part.isdigit() for part in parts) or len(parts) > 3:
        raise ValueError(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    month = int(parts[1])
    if len(parts) == 2:
        if end:
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(year, month, 1)
    return dt.date(year, month, int(parts[2]))


class FormerNameSpec(NamedTuple):
    label: str
    from_: str | int | None = None
    until: str | int | None = None
    flag_in_body: bool = False


class TermSpec(FrozenRecord):
    """A term as written in a vocabulary file (``from``/``until`` not yet dates)."""

    __slots__ = (
        "aliases",
        "codes",
        "former_names",
        "from_",
        "group",
        "id",
        "label",
        "labels",
        "note",
        "parent",
        "until",
        "variants",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "id",
        "label",
        "codes",
        "aliases",
        "variants",
        "from_",
        "until",
        "former_names",
        "parent",
        "group",
        "note",
        "labels",
    )

    def __init__(
        self,
        id: str,
        label: str | None = None,
        codes: dict[str, str] | None = None,
        aliases: list[str] | None = None,
        variants: list[str] | None = None,
        from_: str | int | None = None,
        until: str | int | None = None,
        former_names: list[FormerNameSpec] | None = None,
        parent: str | None = None,
        group: str | None = None,
        note: str | None = None,
        labels: dict[str, list[str]] | None = None,
    ) -> None:
        self.id: Final = id
        self.label: Final = label
        self.codes: Final[dict[str, str]] = {} if codes is None else codes
        self.aliases: Final[list[str]] = [] if aliases is None else aliases
        self.variants: Final[list[str]] = [] if variants is None else variants
        self.from_: Final = from_
        self.until: Final = until
        self.former_names: Final[list[FormerNameSpec]] = (
            [] if former_names is None else former_names
        )
        self.parent: Final = parent
        self.group: Final = group
        self.note: Final = note
        #: Labels in other languages, by language tag: the first is the label
        #: in that language, the others other names seen in it.
        self.labels: Final[dict[str, list[str]]] = {} if labels is None else labels


class FacetSpec(FrozenRecord):
    """One vocabulary file: a facet and its terms."""

    __slots__ = ("facet", "noun", "terms", "title")
    _fields: ClassVar[tuple[str, ...]] = ("facet", "title", "noun", "terms")

    def __init__(
        self,
        facet: str,
        title: str | None = None,
        noun: str | None = None,
        terms: list[TermSpec] | None = None,
    ) -> None:
        self.facet: Final = facet
        self.title: Final = title
        self.noun: Final = noun
        self.terms: Final[list[TermSpec]] = [] if terms is None else terms

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FacetSpec:
        """Build from data in the file format, already known to be well formed.

        The shipped files are (a test checks them against the format, see
        ``files.py``), so they are read without Pydantic: that keeps it
        out of every run's start-up.
        """
        return cls(
            facet=data["facet"],
            title=data.get("title"),
            noun=data.get("noun"),
            terms=[_term_spec(term) for term in data.get("terms") or ()],
        )


def _term_spec(data: dict[str, Any]) -> TermSpec:
    return TermSpec(
        id=data["id"],
        label=data.get("label"),
        codes=dict(data.get("codes") or {}),
        aliases=list(data.get("aliases") or ()),
        variants=list(data.get("variants") or ()),
        from_=data.get("from"),
        until=data.get("until"),
        former_names=[
            FormerNameSpec(
                name["label"],
                name.get("from"),
                name.get("until"),
                name.get("flag-in-body", False),
            )
            for name in data.get("former-names") or ()
        ],
        parent=data.get("parent"),
        group=data.get("group"),
        note=data.get("note"),
        labels={
            str(tag): [names] if isinstance(names, str) else list(names)
            for tag, names in (data.get("labels") or {}).items()
        },
    )
