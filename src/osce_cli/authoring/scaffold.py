"""A new release file: front matter, dateline and a body from a template.

The front matter is written by code (so every value is correctly quoted);
the body comes from a Jinja2 template chosen by content type, in the manner
of Hugo archetypes: a project's ``templates/<type-id>.md``, then its
``templates/default.md``, then the same two shipped with osce.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from osce_cli.authoring.slug import slugify
from osce_cli.format.dates import long_date
from osce_cli.format.keys import KEYS, LABEL, PLACES, VOCABULARY_KEYS
from osce_cli.frontmatter.emit import flow_list, front_matter, scalar
from osce_cli.support.errors import ConfigError

BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The fields of ``filename-pattern``, in the order the README lists them.
PATTERN_FIELDS = ("yyyy", "mm", "dd", "slug", "type")
_PLAIN_FIELDS = "use plain fields: " + ", ".join("{" + name + "}" for name in PATTERN_FIELDS)
_OUTSIDE = "must give a relative path ending in .md that stays inside the releases folder"


class Draft(NamedTuple):
    """Everything a new release needs, already checked.

    ``labels`` holds the labels of each vocabulary key, by key (``type``,
    ``sources``...); ``type`` has one.
    """

    title: str
    date: dt.date
    places: tuple[str, ...]
    type_id: str
    labels: Mapping[str, tuple[str, ...]]
    language: str = "en"

    @property
    def type(self) -> str:
        return self.labels["type"][0]

    def label_values(self) -> dict[str, str | list[str]]:
        """Each vocabulary key's value as written: a label, or a list of labels."""
        return {
            key.name: (
                self.labels.get(key.name, ("",))[0]
                if key.kind == LABEL
                else list(self.labels.get(key.name, ()))
            )
            for key in VOCABULARY_KEYS
        }

    @property
    def date_text(self) -> str:
        return long_date(self.date)

    @property
    def dateline(self) -> str:
        """House style: ``PRISTINA, 18 November 2007 – ``."""
        places = "/".join(place.upper() for place in self.places)
        return f"{places}, {self.date_text} – "


def front_matter_text(draft: Draft) -> str:
    """The front matter: every key the draft has a value for, in the table's order."""
    values: dict[str, str | Sequence[str]] = {
        "title": draft.title,
        "date": draft.date.isoformat(),
        "language": draft.language,
        **draft.label_values(),
    }
    lines = []
    for key in KEYS:
        if key.kind == PLACES:
            # One place as text, a joint dateline as a list in brackets.
            places = draft.places
            place = scalar(places[0]) if len(places) == 1 else flow_list(places)
            lines.append(f"{key.name}: {place}\n")
        elif values.get(key.name):
            lines.append(front_matter([(key.name, values[key.name])]))
    return "---\n" + "".join(lines) + "---\n"


def _template_source(type_id: str, folder: Path | None) -> tuple[str, str]:
    """(template text, where it came from) for a content type."""
    for base in (folder, BUILTIN_TEMPLATES):
        if base is None:
            continue
        for name in (f"{type_id}.md", "default.md"):
            candidate = base / name
            if candidate.is_file():
                try:
                    return candidate.read_text(encoding="utf-8"), str(candidate)
                except (OSError, UnicodeDecodeError) as error:
                    raise ConfigError(f"{candidate}: cannot read template: {error}") from None
    raise ConfigError(f"no template for '{type_id}' and no default.md")  # pragma: no cover


def render_body(draft: Draft, templates: Path | None = None) -> str:
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    source, origin = _template_source(draft.type_id, templates)
    environment = SandboxedEnvironment(
        undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    try:
        body = environment.from_string(source).render(
            title=draft.title,
            date=draft.date,
            date_text=draft.date_text,
            dateline=draft.dateline,
            places=list(draft.places),
            type_id=draft.type_id,
            language=draft.language,
            **draft.label_values(),
        )
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f"{origin}:{line}" if line else origin
        raise ConfigError(f"{where}: template error: {error.message or error}") from None
    return body.rstrip("\n") + "\n"


def release_text(draft: Draft, templates: Path | None = None) -> str:
    return front_matter_text(draft) + render_body(draft, templates)


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a ``filename-pattern``, or ``None`` when it can.

    Only plain ``{field}`` names are allowed. A conversion, a format spec, an
    attribute or an index would shape the name in ways nothing checks:
    ``{slug!r}`` quotes it, ``{slug:>300}`` pads it past what a file system
    takes. The configuration reader calls this, so a bad pattern stops every
    command, not only the one that writes a file.
    """
    try:
        fields = [
            (name, conversion, spec)
            for _, name, spec, conversion in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError as error:
        return f"not a pattern: {error}"
    for name, conversion, spec in fields:
        if name not in PATTERN_FIELDS:
            return f"unknown field {{{name}}} ({_PLAIN_FIELDS})"
        if conversion:
            return f"{{{name}!{conversion}}}: no conversions ({_PLAIN_FIELDS})"
        if spec:
            return f"{{{name}:{spec}}}: no format specs ({_PLAIN_FIELDS})"
    example = Draft(
        title="A title",
        date=dt.date(2007, 11, 18),
        places=("Vienna",),
        type_id="press-release",
        labels={"type": ("Press release",)},
    )
    if _relative_path(_filled(pattern, example)) is None:
        return _OUTSIDE
    return None


def _filled(pattern: str, draft: Draft) -> str:
    return pattern.format(
        yyyy=f"{draft.date.year:04d}",
        mm=f"{draft.date.month:02d}",
        dd=f"{draft.date.day:02d}",
        slug=slugify(draft.title),
        type=draft.type_id,
    )


def _relative_path(relative: str) -> PurePosixPath | None:
    """The path a filled pattern names, if it is relative, stays below and ends in .md."""
    parts = PurePosixPath(relative.replace("\\", "/"))
    if parts.is_absolute() or ".." in parts.parts or not relative.endswith(".md"):
        return None
    return parts


def release_path(draft: Draft, root: Path, pattern: str) -> Path:
    """Where the release goes: ``root/`` + the file-name pattern, never outside ``root``."""
    problem = pattern_problem(pattern)
    if problem is not None:
        raise ConfigError(f"filename-pattern '{pattern}': {problem}")
    parts = _relative_path(_filled(pattern, draft))
    if parts is None:  # slugs and type ids add no '/' or '.', so the example said it all
        raise ConfigError(f"filename-pattern '{pattern}': {_OUTSIDE}")
    path = root / Path(*parts.parts)
    if not path.resolve().is_relative_to(root.resolve()):  # a linked folder on the way
        raise ConfigError(f"filename-pattern '{pattern}' leaves the releases folder")
    return path
