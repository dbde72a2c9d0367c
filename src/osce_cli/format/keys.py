"""The release format as one table: each front matter key is one row.

Everything that knows a key reads it here: the shape check (``shape.py``) and
the Pydantic model with its JSON Schema (``model.py``), the wording of the M
findings, the vocabulary keys and their facets (V rules, ``osce vocab``), the
export record, its JSON and text and the export schema, the prompts and flags
of ``osce new release`` and shell completion. Adding a key is a row here, its
vocabulary file (for a vocabulary key) and its tests.

Plain data, imported by every run: no Pydantic, no dataclasses.
"""

from __future__ import annotations

from typing import NamedTuple

# What a key's value is. Each kind has one check in ``shape.py``, one type in
# ``model.py`` and ``export/json_schema.py``, and one export form.
TEXT = "text"  # a string with a character that is not space
DATE = "date"  # YYYY-MM-DD
LABEL = "label"  # one vocabulary label
LABELS = "labels"  # a list of vocabulary labels
PLACES = "places"  # a place, or a list of places
LANGUAGE = "language"  # a BCP 47 tag
EMBARGO = "embargo"  # an ISO 8601 date-time with its UTC offset
CONTACTS = "contacts"  # a list of {name, email, phone}
RELEASE_ID = "release-id"  # an identifier
EMAIL = "email"
PHONE = "phone"


class Key(NamedTuple):
    """One front matter key: its value, its words, how it is exported and asked for."""

    name: str
    kind: str
    required: bool
    #: What the key holds, for the JSON Schema (editors show it).
    description: str
    #: What a finding says the value must be: "'sources' must be a list of labels, not text".
    expected: str
    #: ``key: null`` is the same as leaving the key out.
    nullable: bool = False
    #: The value of a key left out, as the model and the export see it.
    default: str | None = None
    #: The answer ``osce new release`` takes when none is given.
    assumed: str | None = None
    #: The vocabulary facets its values come from (vocabulary keys only), in lookup order.
    facets: tuple[str, ...] = ()
    #: How its values are named in messages: "'X' is not a known field of work".
    noun: str | None = None
    #: Its attribute in the export record, when not its name.
    record: str | None = None
    #: Its line in the text export's metadata block ("Fields of work: ..."); None: not shown.
    shown_as: str | None = None
    #: ``osce new release``: the flag, the question asked for it and the flag's help.
    #: Vocabulary keys with a flag are asked for and completed from their facets.
    flag: str | None = None
    question: str | None = None
    help: str | None = None
    #: ``osce export --format site``: the folder of its listing pages
    #: (``types/press-release/``), when not its name, and the heading of its
    #: page of values, when not ``shown_as``. Every vocabulary key has
    #: listings; another key has them when it names a folder (``language``).
    folder: str | None = None
    heading: str | None = None
    #: Every language version of a release has the same value (T102 compares a
    #: translation's with its original's); the others (title, language...) are
    #: the translation's own.
    shared: bool = False

    @property
    def is_list(self) -> bool:
        """Written as a YAML list (a single place may be written as text)."""
        return self.kind in (LABELS, PLACES, CONTACTS)

    @property
    def attribute(self) -> str:
        """Its attribute in the export record."""
        return self.record or self.name


#: The keys of a release, in the order the scaffold writes them.
KEYS: tuple[Key, ...] = (
    Key(
        "title",
        TEXT,
        True,
        "Headline in sentence case, without a final period.",
        "text",
    ),
    Key(
        "date",
        DATE,
        True,
        "Release date, as printed in the dateline.",
        "a date written as YYYY-MM-DD",
        shown_as="Date",
        shared=True,
    ),
    Key(
        "type",
        LABEL,
        True,
        "Content type, e.g. Press release or Press statement.",
        "one content type label",
        assumed="Press release",
        facets=("types",),
        noun="content type",
        shown_as="Content type",
        flag="--type",
        question="Content type",
        help="Content type (default: Press release).",
        folder="types",
        heading="Content types",
        shared=True,
    ),
    Key(
        "place",
        PLACES,
        True,
        "Dateline place, or a list of places for a joint dateline.",
        "a place name or a list of place names",
        record="places",
        shown_as="Place",
        shared=True,
    ),
    Key(
        "sources",
        LABELS,
        True,
        "Issuing OSCE structures, institutions or field operations.",
        "a list of labels",
        facets=("structures", "field-operations"),
        noun="OSCE structure, institution or field operation",
        shown_as="Sources",
        flag="--source",
        question="Source",
        help="Issuing structure or field operation; repeatable.",
        heading="Structures and field operations",
        shared=True,
    ),
    Key(
        "fields",
        LABELS,
        True,
        "Fields of work.",
        "a list of labels",
        facets=("fields",),
        noun="field of work",
        shown_as="Fields of work",
        flag="--field",
        question="Field of work",
        help="Field of work; repeatable.",
        shared=True,
    ),
    Key(
        "states",
        LABELS,
        False,
        "Participating States or Partners concerned.",
        "a list of labels",
        facets=("states", "partners"),
        noun="participating State or Partner for Co-operation",
        shown_as="States",
        flag="--state",
        question="State concerned",
        help="Participating State or Partner concerned; repeatable.",
        heading="Participating States and Partners",
        shared=True,
    ),
    Key(
        "meetings",
        LABELS,
        False,
        "Meetings and conferences the release reports on, as osce.org files them.",
        "a list of labels",
        facets=("meetings",),
        noun="meeting or conference",
        shown_as="Meetings and conferences",
        flag="--meeting",
        question="Meeting or conference",
        help="Meeting or conference reported on; repeatable.",
        shared=True,
    ),
    Key(
        "language",
        LANGUAGE,
        False,
        "BCP 47 language tag.",
        "a language tag such as en",
        default="en",
        assumed="en",
        shown_as="Language",
        folder="languages",
        heading="Languages",
    ),
    Key("summary", TEXT, False, "One-sentence summary.", "text", nullable=True),
    Key(
        "embargo",
        EMBARGO,
        False,
        "Not publishable before this date-time (with UTC offset).",
        "a date-time such as 2024-03-08T09:00+01:00",
        nullable=True,
        shown_as="Embargo",
    ),
    Key(
        "contacts",
        CONTACTS,
        False,
        "Press contacts.",
        "a list of contacts (name, email, phone)",
        shown_as="Contact",
    ),
    Key(
        "id",
        RELEASE_ID,
        False,
        "Stable identifier; defaults to the file name.",
        "text",
        nullable=True,
    ),
)

#: The keys of a contact (an item of ``contacts``).
CONTACT_FIELDS: tuple[Key, ...] = (
    Key("name", TEXT, True, "", "text"),
    Key("email", EMAIL, False, "", "an e-mail address", nullable=True),
    Key("phone", PHONE, False, "", "a telephone number", nullable=True),
)

BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
RELEASE_KEYS: tuple[str, ...] = tuple(BY_NAME)
CONTACT_KEYS: tuple[str, ...] = tuple(key.name for key in CONTACT_FIELDS)
#: The keys whose value is a list of text items (places or labels), as M104 and M105 read them.
LIST_KEYS: tuple[str, ...] = tuple(key.name for key in KEYS if key.kind in (LABELS, PLACES))
#: The keys whose values come from the vocabulary, in table order.
VOCABULARY_KEYS: tuple[Key, ...] = tuple(key for key in KEYS if key.facets)
#: Which facets each vocabulary key draws its values from.
KEY_FACETS: dict[str, tuple[str, ...]] = {key.name: key.facets for key in VOCABULARY_KEYS}
#: How a vocabulary key's values are named in messages.
KEY_NOUNS: dict[str, str] = {key.name: key.noun or key.name for key in VOCABULARY_KEYS}
#: The site export's listings by key: record attribute, folder, heading.
LISTINGS: tuple[tuple[str, str, str], ...] = tuple(
    (key.attribute, key.folder or key.name, key.heading or key.shown_as or key.name)
    for key in KEYS
    if key.facets or key.folder
)
#: The front matter key each facet's values are written under.
FACET_KEYS: dict[str, str] = {facet: key.name for key in VOCABULARY_KEYS for facet in key.facets}
#: The keys a translation shares with its original, in table order (see ``Key.shared``).
SHARED_KEYS: tuple[Key, ...] = tuple(key for key in KEYS if key.shared)
#: What a finding says a value must be, by key (contact keys included).
EXPECTED: dict[str, str] = {key.name: key.expected for key in (*CONTACT_FIELDS, *KEYS)}
