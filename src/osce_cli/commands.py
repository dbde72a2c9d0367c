"""The library surface the CLI calls: one function per command.

Each function takes plain options and the streams to write to, does the
work, and returns the exit code. The CLI only turns flags into these calls.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TextIO

from osce_cli.support.errors import UsageError

#: Where results are cached, in the configuration folder (see cache.py).
if TYPE_CHECKING:
    from osce_cli.authoring.gather import Asker, Given
    from osce_cli.config import Config
    from osce_cli.report.diagnostics import Report
    from osce_cli.report.options import OutputOptions
    from osce_cli.validate.checker import Settings
    from osce_cli.validate.discovery import Target


class ValidateOptions(NamedTuple):
    paths: tuple[str, ...] = ()
    output_format: str = "text"
    strict: bool = False
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    stdin_filename: str | None = None
    config_path: Path | None = None
    isolated: bool = False
    force_exclude: bool = False
    color: str = "auto"  # auto | always | never
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    exit_non_zero_on_fix: bool = False
    cache: bool = True
    jobs: int | None = None  # processes for large runs; None: one per CPU


def use_color(choice: str, stream: TextIO) -> bool:
    """Colour on a terminal unless NO_COLOR is set; ``always``/``never`` decide."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _split_codes(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if not values:
        return values  # None (not given) or (): no rule needs loading to say so
    from osce_cli.rules.registry import selector_codes

    codes = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    for code in codes:
        try:
            selector_codes(code)
        except ValueError as error:
            raise UsageError(str(error)) from None
    return codes


def validate(
    options: ValidateOptions,
    stdout: TextIO,
    stdin: Callable[[], BinaryIO] = lambda: sys.stdin.buffer,
) -> int:
    """``osce validate``: check files and write a report; return the exit code."""
    from osce_cli.config import CACHE_DIR, config_for
    from osce_cli.report.formatters import get_formatter
    from osce_cli.report.options import OutputOptions
    from osce_cli.validate.checker import Settings, check_targets
    from osce_cli.validate.discovery import iter_targets, project_input

    if options.output_format not in ("text", "json", "github", "sarif"):
        raise UsageError(f"unknown format '{options.output_format}'")
    if options.paths.count("-") > 1:
        raise UsageError("'-' (standard input) can be given only once")
    config = config_for(
        options.paths,
        config_path=options.config_path,
        isolated=options.isolated,
        stdin_name=options.stdin_filename,
    )
    settings = Settings(
        config=config,
        select=_split_codes(options.select),
        ignore=_split_codes(options.ignore) or (),
    )
    # No path: every release of the project.
    paths = list(options.paths) or [project_input(config.root)]
    targets = iter_targets(
        paths,
        root=config.root,
        releases=config.releases(),
        force_exclude=options.force_exclude,
        stdin_name=options.stdin_filename,
        empty=_no_releases(config),
    )
    severities = tuple((code, severity.label) for code, severity in config.severity)
    output = OutputOptions(
        color=use_color(options.color, stdout), strict=options.strict, severities=severities
    )
    if options.fix or options.diff:
        return _fix(options, list(targets), settings, stdin, stdout, output)
    cache_folder = config.root / CACHE_DIR if options.cache else None
    if options.jobs is not None and options.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    report = check_targets(targets, settings, stdin, cache_folder, options.jobs)
    get_formatter(options.output_format)(report, stdout, output)
    _print_errors(report.errors)
    return report.exit_code(strict=options.strict)


def _no_releases(config: Config) -> Callable[[str], None]:
    """The notice for a folder named that holds no release (not an error: exit 0)."""

    def notice(folder: str) -> None:
        print(f"osce: {folder}: no releases found ({config.describe_releases()})", file=sys.stderr)

    return notice


def _print_errors(errors: list[str]) -> None:
    from osce_cli.report.printable import printable

    for error in errors:
        print(f"osce: error: {printable(error)}", file=sys.stderr)


def _print_not_fixed(not_fixed: list[str]) -> None:
    for line in not_fixed:
        print(f"osce: {line}", file=sys.stderr)


def _diff_summary(report: Report, files: int, *, unsafe: bool) -> str:
    """What ``--diff`` showed, and the flags that would apply it (or the guesses left)."""
    from osce_cli.report.options import plural

    guesses = 0 if unsafe else report.unsafe_fixable
    if not files:
        if guesses:
            return f"osce: nothing to fix safely; {guesses} fixable with --fix --unsafe-fixes"
        return "osce: nothing to fix"
    flags = "--fix --unsafe-fixes" if unsafe else "--fix"
    line = (
        f"osce: {plural(report.fixed, 'fix', 'fixes')} in {plural(files, 'file')} "
        f"would be applied by {flags}"
    )
    return line + (f"; {guesses} more with --unsafe-fixes" if guesses else "")


def _fix(
    options: ValidateOptions,
    targets: list[Target],
    settings: Settings,
    stdin: Callable[[], BinaryIO],
    stdout: TextIO,
    output: OutputOptions,
) -> int:
    """``--fix`` writes the fixed files and reports what is left; ``--diff`` only shows."""
    from osce_cli.report.formatters import get_formatter
    from osce_cli.validate.fixrun import fix_targets

    run = fix_targets(targets, settings, stdin, write=not options.diff, unsafe=options.unsafe_fixes)
    report = run.report
    if options.diff:
        stdout.write("".join(run.diffs))
        print(_diff_summary(report, len(run.diffs), unsafe=options.unsafe_fixes), file=sys.stderr)
        _print_not_fixed(report.not_fixed)
        _print_errors(report.errors)
        if report.errors:
            return 2
        return 1 if run.diffs else report.exit_code(strict=options.strict)
    report_stream = stdout
    if run.stdin_text is not None:
        # The fixed release goes to stdout (as a filter would); the report to stderr.
        stdout.write(run.stdin_text)
        report_stream = sys.stderr
    get_formatter(options.output_format)(report, report_stream, output)
    _print_not_fixed(report.not_fixed)
    _print_errors(report.errors)
    code = report.exit_code(strict=options.strict)
    if code == 0 and options.exit_non_zero_on_fix and report.fixed:
        return 1
    return code


def rules_text(code: str | None, output_format: str = "text") -> str:
    """``osce rules``: the list of rules, or one rule's documentation."""
    import json

    from osce_cli.rules.registry import ALL_RULES, FAMILIES, find_rule

    if code is not None:
        rule = find_rule(code)
        if rule is None:
            raise UsageError(f"'{code}' is not a rule code or name (see 'osce rules')")
        if output_format == "json":
            return json.dumps(_rule_dict(rule), indent=2, ensure_ascii=False) + "\n"
        header = (
            f"{rule.code} {rule.name} ({rule.severity.label}"
            f"{', fixable' if rule.fixable else ''}; {FAMILIES[rule.family]})"
        )
        return f"{header}\n\n{rule.doc}\n"
    if output_format == "json":
        return (
            json.dumps([_rule_dict(rule) for rule in ALL_RULES], indent=2, ensure_ascii=False)
            + "\n"
        )
    lines: list[str] = []
    family = None
    for rule in ALL_RULES:
        if rule.family != family:
            family = rule.family
            if lines:
                lines.append("")
            lines.append(f"{family}  {FAMILIES[family]}")
        fixable = "fixable" if rule.fixable else ""
        columns = f"  {rule.code}  {rule.name:<28} {rule.severity.label:<8} {fixable:<8}"
        lines.append(f"{columns} {rule.summary}".rstrip())
    lines.append("")
    lines.append("'osce rules CODE' explains a rule, with a failing and a passing example.")
    return "\n".join(lines) + "\n"


def _rule_dict(rule: object) -> dict[str, object]:
    from osce_cli.rules.registry import FAMILIES, Rule

    assert isinstance(rule, Rule)
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.label,
        "fixable": rule.fixable,
        "family": FAMILIES[rule.family],
        "summary": rule.summary,
        "doc": rule.doc,
    }


def vocab_text(
    facet: str | None,
    search: str | None,
    output_format: str = "text",
    *,
    language: str | None = None,
    config_path: Path | None = None,
    isolated: bool = False,
) -> str:
    """``osce vocab``: the controlled vocabulary, whole, by facet, or searched.

    Terms are listed by label, in osce.org's order; each listing says the
    facet and the front matter key its terms are written under. With a
    ``language``, each term is listed by its label in that language (see
    ``vocabulary/labels.py``), and by those labels; a term with none is
    listed in English and marked so.
    """
    import json

    from osce_cli.config import load_config
    from osce_cli.format.keys import FACET_KEYS, KEY_FACETS
    from osce_cli.vocabulary.labels import Label, label_in, language_name
    from osce_cli.vocabulary.languages import canonical_tag, check_tag
    from osce_cli.vocabulary.suggest import collation_key, fold
    from osce_cli.vocabulary.terms import Term, by_label, load_vocabulary

    if language is not None:
        problem = check_tag(language)
        if problem is not None:
            raise UsageError(f"--language: {problem}")
        language = canonical_tag(language)
    config = load_config(config_path, isolated=isolated)
    vocabulary = load_vocabulary(config.vocabulary)
    if facet is None:
        facet_ids = list(vocabulary.facets)
    elif facet in vocabulary.facets:
        facet_ids = [facet]
    elif facet in KEY_FACETS:
        facet_ids = list(KEY_FACETS[facet])
    else:
        known = ", ".join([*vocabulary.facets, *KEY_FACETS])
        raise UsageError(f"unknown facet '{facet}' (use one of: {known})")

    def shown(term: Term) -> Label:
        return label_in(term, language) if language else Label(term.label, "vocabulary")

    found = vocabulary.search(search, facet_ids) if search else vocabulary.terms(facet_ids)
    if search and language:
        # The labels in the language are searched too ('Герм' finds Германия).
        needle = fold(search)
        in_language = [
            term for term in vocabulary.terms(facet_ids) if needle in fold(shown(term).text)
        ]
        found = [*in_language, *(term for term in found if term not in in_language)]
    # Facet by facet, as the text groups them; within each by label in the
    # language, then those only known in English, by label.
    ordered = sorted(
        by_label(found),
        key=lambda term: (shown(term).source == "english", collation_key(shown(term).text)),
    )
    terms = sorted(ordered, key=lambda term: facet_ids.index(term.facet))
    if output_format == "json":
        listed = []
        for term in terms:
            entry: dict[str, Any] = {
                **term.as_dict(),
                "key": FACET_KEYS.get(term.facet),
                "labels": {tag: list(names) for tag, names in term.labels},
            }
            if language:
                label = shown(term)
                entry["language"] = {"tag": language, "label": label.text, "from": label.source}
            listed.append(entry)
        return json.dumps(listed, indent=2, ensure_ascii=False) + "\n"
    in_which = f", in {language_name(language)} ({language})" if language else ""
    lines: list[str] = []
    for facet_id in facet_ids:
        chosen = [term for term in terms if term.facet == facet_id]
        if not chosen:
            continue
        if lines:
            lines.append("")
        key = FACET_KEYS.get(facet_id)
        under = f" under '{key}'" if key else ""
        lines.append(
            f"{vocabulary.facets[facet_id].title} ({facet_id}, {len(chosen)}){under}{in_which}"
        )
        for term in chosen:
            label = shown(term)
            details = [term.id]
            if label.source == "english":
                details.insert(0, f"English: no {language_name(language or '')} label known")
            elif label.text != term.label:
                details.insert(0, term.label)
            codes = "/".join(code for _, code in term.codes)
            if codes:
                details.append(codes)
            if term.period.start or term.period.end:
                details.append(term.period.describe())
            if term.aliases:
                details.append("aliases: " + ", ".join(term.aliases))
            if term.variants:
                details.append("variants: " + ", ".join(term.variants))
            if term.former_names:
                details.append(
                    "formerly: "
                    + ", ".join(
                        f"{name.label} ({name.period.describe()})" for name in term.former_names
                    )
                )
            lines.append(f"  {label.text}  [{'; '.join(details)}]")
    if not lines:
        return f"no terms match '{search}'\n" if search else "no terms\n"
    return "\n".join(lines) + "\n"


class NewReleaseOptions(NamedTuple):
    given: Given
    folder: Path | None = None  # --dir
    force: bool = False
    no_input: bool = False
    to_stdout: bool = False
    config_path: Path | None = None
    isolated: bool = False
    today: dt.date | None = None
    translation_of: Path | None = None  # --translation-of: the release to translate


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def new_release(options: NewReleaseOptions, stdout: TextIO, interactive: bool | None = None) -> int:
    """``osce new release``: gather the answers, then write the file (or print it).

    Questions are asked only on a terminal (``interactive``: stdin is a TTY)
    and never with ``no_input``.
    """
    from osce_cli.authoring.gather import Gatherer
    from osce_cli.authoring.scaffold import release_path, release_text
    from osce_cli.config import load_config
    from osce_cli.support.writer import create_file
    from osce_cli.vocabulary.terms import load_vocabulary

    config = load_config(options.config_path, isolated=options.isolated)
    if interactive is None:
        interactive = sys.stdin.isatty()
    asker = None
    if interactive and not options.no_input:
        from osce_cli.authoring.prompts import ConsoleAsker

        asker = ConsoleAsker()
    if options.translation_of is not None:
        return _new_translation(options, options.translation_of, asker, stdout)

    def note(message: str) -> None:
        print(f"osce: {message}", file=sys.stderr)

    unasked = (
        "required with --no-input"
        if options.no_input
        else "required when standard input is not a terminal"
    )
    gatherer = Gatherer(
        load_vocabulary(config.vocabulary),
        asker,
        note,
        grace_days=config.source_grace_days,
        unasked=unasked,
    )
    draft = gatherer.draft(options.given, options.today or dt.date.today())
    text = release_text(draft, config.templates)
    if options.to_stdout:
        stdout.write(text)
        return 0
    root = options.folder if options.folder is not None else config.releases_root
    if root.exists() and not root.is_dir():
        raise UsageError(f"{_shown(root)}: not a directory")
    path = release_path(draft, root, config.filename_pattern)
    create_file(path, text.encode("utf-8"), display=_shown(path), overwrite=options.force)
    stdout.write(f"Created {_shown(path)}\n")
    return 0


def _new_translation(
    options: NewReleaseOptions, original_path: Path, asker: Asker | None, stdout: TextIO
) -> int:
    """``osce new release --translation-of PATH``: the translation, beside its original.

    Only the language is asked for: everything else is the original's.
    """
    from osce_cli.authoring.translation import choose_language, read_original, translation
    from osce_cli.format.keys import BY_NAME
    from osce_cli.support.writer import create_file

    given = options.given
    other = [
        flag
        for flag, value in (
            ("--title", given.title),
            ("--date", given.date),
            ("--place", given.places),
            ("--dir", options.folder),
            *((BY_NAME[key].flag or key, values) for key, values in given.labels.items()),
        )
        if value
    ]
    if other:
        raise UsageError(
            f"--translation-of takes everything but the language from the original: "
            f"drop {', '.join(other)}"
        )
    original = read_original(original_path, _shown(original_path))
    unasked = "with --no-input" if options.no_input else "when standard input is not a terminal"
    language = choose_language(given.language, original, asker, unasked)
    made = translation(original, language)
    if options.to_stdout:
        stdout.write(made.text)
        return 0
    create_file(
        made.path, made.text.encode("utf-8"), display=_shown(made.path), overwrite=options.force
    )
    stdout.write(f"Created {_shown(made.path)}\n")
    return 0


class ExportCommand(NamedTuple):
    paths: tuple[str, ...]
    output_format: str
    #: ``-o`` as typed: a trailing slash names a folder, even one not made yet.
    output: str | None = None
    width: int = 72
    now: str | None = None
    include_embargoed: bool = False
    template: Path | None = None
    stdin_filename: str | None = None
    config_path: Path | None = None
    isolated: bool = False
    cache: bool = True
    jobs: int | None = None
    base_url: str | None = None


def export_releases(
    command: ExportCommand,
    stdout: TextIO,
    stdin: Callable[[], BinaryIO] = lambda: sys.stdin.buffer,
) -> int:
    """``osce export``: validate, then write HTML, JSON or text (files or stdout)."""
    from osce_cli.config import config_for
    from osce_cli.export.export_options import ExportOptions
    from osce_cli.export.formats import FORMATS, STREAMS
    from osce_cli.export.run import export
    from osce_cli.format.dates import DateProblem, parse_embargo
    from osce_cli.report.formatters import get_formatter
    from osce_cli.report.options import OutputOptions
    from osce_cli.validate.checker import Settings
    from osce_cli.validate.discovery import collect

    if command.output_format not in FORMATS:
        raise UsageError(f"unknown export format '{command.output_format}'")
    output = None if command.output is None else Path(command.output)
    folder_named = command.output is not None and command.output.endswith(("/", "\\"))
    if (
        command.output_format in STREAMS
        and output is not None
        and (output.is_dir() or folder_named)
    ):
        raise UsageError(
            f"{output}: {command.output_format} is one stream: give -o FILE, or no -o for stdout"
        )
    if command.width < 20:
        raise UsageError("--width must be at least 20")
    if command.jobs is not None and command.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    now = None
    if command.now is not None:
        try:
            now = parse_embargo(command.now)
        except DateProblem as problem:
            raise UsageError(f"--now: {str(problem).replace('embargo', 'time')}") from None
    if not command.paths:
        raise UsageError("give the releases to export (files, folders or -)")
    config = config_for(
        command.paths,
        config_path=command.config_path,
        isolated=command.isolated,
        stdin_name=command.stdin_filename,
    )
    targets = collect(
        list(command.paths),
        root=config.root,
        releases=config.releases(),
        stdin_name=command.stdin_filename,
        empty=_no_releases(config),
    )
    base_url = None
    if command.output_format == "site":
        from osce_cli.support.baseurl import checked_base_url

        if output is None:
            raise UsageError("--format site writes a folder: give -o DIRECTORY")
        if command.base_url is not None:
            try:
                base_url = checked_base_url(command.base_url)
            except ValueError as error:
                raise UsageError(f"--base-url: {error}") from None
        elif config.base_url is not None:
            base_url = config.base_url
        else:
            raise UsageError(
                "--format site needs --base-url URL (or base-url in the configuration)"
            )
    options = ExportOptions(
        output_format=command.output_format,
        output=output,
        output_is_folder=folder_named,
        width=command.width,
        now=now,
        include_embargoed=command.include_embargoed,
        template=command.template or config.html_template,
        cache=command.cache,
        jobs=command.jobs,
        inputs=command.paths,
        site_name=config.site_name,
        site_logo=config.site_logo,
        base_url=base_url,
        site_templates=config.site_templates,
    )

    def report_errors(report: Report) -> None:
        get_formatter("text")(
            report, sys.stderr, OutputOptions(color=use_color("auto", sys.stderr))
        )

    return export(targets, Settings(config=config), options, stdout, stdin, report_errors)


def schema_text(which: str = "release") -> str:
    """``osce schema``: the JSON Schema of the front matter, or of the JSON export."""
    import json

    if which == "release":
        from osce_cli.format.model import release_json_schema

        schema = release_json_schema()
    elif which == "export":
        from osce_cli.export.json_schema import export_json_schema

        schema = export_json_schema()
    elif which == "export-release":
        from osce_cli.export.json_schema import release_json_schema

        schema = release_json_schema()
    else:
        raise UsageError(f"unknown schema '{which}' (use release, export or export-release)")
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
