"""What ``osce export`` is asked to do: the options of one export, as the command line
and the configuration give them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from osce_cli.config import DEFAULT_SITE_NAME


class ExportOptions(NamedTuple):
    output_format: str
    output: Path | None = None
    #: ``output`` was typed with a trailing slash: a folder, whether or not it exists.
    output_is_folder: bool = False
    width: int = 72
    now: dt.datetime | None = None
    include_embargoed: bool = False
    template: Path | None = None
    #: Use ``.osce_cache/``: validation results, and what earlier exports wrote.
    cache: bool = True
    #: Processes for large exports (see :mod:`osce_cli.support.pool`); None: one per CPU.
    jobs: int | None = None
    #: The paths given on the command line: the releases whose earlier outputs
    #: in the folder may be removed (see :mod:`osce_cli.export.outputs`).
    #: Empty: only the releases exported.
    inputs: tuple[str, ...] = ()
    #: The organization in the header and footer of HTML pages, and its logo.
    site_name: str = DEFAULT_SITE_NAME
    site_logo: Path | None = None
    #: ``--format site``: the site's address (checked, ending in ``/``) and the
    #: project's folder of listing templates.
    base_url: str | None = None
    site_templates: Path | None = None
    #: Where compiled templates are kept between runs (``.osce_cache/templates``,
    #: set by `export` when the cache is used); None: compiled in every run.
    template_cache: Path | None = None
