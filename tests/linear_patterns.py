"""Every regular expression of `osce_cli`, found in its source, and hostile text for it.

`test_linear_time.py` lists the patterns with `patterns()` and runs them in
a few processes of their own (``python -m tests.linear_patterns '{"NAME":
["match"]}'``), which time each against `hostile_texts()` and print the
slowest runs.

Patterns are found in two ways that check each other. The source is read:
every ``re.compile`` must be a module-level constant (or a ``_Lazy`` pattern
of `osce_cli.format.dateline`), or sit in one of the `BUILDERS` reviewed below, and
no other ``re`` function may be given a pattern in place. Then the modules
are imported and their constants collected. How a constant is used is read
from the source too: one only ever given to ``match`` or ``fullmatch`` is
tried at the start of the hostile texts; any other use (``search``,
``finditer``, ``sub``, passing it on) is tried at every position.
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "osce_cli"

#: ``re`` functions that take a pattern.
RE_FUNCTIONS = frozenset(
    {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer"}
)
#: Pattern methods that try only the start of the text.
ANCHORED = frozenset({"match", "fullmatch"})

#: Functions that compile patterns at run time: each names the patterns it
#: makes for this test and how they are used, or why it is exempt.
BUILDERS: dict[str, str] = {
    "osce_cli.format.dateline._Lazy.get": "the module's _Lazy constants, collected as constants",
    "osce_cli.format.shape.matching": "the checks it returns, found as module constants of shape",
    "osce_cli.rules.b_body._name_pattern": "one per former name flagged in the body (B103)",
    "osce_cli.validate.patterns._compile": (
        "exempt: gitignore-like patterns from the project's own configuration, matched "
        "against file paths; they never read release text"
    ),
}

#: Patterns exempt from the test, each with the reason (reviewed).
EXEMPT = {name: reason for name, reason in BUILDERS.items() if reason.startswith("exempt")}

#: Long enough that a quadratic pattern runs far past `ONE_TEXT_LIMIT` (the
#: e-mail pattern of `test_a_pattern_that_backtracks_is_stopped_and_reported`
#: would take several times the limit), short enough to keep the suite quick.
N = 40_000


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), ast.parse(path.read_text("utf-8"), str(path))


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _qualname(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    names = []
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
    return ".".join(reversed(names))


def _is_re_call(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
        and node.func.attr in RE_FUNCTIONS
    ):
        return node.func.attr
    return None


def _is_lazy_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_Lazy"
    )


class Source:
    """What the source says: the pattern constants, their uses, and what is not allowed."""

    def __init__(self) -> None:
        #: "module.NAME" of each module-level pattern constant (``re.compile`` or ``_Lazy``).
        self.constants: list[str] = []
        #: "module.NAME": the methods it is called with, "other" for any other use.
        self.uses: dict[str, set[str]] = {}
        #: Places that make a pattern in a way this test cannot collect.
        self.problems: list[str] = []
        # Each module's tree and the parent of each of its nodes, read once for both passes.
        trees = {module: (tree, _parents(tree)) for module, tree in _modules()}
        for module, (tree, parents) in trees.items():
            self._read(module, tree, parents)
        for module, (tree, parents) in trees.items():
            self._read_uses(module, tree, parents)

    def _read(self, module: str, tree: ast.Module, parents: dict[ast.AST, ast.AST]) -> None:
        for node in ast.walk(tree):
            function = _is_re_call(node)
            if function is None and not _is_lazy_call(node):
                continue
            where = _qualname(node, parents)
            parent = parents[node]
            if not where:
                if (
                    function in (None, "compile")
                    and isinstance(parent, ast.Assign | ast.AnnAssign)
                    and parent.value is node
                ):
                    targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                    if len(targets) == 1 and isinstance(targets[0], ast.Name):
                        self.constants.append(f"{module}.{targets[0].id}")
                        continue
                self.problems.append(
                    f"{module}:{node.lineno}: re.{function} at module level that is not a "
                    "constant NAME = re.compile(...)"
                )
            elif f"{module}.{where}" not in BUILDERS:
                self.problems.append(
                    f"{module}:{node.lineno}: re.{function} in {where}(): make it a module "
                    "constant, or list the function in BUILDERS with how its patterns are tested"
                )

    def _read_uses(self, module: str, tree: ast.Module, parents: dict[ast.AST, ast.AST]) -> None:
        local = {
            constant.rsplit(".", 1)[1]: constant
            for constant in self.constants
            if constant.rsplit(".", 1)[0] == module
        }
        imported: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    for constant in self.constants:
                        if constant.rsplit(".", 1)[1] == alias.name:
                            imported[alias.asname or alias.name] = constant
        names = {**local, **imported}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Name) and node.id in names):
                continue
            if isinstance(node.ctx, ast.Store):
                continue
            use = _use(node, parents)
            if use is not None:
                self.uses.setdefault(names[node.id], set()).add(use)
        for alias in imported:
            self.uses.setdefault(imported[alias], set()).add("other")


#: Attributes that describe a pattern without running it.
DESCRIPTIONS = frozenset({"pattern", "groupindex", "groups", "flags", "numbers"})


def _use(node: ast.Name, parents: dict[ast.AST, ast.AST]) -> str | None:
    """The method a constant is called with here, "other", or ``None`` when it is not run."""
    attribute = parents.get(node)
    if isinstance(attribute, ast.Attribute) and attribute.attr in DESCRIPTIONS:
        return None
    if isinstance(attribute, ast.Attribute) and attribute.attr == "get":
        call = parents.get(attribute)  # a _Lazy: NAME.get().method(...)
        attribute = parents.get(call) if isinstance(call, ast.Call) else None
        if not isinstance(attribute, ast.Attribute):
            return "other"
    if isinstance(attribute, ast.Attribute):
        call = parents.get(attribute)
        if isinstance(call, ast.Call) and call.func is attribute:
            return attribute.attr
    return "other"


def _closure_pattern(function: object) -> re.Pattern[str] | None:
    for cell in getattr(function, "__closure__", None) or ():
        if isinstance(cell.cell_contents, re.Pattern):
            return cell.cell_contents
    return None


def _built() -> dict[str, tuple[str, ...]]:
    """The patterns of the `BUILDERS` that are not exempt, and how they are used."""
    from osce_cli.format import shape
    from osce_cli.format.keys import KEY_FACETS
    from osce_cli.vocabulary.terms import load_vocabulary

    built: dict[str, tuple[str, ...]] = {
        f"osce_cli.format.shape.{name}": ("fullmatch",)
        for name, value in vars(shape).items()
        if _closure_pattern(value) is not None
    }
    for _, former in load_vocabulary().flagged_former_names(KEY_FACETS["states"]):
        built[f"osce_cli.rules.b_body._name_pattern({former.label!r})"] = (EVERY_POSITION,)
    return built


#: Trying a pattern at every position of a text, as search, finditer and sub do.
EVERY_POSITION = "every position"


def patterns(source: Source | None = None) -> dict[str, tuple[str, ...]]:
    """Every pattern to test, and how: its methods when it is only ever given to
    ``match`` or ``fullmatch``, else every position (of ``source``, read if not given)."""
    source = source or Source()
    found: dict[str, tuple[str, ...]] = {}
    for constant in source.constants:
        uses = source.uses.get(constant, {"other"})
        found[constant] = tuple(sorted(uses)) if uses <= ANCHORED else (EVERY_POSITION,)
    return {**found, **_built()}


def resolve(name: str) -> re.Pattern[str]:
    """The pattern `patterns` calls ``name`` (``pattern:TEXT`` compiles TEXT, for tests)."""
    if name.startswith("pattern:"):
        return re.compile(name.removeprefix("pattern:"))
    if name.startswith("osce_cli.rules.b_body._name_pattern("):
        from osce_cli.rules.b_body import _name_pattern

        return _name_pattern(ast.literal_eval(name[name.index("(") + 1 : -1]))
    module, attribute = name.rsplit(".", 1)
    value = getattr(importlib.import_module(module), attribute)
    if isinstance(value, re.Pattern):
        return value
    pattern = _closure_pattern(value)  # a check that `shape.matching` made
    if pattern is not None:
        return pattern
    return value.get()  # type: ignore[no-any-return]  # a dateline._Lazy


def _repeat(unit: str, length: int = N) -> str:
    return (unit * (length // len(unit) + 1))[:length]


#: Texts that make a backtracking matcher try many ways: runs of one
#: character, letters between separators, sentences, emphasis, markup,
#: addresses, YAML lines and language tags. Each is tried as it is, with a
#: line break after it, and with a character no pattern expects.
# fmt: off
UNITS = [
    # The reported ones.
    "A.", "AAAAAAAAAAA: ", "A.A A-A/A ",
    # Runs of one character.
    "A", "é", ".", " ", "\t", "-", "–", "/", ":", ",", "'", "’", '"', "*", "_", "`",
    "<", ">", "[", "]", "(", ")", "#", "@", "!", "0", "\\", "\n", "\r\n", "\r", "\x00",
    # Letters between separators.
    "A ", "A, ", "A/", "A / ", "A-", "A'", "A’", "A. ", "A! ", "A: ", "a:", "a :",
    "a #", "- ", ", ",
    # Sentences, words and dates.
    "AAAAAAAAAAA. ", "PLEASE FIND ", "Vienna ", "5 October ", "1 ", "2020-", "12:",
    "+1", "1.", "1e", "0x",
    # Emphasis and markup.
    "**", "*_", "**_", "***", "**A**", "_a_", "`a", "](", "](a", "<!--", "<!--a", "<a:", "http://",
    "[...]", "[a, ", "TODO", "lorem ",
    # Addresses, tags and keys.
    "a@", "a.", "@a.", "en-", "a-", "x-", "abcde-", "a-bb-", "key: ", "- a ",
    "'a''", "''",
]
# fmt: on
#: Starts that put a pattern in the state where a repeated unit hurts it,
#: and the units tried after them: letters, separators and sentences.
STARTS = ["key: ", "- ", "key: [", "a@b", "PLEASE FIND BELOW THE TEXT. ", "VIENNA, "]
AFTER_STARTS = [
    "A.",
    "AAAAAAAAAAA: ",
    "A.A A-A/A ",
    "A",
    " ",
    "A ",
    "A, ",
    "A. ",
    "A: ",
    "AAAAAAAAAAA. ",
    "a:",
    "a #",
    "'a''",
    "](",
    "<!--",
    "a-bb-",
    "a.",
]
ENDS = ["", "\n", "!\x00"]


def hostile_texts(length: int = N, *, with_starts: bool = True) -> Iterator[str]:
    """The hostile texts; those with a start only ``with_starts`` (a pattern tried
    at every position meets each unit at its start anyway)."""
    for unit in UNITS:
        body = _repeat(unit, length)
        for end in ENDS:
            yield body[: length - len(end)] + end
    if not with_starts:
        return
    for start in STARTS:
        for unit in AFTER_STARTS:
            body = _repeat(unit, length)
            for end in ENDS:
                yield start + body[: length - len(start) - len(end)] + end


#: Seconds one run on one text may take. In linear time the slowest pattern
#: takes a fraction of a second on 40,000 characters; a quadratic one
#: takes several times the limit, an exponential one forever.
ONE_TEXT_LIMIT = 5


class _TooSlow(Exception):
    pass


def _stop(signum: int, frame: object) -> None:
    # ``re`` looks at signals while it matches, so this ends a match that
    # would never end by itself.
    raise _TooSlow


#: Without timers (Windows), only the test's limit on the whole process holds.
_TIMERS = hasattr(signal, "setitimer")


def _time(run: Callable[[], object], limit: float) -> float:
    if _TIMERS:
        signal.setitimer(signal.ITIMER_REAL, limit)
    began = time.perf_counter()
    try:
        run()
    finally:
        if _TIMERS:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - began


def time_pattern(name: str, methods: list[str], limit: float = ONE_TEXT_LIMIT) -> dict[str, object]:
    """Time one pattern against every hostile text: how many, and the slowest runs.

    A run that takes more than ``limit`` seconds (`ONE_TEXT_LIMIT` unless the
    test of the stop itself asks for less) is stopped, and is the last one:
    it is reported with that time.
    """
    pattern = resolve(name)
    runs: dict[str, Callable[[str], object]] = {
        "match": pattern.match,
        "fullmatch": pattern.fullmatch,
        # Without a Python object for each match, unlike finditer.
        EVERY_POSITION: lambda text: pattern.subn("", text),
    }
    timed: list[tuple[float, str, str]] = []
    texts = 0
    try:
        for text in hostile_texts(with_starts=EVERY_POSITION not in methods):
            texts += 1
            for method in methods:
                run = functools.partial(runs[method], text)
                try:
                    timed.append((_time(run, limit), method, text[:40]))
                except _TooSlow:
                    timed.append((float(limit), method, text[:40]))
                    raise
    except _TooSlow:
        pass
    timed.sort(reverse=True)
    return {"texts": texts, "runs": len(timed), "slowest": timed[:3]}


def main(request: str, limit: float = ONE_TEXT_LIMIT) -> None:
    """Time the patterns of a JSON object ``{name: [methods]}``; print a report of each as JSON."""
    if _TIMERS:
        signal.signal(signal.SIGALRM, _stop)
    wanted: dict[str, list[str]] = json.loads(request)
    reports = {name: time_pattern(name, methods, limit) for name, methods in wanted.items()}
    print(json.dumps(reports))


if __name__ == "__main__":
    main(sys.argv[1], *(float(arg) for arg in sys.argv[2:3]))
