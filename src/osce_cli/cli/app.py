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

from osce_cli import __version__
from osce_cli import commands as api
from osce_cli.cli import completion
from osce_cli.export.formats import FORMATS
from osce_cli.format.keys import FACET_KEYS, KEY_FACETS, LABEL, VOCABULARY_KEYS
from osce_cli.support.errors import OsceError

T = TypeVar("T")

# Help and usage errors are plain text (Click's layout, rich_markup_mode=None):
# Rich's panels folded long values into narrow columns ("sar if"), showed a
# type on flags, and read brackets in help texts as markup. Each option that
# takes a value names it with a metavar instead of a Python type.
app = typer.Typer(
    name="osce",
    help="Scaffold, validate and export OSCE press releases kept as Markdown in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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


def run(args: list[str]) -> None:
    """Run a command line through Typer, with osce's own shell completion."""
    from typer.main import get_command

    from osce_cli.cli.shells import register

    command = get_command(app)
    register()  # after get_command, which registers Typer's completion classes
    command.main(args=args, prog_name="osce", standalone_mode=True)


def _run(call: Callable[[], T]) -> T:
    try:
        return call()
    except OsceError as error:
        from osce_cli.report.printable import printable

        typer.echo(f"osce: error: {printable(str(error))}", err=True)
        raise typer.Exit(error.exit_code) from None
    except (KeyboardInterrupt, EOFError) as interrupt:
        # Ctrl-C, SIGTERM, SIGHUP, or Ctrl-D at a prompt: files are only ever written whole.
        from osce_cli.support.stopping import report_interruption

        raise typer.Exit(report_interruption(interrupt)) from None


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
    typer.Option(
        "--config",
        metavar="<file>",
        help="Use this configuration file instead of searching for one.",
    ),
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore configuration files.")]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="<n>",
        help="Processes to use, from 300 files on [default: one per CPU].",
        show_default=False,
    ),
]


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
        typer.Option(
            "--select",
            metavar="<codes>",
            help="Only these rule codes or prefixes (comma-separated).",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="<codes>",
            help="Skip these rule codes or prefixes (comma-separated).",
        ),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="<name>",
            help="The file name to report for standard input.",
        ),
    ] = None,
    force_exclude: Annotated[
        bool,
        typer.Option("--force-exclude", help="Apply 'exclude' to files named on the command line."),
    ] = False,
    color: Annotated[
        ColorChoice, typer.Option("--color", help="Colour the text output.")
    ] = ColorChoice.auto,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the safe fixes to the files.")] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option("--unsafe-fixes", help="Also apply fixes that guess (closest known term)."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show the fixes as a unified diff; write nothing.")
    ] = False,
    exit_non_zero_on_fix: Annotated[
        bool,
        typer.Option("--exit-non-zero-on-fix", help="With --fix, exit 1 when a file was changed."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Check every file again; do not read or write .osce_cache/."
        ),
    ] = False,
    jobs: JobsOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Check releases against the format, vocabulary and house style.

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
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        exit_non_zero_on_fix=exit_non_zero_on_fix,
        cache=not no_cache,
        jobs=jobs,
    )
    raise typer.Exit(_run(lambda: api.validate(options, sys.stdout)))


@app.command()
def rules(
    code: Annotated[
        str | None,
        typer.Argument(help="A rule code or name to explain.", show_default=False),
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """List the rules, or explain one rule with examples."""
    typer.echo(_run(lambda: api.rules_text(code, output_format.value)), nl=False)


@app.command()
def vocab(
    facet: Annotated[
        str | None,
        typer.Argument(
            help=f"A facet ({', '.join(FACET_KEYS)}) "
            f"or a front matter key ({', '.join(KEY_FACETS)}).",
            show_default=False,
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", metavar="<text>", help="Only terms matching this text."),
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            "-l",
            metavar="<tag>",
            help="List the labels in this language (a BCP 47 tag such as ru).",
        ),
    ] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """List the controlled vocabulary (with a project's additions)."""
    typer.echo(
        _run(
            lambda: api.vocab_text(
                facet,
                search,
                output_format.value,
                language=language,
                config_path=config,
                isolated=isolated,
            )
        ),
        nl=False,
    )


new_app = typer.Typer(
    help="Create new files in the archive.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(new_app, name="new")


def _with_label_options(command: Callable[..., None]) -> Callable[..., None]:
    """An option for each vocabulary key of the table (``--type``, ``--source``...).

    They are added to the command's signature after ``--place``, and reach it
    as ``**labels``: the values given, by front matter key.
    """
    import inspect

    options = []
    for key in VOCABULARY_KEYS:
        if key.flag is None:
            continue
        single = key.kind == LABEL
        option = typer.Option(
            key.flag,
            metavar=f"<{key.name}>" if single else "<name>",
            help=key.help,
            autocompletion=completion.completer(key.name),
        )
        kind = str | None if single else list[str] | None
        options.append(
            inspect.Parameter(
                key.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=None,
                annotation=Annotated[kind, option],
            )
        )
    signature = inspect.signature(command, eval_str=True)
    before = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    at = [p.name for p in before].index("place") + 1
    parameters = [*before[:at], *options, *before[at:]]
    command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    return command


@new_app.command("release")
@_with_label_options
def new_release(
    title: Annotated[
        str | None, typer.Option("--title", metavar="<text>", help="The headline.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="<yyyy-mm-dd>", help="Default: today.")
    ] = None,
    place: Annotated[
        list[str] | None,
        typer.Option(
            "--place",
            metavar="<place>",
            help="Dateline place; repeat (or use /) for a joint dateline.",
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", metavar="<tag>", help="BCP 47 tag (default: en)."),
    ] = None,
    translation_of: Annotated[
        Path | None,
        typer.Option(
            "--translation-of",
            metavar="<file>",
            help="Write the --language version of this release beside it (asks only the language).",
        ),
    ] = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            metavar="<folder>",
            help="Archive folder (default: releases-dir from the config).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask; fail when a value is missing.")
    ] = False,
    to_stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the release instead of writing it.")
    ] = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    **labels: list[str] | str | None,
) -> None:
    """Write a new release in the archive layout, asking for what flags do not give.

    The file passes 'osce validate' except for the TODO placeholders of its
    body. Exit code 2 when a value is missing (with --no-input) or wrong, or
    when the file exists (without --force).
    """
    from osce_cli.authoring.gather import Given

    options = api.NewReleaseOptions(
        given=Given(
            title=title,
            date=date,
            places=tuple(place or ()),
            labels={
                key: (values,) if isinstance(values, str) else tuple(values or ())
                for key, values in labels.items()
            },
            language=language,
        ),
        folder=folder,
        force=force,
        no_input=no_input,
        to_stdout=to_stdout,
        config_path=config,
        isolated=isolated,
        translation_of=translation_of,
    )
    raise typer.Exit(_run(lambda: api.new_release(options, sys.stdout)))


#: The export formats, from their one list (``export/formats.py``).
ExportFormat = enum.Enum(  # type: ignore[misc]
    "ExportFormat", {name: name for name in FORMATS}, type=str
)


@app.command()
def export(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Release files, folders (searched for *.md) or - for standard input.",
        ),
    ],
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Export format.")
    ] = ExportFormat.html,  # type: ignore[attr-defined]
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="<path>",
            help="Output file (one release) or folder (several); default: stdout.",
        ),
    ] = None,
    width: Annotated[
        int, typer.Option("--width", metavar="<n>", help="Wrap plain text at this column.")
    ] = 72,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            metavar="<time>",
            help="The time embargoes are compared with (ISO 8601, with offset).",
        ),
    ] = None,
    include_embargoed: Annotated[
        bool, typer.Option("--include-embargoed", help="Export releases still under embargo.")
    ] = False,
    template: Annotated[
        Path | None,
        typer.Option("--template", metavar="<file>", help="A Jinja2 template for the HTML page."),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="<name>",
            help="The file name to report for standard input.",
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="<url>",
            help="--format site: the site's address, for feeds, sitemap and canonical links.",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Validate and render every release again; do not use .osce_cache/.",
        ),
    ] = False,
    jobs: JobsOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Publish releases as HTML pages, JSON, JSON Lines or plain text.

    Every release is validated first: if any has errors, nothing is written
    and the exit code is 1. Releases under embargo are skipped.
    """
    command = api.ExportCommand(
        paths=tuple(paths),
        output_format=output_format.value,
        output=output,
        width=width,
        now=now,
        include_embargoed=include_embargoed,
        template=template,
        stdin_filename=stdin_filename,
        config_path=config,
        isolated=isolated,
        cache=not no_cache,
        jobs=jobs,
        base_url=base_url,
    )
    raise typer.Exit(_run(lambda: api.export_releases(command, sys.stdout)))


@app.command()
def schema(
    which: Annotated[
        str,
        typer.Argument(
            help="release (the front matter), export (the JSON export: an array of releases)"
            " or export-release (one release: a file of -o DIR, a line of jsonl)."
        ),
    ] = "release",
) -> None:
    """Print the JSON Schema of the front matter or of the JSON export."""
    typer.echo(_run(lambda: api.schema_text(which)), nl=False)
