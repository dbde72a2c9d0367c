"""Project configuration: ``[tool.osce]`` in ``pyproject.toml``, or ``osce.toml``.

The nearest file walking up from the working directory wins; in one folder
``osce.toml`` is preferred to ``pyproject.toml``, and a ``pyproject.toml``
without a ``[tool.osce]`` table does not count. Keys are kebab-case. An
unknown key, a wrong type or an unknown rule code is a configuration error
naming the file and the key (exit code 2). Paths in the file are relative to
its folder.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, ClassVar, Final

from .diagnostics import Severity
from .errors import ConfigError
from .record import FrozenRecord
from .suggest import closest

CONFIG_FILES = ("osce.toml", "pyproject.toml")

KNOWN_KEYS = (
    "releases-dir",
    "filename-pattern",
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "vocabulary",
    "exclude",
    "templates",
    "html-template",
)


class Config(FrozenRecord):
    """The resolved configuration; defaults when no file was found."""

    __slots__ = (
        "exclude",
        "filename_pattern",
        "html_template",
        "ignore",
        "path",
        "per_file_ignores",
        "releases_dir",
        "root",
        "select",
        "severity",
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
        "exclude",
        "templates",
        "html_template",
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
        exclude: tuple[str, ...] = (),
        templates: Path | None = None,  # a project's release templates folder
        html_template: Path | None = None,  # a project's page template for osce export
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
        self.exclude: Final = exclude
        self.templates: Final = templates
        self.html_template: Final = html_template

    @property
    def releases_root(self) -> Path:
        """The archive folder: ``releases-dir`` relative to the config file."""
        return self.root / self.releases_dir

    @property
    def display(self) -> str:
        return str(self.path) if self.path else "(defaults)"


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _may_have_our_table(candidate):
                continue  # most projects' pyproject.toml: no need to parse it
            if name == "pyproject.toml" and _read_table(candidate) is None:
                continue
            return candidate
    return None


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
    """Read the given config file, or discover one; defaults when there is none."""
    if isolated:
        return Config()
    if path is None:
        path = find_config((start or Path.cwd()).resolve())
        if path is None:
            return Config()
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

    def codes(self, key: str, value: Any) -> tuple[str, ...]:
        from .rules import selector_codes

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
        from .scaffold import pattern_problem

        pattern = reader.string("filename-pattern", table["filename-pattern"])
        problem = pattern_problem(pattern)
        if problem is not None:
            raise reader.fail("filename-pattern", problem)
        values["filename_pattern"] = pattern
    if "select" in table:
        values["select"] = reader.codes("select", table["select"])
    if "ignore" in table:
        values["ignore"] = reader.codes("ignore", table["ignore"])
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
    if "vocabulary" in table:
        files = []
        for name in reader.strings("vocabulary", table["vocabulary"]):
            candidate = (root / name).resolve()
            if not candidate.is_file():
                raise reader.fail("vocabulary", f"no such file: {name}")
            files.append(candidate)
        values["vocabulary"] = tuple(files)
    return Config(**values)


def _severities(reader: _Reader, raw: Any) -> tuple[tuple[str, Severity], ...]:
    from .rules import find_rule

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
