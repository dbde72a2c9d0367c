"""The library surface the CLI calls: one function per command.

Each function takes plain options and the streams to write to, does the
work, and returns the exit code. The CLI only turns flags into these calls.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from .errors import UsageError


@dataclass(frozen=True)
class ValidateOptions:
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
    if values is None:
        return None
    from .rules import selector_codes

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
    from .config import load_config
    from .discovery import collect
    from .engine import Settings, check_targets
    from .formatters import OutputOptions, get_formatter

    if options.output_format not in ("text", "json", "github", "sarif"):
        raise UsageError(f"unknown format '{options.output_format}'")
    config = load_config(options.config_path, isolated=options.isolated)
    settings = Settings(
        config=config,
        select=_split_codes(options.select),
        ignore=_split_codes(options.ignore) or (),
    )
    paths = list(options.paths) or ["."]
    if paths.count("-") > 1:
        raise UsageError("'-' (standard input) can be given only once")
    targets = collect(
        paths,
        root=config.root,
        exclude=config.exclude,
        force_exclude=options.force_exclude,
        stdin_name=options.stdin_filename,
    )
    report = check_targets(targets, settings, stdin)
    severities = tuple((code, severity.label) for code, severity in config.severity)
    output = OutputOptions(
        color=use_color(options.color, stdout), strict=options.strict, severities=severities
    )
    get_formatter(options.output_format)(report, stdout, output)
    for error in report.errors:
        print(f"osce: error: {error}", file=sys.stderr)
    return report.exit_code(strict=options.strict)


def rules_text(code: str | None, output_format: str = "text") -> str:
    """``osce rules``: the list of rules, or one rule's documentation."""
    from .rules import ALL_RULES, FAMILIES, find_rule

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
    from .rules import FAMILIES, Rule

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
    config_path: Path | None = None,
    isolated: bool = False,
) -> str:
    """``osce vocab``: the controlled vocabulary, whole, by facet, or searched."""
    from .config import load_config
    from .vocabulary import KEY_FACETS, load_vocabulary

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
    terms = vocabulary.search(search, facet_ids) if search else vocabulary.terms(facet_ids)
    if output_format == "json":
        return json.dumps([term.as_dict() for term in terms], indent=2, ensure_ascii=False) + "\n"
    lines: list[str] = []
    for facet_id in facet_ids:
        chosen = [term for term in terms if term.facet == facet_id]
        if not chosen:
            continue
        if lines:
            lines.append("")
        lines.append(f"{vocabulary.facets[facet_id].title} ({facet_id}, {len(chosen)})")
        for term in chosen:
            details = [term.id]
            codes = "/".join(code for _, code in term.codes)
            if codes:
                details.append(codes)
            if term.period.start or term.period.end:
                details.append(term.period.describe())
            if term.aliases:
                details.append("aliases: " + ", ".join(term.aliases))
            if term.former_names:
                details.append(
                    "formerly: "
                    + ", ".join(
                        f"{name.label} ({name.period.describe()})" for name in term.former_names
                    )
                )
            lines.append(f"  {term.label}  [{'; '.join(details)}]")
    if not lines:
        return f"no terms match '{search}'\n" if search else "no terms\n"
    return "\n".join(lines) + "\n"


def schema_text() -> str:
    """``osce schema``: the JSON Schema of the release front matter."""
    from .model import release_json_schema

    return json.dumps(release_json_schema(), indent=2, ensure_ascii=False) + "\n"
