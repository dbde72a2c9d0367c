"""The shape of ``osce export --format json`` as a Pydantic model.

Its release fields follow the table of keys (``format/keys.py``).
``schemas/export.schema.json`` (the array written to stdout or ``-o FILE``,
``osce schema export``) and ``schemas/export-release.schema.json`` (one
release: each file of ``-o DIR``, each line of ``--format jsonl``, ``osce
schema export-release``) are generated from it, and every JSON export in the
tests is validated against the one that describes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from osce_cli.format import keys
from osce_cli.format.keys import Key


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedTerm(_Strict):
    """A vocabulary term: its stable id and preferred label (ISO codes for States)."""

    id: str
    label: str
    iso: dict[str, str] | None = Field(
        default=None, description="ISO 3166-1 codes (alpha2, alpha3) of a State or Partner."
    )


class ExportedContact(_Strict):
    name: str
    email: str | None = None
    phone: str | None = None


class ExportedTranslation(_Strict):
    """Another language version of the release, exported by the same run."""

    language: str = Field(description="Its language tag.")
    path: str = Field(description="Its source file, named as the release's own `path` is.")


class ExportedBody(_Strict):
    markdown: str = Field(description="The body as written, dateline included.")
    html: str = Field(description="The body as an HTML fragment, the dateline marked up.")
    text: str = Field(description="The body as plain text, one line per paragraph.")


#: The JSON type of each kind of value (see ``format/keys.py``).
_TYPES: dict[str, Any] = {
    keys.TEXT: str,
    keys.DATE: dt.date,
    keys.LABEL: ExportedTerm,
    keys.LABELS: list[ExportedTerm],
    keys.PLACES: list[str],
    keys.LANGUAGE: str,
    keys.EMBARGO: dt.datetime,
    keys.CONTACTS: list[ExportedContact],
    keys.RELEASE_ID: str,
}


def _field(key: Key) -> tuple[Any, Any]:
    """A key's JSON field: always present; null when optional and left out."""
    kind = _TYPES[key.kind]
    if key.nullable and key.kind != keys.RELEASE_ID:  # the id defaults to the file name
        return kind | None, Field()
    if key.required and key.is_list:
        return kind, Field(min_length=1)
    return kind, Field()


_fields: dict[str, Any] = {key.name: _field(key) for key in keys.KEYS}

ExportedRelease = create_model(
    "ExportedRelease",
    __config__=ConfigDict(extra="forbid", title="OSCE press release (export)"),
    __doc__=(
        "One release as exported by `osce export`: a file of `--format json -o DIR`,"
        " an element of the array `--format json` writes otherwise, a line of `--format jsonl`."
    ),
    path=(str, Field(description="The source file, as given on the command line.")),
    **_fields,
    dateline=(str | None, Field(description="The dateline as written, without its dash.")),
    body=(ExportedBody, Field()),
    translations=(
        list[ExportedTranslation],
        Field(
            description=(
                "The release's other language versions this export writes too"
                " (the original and its translations), sorted by language; [] when none."
            )
        ),
    ),
)


_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def export_json_schema() -> dict[str, Any]:
    """What ``--format json`` writes to stdout or ``-o FILE``: an array of releases."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(list[ExportedRelease]).json_schema()  # type: ignore[valid-type]
    return {
        "$schema": _DIALECT,
        "title": "OSCE press releases (export)",
        "description": (
            "What `osce export --format json` writes to stdout or to -o FILE: every release"
            " exported, sorted by date, then path; [] when there is none."
        ),
        **schema,
    }


def release_json_schema() -> dict[str, Any]:
    """One release: a file of ``--format json -o DIR``, or a line of ``--format jsonl``."""
    schema = ExportedRelease.model_json_schema()
    return {"$schema": _DIALECT, **schema}
