"""Loading trusted-but-hand-edited YAML data (vocabulary files) safely.

The same positioned tree as the front matter is used, so a mistake in a
vocabulary file is reported as ``path:line:col: reason`` and never runs code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ConfigError
from .textindex import LineIndex
from .yamlnodes import YamlTree, to_python
from .yamltree import parse_yaml_data


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
