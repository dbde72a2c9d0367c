"""The fixed words of exported pages in the release's language: gettext catalogs.

The templates mark their words for translation with Jinja2's i18n extension
(``{% trans %}``, ``_()``); the catalogs are ``locales/LANG/LC_MESSAGES/osce.po``,
shipped compiled (``osce.mo``, read by the standard library's ``gettext``).
A language without a catalog, or a word without a translation, stays in
English. The navigation's words are the key table's headings
(``format/keys.py``), translated through the same catalog.

Tests hold every word the templates mark and every heading translated in each
catalog, and each ``osce.mo`` equal to its ``.po`` compiled by Babel. After
editing a ``.po``::

    .venv/bin/pybabel compile -D osce -d src/osce_cli/export/locales
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import Any

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "osce"


@functools.lru_cache(maxsize=64)
def translations(tag: str) -> gettext.NullTranslations:
    """The catalog that serves the language ``tag`` (``ru`` for ``ru-RU``), or none."""
    from osce_cli.vocabulary.languages import fallbacks

    for candidate in fallbacks(tag):
        path = LOCALES / candidate.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            with path.open("rb") as catalog:
                return gettext.GNUTranslations(catalog)
    return gettext.NullTranslations()


def template_words(tag: str) -> dict[str, Any]:
    """What a template's ``{% trans %}`` and ``_()`` call, in the language ``tag``."""
    catalog = translations(tag)
    return {"gettext": catalog.gettext, "ngettext": catalog.ngettext, "_": catalog.gettext}
