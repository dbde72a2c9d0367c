"""The release front matter as a Pydantic model: its shape, not its meaning.

The model says which keys exist, which are required and what type each value
has. Whether a source is a real OSCE structure, or the dateline agrees with
the date, is for the rules. ``schemas/release.schema.json`` is generated from
this model (``osce schema``), so editors see the same contract.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from . import dates, languages

Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
Label = Annotated[
    str,
    StringConstraints(min_length=1, pattern=r"\S"),
    Field(description="A preferred label from the controlled vocabulary (see `osce vocab`)."),
]


def _release_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("iso_date", "must be a date written as YYYY-MM-DD")
    try:
        return dates.parse_iso_date(value)
    except dates.DateProblem as problem:
        raise PydanticCustomError("iso_date", str(problem)) from None


def _embargo(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "embargo_format", "must be a date-time such as 2024-03-08T09:00+01:00"
        )
    try:
        return dates.parse_embargo(value)
    except dates.MissingOffset as problem:
        raise PydanticCustomError("embargo_offset", str(problem)) from None
    except dates.DateProblem as problem:
        raise PydanticCustomError("embargo_format", str(problem)) from None


def _language(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("language_tag", "must be a BCP 47 language tag such as en")
    problem = languages.check_tag(value)
    if problem is not None:
        raise PydanticCustomError("language_tag", problem)
    return value


def _places(value: Any) -> Any:
    # A single place is written as a string; joint datelines use a list.
    return [value] if isinstance(value, str) else value


def _matching(kind: str, pattern: str, example: str) -> Callable[[Any], str]:
    compiled = re.compile(pattern)

    def check(value: Any) -> str:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise PydanticCustomError("pattern", f"is not a valid {kind} (e.g. {example})")
        return value

    return check


_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_PHONE = r"\+?[0-9][0-9 ()./-]{4,}"
_RELEASE_ID = r"[A-Za-z0-9][A-Za-z0-9._-]*"


ReleaseDate = Annotated[
    dt.date,
    PlainValidator(_release_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2007-11-18"]}),
]
Embargo = Annotated[
    dt.datetime,
    PlainValidator(_embargo),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": r"(Z|z|[+-]\d{2}:?\d{2})$",
            "examples": ["2024-03-08T09:00:00+01:00"],
        }
    ),
]
LanguageTag = Annotated[
    str,
    PlainValidator(_language),
    WithJsonSchema({"type": "string", "examples": ["en", "ru", "en-GB"]}),
]
Places = Annotated[
    list[Text],
    Field(min_length=1),
    BeforeValidator(_places),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            ],
            "examples": ["Pristina", ["Bratislava", "Copenhagen", "Vienna"]],
        }
    ),
]
Email = Annotated[
    str,
    PlainValidator(_matching("e-mail address", _EMAIL, "press@osce.org")),
    WithJsonSchema({"type": "string", "pattern": f"^{_EMAIL}$"}),
]
Phone = Annotated[
    str,
    PlainValidator(_matching("telephone number", _PHONE, "+43 1 514 36 6000")),
    WithJsonSchema({"type": "string", "pattern": f"^{_PHONE}$"}),
]
ReleaseId = Annotated[
    str,
    PlainValidator(_matching("release id", _RELEASE_ID, "2007-11-18-kosovo-elections")),
    WithJsonSchema({"type": "string", "pattern": f"^{_RELEASE_ID}$"}),
]


class Contact(BaseModel):
    """A press contact printed at the end of the release."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    email: Email | None = None
    phone: Phone | None = None


class Release(BaseModel):
    """The front matter of one OSCE press release."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="OSCE press release front matter",
        json_schema_extra={
            "description": (
                "The YAML front matter of an OSCE press release kept as Markdown. "
                "Vocabulary values (type, sources, fields, states) are preferred labels; "
                "`osce vocab` lists them."
            )
        },
    )

    title: Text = Field(description="Headline in sentence case, without a final period.")
    date: ReleaseDate = Field(description="Release date, as printed in the dateline.")
    type: Label = Field(description="Content type, e.g. Press release or Press statement.")
    place: Places = Field(description="Dateline place, or a list of places for a joint dateline.")
    sources: list[Label] = Field(
        min_length=1, description="Issuing OSCE structures, institutions or field operations."
    )
    fields: list[Label] = Field(min_length=1, description="Fields of work.")
    states: list[Label] = Field(
        default_factory=list, description="Participating States or Partners concerned."
    )
    language: LanguageTag = Field(default="en", description="BCP 47 language tag.")
    summary: Text | None = Field(default=None, description="One-sentence summary.")
    embargo: Embargo | None = Field(
        default=None, description="Not publishable before this date-time (with UTC offset)."
    )
    contacts: list[Contact] = Field(default_factory=list, description="Press contacts.")
    id: ReleaseId | None = Field(
        default=None, description="Stable identifier; defaults to the file name."
    )


#: The keys a release may have, in the order the scaffold writes them.
RELEASE_KEYS: tuple[str, ...] = tuple(Release.model_fields)
REQUIRED_KEYS: tuple[str, ...] = tuple(
    name for name, info in Release.model_fields.items() if info.is_required()
)
CONTACT_KEYS: tuple[str, ...] = tuple(Contact.model_fields)


def release_json_schema() -> dict[str, Any]:
    """The JSON Schema of the front matter, as shipped in ``schemas/``."""
    schema = Release.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
