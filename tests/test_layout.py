"""The package layout: no import cycle (lazy imports included), no module name
used twice, every library the code imports declared in pyproject.toml, and
comments that say what and why (no timing figures, no references to modules
or tests that are gone)."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import io
import re
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SOURCE = REPO / "src" / "osce_cli"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in SOURCE.rglob("*.py")}


def imported_names(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def internal_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        graph[name] = {
            imported
            for imported in imported_names(path)
            if imported in MODULES and imported != name and imported != "osce_cli"
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_even_through_lazy_imports() -> None:
    assert cycles(internal_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_name_is_used_twice() -> None:
    seen: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        if path.name not in ("__init__.py", "__main__.py"):
            seen.setdefault(path.stem, []).append(name)
    assert {stem: names for stem, names in seen.items() if len(names) > 1} == {}


def test_the_package_faces_hold_no_code() -> None:
    """A package's ``__init__`` says what the package is for, and imports nothing,
    so importing one module of a package never loads its neighbours."""
    for name, path in MODULES.items():
        if path.name == "__init__.py" and name != "osce_cli":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            assert [type(node) for node in tree.body] == [ast.Expr], name


def test_every_library_the_code_imports_is_declared() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        for requirement in project["dependencies"]
    }
    distributions = importlib.metadata.packages_distributions()
    missing: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        for imported in imported_names(path):
            top = imported.split(".")[0]
            if not top or top == "osce_cli" or top in sys.stdlib_module_names or top == "tomli":
                continue
            owners = {owner.lower().replace("_", "-") for owner in distributions.get(top, [top])}
            if not owners & declared:
                missing.setdefault(top, []).append(name)
    assert missing == {}


def _comments_and_docstrings(path: Path) -> Iterator[tuple[int, str]]:
    """Each comment and each string that stands alone as a statement (module,
    class and function docstrings, and the ones after an attribute), with its line."""
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            yield node.lineno, node.value.value


@functools.cache
def commented() -> list[tuple[str, int, str]]:
    """Every comment and docstring of the package: (file, line, text), read once."""
    return [
        (str(path.relative_to(REPO)), line, text)
        for path in sorted(MODULES.values())
        for line, text in _comments_and_docstrings(path)
    ]


_NUMBER = r"(?:\d[\d,.]*|twice|two|three|four|five|six|seven|eight|nine|ten|twenty|several|many)"
#: A claim of speed: a duration ("8 ms", "0.1 s", "tens of milliseconds"), a
#: ratio ("four times quicker", "3x faster", "twice as fast") or a share of
#: the time ("a fifth of the start-up", "3 % of the parse"). Figures live in
#: benchmarks/README.md, where they are measured, dated and tied to a commit;
#: in a comment they go stale.
TIMING_FIGURE = re.compile(
    r"\d[\d,.]*\s*(?:ms|µs|ns|s|secs?|seconds?|minutes?)\b"
    r"|\b(?:milli|micro)seconds?\b"
    rf"|\b{_NUMBER}\s*(?:times|x|×)\s+(?:as\s+\w+|faster|slower|quicker|cheaper|more|less)\b"
    r"|\btwice\s+as\s+\w+"
    r"|\d\s*%"
    r"|\b(?:a|one|two|three)\s+(?:half|third|quarter|fifth|tenth)s?\s+of\s+(?:the\s+)?"
    r"(?:time|start-?up|run|work|cost|rendering|parse|import)"
    r"|\b(?:about\s+)?half\s+(?:the\s+)?(?:time|work|cost)\b",
    re.IGNORECASE,
)
#: A duration that is what osce does, not how fast: "waits up to 3 seconds",
#: "modified at least 2 s before".
_SETTING = re.compile(
    r"(?:wait|waits|waiting|timeout|after|within|every|at least|at most|up to|for)\s+$",
    re.IGNORECASE,
)


def timing_figures(text: str) -> list[str]:
    return [
        match.group(0)
        for match in TIMING_FIGURE.finditer(text)
        if not _SETTING.search(text[: match.start()])
    ]


def test_the_timing_finder_finds_figures_and_only_figures() -> None:
    claims = [
        "# imports the shape check and fills small caches (about 13 ms). Done",
        "import and start some ~8 ms, and",
        "(about 0.1 s each)",
        "has a price (tens of milliseconds per process)",
        "generating each class's methods cost about a fifth of the start-up",
        "a tuple pickles in a third of the time of a frozen dataclass",
        "# Split with str.split rather than a pattern (four times quicker)",
        "libyaml is 20x faster than the pure-Python parser",
        "every line and every '<' (3 % of the parse)",
        "pickling named tuples costs the parent twice as much",
        "this loop does about half the work",
    ]
    plain = [
        "A run waits up to 3 seconds for another that writes the database.",
        "Stamps are trusted only for files modified at least 2 s before they were read.",
        "Checking 10,000 files, or 5 items, or the 1st of June.",
        "A second Ctrl-C waits until every worker is reaped; half-written files never appear.",
        "DEL and the C1 controls: code points 0x7f to 0x9f; the release of 15 March.",
        "# Seconds a run waits for another that is writing to the same database.",
    ]
    assert [text for text in claims if not timing_figures(text)] == []
    assert {text: timing_figures(text) for text in plain if timing_figures(text)} == {}


def test_no_comment_or_docstring_carries_a_timing_figure() -> None:
    found = {
        f"{path}:{line}": figures
        for path, line, text in commented()
        if (figures := timing_figures(text))
    }
    assert found == {}


#: A file named in a comment: a path in the repository (``tests/format/test_shape.py``)
#: or a module of the package by its name (``shape.py``).
_FILE_NAMED = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.py)\b")
#: A module named by a Sphinx role: ``:mod:`osce_cli.export.manifest```.
_ROLE_NAMED = re.compile(r":(?:mod|func|class|data|meth|attr):`~?(osce_cli(?:\.\w+)+)`")


def stale_references(text: str) -> list[str]:
    """The files and modules ``text`` names that do not exist (any more)."""
    stems = {path.stem for path in MODULES.values()}
    missing = []
    for match in _FILE_NAMED.finditer(text):
        named = match.group(1)
        if "/" in named:
            exists = (REPO / named).is_file() or (SOURCE / named).is_file()
        else:
            exists = named[:-3] in stems
        if not exists:
            missing.append(named)
    for match in _ROLE_NAMED.finditer(text):
        parts = match.group(1).split(".")
        # the longest prefix that is a module, and no module left over after it
        prefixes = [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
        module = next(prefix for prefix in prefixes if prefix in MODULES)
        rest = parts[len(module.split(".")) :]
        source = MODULES[module]
        if rest and (
            source.name == "__init__.py"  # a package face holds no code: a module is gone
            or not re.search(rf"^\s*(?:def |class )?{rest[0]}\b", source.read_text(), re.M)
        ):
            missing.append(match.group(1))
    return missing


def test_the_reference_checker_finds_what_is_gone() -> None:
    text = (
        "see ``quickstart.py``, ``tests/test_fast_path.py`` and "
        ":mod:`osce_cli.exporters.manifest`, :func:`osce_cli.validate.checker.gone`; "
        "but ``cli/fast.py``, ``shape.py``, ``tests/equivalence/test_shape.py``, "
        ":mod:`osce_cli.export.manifest` and :func:`osce_cli.validate.checker.check_targets`"
    )
    assert stale_references(text) == [
        "quickstart.py",
        "tests/test_fast_path.py",
        "osce_cli.exporters.manifest",
        "osce_cli.validate.checker.gone",
    ]


def test_comments_name_files_and_modules_that_exist() -> None:
    found = {
        f"{path}:{line}": missing
        for path, line, text in commented()
        if (missing := stale_references(text))
    }
    assert found == {}
