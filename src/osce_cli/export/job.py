"""One release of an export, as a worker process makes it.

A `Job` names a release and what to do with it (write its output, return its
text, or read what the batch needs to know of it); `export_one` reads the
release, renders it (`render`) and writes it whole, or finds its output up to
date, and answers with a `Done`. A `Worker` holds what every release is
rendered with (the options, the vocabulary, the templates), loaded once per
process; workers are forked from the batch (``run.py``) with it loaded.
Both messages are named tuples: they cross between processes for every release.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from osce_cli.config import DEFAULT_SOURCE_GRACE_DAYS
from osce_cli.export.export_options import ExportOptions
from osce_cli.export.formats import STREAMS
from osce_cli.export.manifest import (
    Entry,
    OutputStamp,
    SourceStamp,
    digest,
    output_stamp,
    source_stamp,
)
from osce_cli.frontmatter.source import read_file_and_stat
from osce_cli.support.errors import OsceError, internal_error
from osce_cli.support.records import Record as MutableRecord

if TYPE_CHECKING:
    from osce_cli.export.release_data import Record
    from osce_cli.export.site.entries import SiteEntry
    from osce_cli.export.to_html import LanguageLink
    from osce_cli.vocabulary.terms import Vocabulary


def render(
    record: Record,
    options: ExportOptions,
    assets_url: str | None = None,
    entry: SiteEntry | None = None,
    versions: tuple[LanguageLink, ...] = (),
) -> str:
    """The export of one release, as it is written (see `written_text`).

    ``assets_url``: where an HTML page in a folder finds ``assets/``
    (relative to it); None for a page that stands alone. ``entry``: a site's
    release page, its site entry (where it is, its facet values). ``versions``:
    an HTML page's links to the release's language versions.
    """
    if options.output_format in ("html", "site"):
        from osce_cli.export import to_html as html

        branding = html.Branding(options.site_name, options.site_logo)
        site = None
        if entry is not None:
            from osce_cli.export.site.pages import release_context

            site = release_context(entry, options.base_url or "", branding)
        page = html.render(
            record,
            options.template,
            branding,
            assets_url,
            site=site,
            versions=versions,
            template_cache=options.template_cache,
        )
    elif options.output_format == "json":
        from osce_cli.export import to_json as json

        page = json.render(record)
    else:
        from osce_cli.export import to_text as text

        page = text.render(record, options.width)
    return written_text(page, options.output_format)


def written_text(text: str, output_format: str) -> str:
    """An export as it is written: valid UTF-8, whatever a release or its name holds.

    JSON escapes control characters itself and keeps values exact; HTML pages
    and text show them as escapes (``\\x1b``), keeping tabs and line breaks.
    A file name that is not UTF-8 (a JSON ``path``) has ``\\xHH`` for each
    byte that is not (see :mod:`osce_cli.report.printable`).
    """
    from osce_cli.report.printable import encodable_json, without_controls

    return encodable_json(text) if output_format == "json" else without_controls(text)


def _site_page(root: str | None, destination: str) -> str:
    """A release page's path below the site's root (``root``: absolute, ending in "/"),
    from its absolute path."""
    assert root is not None  # set for a site before its pages are made (`run._Batch.to_site`)
    return destination[len(root) :] if destination.startswith(root) else destination


class Spec(NamedTuple):
    """What every release of one export is rendered with."""

    options: ExportOptions
    now: dt.datetime
    vocabulary: tuple[Path, ...]  # the project's vocabulary files
    #: The output folder (absolute, ending in "/") when pages share its ``assets/``.
    assets_root: str | None = None


class Worker(MutableRecord):
    """What rendering needs in one process: loaded once, used for every release."""

    __slots__ = ("failed", "folders", "loaded", "spec")
    _fields: ClassVar[tuple[str, ...]] = ("spec", "failed", "folders", "loaded")

    def __init__(
        self,
        spec: Spec,
        #: Where the first file that could not be written is in the batch: files
        #: after it are not tried (a ``multiprocessing.Value`` where there are workers).
        failed: Any = None,
        loaded: Vocabulary | None = None,
    ) -> None:
        self.spec = spec
        self.failed = failed
        self.folders: set[str] = set()  # output folders known to exist
        self.loaded = loaded

    def in_worker(self) -> Worker:
        """This context as a worker process continues it (with what is loaded here, if forked)."""
        return Worker(self.spec, self.failed, loaded=self.loaded)

    def load(self, *, rendering: bool) -> None:
        """Load now what every release needs: forked workers then start with it.

        Otherwise every worker loads the vocabulary, imports Jinja2 and
        markdown-it and compiles the template itself; loading it once here
        pays on a 1,000-file export (benchmarks/README.md).
        """
        with contextlib.suppress(OsceError):  # reported by the releases that need it, as ever
            self.vocabulary()
            _record_makers()
            if not rendering:
                return
            from osce_cli.export.markdown import parser

            parser()
            options = self.spec.options
            if options.output_format in ("html", "site"):
                from osce_cli.export.to_html import load_template

                load_template(options.template, options.template_cache)

    def vocabulary(self) -> Vocabulary:
        if self.loaded is None:
            from osce_cli.vocabulary.terms import load_vocabulary

            self.loaded = load_vocabulary(self.spec.vocabulary)
        return self.loaded

    def embargoed(self, embargo: dt.datetime | None) -> bool:
        return embargoed(self.spec, embargo)


def embargoed(spec: Spec, embargo: dt.datetime | None) -> bool:
    """Is a release with this embargo skipped?"""
    if embargo is None or spec.options.include_embargoed:
        return False
    return embargo > spec.now


WRITE, TEXT, ITEM, SCAN, ENTRY = "write", "text", "item", "scan", "entry"


class Job(NamedTuple):
    """One release to export, and what to do with it.

    A named tuple, like :class:`Done`: both cross between processes for every
    release, and a tuple pickles faster than a frozen dataclass.
    """

    path: str | None  # the file; None for standard input, whose bytes are ``data``
    display: str
    #: WRITE to ``destination``; TEXT, ITEM (in a stream): return it; SCAN;
    #: ENTRY: return the site entry of the page at ``destination``.
    mode: str = WRITE
    data: bytes | None = None
    destination: str | None = None  # the output file, absolute (what the manifest knows)
    shown: str = ""  # the output file as given and shown (relative to the working folder)
    last: Entry | None = None  # what the last export wrote there
    order: int = 0  # where it is in its batch
    #: The release's other language versions in this export: (language, path
    #: as shown, output file (absolute) or None in a stream); see `run._Batch.language_versions`.
    versions: tuple[tuple[str, str, str | None], ...] = ()


class Done(NamedTuple):
    """What became of one job."""

    failure: OsceError | None = None
    abandoned: bool = False  # not tried: an earlier file could not be written
    skipped: bool = False  # under embargo: nothing rendered
    embargo: str | None = None
    date: dt.date | None = None  # SCAN
    language: str | None = None  # SCAN
    text: str | None = None  # TEXT and ITEM
    written: bool = False  # False when the file already held these bytes
    source: SourceStamp | None = None
    digest: str = ""
    output: OutputStamp | None = None
    output_digest: str | None = None
    entry: str | None = None  # a site's release page: its entry (JSON), when rendered


@functools.cache
def _record_makers() -> tuple[Any, ...]:
    """What building a record takes, imported once (not on every release)."""
    from osce_cli.export.release_data import build_record
    from osce_cli.frontmatter.document import load_document
    from osce_cli.frontmatter.source import decode
    from osce_cli.rules.base import Context
    from osce_cli.rules.d_dateline import find_dateline

    return load_document, decode, Context, find_dateline, build_record


def _record(data: bytes, display: str, vocabulary: Vocabulary) -> Record:
    """The record of the release these bytes hold."""
    load_document, decode, context_of, find_dateline, build_record = _record_makers()
    document = load_document(display, decode(data))
    # Only the dateline is read here, which the grace window does not change.
    context = context_of(document, lambda: vocabulary, DEFAULT_SOURCE_GRACE_DAYS)
    record: Record = build_record(document, vocabulary, find_dateline(context))
    return record


def export_one(worker: Worker, job: Job) -> Done:
    """Read, render and write (or return) one release."""
    failed = worker.failed
    if job.mode == WRITE and failed is not None and job.order > failed.value:
        return Done(abandoned=True)
    try:
        return _export(worker, job)
    except Exception as error:
        # An error of this release (or a bug of osce met on it: named too).
        failure = (
            error
            if isinstance(error, OsceError)
            else OsceError(internal_error(job.display, "exporting", error))
        )
        if job.mode == WRITE and failed is not None:
            with failed.get_lock():
                failed.value = min(failed.value, job.order)
        return Done(failure=failure)


def _export(worker: Worker, job: Job) -> Done:
    source = None
    if job.path is None:
        data = job.data or b""
    else:
        data, stat = read_file_and_stat(job.path, job.display)
        source = source_stamp(stat)
    if job.mode == SCAN:
        record = _record(data, job.display, worker.vocabulary())
        embargo = record.embargo.isoformat() if record.embargo else None
        return Done(
            skipped=worker.embargoed(record.embargo),
            embargo=embargo,
            date=record.date,
            language=record.language,
        )
    content = _content_digest(data, job.versions) if job.mode in (WRITE, ENTRY) else ""
    last = job.last
    if last is not None and last.digest == content:
        # The release is as it was last exported, only its stamp changed.
        if last.embargo is not None and worker.embargoed(dt.datetime.fromisoformat(last.embargo)):
            return Done(skipped=True, embargo=last.embargo, source=source, digest=content)
        destination = job.destination
        if last.output is not None and destination and _stamp_of(destination) == last.output:
            return Done(
                embargo=last.embargo,
                source=source,
                digest=content,
                output=last.output,
                output_digest=last.output_digest,
            )
    record = _record(data, job.display, worker.vocabulary())
    if job.versions:
        from osce_cli.export.release_data import Version

        versions = sorted(job.versions, key=lambda version: version[0].lower())
        record = record._replace(translations=tuple(Version(v[0], v[1]) for v in versions))
    embargo = record.embargo.isoformat() if record.embargo else None
    if worker.embargoed(record.embargo):
        return Done(skipped=True, embargo=embargo, source=source, digest=content)
    options = worker.spec.options
    site: SiteEntry | None = None
    entry = None
    if options.output_format == "site" and job.destination is not None:
        from osce_cli.export.site.entries import site_entry

        site = site_entry(record, _site_page(worker.spec.assets_root, job.destination))
        entry = site.to_json()
        if job.mode == ENTRY:
            return Done(embargo=embargo, source=source, digest=content, entry=entry)
    if job.mode == ITEM:
        return Done(text=_stream_item(record, worker.spec.options.output_format))
    assets_root = worker.spec.assets_root
    assets_url = None
    if assets_root is not None and job.destination is not None:
        from osce_cli.export.to_html import ASSETS_FOLDER

        folder = os.path.dirname(job.destination)  # noqa: PTH120 - strings, for every file
        assets_url = os.path.relpath(assets_root + ASSETS_FOLDER, folder).replace(os.sep, "/")
        assets_url += "/"
    links: tuple[LanguageLink, ...] = ()
    if options.output_format in ("html", "site") and job.versions and job.destination:
        links = _language_links(worker.spec, record.language, job.destination, job.versions)
    text = render(record, options, assets_url, site, links)
    if job.mode == TEXT or job.destination is None:
        return Done(text=text)
    from osce_cli.support.writer import write_output  # not needed when nothing is written

    # Written by the name it is shown with, so that messages name the same folders.
    # A worker stopped by the parent (SIGTERM) finishes the file first: see writer.py.
    data = text.encode("utf-8")
    stat, written = write_output(job.shown, data, display=job.shown, folders=worker.folders)
    return Done(
        embargo=embargo,
        written=written,
        source=source,
        digest=content,
        output=output_stamp(stat),
        output_digest=digest(data),
        entry=entry,
    )


def _content_digest(data: bytes, versions: tuple[tuple[str, str, str | None], ...]) -> str:
    """What an output is made from besides the export's options: the release, and
    its language versions (a page links them). ``v`` marks a release that has some."""
    if not versions:
        return digest(data)
    return "v" + digest(data + b"\0" + repr(versions).encode("utf-8", "surrogatepass"))


def _language_links(
    spec: Spec,
    language: str,
    destination: str,
    versions: tuple[tuple[str, str, str | None], ...],
) -> tuple[LanguageLink, ...]:
    """A page's links to its language versions: relative, and in a site absolute for
    ``<link rel="alternate">`` (search engines want full addresses there)."""
    from osce_cli.export.site.paths import url_path
    from osce_cli.export.to_html import language_links

    options = spec.options
    folder = os.path.dirname(destination)  # noqa: PTH120 - strings, as for every file

    def url(output: str, href: str) -> str:
        if options.output_format != "site":
            return href
        return (options.base_url or "") + url_path(_site_page(spec.assets_root, output))

    def href(output: str) -> str:
        return url_path(os.path.relpath(output, folder).replace(os.sep, "/"))

    others = [
        (tag, href(output), url(output, href(output)))
        for tag, _, output in versions
        if output is not None
    ]
    own = href(destination)
    return language_links((language, own, url(destination, own)), others)


def _stream_item(record: Record, output_format: str) -> str:
    """One release in a stream: an element of the JSON array, or one JSON Lines line."""
    from osce_cli.export import to_json as json

    data = json.as_dict(record)
    if output_format in STREAMS:
        return written_text(json.line(data), "json")
    from osce_cli.export.jsonencode import to_json

    return written_text(to_json(data, level=1), "json")


def _stamp_of(path: str) -> OutputStamp | None:
    try:
        return output_stamp(os.lstat(path))
    except OSError:
        return None
