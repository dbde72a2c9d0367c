"""Benchmark `osce` as users run it: whole processes, wall time and peak memory.

    /work/main/.venv/bin/python benchmarks/run.py [--quick] [--sizes 1000,10000]
                                                  [--json PATH] [--keep]

Builds corpora with `corpus.py` in a temporary folder, runs every case as a
fresh process several times, and prints a Markdown table of the median wall
time, its ratio to `python -c pass` and to the floor (`floor.py`), the peak
resident memory, and whether the performance target holds.

Run it with the project's venv Python: that interpreter is the one measured,
and `osce` is taken from the same folder. The peers (yamllint and
check-jsonschema) live in their own venv, `benchmarks/.peers-venv`, created on
first use so that they never change the project's environment.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import corpus  # benchmarks/corpus.py: the script's folder is on sys.path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
SCHEMA = REPO / "schemas" / "release.schema.json"
PEERS_VENV = BENCH_DIR / ".peers-venv"
PEERS = ("yamllint", "check-jsonschema")

PYTHON = Path(sys.executable)
OSCE = PYTHON.parent / "osce"

DEFECT_FRACTION = 0.05
TRANSLATED_FRACTION = 0.3
LARGE = 10_000  # from this many files a case counts as large: fewer repetitions


# ---------------------------------------------------------------------------
# Settings


@dataclasses.dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...]
    repeats: int
    large_repeats: int
    budget: float
    json_path: Path | None
    keep: bool
    cases: tuple[str, ...] = ()  # run only the cases whose key starts with one of these

    def repeats_for(self, size: int | None) -> int:
        if size is not None and size > LARGE:
            return 1  # the scaling row: one run of each case is minutes already
        return self.large_repeats if size is not None and size >= LARGE else self.repeats


def parse_args(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200/1,000 files, fewer runs")
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default 1000,10000,100000)")
    parser.add_argument("--repeats", type=int, help="runs per case (default 5, --quick 3)")
    parser.add_argument(
        "--budget",
        type=float,
        help="seconds per case after which no further run is started when the next one "
        "would overrun it (default 90, --quick 20); every case runs at least once",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also save the raw numbers")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and print where")
    parser.add_argument(
        "--cases",
        metavar="PREFIXES",
        help="run only the cases whose key starts with one of these (comma-separated, "
        "for example export-html,export-site); the targets' reference cases run too",
    )
    args = parser.parse_args(argv)
    default_sizes = "200,1000" if args.quick else "1000,10000,100000"
    sizes = tuple(
        sorted({int(s.replace("_", "")) for s in (args.sizes or default_sizes).split(",")})
    )
    repeats = args.repeats or (3 if args.quick else 5)
    return Settings(
        sizes=sizes,
        repeats=repeats,
        large_repeats=min(repeats, 2 if args.quick else 3),
        budget=args.budget if args.budget is not None else (20.0 if args.quick else 90.0),
        json_path=args.json,
        keep=args.keep,
        cases=tuple(args.cases.split(",")) if args.cases else (),
    )


# ---------------------------------------------------------------------------
# Measuring one process


def measured_env() -> dict[str, str]:
    """The environment of every measured process.

    PYTHONDONTWRITEBYTECODE is dropped: with it, a process that finds a stale
    or missing .pyc recompiles the module on every run, which no user pays.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclasses.dataclass(frozen=True)
class Sample:
    seconds: float
    rss_kib: int
    exit_code: int


def gnu_time() -> Path | None:
    """GNU time, if present: the most faithful peak RSS (see `run_process`)."""
    path = Path("/usr/bin/time")
    if not path.exists():
        return None
    done = subprocess.run(
        [str(path), "-f", "%M", "true"], capture_output=True, text=True, check=False
    )
    return path if done.returncode == 0 and done.stderr.strip().isdigit() else None


TIME = gnu_time()


def run_process(argv: Sequence[str], cwd: Path, output: Path, overhead: float = 0.0) -> Sample:
    """Run one process to completion; its wall time and its peak RSS.

    The peak comes from GNU time when present. A child's ru_maxrss also counts
    the memory of the process it was forked from (Linux records the old
    address space's high-water mark at exec), so measured straight from this
    harness every process would weigh at least as much as the harness itself.
    GNU time is a small C program, so what it forks adds under 1 MiB. Its own
    start-up cost (`overhead`, calibrated once) is taken off the wall time.
    Without it, os.wait4 gives this child's usage, clamped as described.
    """
    rss_file = output.with_suffix(".rss")
    command = [str(TIME), "-f", "%M", "-o", str(rss_file), *argv] if TIME else list(argv)
    with output.open("wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=measured_env(), stdin=subprocess.DEVNULL, stdout=sink, stderr=sink
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = max(time.perf_counter() - start - overhead, 0.0)
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
    if TIME:
        # GNU time writes "Command exited with non-zero status N" first when it does.
        rss_kib = int(rss_file.read_text().split()[-1])
    else:
        # ru_maxrss is in KiB on Linux and in bytes on macOS.
        rss_kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Sample(seconds, rss_kib, process.returncode)


def time_overhead(cwd: Path) -> float:
    """What wrapping a process in GNU time adds to its wall time: the median
    difference between `time true` and `true`."""
    if not TIME:
        return 0.0
    true = shutil.which("true") or "/bin/true"
    output = cwd / "calibration.txt"
    wrapped, bare = [], []
    for _ in range(21):
        wrapped.append(run_process([true], cwd, output).seconds)
        start = time.perf_counter()
        subprocess.run([true], check=False)
        bare.append(time.perf_counter() - start)
    return max(statistics.median(wrapped) - statistics.median(bare), 0.0)


def run_commands(
    commands: Sequence[Sequence[str]], cwd: Path, output: Path, overhead: float
) -> Sample:
    """A case that needs several processes (argv too long for one) counts as
    one sample: their times add up and the peak is the largest one's."""
    samples = [run_process(argv, cwd, output, overhead) for argv in commands]
    return Sample(
        seconds=sum(s.seconds for s in samples),
        rss_kib=max(s.rss_kib for s in samples),
        exit_code=max(s.exit_code for s in samples),
    )


# ---------------------------------------------------------------------------
# Cases


@dataclasses.dataclass
class Case:
    key: str  # stable name for targets and the JSON file
    label: str  # what the table shows
    commands: list[list[str]]
    expect_exit: int = 0
    size: int | None = None  # corpus size, for the ratio to the floor
    files: int | None = None  # files checked, when not `size` (translations beside them)
    osce: bool = False  # the memory target applies to osce's own cases
    warm_up: bool = False  # one unmeasured run first (cheap cases only)
    before_each: Callable[[], None] | None = None
    unavailable: str | None = None  # why the case cannot run
    #: A cold case that depends on nothing another case leaves (or resets it
    #: before each run). Neighbouring in-turn cases of one size (the floor and
    #: osce on valid and on defective files; the fresh HTML and site exports)
    #: are run in turn, one run of each per round, so that the machine's
    #: drift over the minutes they take lands on all of them alike and a
    #: ratio between them compares runs made side by side.
    in_turn: bool = False


@dataclasses.dataclass
class Result:
    case: Case
    samples: list[Sample] = dataclasses.field(default_factory=list)
    output_tail: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.samples) and all(
            s.exit_code == self.case.expect_exit for s in self.samples
        )

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mib(self) -> float:
        return max(s.rss_kib for s in self.samples) / 1024


def measure_in_turn(
    cases: list[Case], repeats: int, budget: float, cwd: Path, overhead: float
) -> list[Result]:
    """Run each case up to `repeats` times, one run of each case per round.

    A case gets no further run once that run would take it past `budget`
    seconds (baseline osce needed close to a minute for 10,000 files, and the
    whole harness should finish in about ten minutes); the others go on.
    """
    results = [Result(case) for case in cases]
    outputs = [cwd / f"output-{index}.txt" for index in range(len(cases))]
    for case, output in zip(cases, outputs, strict=True):
        if case.warm_up and not case.unavailable:
            run_commands(case.commands, cwd, output, overhead)
    spent = [0.0] * len(cases)
    while True:
        ran = False
        for index, (case, result) in enumerate(zip(cases, results, strict=True)):
            runs = len(result.samples)
            if case.unavailable or runs >= repeats:
                continue
            if runs and spent[index] + spent[index] / runs > budget:
                continue
            if case.before_each:
                case.before_each()
            sample = run_commands(case.commands, cwd, outputs[index], overhead)
            result.samples.append(sample)
            spent[index] += sample.seconds
            ran = True
            log(f"  {case.label}: {sample.seconds:.3f} s, exit {sample.exit_code}")
        if not ran:
            break
    for case, result, output in zip(cases, results, outputs, strict=True):
        if case.unavailable:
            continue
        result.output_tail = tail(output)
        if not result.ok:
            log(f"  {case.label}: unexpected exit code, expected {case.expect_exit}; it ended:")
            log(result.output_tail)
    return results


def in_turn_groups(cases: list[Case]) -> list[list[Case]]:
    """The cases in order, neighbouring in-turn cases of one size grouped."""
    groups: list[list[Case]] = []
    for case in cases:
        previous = groups[-1][-1] if groups else None
        if (
            case.in_turn
            and previous is not None
            and previous.in_turn
            and previous.size == case.size
        ):
            groups[-1].append(case)
        else:
            groups.append([case])
    return groups


def tail(path: Path, lines: int = 5) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.rstrip("\n").splitlines()[-lines:])


def batches(args: Sequence[str], prefix: Sequence[str]) -> list[list[str]]:
    """Split file arguments into command lines that fit ARG_MAX.

    Arguments and the environment share the kernel's limit; a quarter of it
    is left as headroom. 10,000 relative paths fit in one process; 100,000 do
    not, and then the case runs as a few processes in a row.
    """
    limit = os.sysconf("SC_ARG_MAX") * 3 // 4 - sum(
        len(k) + len(v) + 2 + 8 for k, v in measured_env().items()
    )
    result: list[list[str]] = []
    current: list[str] = list(prefix)
    used = sum(len(a) + 1 + 8 for a in prefix)
    for arg in args:
        cost = len(arg) + 1 + 8  # the bytes and their pointer
        if used + cost > limit and len(current) > len(prefix):
            result.append(current)
            current, used = list(prefix), sum(len(a) + 1 + 8 for a in prefix)
        current.append(arg)
        used += cost
    result.append(current)
    return result


@dataclasses.dataclass
class Corpus:
    """One size: valid releases, their front matters as YAML, and a 5 % defects copy."""

    size: int
    valid: Path
    front_matter: Path
    defects: Path
    error_file: Path
    first_files: list[Path]
    front_matter_bytes: float
    #: The valid releases with a Russian version beside 30 % of them (issue 18).
    translated: Path | None = None
    translated_files: int = 0


def build_corpus(root: Path, size: int) -> Corpus:
    # Below releases/, where a project keeps its releases: a folder search
    # checks only what `include` (by default releases/**/*.md) names.
    base = root / "releases" / f"n{size}"
    start = time.perf_counter()
    scaling_only = size > LARGE  # only osce's validate runs on it (see size_cases)
    valid = corpus.write_corpus(
        base / "valid", size, 0.0, None if scaling_only else base / "valid-fm"
    )
    broken = corpus.write_corpus(base / "defects", 20 if scaling_only else size, DEFECT_FRACTION)
    translated = corpus.write_corpus(
        base / "translated", 20 if scaling_only else size, translations=TRANSLATED_FRACTION
    )
    log(f"built corpus of {size:,} files in {time.perf_counter() - start:.1f} s")
    # The "file with errors" is the unknown State: a V101 with a did-you-mean,
    # the commonest real mistake.
    error_files = broken.defective_paths.get("unknown-state") or [
        path for paths in broken.defective_paths.values() for path in paths
    ]
    return Corpus(
        size=size,
        valid=base / "valid",
        front_matter=base / "valid-fm",
        defects=base / "defects",
        translated=base / "translated",
        translated_files=translated.files + translated.translations,
        error_file=error_files[0] if error_files else valid.paths[0],
        first_files=sorted(valid.paths)[:5],
        front_matter_bytes=valid.front_matter_bytes / max(valid.files, 1),
    )


def yaml_twin(corpus_: Corpus, markdown: Path) -> Path:
    """The `.yaml` file that holds the front matter of a release."""
    relative = markdown.relative_to(corpus_.valid).with_suffix(".yaml")
    return corpus_.front_matter / relative


def rel(path: Path, root: Path) -> str:
    # Relative paths keep command lines short (see `batches`).
    return str(path.relative_to(root))


def peer_one_file_cases(peers: dict[str, Path | str], c: Corpus, root: Path) -> list[Case]:
    one_yaml = rel(yaml_twin(c, c.first_files[0]), root)
    return [
        peer_case(
            "yamllint-1",
            "yamllint -d relaxed, 1 file",
            peers["yamllint"],
            ["-d", "relaxed", one_yaml],
        ),
        peer_case(
            "check-jsonschema-1",
            "check-jsonschema, 1 file",
            peers["check-jsonschema"],
            ["--schemafile", str(SCHEMA), one_yaml],
        ),
    ]


def peer_size_cases(peers: dict[str, Path | str], c: Corpus, root: Path) -> list[Case]:
    if c.size > LARGE:
        return []  # the peers need minutes per 10,000 files: not in the scaling row
    # yamllint walks a folder itself; check-jsonschema takes files only, so the
    # harness globs them (sorted, for the same command line on every run).
    files = sorted(rel(p, root) for p in c.front_matter.rglob("*.yaml"))
    return [
        peer_case(
            f"yamllint-{c.size}",
            f"yamllint -d relaxed, {c.size:,} files",
            peers["yamllint"],
            ["-d", "relaxed", rel(c.front_matter, root)],
            size=c.size,
        ),
        peer_case(
            f"check-jsonschema-{c.size}",
            f"check-jsonschema, {c.size:,} files",
            peers["check-jsonschema"],
            ["--schemafile", str(SCHEMA)],
            files=files,
            size=c.size,
        ),
    ]


def peer_case(
    key: str,
    label: str,
    tool: Path | str,
    args: list[str],
    files: Sequence[str] = (),
    size: int | None = None,
) -> Case:
    """A peer's case, or a row saying why the peer is not available."""
    if isinstance(tool, str):
        return Case(key, label, [], size=size, unavailable=tool)
    commands = batches(files, [str(tool), *args]) if files else [[str(tool), *args]]
    if len(commands) > 1:
        label += f" ({len(commands)} processes)"
    return Case(key, label, commands, size=size, warm_up=size is None)


def osce_cases(first: Corpus, root: Path) -> list[Case]:
    osce = str(OSCE)
    return [
        Case("python-pass", "`python -c pass`", [[str(PYTHON), "-c", "pass"]], warm_up=True),
        Case("version", "`osce --version`", [[osce, "--version"]], osce=True, warm_up=True),
        Case(
            "validate-1",
            "`osce validate`, 1 valid file",
            [[osce, "validate", "--no-cache", rel(first.first_files[0], root)]],
            osce=True,
            warm_up=True,
        ),
        Case(
            "validate-5",
            "`osce validate`, 5 valid files",
            [[osce, "validate", "--no-cache", *(rel(p, root) for p in first.first_files)]],
            osce=True,
            warm_up=True,
        ),
        Case(
            "validate-1-errors",
            "`osce validate`, 1 file with errors",
            [[osce, "validate", "--no-cache", rel(first.error_file, root)]],
            expect_exit=1,
            osce=True,
            warm_up=True,
        ),
    ]


def size_cases(c: Corpus, root: Path) -> list[Case]:
    out = root / "export-out"
    site_out = root / "site-out"

    spent = root / "spent-exports"

    def clear_export(folder: Path = out) -> None:
        # Every export starts from an empty folder, as in a fresh CI job. The
        # last run's pages are moved aside, not deleted: deleting 10,000 files
        # leaves the kernel seconds of work (ext4 frees and discards their
        # blocks afterwards), which slowed the next timed run by up to half.
        # They go when the corpora do, after the last case.
        if folder.exists():
            spent.mkdir(exist_ok=True)
            folder.rename(spent / f"{c.size}-{len(list(spent.iterdir()))}")

    def clear_site() -> None:
        clear_export(site_out)

    changed = c.first_files[0] if c.first_files else None

    def change_one_release() -> None:
        # One release's title changes (and changes back on the next run): its
        # page, and the listings and feeds that show it, are made again.
        if changed is None:
            return
        text = changed.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title: "))
        edited = (
            title[: -len(" (revised)")] if title.endswith(" (revised)") else title + " (revised)"
        )
        changed.write_text(text.replace(title, edited, 1), encoding="utf-8")

    site_command = [
        str(OSCE),
        "export",
        rel(c.valid, root),
        "--format",
        "site",
        "--base-url",
        "https://press.example.org/",
        "-o",
        rel(site_out, root),
    ]

    cache = root / ".osce_cache"  # where osce keeps it: no configuration file sets a root

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)  # a few database files: cheap to delete

    # The fresh exports compared with each other (site ≤ 2× HTML) both start
    # from an empty folder and an empty cache, as in a fresh CI job.
    def fresh_export() -> None:
        clear_export()
        clear_cache()

    def fresh_site() -> None:
        clear_site()
        clear_cache()

    n = f"{c.size:,}"
    cases = [
        Case(
            f"floor-{c.size}",
            f"floor (PyYAML C loader + Pydantic), {n} files",
            [[str(PYTHON), str(BENCH_DIR / "floor.py"), rel(c.valid, root)]],
            size=c.size,
            in_turn=True,
        ),
        # Cold runs: --no-cache, or every repeat after the first would be served
        # from .osce_cache/ and measure the cache instead of the checks.
        Case(
            f"validate-valid-{c.size}",
            f"`osce validate`, {n} valid files",
            [[str(OSCE), "validate", "--no-cache", rel(c.valid, root)]],
            size=c.size,
            osce=True,
            in_turn=True,
        ),
        Case(
            f"validate-defects-{c.size}",
            f"`osce validate`, {n} files, 5 % defects",
            [[str(OSCE), "validate", "--no-cache", rel(c.defects, root)]],
            expect_exit=1,
            size=c.size,
            osce=True,
            in_turn=True,
        ),
        # What CI runs on a fresh clone: the default command, with the cache
        # empty. It checks every file, as the cold runs do, and writes the cache.
        Case(
            f"validate-first-{c.size}",
            f"`osce validate`, {n} valid files, first run (cache empty)",
            [[str(OSCE), "validate", rel(c.valid, root)]],
            size=c.size,
            osce=True,
            before_each=clear_cache,
        ),
        # The untimed warm-up run fills the cache; the timed runs find nothing changed.
        Case(
            f"validate-unchanged-{c.size}",
            f"`osce validate`, {n} valid files, nothing changed (cache)",
            [[str(OSCE), "validate", rel(c.valid, root)]],
            size=c.size,
            osce=True,
            warm_up=True,
        ),
        # Run in turn, one of each per round: the site's target is a ratio to
        # the HTML export, which runs made minutes apart on a drifting machine
        # would not give (each starts from an empty folder and cache of its own).
        Case(
            f"export-html-{c.size}",
            f"`osce export --format html`, {n} files",
            [[str(OSCE), "export", rel(c.valid, root), "--format", "html", "-o", rel(out, root)]],
            size=c.size,
            osce=True,
            before_each=fresh_export,
            in_turn=True,
        ),
        Case(
            f"export-site-{c.size}",
            f"`osce export --format site`, {n} files",
            [site_command],
            size=c.size,
            osce=True,
            before_each=fresh_site,
            in_turn=True,
        ),
        # The warm-up run writes the site; before each timed run one release changes.
        Case(
            f"export-site-one-changed-{c.size}",
            f"`osce export --format site`, {n} files, one changed",
            [site_command],
            size=c.size,
            osce=True,
            warm_up=True,
            before_each=change_one_release,
        ),
        # The warm-up run writes the pages; the timed runs find them up to date.
        Case(
            f"export-unchanged-{c.size}",
            f"`osce export --format html`, {n} files, nothing changed",
            [[str(OSCE), "export", rel(c.valid, root), "--format", "html", "-o", rel(out, root)]],
            size=c.size,
            osce=True,
            warm_up=True,
        ),
    ]
    if c.translated is not None:
        # The same releases, 30 % of them with a Russian version beside them:
        # each translation is also checked against its original.
        cases.insert(
            3,
            Case(
                f"validate-translations-{c.size}",
                f"`osce validate`, {n} valid files and "
                f"{c.translated_files - c.size:,} translations",
                [[str(OSCE), "validate", "--no-cache", rel(c.translated, root)]],
                size=c.size,
                files=c.translated_files,
                osce=True,
                in_turn=True,
            ),
        )
    if c.size > LARGE:
        # The scaling row: how validation grows past the archive the targets are
        # stated for (peers, defects and export would take many minutes here).
        keep = (f"floor-{c.size}", f"validate-valid-{c.size}", f"validate-unchanged-{c.size}")
        cases = [case for case in cases if case.key in keep]
    return cases


# ---------------------------------------------------------------------------
# Targets


@dataclasses.dataclass(frozen=True)
class Target:
    text: str
    # True or False, or None when the reference case could not run.
    check: Callable[[Result, dict[str, Result]], bool | None]
    reference: str | None = None  # the key of the case it compares with
    # The measured figure the target is about, when no column shows it (a ratio).
    figure: Callable[[Result, dict[str, Result]], str | None] = lambda _r, _rs: None


def at_most_seconds(limit: float) -> Target:
    return Target(f"≤ {limit:g} s", lambda r, _: r.median <= limit)


def at_most_times(factor: float, key: str, name: str) -> Target:
    def ratio(result: Result, results: dict[str, Result]) -> float | None:
        reference = results.get(key)
        if reference is None or not reference.ok:
            return None
        return result.median / reference.median

    def check(result: Result, results: dict[str, Result]) -> bool | None:
        found = ratio(result, results)
        return None if found is None else found <= factor

    def figure(result: Result, results: dict[str, Result]) -> str | None:
        found = ratio(result, results)
        return None if found is None else f"{found:.2f}× {name}"

    return Target(f"≤ {factor:g}× {name}", check, key, figure)


def at_most_times_per_file(factor: float, key: str, name: str) -> Target:
    """Seconds per file checked, against the case ``key`` (one file per release)."""

    def check(result: Result, results: dict[str, Result]) -> bool | None:
        reference = results.get(key)
        files, size = result.case.files, reference.case.size if reference else None
        if reference is None or not reference.ok or not files or not size:
            return None
        return result.median / files <= factor * reference.median / size

    return Target(f"≤ {factor:g}× {name} per file", check)


MEMORY = Target("≤ 100 MiB", lambda r, _: r.peak_mib <= 100)
#: Issue 17: a site export holds every release's entry for its listings.
SITE_MEMORY = Target("≤ 150 MiB", lambda r, _: r.peak_mib <= 150)


def targets_for(case: Case) -> list[Target]:
    """The performance targets. Seconds are stated for 10,000 files and
    checked only at that size; ratios and memory hold at every size."""
    key, size = case.key, case.size
    targets: list[Target] = []
    if key == "version":
        targets.append(at_most_times(2, "python-pass", "`python -c pass`"))
    elif key in ("validate-1", "validate-5"):
        targets += [at_most_seconds(0.150), at_most_times(1.5, "yamllint-1", "yamllint (1 file)")]
    elif key == "validate-1-errors":
        targets.append(at_most_times(1.3, "validate-1", "1 valid file"))
    elif key.startswith("validate-valid-"):
        if size == LARGE:
            targets.append(at_most_seconds(1))
        if size is not None and size <= LARGE:
            targets.append(at_most_times(0.7, f"floor-{size}", "floor"))
    elif key.startswith("validate-translations-"):
        targets.append(at_most_times_per_file(1.1, f"validate-valid-{size}", "valid files"))
    elif key.startswith("validate-defects-") and size == LARGE:
        targets.append(at_most_seconds(2))
    elif key.startswith("validate-unchanged-") and size == LARGE:
        targets.append(at_most_seconds(0.5))
    elif key.startswith("export-html-") and size == LARGE:
        targets.append(at_most_seconds(4))
    elif key.startswith("export-unchanged-") and size == LARGE:
        targets.append(at_most_seconds(1))
    elif key.startswith("export-site-one-changed-"):
        if size == LARGE:
            targets.append(at_most_seconds(0.5))
        targets.append(SITE_MEMORY)
        return targets
    elif key.startswith("export-site-"):
        targets += [at_most_times(2, f"export-html-{size}", "the HTML export"), SITE_MEMORY]
        return targets
    if key.startswith("validate-valid-") and size is not None and size > LARGE:
        targets.append(at_most_seconds(10 * size / 100_000))
    if case.osce:
        targets.append(MEMORY)
    return targets


def verdict(result: Result, results: dict[str, Result]) -> str:
    targets = targets_for(result.case)
    if not targets or not result.ok:
        return "" if result.ok or not result.samples else "no"
    checks = [t.check(result, results) for t in targets]
    figures = [f for t in targets if (f := t.figure(result, results)) is not None]
    shown = f" ({'; '.join(figures)})" if figures else ""
    if False in checks:
        return "no" + shown
    return "n/a" if None in checks else "yes" + shown


# ---------------------------------------------------------------------------
# Peers


def ensure_peers() -> dict[str, Path | str]:
    """Each peer's executable, or the reason it is not available.

    The venv is created on demand with the same Python as osce, so that the
    comparison is between programs and not between interpreters.
    """
    bins = {name: PEERS_VENV / "bin" / name for name in PEERS}
    if not all(path.exists() for path in bins.values()):
        log(f"installing {', '.join(PEERS)} into {PEERS_VENV}")
        steps = [
            [str(PYTHON), "-m", "venv", str(PEERS_VENV)],
            [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "install", "-q", *PEERS],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                lines = (done.stderr or done.stdout).strip().splitlines()
                reason = lines[-1] if lines else f"exit code {done.returncode}"
                return dict.fromkeys(PEERS, f"not available: {reason}")
    return {
        name: path if path.exists() else f"not available: {path} missing"
        for name, path in bins.items()
    }


def peer_versions(peers: dict[str, Path | str]) -> str:
    python = PEERS_VENV / "bin" / "python"
    if not python.exists():
        return "not available"
    code = (
        "import importlib.metadata as m, sys; "
        "print(', '.join(f'{n} {m.version(n)}' for n in sys.argv[1:]))"
    )
    names = [name for name, tool in peers.items() if isinstance(tool, Path)]
    done = subprocess.run(
        [str(python), "-c", code, *names], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "not available"


def compile_bytecode(python: Path, folders: Sequence[Path]) -> None:
    """Write every .pyc once, so no measured run pays for compiling.

    Errors are ignored: a few packages ship files that are not meant to be
    compiled (templates, Python 2 tests).
    """
    subprocess.run(
        [str(python), "-m", "compileall", "-q", "-j", "0", *map(str, folders)],
        env=measured_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def peer_site_packages() -> list[Path]:
    return sorted((PEERS_VENV / "lib").glob("python*/site-packages"))


# ---------------------------------------------------------------------------
# Report


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def osce_version() -> str:
    """The version and commit measured, flagging uncommitted changes to the code."""
    done = subprocess.run([str(OSCE), "--version"], capture_output=True, text=True, check=False)
    version = done.stdout.strip().removeprefix("osce ")

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = (
        ", with uncommitted changes in src/" if git("status", "--porcelain", "--", "src") else ""
    )
    return f"{version} (commit {commit}{dirty})"


def machine_facts(
    settings: Settings, peers: str, corpora: list[Corpus], overhead: float
) -> dict[str, str]:
    fm = statistics.mean(c.front_matter_bytes for c in corpora)
    return {
        "date": datetime.date.today().isoformat(),
        "platform": platform.platform(),
        "CPU": f"{os.cpu_count()} × {cpu_model()}",
        "Python": f"{platform.python_version()} ({PYTHON})",
        "osce": osce_version(),
        "peers": peers,
        "corpora": (
            f"{' / '.join(f'{s:,}' for s in settings.sizes)} files, "
            f"front matter {fm:.0f} bytes on average, "
            f"{DEFECT_FRACTION:.0%} defects in the defects corpus"
        ),
        "runs": (
            f"up to {settings.repeats} per case ({settings.large_repeats} from {LARGE:,} files), "
            f"no new run past {settings.budget:g} s per case; median wall time"
        ),
        "peak RSS": (
            f"GNU time -f %M (its own {overhead * 1000:.1f} ms taken off the wall times)"
            if TIME
            else "os.wait4 ru_maxrss (no GNU time: values below the harness's own peak "
            "are clamped to it)"
        ),
    }


def fmt_ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}×"


def table(results: list[Result]) -> list[list[str]]:
    by_key = {r.case.key: r for r in results}
    base = by_key.get("python-pass")
    rows = []
    for r in results:
        targets = "; ".join(t.text for t in targets_for(r.case))
        if not r.samples:
            rows.append(
                [r.case.label, r.case.unavailable or "not run", "", "", "", "", targets, ""]
            )
            continue
        floor = by_key.get(f"floor-{r.case.size}") if r.case.size else None
        label = r.case.label
        if not r.ok:
            label += f" (exit {r.samples[-1].exit_code}, expected {r.case.expect_exit})"
        rows.append(
            [
                label,
                f"{r.median:.3f}",
                str(len(r.samples)),
                fmt_ratio(r.median / base.median if base and base.ok else None),
                fmt_ratio(r.median / floor.median if floor and floor.ok else None),
                f"{r.peak_mib:.1f}",
                targets,
                verdict(r, by_key),
            ]
        )
    return rows


HEADER = [
    "case",
    "median s",
    "runs",
    "× `python -c pass`",
    "× floor",
    "peak RSS MiB",
    "target",
    "holds?",
]


def markdown_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
    numeric = {1, 2, 3, 4, 5}

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(w) if i in numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        )
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (w + 1) + ":" if i in numeric else "-" * (w + 2) for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(HEADER), rule, *(line(row) for row in rows)])


def save_json(path: Path, facts: dict[str, str], results: list[Result]) -> None:
    by_key = {r.case.key: r for r in results}
    data = {
        "machine": facts,
        "cases": [
            {
                "key": r.case.key,
                "label": r.case.label,
                "commands": r.case.commands,
                "size": r.case.size,
                "unavailable": r.case.unavailable,
                "seconds": [s.seconds for s in r.samples],
                "peak_rss_kib": [s.rss_kib for s in r.samples],
                "exit_codes": [s.exit_code for s in r.samples],
                "expected_exit": r.case.expect_exit,
                "median_seconds": r.median if r.samples else None,
                "targets": [t.text for t in targets_for(r.case)],
                "holds": verdict(r, by_key) if r.samples else None,
                "output_tail": r.output_tail,
            }
            for r in results
        ],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------


def selected(cases: list[Case], prefixes: tuple[str, ...]) -> list[Case]:
    """The cases ``--cases`` names, with the cases their targets compare with."""
    wanted = {case.key for case in cases if case.key.startswith(prefixes)}
    wanted |= {
        reference
        for case in cases
        if case.key in wanted
        for target in targets_for(case)
        if (reference := target.reference) is not None
    }
    return [case for case in cases if case.key in wanted]


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_args(argv)
    if not OSCE.exists():
        log(f"no osce next to {PYTHON}: run this with the project's venv Python")
        return 2
    started = time.perf_counter()
    peers = ensure_peers()
    log("compiling bytecode")
    compile_bytecode(PYTHON, [REPO / "src" / "osce_cli", Path(sysconfig.get_paths()["purelib"])])
    compile_bytecode(PYTHON, peer_site_packages())

    root = Path(tempfile.mkdtemp(prefix="osce-bench-"))
    try:
        corpora = [build_corpus(root, size) for size in settings.sizes]
        # One-file cases first, then each size: floor, osce, peers.
        cases = osce_cases(corpora[0], root) + peer_one_file_cases(peers, corpora[0], root)
        for c in corpora:
            cases += size_cases(c, root) + peer_size_cases(peers, c, root)
        if settings.cases:
            cases = selected(cases, settings.cases)
        overhead = time_overhead(root)
        results = []
        # cwd is the corpus root: no configuration file above it is picked up.
        for group in in_turn_groups(cases):
            log(" / ".join(case.label for case in group))
            repeats = settings.repeats_for(group[0].size)
            results += measure_in_turn(group, repeats, settings.budget, root, overhead)
        facts = machine_facts(settings, peer_versions(peers), corpora, overhead)
    finally:
        if settings.keep:
            log(f"corpora kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    print("# osce benchmarks\n")
    for name, value in facts.items():
        print(f"- {name}: {value}")
    print()
    print(markdown_table(table(results)))
    log(f"total {time.perf_counter() - started:.0f} s")
    if settings.json_path:
        save_json(settings.json_path, facts, results)
    return 0 if all(r.ok for r in results if r.samples) else 1


if __name__ == "__main__":
    sys.exit(main())
