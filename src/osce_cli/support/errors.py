"""Errors that stop a command with exit code 2 and one line for the user.

Everything the user can cause (a bad flag, a broken config file, an unreadable
path) is raised as an :class:`OsceError`; the CLI prints its message and exits 2.
Findings in release files are never exceptions: they are diagnostics.
"""

from __future__ import annotations


class OsceError(Exception):
    """A problem that prevents the command from running at all (exit code 2)."""

    exit_code = 2


class UsageError(OsceError):
    """The command line asks for something impossible."""


class ConfigError(OsceError):
    """A configuration or vocabulary file is invalid."""


class InputError(OsceError):
    """A path cannot be read (missing, not a file, no permission)."""


def internal_error(display: str, doing: str, error: Exception) -> str:
    """The one line that names a file on which osce met a bug of its own.

    The run goes on with the other files and ends with exit code 2. With
    ``OSCE_DEBUG`` set, the error is raised instead, with its traceback.
    """
    import os

    if os.environ.get("OSCE_DEBUG"):
        raise error
    name = type(error).__name__
    return f"{display}: internal error while {doing}: {name}: {error} (please report it)"
