"""``osce validate`` and ``osce export`` without loading Typer, for everyday runs.

Typer and Click, with the Pydantic coercion Typer uses for its parameters,
take longer to import than checking a few releases does, and a pre-commit
hook pays that on every commit. So ``__main__`` first offers the arguments
to :func:`parse`, which understands the everyday forms of these two command
lines and nothing more: any token it does not recognise (``--help``, a typo,
a value Typer would refuse) makes it give up, and the Typer application in
``app.py`` handles the command as usual, with its messages. ``app.py`` stays
the one place options are declared; a test checks that the tables here match
it and that both give the same options.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osce_cli.export.formats import FORMATS

if TYPE_CHECKING:
    from osce_cli.commands import ExportCommand, ValidateOptions


class CommandTable:
    """The options of one command, as Click reads them."""

    def __init__(
        self,
        *,
        flags: dict[str, str],
        valued: dict[str, str],
        repeatable: frozenset[str] = frozenset(),
        choices: dict[str, tuple[str, ...]],
        integers: frozenset[str],
        paths: frozenset[str],
        needs_inputs: bool,
    ) -> None:
        self.flags = flags  # spelling -> field, for options without a value
        self.valued = valued  # spelling -> field, for options with one
        self.repeatable = repeatable  # fields whose values accumulate
        self.choices = choices  # field -> the values Typer accepts
        self.integers = integers
        self.paths = paths
        self.needs_inputs = needs_inputs  # Typer refuses the command without a path

    def value(self, field: str, text: str) -> object | None:
        """The value as Typer would convert it, or ``None`` when Typer should judge it."""
        if field in self.choices:
            return text if text in self.choices[field] else None
        if field in self.integers:
            try:
                return int(text)
            except ValueError:
                return None
        if field in self.paths:
            return Path(text)
        return text


VALIDATE = CommandTable(
    flags={
        "--strict": "strict",
        "--force-exclude": "force_exclude",
        "--fix": "fix",
        "--unsafe-fixes": "unsafe_fixes",
        "--diff": "diff",
        "--exit-non-zero-on-fix": "exit_non_zero_on_fix",
        "--no-cache": "no_cache",
        "--isolated": "isolated",
    },
    valued={
        "--format": "output_format",
        "-f": "output_format",
        "--select": "select",
        "--ignore": "ignore",
        "--stdin-filename": "stdin_filename",
        "--color": "color",
        "--jobs": "jobs",
        "-j": "jobs",
        "--config": "config",
    },
    repeatable=frozenset({"select", "ignore"}),
    choices={
        "output_format": ("text", "json", "github", "sarif"),
        "color": ("auto", "always", "never"),
    },
    integers=frozenset({"jobs"}),
    paths=frozenset({"config"}),
    needs_inputs=False,
)

EXPORT = CommandTable(
    flags={
        "--include-embargoed": "include_embargoed",
        "--no-cache": "no_cache",
        "--isolated": "isolated",
    },
    valued={
        "--format": "output_format",
        "-f": "output_format",
        "--output": "output",
        "-o": "output",
        "--width": "width",
        "--now": "now",
        "--template": "template",
        "--base-url": "base_url",
        "--stdin-filename": "stdin_filename",
        "--jobs": "jobs",
        "-j": "jobs",
        "--config": "config",
    },
    choices={"output_format": tuple(FORMATS)},
    integers=frozenset({"jobs", "width"}),
    paths=frozenset({"template", "config"}),
    needs_inputs=True,
)

COMMANDS = {"validate": VALIDATE, "export": EXPORT}

#: Short options that take a value, which Click also reads glued on ("-fjson").
_SHORT_VALUED = ("-f", "-j", "-o")


def _read(table: CommandTable, tokens: list[str]) -> tuple[list[str], dict[str, Any]] | None:
    """The paths and option values of a command line, or ``None``."""
    values: dict[str, Any] = {field: [] for field in table.repeatable}
    paths: list[str] = []
    remaining = iter(tokens)
    for token in remaining:
        if token == "--":
            paths.extend(remaining)
            break
        if token == "-" or not token.startswith("-"):
            paths.append(token)
            continue
        if token in table.flags:
            values[table.flags[token]] = True
            continue
        if token.startswith("--"):
            name, has_equals, attached = token.partition("=")
        else:
            # Click's short options: "-fjson" is "-f json"; "-f=json" means "=json".
            name, attached = token[:2], token[2:]
            has_equals = "=" if attached else ""
            if attached and name not in _SHORT_VALUED:
                return None
        field = table.valued.get(name)
        if field is None:
            return None
        text = attached if has_equals else next(remaining, None)
        if text is None or (not has_equals and text.startswith("-") and text != "-"):
            return None
        value = table.value(field, text)
        if value is None:
            return None
        if field in table.repeatable:
            values[field].append(value)
        else:
            values[field] = value
    if table.needs_inputs and not paths:
        return None
    return paths, values


def parse(args: list[str]) -> Callable[[], int] | None:
    """A function that runs the command line, or ``None`` to let Typer handle it."""
    if not args or args[0] not in COMMANDS or "_OSCE_COMPLETE" in os.environ:
        return None
    read = _read(COMMANDS[args[0]], args[1:])
    if read is None:
        return None
    paths, values = read
    if args[0] == "validate":
        options = validate_options(paths, values)
        return lambda: _run(lambda api: api.validate(options, sys.stdout))
    command = export_command(paths, values)
    return lambda: _run(lambda api: api.export_releases(command, sys.stdout))


def validate_options(paths: list[str], values: dict[str, Any]) -> ValidateOptions:
    from osce_cli.commands import ValidateOptions

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


def export_command(paths: list[str], values: dict[str, Any]) -> ExportCommand:
    from osce_cli.commands import ExportCommand

    return ExportCommand(
        paths=tuple(paths),
        output_format=values.get("output_format", "html"),
        output=values.get("output"),
        width=values.get("width", 72),
        now=values.get("now"),
        include_embargoed=values.get("include_embargoed", False),
        template=values.get("template"),
        stdin_filename=values.get("stdin_filename"),
        config_path=values.get("config"),
        isolated=values.get("isolated", False),
        cache=not values.get("no_cache", False),
        jobs=values.get("jobs"),
        base_url=values.get("base_url"),
    )


def _run(call: Callable[[Any], int]) -> int:
    """Run the command as ``app.py`` would: same output, same exit codes."""
    from osce_cli import commands as api
    from osce_cli.support.errors import OsceError

    try:
        return call(api)
    except OsceError as error:
        from osce_cli.report.printable import printable

        sys.stderr.write(f"osce: error: {printable(str(error))}\n")
        return error.exit_code
    except (KeyboardInterrupt, EOFError) as interrupt:
        from osce_cli.support.stopping import report_interruption

        return report_interruption(interrupt)
