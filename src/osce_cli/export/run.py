"""``osce export``: validate every release, then write the exports whole.

Nothing is written unless every input is free of errors: a failed batch
leaves the output folder as it was. Each output file is written to a
temporary name and renamed; if writing stops half-way (a full disk), the
files already written are listed. Embargoed releases are skipped until
their embargo has passed (``--include-embargoed`` exports them anyway).

The work streams: validation goes through :func:`osce_cli.validate.checker.check_targets`
(cached by content, spread over processes), then each release is read,
rendered and written on its own, one at a time per worker (a map of
:func:`osce_cli.export.job.export_one` over the releases, see
:mod:`osce_cli.support.pool`), so an archive of any size never sits in memory.
This module is the batch: what to export, in which order, where, and what
the manifest says is up to date; ``job.py`` is one release.

An output whose release, options, template, vocabulary and osce are as they
were when it was written, and which is itself as osce left it, is not
rendered again (see :mod:`osce_cli.export.manifest`); an output that renders to
the bytes already on disk is not written again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from osce_cli.export.export_options import ExportOptions
from osce_cli.export.formats import FORMATS, STREAMS
from osce_cli.export.job import (
    ENTRY,
    ITEM,
    SCAN,
    TEXT,
    WRITE,
    Done,
    Job,
    Spec,
    Worker,
    embargoed,
    export_one,
)
from osce_cli.export.manifest import (
    Entry,
    Manifest,
    SourceStamp,
    digest,
    output_stamp,
    source_stamp,
)
from osce_cli.export.outputs import folder_prefix
from osce_cli.report.diagnostics import Report, Severity
from osce_cli.support.errors import OsceError, UsageError
from osce_cli.support.sqlite import RACY_SECONDS
from osce_cli.validate.discovery import Target

if TYPE_CHECKING:
    from rich.console import Console

    from osce_cli.export.site.entries import SiteEntry
    from osce_cli.export.site.output import SiteOutput
    from osce_cli.export.site.pages import SitePages
    from osce_cli.export.site.store import SiteStore
    from osce_cli.validate.checker import Settings
    from osce_cli.vocabulary.terms import Vocabulary

#: Show a progress bar (on a terminal) from this many releases on.
PROGRESS_FROM = 50

#: The formats whose stdout (or ``-o FILE``) holds every release, in order.
_STREAMED = frozenset({"json", *STREAMS})


def _file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return "unreadable"


class _StdinReads:
    """Standard input as validation reads it, kept for rendering (it can only be read once)."""

    def __init__(self, stdin: Callable[[], BinaryIO]) -> None:
        self.stdin = stdin
        self.reads: list[bytes] = []

    def __call__(self) -> BinaryIO:
        from osce_cli.frontmatter.source import read_stream

        self.reads.append(read_stream(self.stdin()))
        return io.BytesIO(self.reads[-1])


def _validate(
    targets: list[Target],
    settings: Settings,
    options: ExportOptions,
    stdin: _StdinReads,
    stamps: dict[str, SourceStamp],
    clean: set[str],
    fingerprint: str | None,
) -> Report:
    """Check every release as ``osce validate`` does; ``stamps`` gets the clean files'
    stamps. ``clean``: releases known clean, as they are, under settings whose
    fingerprint is ``fingerprint`` (see `_Batch.fresh_before`)."""
    from osce_cli.config import CACHE_DIR
    from osce_cli.validate.checker import check_targets

    cache_folder = settings.config.root / CACHE_DIR if options.cache else None
    return check_targets(
        targets, settings, stdin, cache_folder, options.jobs, stamps, clean, fingerprint
    )


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


class _Batch:
    """One export of valid releases."""

    def __init__(
        self,
        targets: list[Target],
        settings: Settings,
        options: ExportOptions,
        stamps: dict[str, SourceStamp] | None = None,
    ) -> None:
        self.targets = targets
        #: The clean releases' stamps as validation found them, by path (see `check_targets`).
        self.stamps = {} if stamps is None else stamps
        self.settings = settings
        self.options = options
        self.spec = Spec(
            options,
            options.now or dt.datetime.now(dt.timezone.utc),
            settings.config.vocabulary,
        )
        #: Standard input as validation read it, by target (see `read_stdin`).
        self.stdin_data: dict[int, bytes] = {}
        self.skipped: dict[int, str | None] = {}  # releases already found under embargo
        self.scanned: dict[int, Done] = {}  # releases already parsed for date and embargo
        self.exported = 0  # outputs written or found up to date
        self.produced: set[str] = set()  # their absolute paths
        self.console: Console | None = None  # the progress bar's, while it shows
        self.vocabulary: Vocabulary | None = None  # once loaded in this process
        self.digests: dict[str, str] = {}  # of releases whose output is up to date, by output
        #: Each release's other language versions in this export (see `language_versions`).
        self.versions: dict[int, tuple[tuple[str, str, str | None], ...]] = {}
        #: The output folder's manifest, opened once (see `folder_manifest`): (prefix, it).
        self.opened: tuple[str, Manifest | None] | None = None
        #: Each folder's outputs, as `destinations` found them before any was skipped.
        self.places: dict[Path, list[tuple[int, str, str]]] = {}
        #: The releases that need no work, with their SHA-256 (see `fresh_before`).
        self.fresh: dict[int, str] = {}

    def read_stdin(self, reads: list[bytes]) -> None:
        """Standard input as validation read it, for the targets that are standard input."""
        stdin_reads = iter(reads)
        self.stdin_data = {
            index: next(stdin_reads, b"")
            for index, target in enumerate(self.targets)
            if target.file is None
        }

    def close(self) -> None:
        if self.opened is not None and self.opened[1] is not None:
            self.opened[1].close()

    @functools.cached_property
    def checked(self) -> str | None:
        """The fingerprint of the validation settings (as the results cache keys them)."""
        if not self.options.cache:
            return None
        from osce_cli.validate.cache import fingerprint

        try:
            return fingerprint(self.settings.key, self.settings.config.vocabulary)
        except OSError:  # a vocabulary file gone: validation says so
            return None

    def fresh_before(self) -> set[str]:
        """Find the releases that need no work (`fresh`); their files, for validation.

        Such a release is as the folder's manifest says it was last exported
        (its stamp), then found free of any finding under these settings;
        its output file is as osce left it; it has no other language version
        among the releases (those link each other) and is no translation
        (its findings depend on its original). Validation takes those files
        as clean and the export as up to date, each examined once, here.

        Known only where the export writes a folder whatever the releases
        hold (`written_folder`).
        """
        written = self.written_folder()
        if written is None or self.checked is None:
            return set()
        folder, below = written
        if self.options.output_format in ("html", "site"):
            # As `to_files` and `to_site` will (the manifest's fingerprint holds it).
            self.share_assets(folder)
        manifest = self.folder_manifest(folder)
        if manifest is None:
            return set()
        settled = manifest.settled(self.checked)
        groups, translations = self.language_names()
        versioned = {index for members in groups for index, _ in members}
        targets, spec, clean = self.targets, self.spec, set()
        for index, _, absolute in self.destinations(below):
            known = settled.get(absolute)
            if known is None or index in versioned:
                continue
            target = targets[index]
            file = target.file
            if file is None or known.display != target.display or index in translations:
                continue
            embargo = known.embargo
            if embargo and embargoed(spec, dt.datetime.fromisoformat(embargo)):
                continue
            try:
                # Strings, not Path objects: this runs for every file.
                stat = os.stat(file)  # noqa: PTH116
                if (stat.st_size, stat.st_mtime_ns, stat.st_ino) != known.source:
                    continue
                now = os.lstat(absolute)
            except OSError:
                continue
            if (now.st_size, now.st_mtime_ns, now.st_ino, now.st_ctime_ns) == known.output:
                self.fresh[index] = known.digest
                clean.add(file)
        return clean

    def written_folder(self) -> tuple[Path, Path] | None:
        """The folder this export writes whatever its releases hold, and the folder of
        the releases' pages in it: a site (pages below ``releases/``), or pages into
        a folder that exists or was named with a trailing "/". None otherwise: then
        how many releases are exported decides between a file and a folder."""
        output, options = self.options.output, self.options
        if output is None or options.output_format in STREAMS:
            return None
        if options.output_format == "site":
            from osce_cli.export.site.paths import RELEASES

            return output, output / RELEASES
        if options.output_is_folder or output.is_dir():
            return output, output
        return None

    def share_assets(self, folder: Path) -> None:
        """The pages written into ``folder`` share the stylesheet and logo in its assets/."""
        self.spec = self.spec._replace(assets_root=folder_prefix(folder))

    def folder_manifest(self, output: Path) -> Manifest | None:
        """The manifest of this export's outputs, with the folder's rows read.

        Opened once (a locked database is waited for once), unless the cache's
        folder is not there yet: before validation, which makes it.
        """
        prefix = folder_prefix(output)
        if self.opened is not None and self.opened[0] == prefix:
            return self.opened[1]
        manifest = self.manifest()
        if manifest is not None:
            manifest.set_folder(prefix)
            if manifest.connection is not None or manifest.unavailable:
                self.opened = (prefix, manifest)
        return manifest

    # ----------------------------------------------------------------- helpers

    def job(self, index: int, mode: str, **fields: Any) -> Job:
        target = self.targets[index]
        if mode != SCAN:
            fields.setdefault("versions", self.versions.get(index, ()))
        return Job(target.file, target.display, mode, self.stdin_data.get(index), **fields)

    def language_versions(self, places: list[tuple[int, str | None]]) -> None:
        """Find the language versions of each release among those exported.

        ``places`` are the releases (not under embargo, as far as is known)
        with their output files (None in a stream). A translation is known by
        its file name (``x.ru.md`` beside ``x.md``, see ``format/translations.py``);
        an original's language is read from it. Only versions that this export
        writes are linked, so that no link leads to a page it does not write.
        """
        exported = {index for index, _ in places}
        shared = [
            kept
            for kept in (
                [(index, tag) for index, tag in members if index in exported]
                for members in self.language_names()[0]
            )
            if len(kept) > 1
        ]
        # Every version is read once: an original for its language, each one for
        # its embargo (a version skipped is not linked).
        languages = {
            index: done.language
            for index, done in self.scan([index for members in shared for index, _ in members])
        }
        outputs = dict(places)
        for members in shared:
            kept = [
                (index, tag or languages[index] or "en")
                for index, tag in members
                if index not in self.skipped
            ]
            for index, _ in kept:
                self.versions[index] = tuple(
                    (tag, self.targets[other].display, outputs[other])
                    for other, tag in kept
                    if other != index
                )

    @functools.cache  # noqa: B019 - one batch per run
    def language_names(self) -> tuple[list[list[tuple[int, str | None]]], set[int]]:
        """What the releases' names say of their languages: the groups of releases
        that are versions of one another ((index, the language the name gives,
        None for the original), by original), and the translations (by index)."""
        from osce_cli.format.translations import TranslationName, translation_of

        named: dict[int, TranslationName] = {}
        for index, target in enumerate(self.targets):
            name = translation_of(target.display)
            if name is not None:
                named[index] = name
        groups: dict[str, list[tuple[int, str | None]]] = {}
        if named:  # only the names that translations give belong to a group
            originals = {name.original for name in named.values()}
            for index, target in enumerate(self.targets):
                name = named.get(index)
                if name is not None:
                    groups.setdefault(name.original, []).append((index, name.language))
                elif target.display in originals:
                    groups.setdefault(target.display, []).append((index, None))
        return [members for members in groups.values() if len(members) > 1], set(named)

    def run(self, jobs: list[Job]) -> Generator[Done, None, None]:
        """The jobs' outcomes, in order, from as many processes as pay off."""
        from osce_cli.support.pool import ordered_map, workers_for

        failed = None
        forking = workers_for(len(jobs), self.options.jobs) > 1
        if forking and any(j.mode == WRITE for j in jobs):
            import multiprocessing

            failed = multiprocessing.get_context().Value("q", len(jobs))
        worker = Worker(
            self.spec, _Failed(len(jobs)) if failed is None else failed, loaded=self.vocabulary
        )
        rendering = any(j.mode != SCAN for j in jobs)
        try:
            yield from ordered_map(
                export_one,
                jobs,
                self.options.jobs,
                worker,
                before_fork=lambda context: context.load(rendering=rendering),
                in_worker=Worker.in_worker,
            )
        finally:
            self.vocabulary = worker.loaded

    def one(self, job: Job) -> Done:
        done = next(self.run([job]))
        if done.failure is not None:
            raise done.failure
        return done

    def notice(self, index: int, embargo: str | None) -> None:
        from osce_cli.report.printable import printable

        shown = printable(self.targets[index].display)
        text = f"osce: skipped {shown}: embargoed until {embargo}"
        if self.console is not None:
            self.console.out(text, highlight=False)
        else:
            print(text, file=sys.stderr)

    def scan(self, indices: list[int]) -> Iterator[tuple[int, Done]]:
        """Parse releases to learn their date and embargo; notices for those skipped.

        A release is parsed (and its notice shown) once per run, however often it is asked for.
        """
        fresh = [i for i in indices if i not in self.scanned]
        outcomes = self.run([self.job(i, SCAN) for i in fresh])
        for index in indices:
            if index in self.scanned:
                yield index, self.scanned[index]
                continue
            done = next(outcomes)
            if done.failure is not None:
                raise done.failure
            self.scanned[index] = done
            if done.skipped:
                self.skipped[index] = done.embargo
                self.notice(index, done.embargo)
            yield index, done

    # ----------------------------------------------------------------- stdout

    def nothing_to_export(self) -> None:
        """The one line that says why an export wrote no release (not an error)."""
        count = len(self.targets)
        if count == 0:
            reason = "no releases found"
        elif count == 1:
            reason = "1 release found, under embargo"
        else:
            reason = f"{count} releases found, all under embargo"
        print(f"osce: nothing to export: {reason}", file=sys.stderr)

    def to_stdout(self, stdout: TextIO) -> int:
        options = self.options
        if options.output_format in _STREAMED:
            self.stream(stdout.write)
            return 0
        if len(self.targets) == 1:
            done = self.one(self.job(0, TEXT))
            if done.skipped:
                self.notice(0, done.embargo)
            elif done.text is not None:
                stdout.write(done.text)
                return 0
            self.nothing_to_export()
            return 0
        kept = [
            index for index, done in self.scan(list(range(len(self.targets)))) if not done.skipped
        ]
        if not kept:
            self.nothing_to_export()
            return 0
        if len(kept) > 1:
            raise UsageError(
                f"{len(kept)} releases to export: give -o DIRECTORY for {options.output_format}"
            )
        stdout.write(self.one(self.job(kept[0], TEXT)).text or "")
        return 0

    def stream(self, write: Callable[[str], object]) -> int:
        """Every release not under embargo, sorted by date, then path, written one at a time.

        JSON is one array, the very text of ``json.dumps`` of the whole list
        (``[]`` when there is none); JSON Lines is one compact object a line.
        """
        count = len(self.targets)
        if count == 1:
            order = [0]  # no dates to sort by: no need to parse it twice
        else:
            kept = [
                (done.date, self.targets[index].display, index)
                for index, done in self.scan(list(range(count)))
                if not done.skipped
            ]
            kept.sort(key=lambda key: (key[0], key[1]))
            order = [index for _, _, index in kept]
            self.language_versions([(index, None) for index in order])
        lines = self.options.output_format in STREAMS
        opening, separator, closing = ("", "\n", "\n") if lines else ("[\n  ", ",\n  ", "\n]\n")
        written = 0
        for index, done in zip(order, self.run([self.job(i, ITEM) for i in order]), strict=True):
            if done.failure is not None:
                raise done.failure
            if done.skipped:
                self.notice(index, done.embargo)
                continue
            write((separator if written else opening) + (done.text or ""))
            written += 1
        if written:
            write(closing)
            return written
        if not lines:
            write("[]\n")
        self.nothing_to_export()
        return 0

    def stream_to_file(self, output: Path) -> int:
        """The stream, as it would go to stdout, into one file written whole."""
        from osce_cli.report.printable import printable
        from osce_cli.support.writer import streamed_output

        shown = printable(str(output))
        with streamed_output(str(output), display=str(output)) as stream:

            def write(text: str) -> None:
                stream.write(text.encode("utf-8"))

            written = self.stream(write)
        if written:
            plural = "s" if written != 1 else ""
            print(f"osce: exported {written} release{plural} to {shown}", file=sys.stderr)
        return 0

    # ----------------------------------------------------------------- files

    def to_files(self) -> int:
        output = self.options.output
        assert output is not None
        if self.options.output_format == "site":
            return self.to_site(output)
        output_format = self.options.output_format
        if output_format in STREAMS:
            return self.stream_to_file(output)
        count = len(self.targets)
        folder = self.written_folder() is not None
        if count > 1 and not folder:
            # Several releases and no folder named: a folder, unless embargoes
            # leave one release or none. Two releases to export settle it.
            found = 0
            for index in range(count):
                for _, done in self.scan([index]):
                    found += not done.skipped
                if found == 2:
                    folder = True
                    break
        if not folder:
            # One release or none: a file, holding what stdout would.
            if output_format in _STREAMED:
                return self.stream_to_file(output)
            remaining = [i for i in range(count) if i not in self.skipped]
            if not remaining:
                self.nothing_to_export()
                return 0
            (index,) = remaining
            manifest = self.manifest(single_file=True)
            try:
                code = self.write([(index, str(output), str(output.absolute()))], manifest)
            finally:
                if manifest is not None:
                    manifest.close()
            if code == 0 and not self.exported:
                self.nothing_to_export()
            return code
        if output.exists() and not output.is_dir():
            self.scan_rest()
            raise UsageError(f"{output}: not a directory (several releases need -o DIRECTORY)")
        places = self.destinations(output)
        pages = self.options.output_format == "html"
        if pages:
            self.share_assets(output)
        if self.clash(places) is not None:
            # Two releases would go to the same file; unless one is skipped.
            self.scan_rest()
            places = [place for place in places if place[0] not in self.skipped]
            clash = self.clash(places)
            if clash is not None:
                raise UsageError(clash)
        self.language_versions([(index, absolute) for index, _, absolute in places])
        manifest = self.folder_manifest(output)
        try:
            code = self.write(places, manifest)
            if pages and self.exported:
                # After the pages: an export with nothing to export writes nothing.
                self.write_assets(output, manifest)
            if code == 0:
                if not self.exported:
                    self.nothing_to_export()
                code = self.prune(output, manifest)
        finally:
            if manifest is not None:
                manifest.close()
        return code

    def prune(self, output: Path, manifest: Manifest | None) -> int:
        """Remove what earlier exports wrote into the folder and this one did not.

        Returns 2 when an output that should go cannot be removed, else 0.
        """
        if manifest is None:  # --no-cache: nothing tells which files are osce's
            return 0
        from osce_cli.export.outputs import Covered, prune
        from osce_cli.report.printable import printable

        inputs = self.options.inputs or tuple(t.file for t in self.targets if t.file is not None)
        pruned = prune(output, manifest, self.produced, Covered.of(inputs))
        if pruned is None:
            if manifest.unavailable:
                print(
                    "osce: the export manifest in .osce_cache/ cannot be opened now:"
                    " outputs no longer exported were not looked for",
                    file=sys.stderr,
                )
            return 0
        prefix = folder_prefix(output)
        shown_folder = str(output)
        shown_prefix = "" if shown_folder == "." else shown_folder.rstrip("/") + "/"

        def shown(path: str) -> str:
            return printable(shown_prefix + path[len(prefix) :])

        if pruned.removed:
            files, folders = len(pruned.removed), len(pruned.folders)
            heading = f"osce: removed {files} file{'s' if files != 1 else ''} no longer exported"
            if folders:
                heading += f" and {folders} folder{'s' if folders != 1 else ''} left empty"
            print(heading + ":", file=sys.stderr)
            for path in sorted(pruned.removed) + [folder + "/" for folder in pruned.folders]:
                print(f"  {shown(path)}", file=sys.stderr)
        for path in sorted(pruned.edited):
            print(
                f"osce: kept {shown(path)}: no longer exported, but changed since osce wrote it",
                file=sys.stderr,
            )
        for path, reason in pruned.failed:
            print(f"osce: error: {shown(path)}: cannot remove: {reason}", file=sys.stderr)
        return 2 if pruned.failed else 0

    def write_assets(self, output: Path, manifest: Manifest | None) -> None:
        """The stylesheet and logo that the pages in the folder share, in ``assets/``.

        Recorded as outputs made from the whole run, so that pruning removes
        them with the last page, and only then.
        """
        from osce_cli.export.to_html import ASSETS_FOLDER, Branding, assets
        from osce_cli.support.writer import write_output

        options = self.options
        folder = output / ASSETS_FOLDER
        for name, data in assets(Branding(options.site_name, options.site_logo)):
            shown = str(folder / name)
            stat, _ = write_output(shown, data, display=shown)
            absolute = str((folder / name).absolute())
            self.produced.add(absolute)
            if manifest is not None:
                content = digest(data)
                entry = Entry(shown, None, content, None, output_stamp(stat), content)
                manifest.put(absolute, entry, None)

    def to_site(self, output: Path) -> int:
        """The release pages below ``releases/``, then the rest of the site."""
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output}: not a directory (--format site writes a folder)")
        written = self.written_folder()
        assert written is not None  # a site is always a folder
        places = self.destinations(written[1])
        if self.clash(places) is not None:
            self.scan_rest()
            places = [place for place in places if place[0] not in self.skipped]
            clash = self.clash(places)
            if clash is not None:
                raise UsageError(clash)
        self.share_assets(output)
        self.language_versions([(index, absolute) for index, _, absolute in places])
        published: dict[int, tuple[str, str, str | None]] = {}
        manifest = self.folder_manifest(output)
        try:
            code = self.write(places, manifest, published)
            if self.exported:
                self.write_assets(output, manifest)
            if code != 0:
                return code
            if not self.exported:
                self.nothing_to_export()
            self.site(output, published, manifest)
            return self.prune(output, manifest)
        finally:
            if manifest is not None:
                manifest.close()

    def site(
        self,
        output: Path,
        published: dict[int, tuple[str, str, str | None]],
        manifest: Manifest | None,
    ) -> None:
        """Listings, feeds and sitemap of the published releases: (output, digest, entry).

        Each file is recorded in the manifest as made from the whole run, so
        that pruning removes the listings and feeds no release needs any more.
        """
        from osce_cli.config import CACHE_DIR
        from osce_cli.export.site.incremental import refresh, releases_digest
        from osce_cli.export.site.output import SiteOutput
        from osce_cli.export.site.pages import SitePages
        from osce_cli.export.site.store import SiteStore
        from osce_cli.export.site.templates import SiteTemplates
        from osce_cli.export.to_html import Branding

        options = self.options
        cached = options.cache and any(t.file is not None for t in self.targets)
        folder = str(output.absolute())
        store = SiteStore(
            self.settings.config.root / CACHE_DIR if cached else None,
            self.fingerprint,
            folder,
        )
        try:
            known = manifest.made_from_run() if manifest is not None else None
            site = SiteOutput(folder, str(output), store, known)
            branding = Branding(options.site_name, options.site_logo)
            base_url = options.base_url or ""
            releases = [published[index] for index in sorted(published)]
            templates = SiteTemplates(options.site_templates, options.template_cache)
            site_pages = SitePages(base_url, templates, branding)
            keep_entries = None
            if not refresh(site, store, releases, site_pages):
                keep_entries = self.whole_site(site, store, published, site_pages)
            site.flush(options.jobs, meanwhile=keep_entries)
            store.releases = releases_digest((place, content) for place, content, _ in releases)
            store.files = len(site.made)
        finally:
            store.close()
        for path in site.produced:
            self.produced.add(f"{folder}/{path}")
        if manifest is not None:
            for path, (made_from, stamp) in site.made.items():
                manifest.put_made_from_run(f"{folder}/{path}", site.shown + path, stamp, made_from)

    def whole_site(
        self,
        site: SiteOutput,
        store: SiteStore,
        published: dict[int, tuple[str, str, str | None]],
        site_pages: SitePages,
    ) -> Callable[[], None]:
        """Every file of the site from every entry (each made only if what it shows changed).

        Returns what keeps the entries in the store, for `SiteOutput.flush` to
        run while its workers make the files.
        """
        from osce_cli.export.site.build import shown_on, write_site
        from osce_cli.export.site.entries import compact_json, from_json

        known = store.entries([place for place, _, _ in published.values()])
        entries: list[SiteEntry] = []
        texts: dict[str, tuple[str, str, str]] = {}  # (place, SHA-256, entry) by release page
        missing: list[int] = []
        for index, (place, content, entry) in sorted(published.items()):
            if entry is None:
                stored = known.get(place)
                if stored is None or stored[0] != content:
                    missing.append(index)
                    continue
                entry = stored[1]
            entries.append(from_json(entry))
            texts[entries[-1].page] = (place, content, entry)
        jobs = [self.job(i, ENTRY, destination=published[i][0]) for i in missing]
        for index, done in zip(missing, self.run(jobs), strict=True):
            if done.failure is not None:
                raise done.failure
            if done.entry is not None and not done.skipped:
                entries.append(from_json(done.entry))
                texts[entries[-1].page] = (published[index][0], done.digest, done.entry)
        stamps = {
            page: digest(entry.encode("utf-8", "surrogatepass"))
            for page, (_, _, entry) in texts.items()
        }
        files = write_site(site, entries, stamps, site_pages)
        for page in texts:
            site.keep(page)
        store.forget_shown([path for path in site.known if path not in site.produced])

        def keep_entries() -> None:
            showing = shown_on(files)
            for page, (place, content, entry) in texts.items():
                shown = compact_json(showing.get(page, []))
                if known.get(place) != (content, entry, shown):
                    store.put_entry(place, content, entry, shown)

        return keep_entries

    def scan_rest(self) -> None:
        rest = [i for i in range(len(self.targets)) if i not in self.skipped]
        for _ in self.scan(rest):
            pass

    def destinations(self, output: Path) -> list[tuple[int, str, str]]:
        """Each release's output file below the folder, as shown and as an absolute path."""
        if not self.skipped and output in self.places:
            return self.places[output]
        places = self._destinations(output)
        if not self.skipped:
            self.places[output] = places
        return places

    def _destinations(self, output: Path) -> list[tuple[int, str, str]]:
        suffix = FORMATS[self.options.output_format]
        shown_folder = str(output)
        prefix = "" if shown_folder == "." else shown_folder.rstrip("/") + "/"
        absolute = folder_prefix(output)
        places = []
        skipped = self.skipped
        for index, target in enumerate(self.targets):
            if skipped and index in skipped:
                continue
            relative = target.relative
            # A plain relative path ending in a name "*.md": its folders and name
            # kept as they are (no ".", "..", hidden name or empty part to resolve).
            if (
                relative.endswith(".md")
                and not relative.startswith((".", "/"))
                and "//" not in relative
                and "/." not in relative
            ):
                below = relative[: -len(".md")] + suffix
                places.append((index, prefix + below, absolute + below))
            else:
                path = output / PurePosixPath(relative).with_suffix(suffix)
                places.append((index, str(path), str(path.absolute())))
        return places

    def clash(self, places: list[tuple[int, str, str]]) -> str | None:
        seen: dict[str, int] = {}
        for index, shown, _ in places:
            if shown in seen:
                first = self.targets[seen[shown]].display
                return f"{self.targets[index].display} and {first} would both be written to {shown}"
            seen[shown] = index
        return None

    def manifest(self, *, single_file: bool = False) -> Manifest | None:
        """The manifest of this export's outputs; ``None`` without the cache.

        A file named by ``-o`` is another kind of output than the pages of a
        folder: a folder export never removes it (see ``outputs.py``).
        """
        if not self.options.cache or (self.targets and all(t.file is None for t in self.targets)):
            return None
        from osce_cli.config import CACHE_DIR

        kind = self.options.output_format + (" file" if single_file else "")
        return Manifest(self.settings.config.root / CACHE_DIR, self.fingerprint, kind)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Everything besides a release that decides the bytes of its export."""
        from osce_cli.export.manifest import export_fingerprint
        from osce_cli.export.to_html import BUILTIN_TEMPLATE

        options = self.options
        html = options.output_format in ("html", "site")
        template = (options.template or BUILTIN_TEMPLATE) if html else None
        key: list[object] = [options.output_format, options.width]
        if html:
            from osce_cli.export.to_html import STYLESHEET

            # What the pages show besides the release: the organization, its
            # logo, the stylesheet, and whether they link it or hold it.
            logo = options.site_logo
            key += [
                options.site_name,
                _file_digest(logo) if logo is not None else None,
                _file_digest(STYLESHEET),
                self.spec.assets_root is not None,
            ]
        if options.output_format == "site":
            from osce_cli.export.site.templates import templates_digest

            key += [options.base_url, templates_digest(options.site_templates)]
        return export_fingerprint(key, template, self.settings.config.vocabulary)

    def plan(
        self, places: list[tuple[int, str, str]], manifest: Manifest | None
    ) -> Iterator[tuple[int, str, str, Job | Entry | None]]:
        """Each output, with what it needs: a job, nothing (up to date), or a notice (an Entry)."""
        order = 0
        for start in range(0, len(places), 500):
            chunk = places[start : start + 500]
            fresh = self.fresh
            wanted = (p[2] for p in chunk if p[0] not in fresh)
            last = manifest.lookup(wanted) if manifest is not None else {}
            for index, shown, absolute in chunk:
                if index in fresh:
                    self.digests[absolute] = fresh[index]
                    yield index, shown, absolute, None
                    continue
                target = self.targets[index]
                entry = last.get(absolute)
                if entry is not None and entry.display != target.display:
                    entry = None
                if (
                    entry is not None
                    and entry.source is not None
                    and target.file is not None
                    # A page linking language versions is checked by its content
                    # and theirs (the versions may have changed, not the release).
                    and index not in self.versions
                    and not entry.digest.startswith("v")
                ):
                    # The stamp validation found, if it did: the release as validated.
                    stamp = validated = self.stamps.get(target.file)
                    if stamp is None:
                        try:
                            # Strings, not Path objects: this runs for every file.
                            stamp = source_stamp(os.stat(target.file))  # noqa: PTH116
                        except OSError:
                            stamp = None
                    if stamp == entry.source:
                        embargo = entry.embargo
                        if embargo and embargoed(self.spec, dt.datetime.fromisoformat(embargo)):
                            yield index, shown, absolute, entry
                            continue
                        if entry.output is not None:
                            try:
                                current = output_stamp(os.lstat(absolute))
                            except OSError:
                                current = None
                            if current == entry.output:
                                self.digests[absolute] = entry.digest
                                if validated is not None and entry.checked != self.checked:
                                    # Found clean under other settings than these.
                                    assert manifest is not None
                                    source = os.path.abspath(target.file)  # noqa: PTH100
                                    manifest.put(absolute, self.clean(entry), source)
                                yield index, shown, absolute, None
                                continue
                job = self.job(
                    index, WRITE, destination=absolute, shown=shown, last=entry, order=order
                )
                order += 1
                yield index, shown, absolute, job

    def clean(self, entry: Entry) -> Entry:
        """The entry of a release found free of any finding in this run, as it was read."""
        return entry._replace(checked=self.checked)

    def write(
        self,
        places: list[tuple[int, str, str]],
        manifest: Manifest | None,
        published: dict[int, tuple[str, str, str | None]] | None = None,
    ) -> int:
        """Write every output (or find it up to date); 2 when a file cannot be written.

        The absolute paths of the outputs in place go to ``produced``; the
        manifest's new rows are written when the caller closes it. ``published``
        gets, for a site, each output written or up to date: (its absolute
        path, the release's SHA-256, its site entry if rendered).
        """
        # Stamps of releases modified this close to the run are not trusted.
        trust_before = time.time_ns() - RACY_SECONDS * 1_000_000_000
        done_files: list[str] = []
        failure: OsceError | None = None
        outcomes: Generator[Done, None, None] | None = None
        try:
            steps = list(self.plan(places, manifest))
            outcomes = self.run([step[3] for step in steps if isinstance(step[3], Job)])
            for index, shown, absolute, step in self.progress(steps):
                if isinstance(step, Entry):  # under embargo, and known to be
                    if failure is None:
                        self.notice(index, step.embargo)
                    continue
                if step is None:  # up to date
                    if failure is None:
                        done_files.append(shown)
                        self.produced.add(absolute)
                    if published is not None:
                        published[index] = (absolute, self.digests.get(absolute, ""), None)
                    continue
                done = next(outcomes)
                if done.abandoned:
                    continue
                if done.failure is not None:
                    if failure is None:
                        failure = done.failure
                    continue
                if done.skipped:
                    if failure is None:
                        self.notice(index, done.embargo)
                elif done.output is not None:
                    done_files.append(shown)
                    self.produced.add(absolute)
                    if published is not None:
                        published[index] = (absolute, done.digest, done.entry)
                if manifest is not None and step.path is not None:
                    trusted = done.source is not None and done.source[1] < trust_before
                    entry = Entry(
                        step.display,
                        done.source if trusted else None,
                        done.digest,
                        done.embargo,
                        done.output,
                        done.output_digest,
                    )
                    if trusted and self.stamps.get(step.path) == done.source:
                        entry = self.clean(entry)  # rendered as it was validated
                    manifest.put(absolute, entry, os.path.abspath(step.path))  # noqa: PTH100
        finally:
            if outcomes is not None:
                outcomes.close()  # the workers stop, even on an error or Ctrl-C
        from osce_cli.report.printable import printable

        if failure is not None:
            print(f"osce: error: {printable(str(failure))}", file=sys.stderr)
            if done_files:
                print(
                    f"osce: {len(done_files)} files were written before the error:", file=sys.stderr
                )
                for name in done_files:
                    print(f"  {printable(name)}", file=sys.stderr)
            return 2
        self.exported = len(done_files)
        if not done_files:
            return 0
        print(
            f"osce: exported {len(done_files)} release{'s' if len(done_files) != 1 else ''} "
            f"to {printable(str(self.options.output))}",
            file=sys.stderr,
        )
        return 0

    def progress(
        self, steps: list[tuple[int, str, str, Job | Entry | None]]
    ) -> Iterable[tuple[int, str, str, Job | Entry | None]]:
        if len(steps) < PROGRESS_FROM or not sys.stderr.isatty():
            yield from steps
            return
        from rich.progress import track

        self.console = _stderr_console()
        try:
            yield from track(steps, description="Exporting", console=self.console, transient=True)
        finally:
            self.console = None


class _Failed:
    """Where the first failed write is, for work in this process."""

    def __init__(self, value: int) -> None:
        self.value = value

    def get_lock(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()


def export(
    targets: list[Target],
    settings: Settings,
    options: ExportOptions,
    stdout: TextIO,
    stdin: Callable[[], BinaryIO],
    report_errors: Callable[[Report], None],
) -> int:
    """Export the targets; return the exit code (0 done, 1 invalid releases, 2 cannot run)."""
    reads = _StdinReads(stdin)
    stamps: dict[str, SourceStamp] = {}
    if options.cache:
        from osce_cli.config import CACHE_DIR

        options = options._replace(template_cache=settings.config.root / CACHE_DIR / "templates")
    batch = _Batch(targets, settings, options, stamps)
    try:
        return _validate_and_export(batch, reads, stdout, report_errors)
    finally:
        batch.close()


def _validate_and_export(
    batch: _Batch,
    reads: _StdinReads,
    stdout: TextIO,
    report_errors: Callable[[Report], None],
) -> int:
    targets, settings, options = batch.targets, batch.settings, batch.options
    clean = batch.fresh_before()
    report = _validate(targets, settings, options, reads, batch.stamps, clean, batch.checked)
    if report.errors:
        from osce_cli.report.printable import printable

        for error in report.errors:
            print(f"osce: error: {printable(error)}", file=sys.stderr)
        return 2
    if report.exit_code() != 0:
        report_errors(report)
        invalid = sum(
            1 for f in report.files if any(d.severity is Severity.ERROR for d in f.diagnostics)
        )
        print(
            f"osce: {invalid} release{'s' if invalid != 1 else ''} with errors; nothing exported",
            file=sys.stderr,
        )
        return 1
    del report  # its results are not needed any more
    batch.read_stdin(reads.reads)
    if options.output is None:
        return batch.to_stdout(stdout)
    return batch.to_files()
