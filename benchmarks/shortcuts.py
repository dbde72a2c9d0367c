"""Run `osce` with one of its speed shortcuts replaced by the plain way it stands for.

    python benchmarks/shortcuts.py SHORTCUT -- validate --no-cache --jobs 1 DIR

Each shortcut kept in ``src/`` says in its module docstring what it buys,
and a test in ``tests/equivalence/`` holds it equal to the plain way. This
script puts the plain way in place of one shortcut, then runs the command in
this process, so that a command can be compared with and without the
shortcut (``none`` runs osce unchanged). Run it under a counter of
instructions (``valgrind --tool=callgrind``) to compare work rather than
seconds on a busy machine; benchmarks/README.md ("Shortcuts") gives the
figures and the commands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

# The plain definitions live in the tests: the repository's root is on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _line_reader() -> None:
    # Front matter in the common layout goes to the parsers like any other.
    from osce_cli.frontmatter import tree

    tree.read_common_layout = lambda text, base: None


def _libyaml_reader() -> None:
    # What the line reader declines goes to the reference parser alone.
    from osce_cli.frontmatter import tree

    tree._parse_with_libyaml = lambda text, base: None


def _body_prefilters() -> None:
    # Every text is masked and searched, without the quick tests first.
    from osce_cli.rules import b_body

    def masked(text: str) -> str:
        return b_body._CODE_OR_URL.sub(lambda match: " " * len(match.group()), text)

    b_body._masked = masked
    b_body._may_have_placeholder_words = lambda data: True


def _notable_values() -> None:
    # Every vocabulary value is resolved in full, as the V rules define it (the plain
    # definition the equivalence test holds the shortcut to; importing it adds only
    # start-up work, which the per-file figures leave out).
    from tests.equivalence.test_shortcuts import plain_notable_values

    from osce_cli.rules import v_vocabulary

    v_vocabulary._notable_values = plain_notable_values


def _plain_text() -> None:
    # Every body's text comes from markdown-it's tokens.
    from osce_cli.export import plaintext

    plaintext.render = plaintext.rendered


#: Each shortcut, by the module that takes it.
PLAIN: dict[str, Callable[[], None]] = {
    "none": lambda: None,
    "frontmatter/lines": _line_reader,
    "frontmatter/tree": _libyaml_reader,
    "rules/b_body": _body_prefilters,
    "rules/v_vocabulary": _notable_values,
    "export/plaintext": _plain_text,
}


def main() -> int:
    if len(sys.argv) < 3 or sys.argv[1] not in PLAIN or sys.argv[2] != "--":
        names = ", ".join(PLAIN)
        print(f"usage: shortcuts.py SHORTCUT -- OSCE-ARGS...  ({names})", file=sys.stderr)
        return 2
    PLAIN[sys.argv[1]]()
    from osce_cli.__main__ import main as osce

    sys.argv = ["osce", *sys.argv[3:]]
    return osce()


if __name__ == "__main__":
    sys.exit(main())
