"""Two runs of `run.py --json` side by side: before and after a change.

    python benchmarks/compare.py BEFORE.json AFTER.json

Prints a Markdown table of every case both runs have: the two medians, their
ratio, and each run's ratio to its own `python -c pass` and floor (which
compare better than seconds when the machine's speed drifted between the
runs). A row more than 10 % slower after is marked, and the exit code is 1
if there is one.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: After / before above this marks a row as slower.
SLOWER = 1.10


def _cases(path: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    run = json.loads(path.read_text(encoding="utf-8"))
    commit = run["machine"].get("osce", str(path))
    return commit, {case["key"]: case for case in run["cases"]}


def _yardsticks(cases: dict[str, dict[str, Any]], case: dict[str, Any]) -> str:
    start = cases.get("python-pass", {}).get("median_seconds")
    floor = cases.get(f"floor-{case['size']}", {}).get("median_seconds")
    seconds = case["median_seconds"]
    parts = [f"{seconds / start:.1f}× pass" if start else ""]
    if floor and not case["key"].startswith("floor"):
        parts.append(f"{seconds / floor:.2f}× floor")
    return ", ".join(part for part in parts if part)


def table(before: Path, after: Path) -> tuple[list[str], int]:
    """The table's lines, and how many rows are more than 10 % slower after."""
    name_a, cases_a = _cases(before)
    name_b, cases_b = _cases(after)
    lines = [
        f"before: {name_a}",
        f"after: {name_b}",
        "",
        "| case | before s | after s | after / before | before | after |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    slower = 0
    for key, a in cases_a.items():
        b = cases_b.get(key)
        if b is None or a["median_seconds"] is None or b["median_seconds"] is None:
            continue
        ratio = b["median_seconds"] / a["median_seconds"]
        mark = " (slower)" if ratio > SLOWER else ""
        slower += ratio > SLOWER
        lines.append(
            f"| {a['label']} | {a['median_seconds']:.3f} | {b['median_seconds']:.3f} | "
            f"{ratio:.2f}{mark} | {_yardsticks(cases_a, a)} | {_yardsticks(cases_b, b)} |"
        )
    return lines, slower


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    lines, slower = table(args.before, args.after)
    print("\n".join(lines))
    return 1 if slower else 0


if __name__ == "__main__":
    raise SystemExit(main())
