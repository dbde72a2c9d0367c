"""The command line: Typer commands that turn flags into library calls.

Nothing is decided here: each command builds the options, calls ``api`` and
exits with the code it returns. Library errors (bad config, unreadable path,
bad flag value) become one line on stderr and exit code 2.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from . import __version__, api
from .errors import OsceError

T = TypeVar("T")

app = typer.Typer(
    name="osce",
    help="Scaffold, validate and export OSCE press releases kept as Markdown in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class ListFormat(str, enum.Enum):
    text = "text"
    json = "json"


class ColorChoice(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _run(call: Callable[[], T]) -> T:
    try:
        return call()
    except OsceError as error:
        typer.echo(f"osce: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"osce {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Scaffold, validate and export OSCE press releases kept as Markdown in git."""


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Use this configuration file instead of searching for one."),
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore configuration files.")]


@app.command()
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Release files, folders (searched for *.md) or - for standard input.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rule codes or prefixes (comma-separated)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rule codes or prefixes (comma-separated)."),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option("--stdin-filename", help="The file name to report for standard input."),
    ] = None,
    force_exclude: Annotated[
        bool,
        typer.Option("--force-exclude", help="Apply 'exclude' to files named on the command line."),
    ] = False,
    color: Annotated[
        ColorChoice, typer.Option("--color", help="Colour the text output.")
    ] = ColorChoice.auto,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Check releases against the format, the vocabulary and the house style.

    Exit code 0 when clean, 1 when errors were found (or warnings, with
    --strict), 2 when the command could not run.
    """
    options = api.ValidateOptions(
        paths=tuple(paths or ()),
        output_format=output_format.value,
        strict=strict,
        select=tuple(select) if select else None,
        ignore=tuple(ignore or ()),
        stdin_filename=stdin_filename,
        config_path=config,
        isolated=isolated,
        force_exclude=force_exclude,
        color=color.value,
    )
    raise typer.Exit(_run(lambda: api.validate(options, sys.stdout)))


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="A rule code or name to explain.", show_default=False)
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """List the rules, or explain one with a failing and a passing example."""
    typer.echo(_run(lambda: api.rules_text(code, output_format.value)), nl=False)


@app.command()
def vocab(
    facet: Annotated[
        str | None,
        typer.Argument(
            help="A facet (states, partners, fields, structures, field-operations, types) "
            "or a front matter key (sources, states, fields, type).",
            show_default=False,
        ),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Only terms matching this text.")
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """List the controlled vocabulary (with a project's additions)."""
    typer.echo(
        _run(
            lambda: api.vocab_text(
                facet, search, output_format.value, config_path=config, isolated=isolated
            )
        ),
        nl=False,
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of the release front matter."""
    typer.echo(api.schema_text(), nl=False)
