"""``osce validate`` without loading Typer, for the commands hooks and CI run.

Typer and Click, with the Pydantic coercion Typer uses for its parameters,
take longer to import than checking a few releases does, and a pre-commit
hook pays that on every commit. So ``__main__`` first offers the arguments
to :func:`parse_validate`, which understands the everyday forms of the
``validate`` command line and nothing more: any token it does not recognise
(``--help``, a typo, a value Typer would refuse) makes it give up, and the
Typer application in ``cli.py`` handles the command as usual, with its
messages. ``cli.py`` stays the one place options are declared; a test checks
that this table matches it and that both give the same options.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import ValidateOptions

#: Flags of ``osce validate``: spelling -> ValidateOptions field.
FLAGS = {
    "--strict": "strict",
    "--force-exclude": "force_exclude",
    "--fix": "fix",
    "--unsafe-fixes": "unsafe_fixes",
    "--diff": "diff",
    "--exit-non-zero-on-fix": "exit_non_zero_on_fix",
    "--no-cache": "no_cache",
    "--isolated": "isolated",
}

#: Options that take a value: spelling -> field.
VALUED = {
    "--format": "output_format",
    "-f": "output_format",
    "--select": "select",
    "--ignore": "ignore",
    "--stdin-filename": "stdin_filename",
    "--color": "color",
    "--jobs": "jobs",
    "-j": "jobs",
    "--config": "config",
}

#: Options that may be given several times (their values accumulate).
REPEATABLE = frozenset({"select", "ignore"})

#: Values Typer accepts for the options that take a choice.
CHOICES = {
    "output_format": ("text", "json", "github", "sarif"),
    "color": ("auto", "always", "never"),
}


def _value_for(field: str, text: str) -> object | None:
    """The value as Typer would convert it, or ``None`` when Typer should judge it."""
    if field in CHOICES:
        return text if text in CHOICES[field] else None
    if field == "jobs":
        try:
            return int(text)
        except ValueError:
            return None
    if field == "config":
        return Path(text)
    return text


def parse_validate(args: list[str]) -> ValidateOptions | None:
    """The options of ``validate ARGS...``, or ``None`` to let Typer handle them."""
    if not args or args[0] != "validate" or "_OSCE_COMPLETE" in os.environ:
        return None
    values: dict[str, Any] = {"select": [], "ignore": []}
    paths: list[str] = []
    tokens = iter(args[1:])
    for token in tokens:
        if token == "--":
            paths.extend(tokens)
            break
        if token == "-" or not token.startswith("-"):
            paths.append(token)
            continue
        if token in FLAGS:
            values[FLAGS[token]] = True
            continue
        if token.startswith("--"):
            name, has_equals, attached = token.partition("=")
        else:
            # Click's short options: "-fjson" is "-f json"; "-f=json" means "=json".
            name, attached = token[:2], token[2:]
            has_equals = "=" if attached else ""
        field = VALUED.get(name)
        if field is None:
            return None
        text = attached if has_equals else next(tokens, None)
        if text is None or (not has_equals and text.startswith("-") and text != "-"):
            return None
        value = _value_for(field, text)
        if value is None:
            return None
        if field in REPEATABLE:
            values[field].append(value)
        else:
            values[field] = value
    return _options(paths, values)


def _options(paths: list[str], values: dict[str, Any]) -> ValidateOptions:
    from .api import ValidateOptions

    return ValidateOptions(
        paths=tuple(paths),
        output_format=values.get("output_format", "text"),
        strict=values.get("strict", False),
        select=tuple(values["select"]) if values["select"] else None,
        ignore=tuple(values["ignore"]),
        stdin_filename=values.get("stdin_filename"),
        config_path=values.get("config"),
        isolated=values.get("isolated", False),
        force_exclude=values.get("force_exclude", False),
        color=values.get("color", "auto"),
        fix=values.get("fix", False),
        unsafe_fixes=values.get("unsafe_fixes", False),
        diff=values.get("diff", False),
        exit_non_zero_on_fix=values.get("exit_non_zero_on_fix", False),
        cache=not values.get("no_cache", False),
        jobs=values.get("jobs"),
    )


def run_validate(options: ValidateOptions) -> int:
    """Run the command as ``cli.validate`` would: same output, same exit codes."""
    from . import api
    from .errors import OsceError

    try:
        return api.validate(options, sys.stdout)
    except OsceError as error:
        sys.stderr.write(f"osce: error: {error}\n")
        return error.exit_code
    except (KeyboardInterrupt, EOFError):
        sys.stderr.write("\nosce: interrupted\n")
        return 130
