"""A standalone HTML5 page per release, from a Jinja2 template with autoescaping.

The body is CommonMark rendered by markdown-it-py (raw HTML shown as text,
unsafe links dropped); the dateline is marked up with a ``<time>``; a
schema.org ``NewsArticle`` in JSON-LD describes the release for search
engines and news aggregators.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osce_cli.export.jsonencode import to_json
from osce_cli.export.markdown import to_html
from osce_cli.export.release_data import Record
from osce_cli.format.dates import long_date
from osce_cli.support.errors import ConfigError

if TYPE_CHECKING:
    from jinja2 import Template

BUILTIN_TEMPLATE = Path(__file__).resolve().parent / "templates" / "release.html"
PUBLISHER = {
    "@type": "Organization",
    "name": "Organization for Security and Co-operation in Europe",
    "alternateName": "OSCE",
}


def dateline_html(record: Record) -> str:
    """``<span class="dateline">PRISTINA, <time ...>18 November 2007</time> –</span>``."""
    from markupsafe import escape

    text = record.dateline_text or ""
    dateline = record.dateline
    if dateline is not None and dateline.date_text and dateline.date_text in text:
        before, after = text.split(dateline.date_text, 1)
        time = f'<time datetime="{record.date.isoformat()}">{escape(dateline.date_text)}</time>'
        inner = f"{escape(before)}{time}{escape(after)}"
    else:
        inner = str(escape(text))
    return f'<span class="dateline">{inner} –</span> '


def body_html(record: Record) -> str:
    """The release body as an HTML fragment, the dateline opening its first paragraph."""
    html = to_html(record.lead_markdown.lstrip())
    if record.dateline_text is None:
        return html
    opening = dateline_html(record)
    if html.startswith("<p>"):
        return "<p>" + opening + html[len("<p>") :]
    return f"<p>{opening.rstrip()}</p>\n{html}"


def json_ld(record: Record) -> dict[str, Any]:
    about: list[dict[str, str]] = [{"@type": "Thing", "name": t.label} for t in record.fields]
    about += [{"@type": "Country", "name": t.label} for t in record.states]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": record.title,
        "datePublished": record.date.isoformat(),
        "inLanguage": record.language,
        "genre": record.type.label,
        "identifier": record.id,
        "publisher": PUBLISHER,
        "author": [{"@type": "Organization", "name": t.label} for t in record.sources],
        "locationCreated": [{"@type": "Place", "name": place} for place in record.places],
        "about": about,
    }
    if record.dateline_text:
        data["dateline"] = record.dateline_text
    if record.summary:
        data["description"] = record.summary
    return data


#: What JSON leaves as it is but a <script> element must not hold: '<', '>'
#: and '&' could end it early, and DEL and the C1 controls are not allowed
#: in an HTML page (the page shows the others as escapes, see
#: `export.run.written_text`).
_SCRIPT_ESCAPES = {ord(char): f"\\u{ord(char):04x}" for char in "<>&\x7f"} | {
    code: f"\\u{code:04x}" for code in range(0x80, 0xA0)
}


def _script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end its <script> element early, with nothing an HTML page may not hold."""
    return to_json(data).translate(_SCRIPT_ESCAPES)


@functools.cache
def load_template(path: Path | None) -> Template:
    """The page template, compiled once per process.

    A project's own template runs sandboxed. The built-in one is part of osce
    and trusted: it runs without the sandbox's check on every attribute
    access, which gives the same page faster.
    """
    from jinja2 import Environment, StrictUndefined, TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    source_path = path or BUILTIN_TEMPLATE
    try:
        source = source_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{source_path}: cannot read template: {error}") from None
    kind = Environment if path is None else SandboxedEnvironment
    environment = kind(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    try:
        return environment.from_string(source)
    except TemplateSyntaxError as error:
        raise ConfigError(
            f"{source_path}:{error.lineno}: template error: {error.message}"
        ) from None


def render(record: Record, template: Path | None = None, site: dict[str, Any] | None = None) -> str:
    """The page; ``site`` (a site export's links around the page) is None otherwise."""
    from jinja2 import TemplateError
    from markupsafe import Markup

    try:
        return load_template(template).render(
            record=record,
            date_text=long_date(record.date),
            body_html=Markup(body_html(record)),
            json_ld=Markup(_script_json(json_ld(record))),
            site=site,
        )
    except TemplateError as error:
        where = template or BUILTIN_TEMPLATE
        raise ConfigError(f"{where}: template error: {error.message or error}") from None
