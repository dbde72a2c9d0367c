"""The vocabulary file format as Pydantic models, for files a project writes.

A project's own vocabulary files (the ``vocabulary`` configuration key) are
checked against these models, so a mistake is one clear line naming the file
and the key. The files shipped with osce are read without them (see
``spec.FacetSpec.from_data``); a test holds them to this format.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from osce_cli.support.errors import ConfigError
from osce_cli.vocabulary.spec import FacetSpec, parse_bound


class FormerNameModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    label: str = Field(min_length=1)
    from_: str | int | None = Field(default=None, alias="from")
    until: str | int | None = None
    flag_in_body: bool = Field(default=False, alias="flag-in-body")


class TermModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    label: str | None = Field(default=None, min_length=1)
    codes: dict[str, str] = Field(default_factory=dict)
    aliases: list[str] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)
    from_: str | int | None = Field(default=None, alias="from")
    until: str | int | None = None
    former_names: list[FormerNameModel] = Field(default_factory=list, alias="former-names")
    parent: str | None = None
    group: str | None = None
    note: str | None = None
    labels: dict[str, str | list[str]] = Field(default_factory=dict)

    @field_validator("labels")
    @classmethod
    def _labels_are_named_and_tagged(
        cls, value: dict[str, str | list[str]]
    ) -> dict[str, str | list[str]]:
        from osce_cli.vocabulary.languages import check_tag

        for tag, names in value.items():
            problem = check_tag(tag)
            if problem is not None:
                raise ValueError(f"language {problem}")
            if tag.lower().split("-")[0] == "en":
                raise ValueError(f"'{tag}': the English label is the term's label")
            listed = [names] if isinstance(names, str) else names
            if not listed or not all(name.strip() for name in listed):
                raise ValueError(f"'{tag}': a label must not be empty")
        return value

    @field_validator("from_", "until")
    @classmethod
    def _bound_is_a_date(cls, value: str | int | None) -> str | int | None:
        if value is not None:
            parse_bound(value, end=False)
        return value


class FacetModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    facet: str
    title: str | None = None
    noun: str | None = None
    terms: list[TermModel] = Field(default_factory=list)


def checked_facet(data: Any, display: str) -> FacetSpec:
    """The facet in a vocabulary file, or ConfigError naming the first mistake."""
    try:
        model = FacetModel.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        # A check of ours says what it says; Pydantic's own words are lowered.
        ours = first["type"] == "value_error" and "error" in first.get("ctx", {})
        why = str(first["ctx"]["error"]) if ours else first["msg"].lower()
        raise ConfigError(f"{display}: {where}: {why}") from None
    return FacetSpec.from_data(model.model_dump(by_alias=True))
