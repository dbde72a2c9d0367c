"""The site's own templates: listing and facet pages, a listing's items, feeds.

The built-in ones are in ``export/templates/``; a project's own
(``site-templates`` in the configuration, a folder holding any of them) take
their place and run sandboxed, as a project's page template does. Each is
compiled once per process.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from osce_cli.export.messages import template_words
from osce_cli.format.local_dates import direction
from osce_cli.report.printable import without_controls
from osce_cli.support.errors import ConfigError

if TYPE_CHECKING:
    from jinja2 import Template

BUILTIN = Path(__file__).resolve().parents[1] / "templates"
#: Every template of the site besides the release page's.
TEMPLATES = ("listing.html", "listing-entry.html", "facet.html", "feed.xml", "feed-entry.xml")


def template_path(name: str, folder: Path | None) -> Path:
    if folder is not None and (folder / name).is_file():
        return folder / name
    return BUILTIN / name


@functools.cache
def load(name: str, folder: Path | None, cache: Path | None = None) -> Template:
    """A template of the site: the project's (sandboxed) or the built-in one, compiled once
    (or taken compiled from ``cache``, see ``export/template_cache.py``)."""
    from osce_cli.export.to_html import compile_template

    path = template_path(name, folder)
    return compile_template(path, trusted=path.parent == BUILTIN, cache=cache)


def templates_digest(folder: Path | None) -> str:
    """What the site's own templates hold (a change makes every listing and feed again)."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        try:
            digest.update(template_path(name, folder).read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


class SiteTemplates(NamedTuple):
    """A site's templates: the project's folder (None: only the built-in ones),
    and where compiled templates are kept (``export/template_cache.py``)."""

    folder: Path | None = None
    cache: Path | None = None

    def render(
        self, name: str, context: dict[str, Any], language: str = "en", *, part: bool = False
    ) -> str:
        """A file of the site, or a ``part`` of one, its words in ``language`` (export/messages.py).

        In a file, control characters but tabs and line feeds are shown as
        escapes, as in every export (and XML 1.0 allows no others); a part is
        left as it is, for the file it goes into is.
        """
        words = template_words(language)
        try:
            text = load(name, self.folder, self.cache).render(
                **context, **words, language=language, direction=direction(language)
            )
        except Exception as error:
            # Jinja2 is imported where a template is loaded: here only when one failed.
            from jinja2 import TemplateError

            if not isinstance(error, TemplateError):
                raise
            where = template_path(name, self.folder)
            raise ConfigError(f"{where}: template error: {error.message or error}") from None
        return text if part else without_controls(text)
