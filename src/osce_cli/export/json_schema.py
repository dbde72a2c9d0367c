"""The shape of ``osce export --format json`` as a Pydantic model.

``schemas/export.schema.json`` is generated from it (``osce schema export``)
and every JSON export in the tests is validated against that file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


class ExportedBody(_Strict):
    markdown: str = Field(description="The body as written, dateline included.")
    html: str = Field(description="The body as an HTML fragment, the dateline marked up.")
    text: str = Field(description="The body as plain text, one line per paragraph.")


class ExportedRelease(_Strict):
    """One release as exported by `osce export --format json`."""

    model_config = ConfigDict(extra="forbid", title="OSCE press release (export)")

    path: str = Field(description="The source file, as given on the command line.")
    id: str
    title: str
    date: dt.date
    type: ExportedTerm
    place: list[str] = Field(min_length=1)
    sources: list[ExportedTerm] = Field(min_length=1)
    fields: list[ExportedTerm] = Field(min_length=1)
    states: list[ExportedTerm]
    language: str
    summary: str | None
    embargo: dt.datetime | None
    contacts: list[ExportedContact]
    dateline: str | None = Field(description="The dateline as written, without its dash.")
    body: ExportedBody


def export_json_schema() -> dict[str, Any]:
    schema = ExportedRelease.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
