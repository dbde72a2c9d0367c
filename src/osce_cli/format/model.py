"""The release front matter as a Pydantic model: its shape, not its meaning.

The model is built from the table of keys (``keys.py``): which keys exist,
which are required and what type each value has. Whether a source is a real
OSCE structure, or the dateline agrees with the date, is for the rules.
``schemas/release.schema.json`` is generated from this model (``osce schema``),
so editors see the same contract.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from osce_cli.format import keys, shape
from osce_cli.format.keys import CONTACT_FIELDS, KEYS, Key

T = TypeVar("T")

Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
Label = Annotated[
    str,
    StringConstraints(min_length=1, pattern=r"\S"),
    Field(description="A preferred label from the controlled vocabulary (see `osce vocab`)."),
]


def _pydantic(check: Callable[[Any], T]) -> Callable[[Any], T]:
    """One of ``shape``'s value checks, raising the error Pydantic reports."""

    def validate(value: Any) -> T:
        try:
            return check(value)
        except shape.Invalid as problem:
            raise PydanticCustomError(problem.kind, problem.message) from None

    validate.__name__ = check.__name__
    return validate


def _places(value: Any) -> Any:
    # A single place is written as a string; joint datelines use a list.
    return [value] if isinstance(value, str) else value


ReleaseDate = Annotated[
    dt.date,
    PlainValidator(_pydantic(shape.release_date)),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2007-11-18"]}),
]
Embargo = Annotated[
    dt.datetime,
    PlainValidator(_pydantic(shape.embargo)),
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
    PlainValidator(_pydantic(shape.language)),
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
    PlainValidator(_pydantic(shape.email)),
    WithJsonSchema({"type": "string", "pattern": f"^{shape.EMAIL}$"}),
]
Phone = Annotated[
    str,
    PlainValidator(_pydantic(shape.phone)),
    WithJsonSchema({"type": "string", "pattern": f"^{shape.PHONE}$"}),
]
ReleaseId = Annotated[
    str,
    PlainValidator(_pydantic(shape.release_id)),
    WithJsonSchema({"type": "string", "pattern": f"^{shape.RELEASE_ID}$"}),
]


#: The type of each kind of value (see ``keys.py``).
_TYPES: dict[str, Any] = {
    keys.TEXT: Text,
    keys.DATE: ReleaseDate,
    keys.LABEL: Label,
    keys.PLACES: Places,
    keys.LABELS: list[Label],
    keys.LANGUAGE: LanguageTag,
    keys.EMBARGO: Embargo,
    keys.RELEASE_ID: ReleaseId,
    keys.EMAIL: Email,
    keys.PHONE: Phone,
}


def _field(key: Key, types: dict[str, Any]) -> tuple[Any, Any]:
    """The type and ``Field`` of one key of the table."""
    kind = types[key.kind]
    description = key.description or None
    if key.required:
        if key.is_list:
            return kind, Field(min_length=1, description=description)
        return kind, Field(description=description)
    if key.nullable:
        return kind | None, Field(default=None, description=description)
    if key.is_list:
        return kind, Field(default_factory=list, description=description)
    return kind, Field(default=key.default, description=description)


def _fields(table: tuple[Key, ...], types: dict[str, Any]) -> dict[str, Any]:
    return {key.name: _field(key, types) for key in table}


_FROZEN = ConfigDict(extra="forbid", frozen=True)

Contact = create_model(
    "Contact",
    __config__=_FROZEN,
    __doc__="A press contact printed at the end of the release.",
    **_fields(CONTACT_FIELDS, _TYPES),
)

_VOCABULARY_KEYS = ", ".join(key.name for key in keys.VOCABULARY_KEYS)

Release = create_model(
    "Release",
    __config__=ConfigDict(
        extra="forbid",
        frozen=True,
        title="OSCE press release front matter",
        json_schema_extra={
            "description": (
                "The YAML front matter of an OSCE press release kept as Markdown. "
                f"Vocabulary values ({_VOCABULARY_KEYS}) are preferred labels; "
                "`osce vocab` lists them."
            )
        },
    ),
    __doc__="The front matter of one OSCE press release.",
    **_fields(KEYS, {**_TYPES, keys.CONTACTS: list[Contact]}),  # type: ignore[valid-type]
)


def release_json_schema() -> dict[str, Any]:
    """The JSON Schema of the front matter, as shipped in ``schemas/``."""
    schema = Release.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


#: How Pydantic names a validator function in an error's location.
_VALIDATOR_NAME = re.compile(r"function-(?:plain|before|after|wrap)\[.*\]")


def model_errors(data: Any) -> list[dict[str, Any]]:
    """Pydantic's errors for ``data`` as ``shape.shape_errors`` gives them.

    The reference that ``shape`` is tested against: type, location (without
    the validator names Pydantic puts in it), input, and our messages.
    """
    from pydantic import ValidationError

    try:
        Release.model_validate(data)
    except ValidationError as error:
        result = []
        for item in error.errors(include_url=False):
            loc = tuple(
                part
                for part in item["loc"]
                if not (isinstance(part, str) and _VALIDATOR_NAME.fullmatch(part))
            )
            entry: dict[str, Any] = {"type": item["type"], "loc": loc, "input": item["input"]}
            if item["type"] in CUSTOM_ERROR_TYPES:
                entry["msg"] = item["msg"]
            result.append(entry)
        return result
    return []


#: The error types of our own value checks (their messages are shown).
CUSTOM_ERROR_TYPES = frozenset(
    {"iso_date", "embargo_offset", "embargo_format", "language_tag", "pattern"}
)
