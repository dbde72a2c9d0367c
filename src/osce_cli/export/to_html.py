"""A standalone HTML5 page per release, from a Jinja2 template with autoescaping.

The body is CommonMark rendered by markdown-it-py and sanitized (see
:mod:`osce_cli.export.markdown`); the dateline is marked up with a
``<time>``; the contacts are linked (``mailto:``, ``tel:``); a schema.org
``NewsArticle`` in JSON-LD describes the release for search engines and
news aggregators. The page has a header and a footer with the
organization's name and logo (:class:`Branding`, from the configuration).

Its stylesheet, ``templates/osce.css``, is one file for every page: an
export into a folder writes it (and the logo) once into ``assets/`` and
each page links it relatively (:func:`assets`); a single page, to standard
output or one file, holds it inline, with the logo as a ``data:`` URL, so
that it looks the same standing alone.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from osce_cli.config import DEFAULT_SITE_NAME, LOGO_TYPES
from osce_cli.export.jsonencode import to_json
from osce_cli.export.markdown import to_html
from osce_cli.export.release_data import Record
from osce_cli.format.local_dates import date_in, direction
from osce_cli.support.errors import ConfigError

if TYPE_CHECKING:
    from jinja2 import Template

TEMPLATES = Path(__file__).resolve().parent / "templates"
BUILTIN_TEMPLATE = TEMPLATES / "release.html"
STYLESHEET = TEMPLATES / "osce.css"
#: The folder, at the top of an export folder, that holds the stylesheet and the logo.
ASSETS_FOLDER = "assets"
STYLESHEET_NAME = "osce.css"
PUBLISHER = {
    "@type": "Organization",
    "name": "Organization for Security and Co-operation in Europe",
    "alternateName": "OSCE",
}


class Branding(NamedTuple):
    """The organization a page is published by: its header and footer."""

    name: str = DEFAULT_SITE_NAME
    logo: Path | None = None  # an image file (one of config.LOGO_TYPES)

    @property
    def logo_name(self) -> str | None:
        """The logo's name in ``assets/``: ``logo`` and the suffix of its file."""
        return None if self.logo is None else "logo" + self.logo.suffix.lower()


class LanguageLink(NamedTuple):
    """A link from a page to one language version of its release (its own included)."""

    language: str
    name: str  # the language's name in itself: "русский"
    href: str  # relative to the page
    url: str  # for <link rel="alternate">: absolute in a site, else as href
    current: bool


def language_links(
    own: tuple[str, str, str], others: list[tuple[str, str, str]]
) -> tuple[LanguageLink, ...]:
    """A page's links to its language versions, sorted by language tag: from the
    (language, href, url) of the page itself and of each other version."""
    from osce_cli.vocabulary.labels import native_name

    if not others:
        return ()
    links = [
        LanguageLink(tag, native_name(tag), href, url, current=False) for tag, href, url in others
    ]
    links.append(LanguageLink(own[0], native_name(own[0]), own[1], own[2], current=True))
    return tuple(sorted(links, key=lambda link: link.language.lower()))


class Contact(NamedTuple):
    """A press contact as a page shows it, with the addresses of its links."""

    name: str
    email: str | None
    email_href: str | None
    phone: str | None
    phone_href: str | None


_TRUNK_PREFIX = re.compile(r"\(0\)")
_NOT_DIGIT = re.compile(r"[^0-9]")


def tel_href(phone: str) -> str:
    """``tel:`` and the number's digits, with its ``+``: ``+43 (0)1 514 36`` is ``tel:+43151436``.

    The ``(0)`` written after a country code is dialled only from inside
    the country, so it is left out of an international number.
    """
    text = phone.strip()
    if text.startswith("+"):
        return "tel:+" + _NOT_DIGIT.sub("", _TRUNK_PREFIX.sub("", text))
    return "tel:" + _NOT_DIGIT.sub("", text)


def contacts(record: Record) -> list[Contact]:
    shown = []
    for contact in record.contacts:
        email = contact.get("email")
        phone = contact.get("phone")
        shown.append(
            Contact(
                contact.get("name", ""),
                email,
                f"mailto:{email}" if email else None,
                phone,
                tel_href(phone) if phone else None,
            )
        )
    return shown


@functools.cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def assets(branding: Branding) -> list[tuple[str, bytes]]:
    """The files of ``assets/`` for pages in a folder: name and bytes."""
    files = [(STYLESHEET_NAME, stylesheet().encode("utf-8"))]
    if branding.logo is not None and branding.logo_name is not None:
        files.append((branding.logo_name, _logo_bytes(branding.logo)))
    return files


@functools.cache
def _logo_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the logo: {error.strerror or error}") from None


def _logo_src(branding: Branding, assets_url: str | None) -> str | None:
    """The logo's ``src``: in the assets folder, or inline as a ``data:`` URL."""
    if branding.logo is None:
        return None
    if assets_url is not None:
        return f"{assets_url}{branding.logo_name}"
    media_type = LOGO_TYPES.get(branding.logo.suffix.lower(), "application/octet-stream")
    encoded = base64.b64encode(_logo_bytes(branding.logo)).decode("ascii")
    return f"data:{media_type};base64,{encoded}"


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
    about: list[dict[str, str]] = [{"@type": "Thing", "name": t.shown} for t in record.fields]
    about += [{"@type": "Country", "name": t.shown} for t in record.states]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": record.title,
        "datePublished": record.date.isoformat(),
        "inLanguage": record.language,
        "genre": record.type.shown,
        "identifier": record.id,
        "publisher": PUBLISHER,
        "author": [{"@type": "Organization", "name": t.shown} for t in record.sources],
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
#: `export.job.written_text`).
_SCRIPT_ESCAPES = {ord(char): f"\\u{ord(char):04x}" for char in "<>&\x7f"} | {
    code: f"\\u{code:04x}" for code in range(0x80, 0xA0)
}


def _script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end its <script> element early, with nothing an HTML page may not hold."""
    return to_json(data).translate(_SCRIPT_ESCAPES)


@functools.cache
def load_template(path: Path | None, cache: Path | None = None) -> Template:
    """The page template (``None``: the built-in one), compiled once per process."""
    return compile_template(path or BUILTIN_TEMPLATE, trusted=path is None, cache=cache)


def compile_template(source_path: Path, *, trusted: bool, cache: Path | None = None) -> Template:
    """A template of an export (a page, a listing), with the i18n extension.

    A project's own template runs sandboxed. A built-in one is part of osce
    and ``trusted``: it runs without the sandbox's check on every attribute
    access, which gives the same page faster. With a ``cache`` folder, the
    compiled template is kept there (Jinja2's bytecode cache, keyed by the
    template's file and checked against its text and the Python version),
    and a later run loads it instead of compiling the template again.
    """
    from jinja2 import (
        Environment,
        FileSystemLoader,
        StrictUndefined,
        TemplateNotFound,
        TemplateSyntaxError,
    )
    from jinja2.sandbox import SandboxedEnvironment

    from osce_cli.export.template_cache import bytecode_cache

    kind = Environment if trusted else SandboxedEnvironment
    environment = kind(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader(source_path.parent),
        # The code of a sandboxed template is not kept beside a trusted one's.
        bytecode_cache=bytecode_cache(cache, "trusted" if trusted else "sandboxed"),
    )
    try:
        template = environment.get_template(source_path.name)
    except TemplateSyntaxError as error:
        raise ConfigError(
            f"{source_path}:{error.lineno}: template error: {error.message}"
        ) from None
    except TemplateNotFound:
        raise ConfigError(f"{source_path}: cannot read template: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{source_path}: cannot read template: {error}") from None
    # Jinja2 keeps a template's globals as a ChainMap over the environment's,
    # which every render copies name by name in Python: a small template (a
    # listing's item) spends a third of its time there. Nothing changes the
    # globals once a template is loaded (as Jinja2 asks), so a plain dict
    # gives every render the same names, copied at once.
    template.globals = dict(template.globals)
    return template


def render(
    record: Record,
    template: Path | None = None,
    branding: Branding = Branding(),  # noqa: B008 - an immutable tuple
    assets_url: str | None = None,
    site: Any = None,
    versions: tuple[LanguageLink, ...] = (),
    template_cache: Path | None = None,
) -> str:
    """The page of one release, in its language.

    ``assets_url`` is where the page finds the assets folder, relative to
    it and ending in ``/`` (``../assets/``); None for a page that stands
    alone, which holds its stylesheet and logo. ``site`` holds a site
    export's links around the page (None otherwise). ``versions`` are the
    links to the release's language versions, the page's own included
    (none when the export writes no other).
    """
    from jinja2 import TemplateError
    from markupsafe import Markup

    from osce_cli.export.messages import template_words
    from osce_cli.vocabulary.datelines import places_in

    try:
        return load_template(template, template_cache).render(
            record=record,
            direction=direction(record.language),
            versions=versions,
            **template_words(record.language),
            date_text=date_in(record.date, record.language),
            places=places_in(record.places, record.language),
            body_html=Markup(body_html(record)),
            json_ld=Markup(_script_json(json_ld(record))),
            contacts=contacts(record),
            site_name=branding.name,
            site_logo=_logo_src(branding, assets_url),
            stylesheet_href=None if assets_url is None else assets_url + STYLESHEET_NAME,
            stylesheet=None if assets_url is not None else Markup(stylesheet()),
            site=site,
        )
    except TemplateError as error:
        where = template or BUILTIN_TEMPLATE
        raise ConfigError(f"{where}: template error: {error.message or error}") from None
