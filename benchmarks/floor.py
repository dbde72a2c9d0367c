"""The floor: the least work a Python front matter validator can do.

    python benchmarks/floor.py DIR

One process reads every `*.md` under DIR, splits off the front matter, parses
it with libyaml (PyYAML's C loader) and validates it with a small Pydantic v2
model. No vocabulary, no positions, no dateline, no report: whatever `osce
validate` costs above this is the price of its checks and its start-up, which
is what the `ratio to floor` column of `run.py` shows.

Exit code 1 when any file fails, so the harness can tell a floor that really
validated from one that skipped everything.
"""

from __future__ import annotations

import datetime
import os
import sys

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class Release(BaseModel):
    """The required keys and their types, nothing more."""

    model_config = ConfigDict(extra="forbid")

    title: str
    date: datetime.date
    type: str
    place: str | list[str]
    sources: list[str]
    fields: list[str]
    states: list[str] = []
    language: str = "en"


def markdown_files(root: str) -> list[str]:
    # os.walk rather than pathlib.rglob: the floor should be as cheap as it can.
    return [
        os.path.join(folder, name)  # noqa: PTH118
        for folder, _, names in os.walk(root)
        for name in names
        if name.endswith(".md")
    ]


def check(path: str) -> bool:
    with open(path, encoding="utf-8") as handle:  # noqa: PTH123
        text = handle.read()
    _, front_matter, _body = text.split("---\n", 2)
    try:
        Release.model_validate(yaml.load(front_matter, Loader=yaml.CSafeLoader))
    except (ValidationError, yaml.YAMLError, ValueError):
        return False
    return True


def main(root: str) -> int:
    paths = markdown_files(root)
    failed = sum(not check(path) for path in paths)
    print(f"floor: {len(paths)} files, {failed} invalid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
