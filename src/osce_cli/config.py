"""Project configuration: ``[tool.osce]`` in ``pyproject.toml``, or ``osce.toml``.

A run has one configuration, found from the paths it checks (as ruff and
black find theirs), not from the working folder: for each path, the nearest
file at or above it (its folder, for a file). In one folder ``osce.toml`` is
preferred to ``pyproject.toml``, and a ``pyproject.toml`` without a
``[tool.osce]`` table does not count. Paths with no file above them follow
the others; two paths with different files stop the run. Without a file, the
project folder (where patterns and ``releases-dir`` start) is the top of the
git work tree that holds the paths; outside any, there is no project, and
every ``*.md`` file is a release.

Keys are kebab-case. An unknown key, a wrong type or an unknown rule code is
a configuration error naming the file and the key (exit code 2). Paths in the
file are relative to its folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from osce_cli.report.diagnostics import Severity
from osce_cli.support.errors import ConfigError
from osce_cli.support.records import FrozenRecord
from osce_cli.validate.discovery import located, resolved
from osce_cli.vocabulary.suggest import closest

if TYPE_CHECKING:
    from osce_cli.validate.patterns import ReleaseSet

CONFIG_FILES = ("osce.toml", "pyproject.toml")

KNOWN_KEYS = (
    "releases-dir",
    "filename-pattern",
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "vocabulary",
    "include",
    "exclude",
    "templates",
    "html-template",
    "site-name",
    "site-logo",
    "site-templates",
    "base-url",
    "source-grace-days",
)

#: The organization named in the header and footer of exported pages, by default.
DEFAULT_SITE_NAME = "OSCE"

#: Days around a source's opening or closing within which V103 is a warning.
DEFAULT_SOURCE_GRACE_DAYS = 90

#: The folder, under the project root, for the result cache and the export manifest.
CACHE_DIR = ".osce_cache"


class Config(FrozenRecord):
    """The resolved configuration; defaults when no file was found."""

    __slots__ = (
        "anywhere",
        "base_url",
        "exclude",
        "filename_pattern",
        "html_template",
        "ignore",
        "include",
        "path",
        "per_file_ignores",
        "releases_dir",
        "root",
        "select",
        "severity",
        "site_logo",
        "site_name",
        "site_templates",
        "source_grace_days",
        "templates",
        "vocabulary",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "path",
        "root",
        "releases_dir",
        "filename_pattern",
        "select",
        "ignore",
        "severity",
        "per_file_ignores",
        "vocabulary",
        "include",
        "exclude",
        "templates",
        "html_template",
        "site_name",
        "site_logo",
        "source_grace_days",
        "anywhere",
        "site_templates",
        "base_url",
    )

    def __init__(
        self,
        path: Path | None = None,
        root: Path | None = None,  # None: the current folder
        releases_dir: str = "releases",
        filename_pattern: str = "{yyyy}/{yyyy}-{mm}-{dd}-{slug}.md",
        select: tuple[str, ...] | None = None,  # None: every rule
        ignore: tuple[str, ...] = (),
        severity: tuple[tuple[str, Severity], ...] = (),
        per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
        vocabulary: tuple[Path, ...] = (),
        include: tuple[str, ...] | None = None,  # None: every *.md below releases-dir
        exclude: tuple[str, ...] = (),
        templates: Path | None = None,  # a project's release templates folder
        html_template: Path | None = None,  # a project's page template for osce export
        site_name: str = DEFAULT_SITE_NAME,  # the organization in the header and footer of pages
        site_logo: Path | None = None,  # its logo, an image file
        source_grace_days: int = DEFAULT_SOURCE_GRACE_DAYS,
        anywhere: bool = False,  # no configuration file and no git work tree: no project
        site_templates: Path | None = None,  # a project's listing templates for --format site
        base_url: str | None = None,  # the site's address for --format site
    ) -> None:
        self.path: Final = path
        self.root: Final = Path.cwd() if root is None else root
        self.releases_dir: Final = releases_dir
        self.filename_pattern: Final = filename_pattern
        self.select: Final = select
        self.ignore: Final = ignore
        self.severity: Final = severity
        self.per_file_ignores: Final = per_file_ignores
        self.vocabulary: Final = vocabulary
        self.include: Final = include
        self.exclude: Final = exclude
        self.templates: Final = templates
        self.html_template: Final = html_template
        self.site_name: Final = site_name
        self.site_logo: Final = site_logo
        self.source_grace_days: Final = source_grace_days
        self.anywhere: Final = anywhere
        self.site_templates: Final = site_templates
        self.base_url: Final = base_url

    @property
    def releases_root(self) -> Path:
        """The archive folder: ``releases-dir`` relative to the config file."""
        return self.root / self.releases_dir

    @property
    def display(self) -> str:
        return str(self.path) if self.path else "(defaults)"

    def where(self, key: str) -> str:
        """The file and key a value came from, as errors name them."""
        section = (
            "[tool.osce] " if self.path is not None and self.path.name == "pyproject.toml" else ""
        )
        return f"{self.display}: {section}{key}"

    def releases(self) -> ReleaseSet | None:
        """Which files are releases: ``include`` (by default ``releases-dir``) less ``exclude``.

        ``None`` outside any project (no configuration file, no git work
        tree): nothing says where releases live, so every ``*.md`` file is one.
        """
        from osce_cli.validate.patterns import PathPatterns, ReleaseSet, default_include

        if self.anywhere:
            return None
        include = self.include
        if include is None:
            include = (default_include(self.releases_dir),)
        return ReleaseSet(
            PathPatterns(include, self.where("include")),
            PathPatterns(self.exclude, self.where("exclude")),
        )

    def describe_releases(self) -> str:
        """The patterns that define releases, and where they come from, for a notice."""
        releases = self.releases()
        if releases is None:
            return "every *.md file; no configuration file or git work tree"
        where = "no configuration file" if self.path is None else f"in {shown_path(self.path)}"
        return f"{releases.describe()}; {where}"


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when below it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    return _Finder().find(start)


class _Finder:
    """:func:`find_config` for several starting folders, each folder looked at once."""

    def __init__(self) -> None:
        self.found: dict[Path, Path | None] = {}

    def find(self, start: Path) -> Path | None:
        walked: list[Path] = []
        result = None
        for folder in (start, *start.parents):
            if folder in self.found:
                result = self.found[folder]
                break
            walked.append(folder)
            result = _config_in(folder)
            if result is not None:
                break
        for folder in walked:
            self.found[folder] = result
        return result


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_FILES:
        candidate = folder / name
        if not os.path.isfile(candidate):  # noqa: PTH113 - False, not an error, in a locked folder
            continue
        if name == "pyproject.toml" and not _may_have_our_table(candidate):
            continue  # most projects' pyproject.toml: no need to parse it
        if name == "pyproject.toml" and _read_table(candidate) is None:
            continue
        return candidate
    return None


def project_root(start: Path) -> Path | None:
    """Where patterns start when there is no configuration file.

    The top of the git work tree that holds ``start`` (the nearest folder
    with a ``.git``), as black finds a project; ``None`` outside any.
    """
    for folder in (start, *start.parents):
        if os.path.exists(folder / ".git"):  # noqa: PTH110 - False, not an error, when locked
            return folder
    return None


def _defaults(start: Path) -> Config:
    """The configuration of a run with no configuration file, from where it starts.

    In a git work tree, its top is the project folder, and the releases are
    below ``releases-dir`` there. Outside any, the working folder holds the
    cache, and every ``*.md`` file named or found is a release.
    """
    root = project_root(start)
    return Config(root=root) if root is not None else Config(anywhere=True)


def _starts(named: list[tuple[str, str | None]]) -> list[tuple[str, Path]]:
    """Where each path's search for its configuration starts: the folder, or the file's.

    Each folder is resolved once: a hook names every file of a commit, and
    they share a few folders.
    """
    folders: dict[str, Path] = {}
    starts = []
    for text, path in named:
        if path is None:
            continue
        folder = path if os.path.isdir(path) else os.path.dirname(path)  # noqa: PTH112, PTH120
        start = folders.get(folder)
        if start is None:
            start = folders[folder] = located(Path(folder or "."))
        starts.append((text, start))
    return starts


def config_for(
    inputs: Sequence[str],
    *,
    config_path: Path | None = None,
    isolated: bool = False,
    stdin_name: str | None = None,
) -> Config:
    """The one configuration of a run over ``inputs`` (files, folders, ``-``).

    ``--config`` and ``--isolated`` decide alone. Otherwise each input looks
    for its nearest file (standard input from ``stdin_name``; the working
    folder when there is no input): inputs without one follow the others, and
    two inputs with different files are a :class:`ConfigError`.
    """
    named = [(text, stdin_name if text == "-" else text) for text in inputs]
    starts = _starts(named)
    if not starts:
        starts = [(".", resolved(Path.cwd()))]
    if isolated or config_path is not None:
        return load_config(config_path, start=_common(starts), isolated=isolated)
    finder = _Finder()
    chosen: tuple[str, Path] | None = None
    for text, start in starts:
        found = finder.find(start)
        if found is None:
            continue
        if chosen is None:
            chosen = (text, found)
        elif found != chosen[1]:
            raise ConfigError(
                f"{_input(chosen[0])} and {_input(text)} have different configuration files "
                f"({shown_path(chosen[1])}, {shown_path(found)}): check them in separate runs, "
                "or choose one with --config"
            )
    if chosen is None:
        return _defaults(_common(starts))
    return load_config(chosen[1])


def _common(starts: list[tuple[str, Path]]) -> Path:
    """The folder that holds every start (the working folder if none does: other drives)."""
    try:
        return Path(os.path.commonpath([start for _, start in starts]))
    except ValueError:
        return Path.cwd()


def _input(text: str) -> str:
    return "standard input" if text == "-" else text.replace("\\", "/")


def _may_have_our_table(path: Path) -> bool:
    """False when the file cannot hold a ``tool.osce`` table: "osce" is not in it."""
    try:
        return b"osce" in path.read_bytes()
    except OSError:
        return True  # let the reader report it


def _read_toml(path: Path) -> dict[str, Any]:
    # Imported here: a run with no configuration file never needs a TOML parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

    try:
        with path.open("rb") as handle:
            document: dict[str, Any] = tomllib.load(handle)
            return document
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def _read_table(path: Path) -> dict[str, Any] | None:
    document = _read_toml(path)
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("osce")
        return table if isinstance(table, dict) else None
    tool_table = (
        document.get("tool", {}).get("osce") if isinstance(document.get("tool"), dict) else None
    )
    return tool_table if isinstance(tool_table, dict) else document


def load_config(
    path: Path | None = None, *, start: Path | None = None, isolated: bool = False
) -> Config:
    """Read the given config file, or discover one from ``start`` (the working folder).

    Without a file (or ``isolated``), the defaults, rooted at the project folder.
    """
    if isolated:
        return _defaults(resolved(start or Path.cwd()))
    if path is None:
        start = resolved(start or Path.cwd())
        path = find_config(start)
        if path is None:
            return _defaults(start)
    elif not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    table = _read_table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.osce] table")
    return parse_config(table, path)


class _Reader:
    """Checks one table's values, naming the file and key in every error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.section = "[tool.osce]" if path.name == "pyproject.toml" else ""

    def fail(self, key: str, problem: str) -> ConfigError:
        where = f"{self.section} {key}".strip()
        return ConfigError(f"{self.path}: {where}: {problem}")

    def string(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        return value

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "must be a list of strings")
        return tuple(value)

    def days(self, key: str, value: Any) -> int:
        # bool is an int in Python, and `true` is not a number of days.
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(key, "must be a whole number of days, 0 or more")
        return value

    def codes(self, key: str, value: Any) -> tuple[str, ...]:
        from osce_cli.rules.registry import selector_codes

        codes = self.strings(key, value)
        for code in codes:
            try:
                selector_codes(code)
            except ValueError as error:
                raise self.fail(key, str(error)) from None
        return codes


def parse_config(table: dict[str, Any], path: Path) -> Config:
    """Validate a ``[tool.osce]`` table."""
    reader = _Reader(path)
    root = path.parent.resolve()
    for key in table:
        if key not in KNOWN_KEYS:
            near = closest(key, list(KNOWN_KEYS), limit=1, cutoff=0.6)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise reader.fail(key, f"unknown key{hint}")
    values: dict[str, Any] = {"path": path, "root": root}
    if "releases-dir" in table:
        values["releases_dir"] = reader.string("releases-dir", table["releases-dir"])
    if "filename-pattern" in table:
        from osce_cli.authoring.scaffold import pattern_problem

        pattern = reader.string("filename-pattern", table["filename-pattern"])
        problem = pattern_problem(pattern)
        if problem is not None:
            raise reader.fail("filename-pattern", problem)
        values["filename_pattern"] = pattern
    if "select" in table:
        values["select"] = reader.codes("select", table["select"])
    if "ignore" in table:
        values["ignore"] = reader.codes("ignore", table["ignore"])
    if "include" in table:
        values["include"] = reader.strings("include", table["include"])
    if "exclude" in table:
        values["exclude"] = reader.strings("exclude", table["exclude"])
    if "severity" in table:
        values["severity"] = _severities(reader, table["severity"])
    if "per-file-ignores" in table:
        raw = table["per-file-ignores"]
        if not isinstance(raw, dict):
            raise reader.fail("per-file-ignores", "must be a table of pattern = [codes]")
        values["per_file_ignores"] = tuple(
            (pattern, reader.codes(f"per-file-ignores.{pattern}", codes))
            for pattern, codes in raw.items()
        )
    if "templates" in table:
        folder = (root / reader.string("templates", table["templates"])).resolve()
        if not folder.is_dir():
            raise reader.fail("templates", f"no such folder: {table['templates']}")
        values["templates"] = folder
    if "html-template" in table:
        template = (root / reader.string("html-template", table["html-template"])).resolve()
        if not template.is_file():
            raise reader.fail("html-template", f"no such file: {table['html-template']}")
        values["html_template"] = template
    if "site-name" in table:
        values["site_name"] = reader.string("site-name", table["site-name"]).strip()
    if "site-logo" in table:
        values["site_logo"] = _logo(reader, root, reader.string("site-logo", table["site-logo"]))
    if "site-templates" in table:
        folder = (root / reader.string("site-templates", table["site-templates"])).resolve()
        if not folder.is_dir():
            raise reader.fail("site-templates", f"no such folder: {table['site-templates']}")
        values["site_templates"] = folder
    if "base-url" in table:
        from osce_cli.support.baseurl import checked_base_url

        try:
            values["base_url"] = checked_base_url(reader.string("base-url", table["base-url"]))
        except ValueError as error:
            raise reader.fail("base-url", str(error)) from None
    if "source-grace-days" in table:
        values["source_grace_days"] = reader.days("source-grace-days", table["source-grace-days"])
    if "vocabulary" in table:
        files = []
        for name in reader.strings("vocabulary", table["vocabulary"]):
            candidate = (root / name).resolve()
            if not candidate.is_file():
                raise reader.fail("vocabulary", f"no such file: {name}")
            files.append(candidate)
        values["vocabulary"] = tuple(files)
    return Config(**values)


#: The images ``site-logo`` may name: their suffixes and media types.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


def _logo(reader: _Reader, root: Path, name: str) -> Path:
    logo = (root / name).resolve()
    if not logo.is_file():
        raise reader.fail("site-logo", f"no such file: {name}")
    if logo.suffix.lower() not in LOGO_TYPES:
        raise reader.fail("site-logo", f"must be an image file ({', '.join(LOGO_TYPES)})")
    return logo


def _severities(reader: _Reader, raw: Any) -> tuple[tuple[str, Severity], ...]:
    from osce_cli.rules.registry import find_rule

    if not isinstance(raw, dict):
        raise reader.fail("severity", 'must be a table such as { V102 = "error" }')
    result = []
    for code, level in raw.items():
        rule = find_rule(code)
        if rule is None:
            raise reader.fail(f"severity.{code}", "is not a rule code or name")
        if not isinstance(level, str):
            raise reader.fail(f"severity.{code}", "must be error, warning or info")
        try:
            result.append((rule.code, Severity.parse(level)))
        except ValueError as error:
            raise reader.fail(f"severity.{code}", str(error)) from None
    return tuple(result)
