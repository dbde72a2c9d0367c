"""Loading trusted-but-hand-edited YAML data (vocabulary files) safely.

The same positioned tree as the front matter is used, so a mistake in a
vocabulary file is reported as ``path:line:col: reason`` and never runs code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from osce_cli.frontmatter.nodes import YamlTree, to_python
from osce_cli.frontmatter.positions import LineIndex
from osce_cli.frontmatter.tree import parse_yaml_data
from osce_cli.support.errors import ConfigError


def parse_yaml_text(text: str, display: str) -> YamlTree:
    tree = parse_yaml_data(text)
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
