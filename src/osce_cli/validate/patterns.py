"""Path patterns, as in ``.gitignore``, and which files are releases.

``include``, ``exclude`` and ``per-file-ignores`` are gitignore patterns,
matched by pathspec (the library black and yamllint use) against paths
relative to the configuration folder: ``!`` negates, a pattern with a ``/``
before its end is anchored to the folder, a trailing ``/`` matches folders
only, ``**`` spans folders, and a pattern that matches a folder matches
everything in it.

pathspec is imported only when a pattern has to be matched. The default
``include``, ``<releases-dir>/**/*.md``, and any pattern of that shape, is
matched as the prefix and suffix it stands for, so a hook run in a project
without other patterns never loads it.
"""

from __future__ import annotations

import functools
import posixpath
from typing import TYPE_CHECKING

from osce_cli.support.errors import ConfigError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

#: Characters with a meaning in a gitignore pattern (anywhere in it).
_SPECIAL = frozenset("*?[]\\")
#: The ending of a pattern that stands for every ``*.md`` file below a folder.
_BELOW = "/**/*.md"


class PathPatterns:
    """A list of gitignore patterns; ``where`` names them in an error.

    Compiled at the first match: a pattern pathspec refuses is a
    :class:`ConfigError` then.
    """

    __slots__ = ("_spec", "patterns", "where")

    def __init__(self, patterns: tuple[str, ...], where: str) -> None:
        self.patterns = patterns
        self.where = where
        self._spec: GitIgnoreSpec | None = None

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, path: str) -> bool:
        """Does a ``/``-separated path match? A folder is given with a trailing ``/``."""
        spec = self._spec
        if spec is None:
            spec = self._spec = _compile(self.patterns, self.where)
        return bool(spec.match_file(path))


def _compile(patterns: tuple[str, ...], where: str) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(patterns)
    except ValueError as error:  # pathspec's GitIgnorePatternError
        raise ConfigError(f"{where}: {_pattern_problem(patterns, error)}") from None


def _pattern_problem(patterns: tuple[str, ...], error: ValueError) -> str:
    from pathspec import GitIgnoreSpec

    for pattern in patterns:
        try:
            GitIgnoreSpec.from_lines([pattern])
        except ValueError:
            return f"'{pattern}' is not a valid pattern"
    return str(error)


@functools.lru_cache(maxsize=256)
def pattern(text: str, where: str) -> PathPatterns:
    """One pattern, compiled once per run (``per-file-ignores`` keys)."""
    return PathPatterns((text,), where)


def default_include(releases_dir: str) -> str:
    """The ``include`` pattern of the folder ``releases-dir``: every ``*.md`` below it."""
    folder = posixpath.normpath(releases_dir.replace("\\", "/")).strip("/")
    if folder == ".":
        return "**/*.md"
    escaped = "".join("\\" + char if char in _SPECIAL else char for char in folder)
    if escaped.startswith(("!", "#")):
        escaped = "\\" + escaped
    if escaped.endswith(" "):
        escaped = escaped[:-1] + "\\ "
    return escaped + _BELOW


def _prefix(text: str) -> str | None:
    """The folder a ``FOLDER/**/*.md`` pattern stands for, as ``FOLDER/`` (``""``: any).

    ``None`` when the pattern has another shape, or anything in its folder
    part that pathspec would read as more than the characters themselves.
    """
    if text in ("**/*.md", "*.md"):
        return ""
    if not text.endswith(_BELOW):
        return None
    folder = text[: -len(_BELOW)].lstrip("/")
    if (
        not folder
        or folder.startswith(("!", "#"))
        or folder != folder.strip()
        or any(char in _SPECIAL for char in folder)
        or posixpath.normpath(folder) != folder
    ):
        return None
    return folder + "/"


class ReleaseSet:
    """Which files are releases: the ``*.md`` files that ``include`` matches and
    ``exclude`` does not, by their paths relative to the configuration folder.

    As git does, a folder search passes over a folder that ``exclude``
    matches, and so nothing below it is a release, whatever a later ``!``
    pattern says of it; a file named on the command line is judged the same
    way, by the folders it is in and then by itself.
    """

    __slots__ = ("_prefixes", "exclude", "include")

    def __init__(self, include: PathPatterns, exclude: PathPatterns) -> None:
        self.include = include
        self.exclude = exclude
        prefixes = [_prefix(text) for text in include.patterns]
        #: The folders (``FOLDER/``) the includes stand for, when all are that simple.
        self._prefixes: tuple[str, ...] | None = (
            None if None in prefixes else tuple(p for p in prefixes if p is not None)
        )

    def is_release(self, path: str | None) -> bool:
        """Is the file at this path (``None``: outside the configuration folder) a release?"""
        if path is None:
            return False
        folder = path.rpartition("/")[0]
        return self.admits(path) and not (folder and self._excluded_folder(folder, above=True))

    def admits(self, path: str | None) -> bool:
        """:meth:`is_release` for a file whose folders a search has already let through."""
        if path is None or not path.endswith(".md"):
            return False
        if self._prefixes is not None:
            if not path.startswith(self._prefixes):
                return False
        elif not self.include.matches(path):
            return False
        return not (self.exclude and self.exclude.matches(path))

    def searches(self, folder: str | None, *, above: bool = False) -> bool:
        """May releases lie in this folder (``""``: the configuration folder)?

        ``False`` for a folder outside the configuration folder, one that
        ``exclude`` matches (or, with ``above``, one it is in: a folder named
        on the command line), and, when the includes are folders, one that is
        neither on the way to them nor in them.
        """
        if folder is None:
            return False
        below = f"{folder}/" if folder else ""
        if self._prefixes is not None and not any(
            prefix.startswith(below) or below.startswith(prefix) for prefix in self._prefixes
        ):
            return False
        return not (folder and self._excluded_folder(folder, above=above))

    def _excluded_folder(self, folder: str, *, above: bool) -> bool:
        if not self.exclude:
            return False
        if not above:
            return self.exclude.matches(f"{folder}/")
        parts = folder.split("/")
        return any(
            self.exclude.matches("/".join(parts[:end]) + "/") for end in range(1, len(parts) + 1)
        )

    def describe(self) -> str:
        """The patterns, as a notice shows them."""
        shown = f"include: {', '.join(self.include.patterns)}"
        if self.exclude:
            shown += f"; exclude: {', '.join(self.exclude.patterns)}"
        return shown
