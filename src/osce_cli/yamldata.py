"""Loading trusted-but-hand-edited YAML data (vocabulary files) safely.

The same positioned tree as the front matter is used, so a mistake in a
vocabulary file is reported as ``path:line:col: reason`` and never runs code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ConfigError
from .textindex import LineIndex
from .yamltree import YamlTree, build_tree, parse_yaml, to_python


def _parse_with_libyaml(text: str) -> YamlTree | None:
    """Parse with libyaml (through PyYAML's C parser) when it is installed.

    The vocabulary is a few thousand lines; the pure-Python parser needs half
    a second for it, libyaml a few milliseconds. The events go through the
    same tree builder, so the values are identical.
    """
    try:
        import yaml
        from yaml import CSafeLoader
    except ImportError:  # pragma: no cover - PyYAML is a dependency; stay correct without it
        return None
    try:
        return build_tree(yaml.parse(text, Loader=CSafeLoader), 0)
    except yaml.YAMLError:
        return None  # let the careful parser produce the positioned error


def parse_yaml_text(text: str, display: str) -> YamlTree:
    tree = _parse_with_libyaml(text) or parse_yaml(text)
    if tree.problems:
        problem = tree.problems[0]
        line, column = LineIndex(text).position(problem.start)
        raise ConfigError(f"{display}:{line}:{column}: {problem.message}")
    return tree


def load_yaml_file(path: Path, display: str | None = None) -> Any:
    """Plain Python values of a YAML file; ConfigError for any problem."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{shown}: cannot read: {error}") from None
    return to_python(parse_yaml_text(text, shown).root)
