"""The result cache: unchanged files are not checked again, and nothing stale is ever shown."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from osce_cli import commands as api
from osce_cli.frontmatter.document import Document
from osce_cli.validate.cache import DATABASE
from osce_cli.validate.checker import Checker
from tests.conftest import VALID, run_osce

BROKEN = VALID.replace("  - Serbia", "  - Serbbia")


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with five releases in ``releases/``, the working folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "releases").mkdir()
    for n in range(5):
        (tmp_path / "releases" / f"r{n}.md").write_text(VALID if n else BROKEN, encoding="utf-8")
    return tmp_path


def run(monkeypatch: pytest.MonkeyPatch, *, cache: bool = True) -> tuple[int, str, int]:
    """(exit code, report, files actually checked) of one in-process run."""
    checked: list[str] = []
    original = Checker.check_document

    def counting(self: Checker, document: Document, *rest: object):  # type: ignore[no-untyped-def]
        checked.append(document.path)
        return original(self, document, *rest)

    monkeypatch.setattr(Checker, "check_document", counting)
    out = io.StringIO()
    code = api.validate(api.ValidateOptions(paths=(".",), cache=cache), out)
    monkeypatch.setattr(Checker, "check_document", original)
    return code, out.getvalue(), len(checked)


def test_second_run_checks_nothing_and_reports_the_same(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(monkeypatch)
    assert first[0] == 1 and first[2] == 5
    second = run(monkeypatch)
    assert second == (first[0], first[1], 0)
    assert (
        (archive / ".osce_cache" / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_a_changed_file_is_checked_again(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(monkeypatch)
    (archive / "releases" / "r0.md").write_text(VALID, encoding="utf-8")
    code, report, checked = run(monkeypatch)
    assert (code, checked) == (0, 1)
    assert report == "Checked 5 files: no problems found.\n"


def test_configuration_changes_are_never_served_stale(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(monkeypatch)
    (archive / "osce.toml").write_text('ignore = ["V101"]\n', encoding="utf-8")
    code, _, checked = run(monkeypatch)
    assert (code, checked) == (0, 5)
    (archive / "osce.toml").write_text('[severity]\nV101 = "warning"\n', encoding="utf-8")
    assert run(monkeypatch)[:1] == (0,)
    (archive / "osce.toml").write_text('[per-file-ignores]\n"r0.md" = ["V"]\n', encoding="utf-8")
    assert run(monkeypatch)[0] == 0


def test_project_vocabulary_changes_invalidate_the_cache(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vocabulary = archive / "vocab.yaml"
    vocabulary.write_text("facet: states\nterms: []\n", encoding="utf-8")
    (archive / "osce.toml").write_text('vocabulary = ["vocab.yaml"]\n', encoding="utf-8")
    assert run(monkeypatch)[0] == 1
    vocabulary.write_text(
        "facet: states\nterms:\n  - id: serbia\n    aliases: [Serbbia]\n", encoding="utf-8"
    )
    code, _, checked = run(monkeypatch)
    assert (code, checked) == (0, 5)


def test_no_cache(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(monkeypatch, cache=False)[2] == 5
    assert run(monkeypatch, cache=False)[2] == 5
    assert not (archive / ".osce_cache").exists()


def test_a_corrupt_cache_is_replaced(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(monkeypatch)
    (archive / ".osce_cache" / DATABASE).write_bytes(b"not a database" * 100)
    for path in (archive / ".osce_cache").glob(f"{DATABASE}-*"):
        path.unlink()
    assert run(monkeypatch)[:2] == first[:2]
    assert run(monkeypatch)[2] == 0


def test_an_unwritable_cache_folder_is_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(VALID, encoding="utf-8")
    (tmp_path / ".osce_cache").write_text("a file where the folder should be", encoding="utf-8")
    result = run_osce("validate", "r.md", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"Checked 1 file: no problems found.\n")


def test_concurrent_runs_agree(tmp_path: Path) -> None:
    (tmp_path / "releases").mkdir()
    for n in range(30):
        (tmp_path / "releases" / f"r{n:02}.md").write_text(
            BROKEN if n % 7 == 0 else VALID, encoding="utf-8"
        )
    command = [sys.executable, "-m", "osce_cli", "validate", "--format", "json", "."]
    processes = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert {process.returncode for process in processes} == {1}
    assert len({stdout for stdout, _ in outputs}) == 1
    assert all(stderr == b"" for _, stderr in outputs)
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, check=False)
    assert again.stdout == outputs[0][0]


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from osce_cli.validate import checker as engine

    reads: list[str] = []
    original = engine.read_file_and_stat

    def counting(path: Path, display: str):  # type: ignore[no-untyped-def]
        reads.append(display)
        return original(path, display)

    monkeypatch.setattr(engine, "read_file_and_stat", counting)
    return reads


def age(*paths: Path, seconds: int = 3600) -> None:
    for path in paths:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 10**9))


def test_a_file_whose_stamp_is_unchanged_is_not_even_read(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age(*archive.glob("releases/*.md"))
    first = run(monkeypatch)
    reads = count_reads(monkeypatch)
    assert run(monkeypatch) == (first[0], first[1], 0)
    assert reads == []
    # An edit changes the modification time: that file alone is read and checked.
    (archive / "releases" / "r0.md").write_text(VALID, encoding="utf-8")
    code, report, checked = run(monkeypatch)
    assert (code, report, checked) == (0, "Checked 5 files: no problems found.\n", 1)
    assert reads == ["./releases/r0.md"]


def test_a_file_modified_in_the_last_seconds_is_read_again(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its stamp is not trusted: a second edit in the same clock tick would not change it."""
    run(monkeypatch)
    reads = count_reads(monkeypatch)
    assert run(monkeypatch)[2] == 0  # found by content...
    assert len(reads) == 5  # ...after reading each file


def test_settings_never_used_before_make_no_look_up(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing can be on record for them: a fresh clone's first run asks nothing in vain."""
    from osce_cli.validate.cache import ResultCache

    asked: list[str] = []
    get, get_unchanged = ResultCache.get, ResultCache.get_unchanged

    def counting_get(self: ResultCache, key: str, display: str):  # type: ignore[no-untyped-def]
        asked.append(display)
        return get(self, key, display)

    def counting_get_unchanged(self: ResultCache, files):  # type: ignore[no-untyped-def]
        asked.extend(display for _, display, _, _ in files)
        return get_unchanged(self, files)

    monkeypatch.setattr(ResultCache, "get", counting_get)
    monkeypatch.setattr(ResultCache, "get_unchanged", counting_get_unchanged)
    first = run(monkeypatch)
    assert (first[2], asked) == (5, [])
    # Used before: the files are looked up (by content: their stamps are too recent).
    assert run(monkeypatch) == (first[0], first[1], 0)
    assert sorted(set(asked)) == [f"./releases/r{n}.md" for n in range(5)]
    # Other settings are new again, and so is the cache for them.
    asked.clear()
    (archive / "osce.toml").write_text('ignore = ["V101"]\n', encoding="utf-8")
    code, _, checked = run(monkeypatch)
    assert (code, checked, asked) == (0, 5, [])


def test_workers_learn_that_the_settings_are_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from osce_cli.support import pool as parallel
    from osce_cli.validate.cache import ResultCache

    monkeypatch.chdir(tmp_path)
    (tmp_path / "releases").mkdir()
    for n in range(8):
        (tmp_path / "releases" / f"r{n}.md").write_text(VALID, encoding="utf-8")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    log = tmp_path / "asked.log"  # appended to by the forked workers too
    get = ResultCache.get

    def logging_get(self: ResultCache, key: str, display: str):  # type: ignore[no-untyped-def]
        with log.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()} {display}\n")
        return get(self, key, display)

    monkeypatch.setattr(ResultCache, "get", logging_get)
    options = api.ValidateOptions(paths=(".",), jobs=2)
    assert api.validate(options, io.StringIO()) == 0
    assert not log.exists()
    assert api.validate(options, io.StringIO()) == 0  # stamps too recent: asked by content
    pids = {line.split()[0] for line in log.read_text(encoding="utf-8").splitlines()}
    assert len(log.read_text(encoding="utf-8").splitlines()) == 8
    assert str(os.getpid()) not in pids  # asked in the workers


def test_a_stamp_is_tied_to_the_settings(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    age(*archive.glob("releases/*.md"))
    assert run(monkeypatch)[0] == 1
    (archive / "osce.toml").write_text('ignore = ["V101"]\n', encoding="utf-8")
    code, _, checked = run(monkeypatch)
    assert (code, checked) == (0, 5)


def test_jobs_give_the_same_report_as_one_process(tmp_path: Path) -> None:
    from osce_cli.support.pool import PARALLEL_FROM

    (tmp_path / "releases").mkdir()
    for n in range(PARALLEL_FROM + 20):
        text = BROKEN if n % 50 == 0 else VALID
        (tmp_path / "releases" / f"r{n:04}.md").write_text(text, encoding="utf-8")
    (tmp_path / "releases" / "r0100-gone.md").symlink_to(tmp_path / "nowhere")  # an error mid-run
    outputs = [
        run_osce("validate", "--no-cache", "-f", "json", "--jobs", jobs, ".", cwd=tmp_path)
        for jobs in ("1", "2")
    ]
    assert outputs[0].returncode == outputs[1].returncode == 2
    assert outputs[0].stdout == outputs[1].stdout
    assert (
        outputs[0].stderr
        == outputs[1].stderr
        == (b"osce: error: ./releases/r0100-gone.md: no such file or directory\n")
    )
    assert outputs[0].stdout.count(b'"code": "V101"') == 7


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    result = run_osce("validate", "--jobs", "0", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, b"osce: error: --jobs must be 1 or more\n")


def _validate_in_process(folder: Path, *, jobs: int, cache: bool) -> tuple[int, str]:
    from osce_cli.commands import ValidateOptions, validate

    stdout = io.StringIO()
    options = ValidateOptions(
        paths=(str(folder),), output_format="json", jobs=jobs, cache=cache, isolated=True
    )
    return validate(options, stdout), stdout.getvalue()


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "multiprocessing"])
def test_many_small_batches_give_the_same_report_as_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    from osce_cli.support import pool as parallel
    from osce_cli.validate import checker as engine

    # Workers are forked and fed through pipes where the platform can fork,
    # and started by multiprocessing elsewhere: both give the same reports.
    monkeypatch.setattr(parallel, "FORK", fork)

    for n in range(45):
        text = BROKEN if n % 9 == 0 else VALID
        folder = tmp_path / "releases" / f"{2000 + n % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"r{n:03}.md").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    expected = _validate_in_process(Path("releases"), jobs=1, cache=False)
    assert expected[0] == 1 and expected[1].count('"code": "V101"') == 5
    assert '"files_checked": 45' in expected[1]
    # Batches of 7, a pool from 5 files: 7 batches, two in flight at a time,
    # in workers and here, with and without the cache (then answered from it).
    monkeypatch.setattr(engine, "_BATCH", 7)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 5)
    for jobs, cache in [(1, False), (2, False), (2, True), (2, True), (1, True)]:
        assert _validate_in_process(Path("releases"), jobs=jobs, cache=cache) == expected


def test_a_report_keeps_no_result_for_a_clean_file() -> None:
    from osce_cli.report.diagnostics import FileResult, Report

    report = Report()
    report.add(FileResult("a.md", ()))
    report.add(FileResult("b.md", ()))
    assert (report.files, report.clean, report.files_checked) == ([], 2, 2)


def test_a_run_the_cache_answers_loads_no_rule_and_no_parser(tmp_path: Path) -> None:
    """Everything answered from stamps: the rules, the vocabulary and YAML stay unloaded."""
    release = tmp_path / "r.md"
    release.write_text(VALID, encoding="utf-8")
    old = time.time() - 60  # older than the racy window, so its stamp is trusted
    os.utime(release, (old, old))
    probe = (
        "import sys\n"
        "from osce_cli.__main__ import main\n"
        "code = main(['validate', 'r.md'])\n"
        "loaded = sorted(m for m in ('osce_cli.rules.registry', 'osce_cli.vocabulary.terms',"
        " 'osce_cli.frontmatter.document', 'yaml', 'ruamel') if m in sys.modules)\n"
        "print(code, loaded)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        for _ in range(2)
    ]
    first, second = (run.stdout.splitlines()[-1] for run in runs)
    assert "'osce_cli.rules.registry'" in first  # checked: everything loaded
    assert second == "0 []", runs[1].stdout + runs[1].stderr


def test_only_the_settings_used_last_keep_their_entries(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from osce_cli.validate.cache import DATABASE, KEPT_FINGERPRINTS

    for n in range(5):
        old = time.time() - 60  # trusted stamps, so that both tables fill
        os.utime(archive / "releases" / f"r{n}.md", (old, old))
    outputs = {}
    ignored = ["B101", "B102", "B103", "D101", "D102", "D103"]
    for code in ignored:
        out = io.StringIO()
        api.validate(api.ValidateOptions(paths=(".",), ignore=(code,)), out)
        outputs[code] = out.getvalue()
    connection = sqlite3.connect(archive / ".osce_cache" / DATABASE)
    kept = {row[0] for row in connection.execute("SELECT id FROM fingerprints")}
    per_table = [
        {row[0] for row in connection.execute(f"SELECT DISTINCT fingerprint FROM {table}")}
        for table in ("results", "stamps")
    ]
    counts = [
        connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("results", "stamps")
    ]
    connection.close()
    assert len(kept) == KEPT_FINGERPRINTS == 4
    assert per_table == [kept, kept]
    assert counts == [4 * 5, 4 * 5]  # five files under each of the four settings kept
    # The settings dropped first are checked again, with the same report.
    again = io.StringIO()
    api.validate(api.ValidateOptions(paths=(".",), ignore=("B101",)), again)
    assert again.getvalue() == outputs["B101"]


def test_the_files_of_an_earlier_cache_format_are_removed(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from osce_cli.validate.cache import DATABASE

    folder = archive / ".osce_cache"
    folder.mkdir()
    for name in ("results-v1.sqlite", "results-v2.sqlite", "results-v2.sqlite-wal"):
        (folder / name).write_bytes(b"old")
    (folder / "exports-v1.sqlite").write_bytes(b"not ours to remove")
    run(monkeypatch)
    names = sorted(path.name for path in folder.iterdir())
    assert "results-v2.sqlite" not in names and "results-v1.sqlite-wal" not in names
    assert DATABASE in names and "exports-v1.sqlite" in names


@pytest.mark.parametrize("store", ["results", "exports"])
def test_a_database_another_run_holds_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: str
) -> None:
    """Not mistaken for a damaged one and replaced: this run does without it."""
    import sqlite3

    from osce_cli.export import manifest
    from osce_cli.support import sqlite
    from osce_cli.validate import cache

    folder = tmp_path / ".osce_cache"
    folder.mkdir()
    name = cache.DATABASE if store == "results" else manifest.DATABASE
    # A database in the default (rollback) journal mode, written by another
    # program and locked by it: switching it to the write-ahead log must wait.
    holder = sqlite3.connect(folder / name, isolation_level=None)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("INSERT INTO other VALUES (1)")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT", 0.2)
    try:
        if store == "results":
            opened = cache.ResultCache(folder, "settings")
            assert opened.connection is None and opened.get("key", "r.md") is None
        else:
            kept = manifest.Manifest(folder, "settings")
            assert kept.connection is None and kept.lookup(["out.html"]) == {}
    finally:
        holder.execute("COMMIT")
    holder.close()
    again = sqlite3.connect(folder / name)
    assert again.execute("SELECT x FROM other").fetchall() == [(1,)]  # the same file, whole
    again.close()


def test_changing_any_setting_changes_the_cache_key(tmp_path: Path) -> None:
    from osce_cli.config import Config
    from osce_cli.report.diagnostics import Severity
    from osce_cli.validate.cache import fingerprint
    from osce_cli.validate.checker import Settings

    # A value other than the default for every field. A new field fails here
    # until it is given one, and then shows that the key follows it.
    other_config = {
        "path": tmp_path / "osce.toml",
        "root": tmp_path / "project",
        "releases_dir": "press",
        "filename_pattern": "{slug}.md",
        "select": ("M",),
        "ignore": ("B101",),
        "severity": (("V102", Severity.ERROR),),
        "per_file_ignores": (("old/*.md", ("D",)),),
        "vocabulary": (tmp_path / "extra.yaml",),
        "include": ("*.md",),
        "exclude": ("drafts/*",),
        "templates": tmp_path / "templates",
        "html_template": tmp_path / "page.html",
        "site_name": "OSCE Secretariat",
        "site_logo": tmp_path / "logo.png",
        "source_grace_days": 3,
        "anywhere": True,
        "site_templates": tmp_path / "site",
        "base_url": "https://press.example.org/",
    }
    other_settings = {"select": ("V",), "ignore": ("D101",)}
    assert set(other_config) == set(Config._fields)
    assert set(other_settings) | {"config"} == set(Settings._fields)
    (tmp_path / "extra.yaml").write_text("{}\n", encoding="utf-8")

    base = Settings(Config(root=tmp_path))
    keys = {base.key}
    for name, value in other_config.items():
        fields = {field: getattr(base.config, field) for field in Config._fields}
        keys.add(Settings(Config(**{**fields, name: value})).key)  # type: ignore[arg-type]
    for name, value in other_settings.items():
        keys.add(Settings(base.config, **{name: value}).key)  # type: ignore[arg-type]
    assert len(keys) == 1 + len(other_config) + len(other_settings)
    # The same settings give the same key in another process: no object ids.
    assert Settings(Config(root=tmp_path)).key == base.key
    fingerprints = {fingerprint(key, ()) for key in keys}
    assert len(fingerprints) == len(keys)


def _pair(folder: Path, original_date: str, *, age: float | None) -> None:
    """``x.md`` dated ``original_date`` and its Russian version ``x.ru.md``, dated 2007-11-19.

    With an ``age``, both files were last modified that many seconds ago (so
    the cache may trust their stamps); without, they were modified just now.
    """
    from tests.rules.test_t_translation import RUSSIAN

    day = original_date[-2:].lstrip("0")
    original = VALID.replace("2007-11-18", original_date).replace("18 November", f"{day} November")
    (folder / "x.md").write_text(original, encoding="utf-8")
    translation = folder / "x.ru.md"
    if not translation.exists():
        translation.write_text(
            RUSSIAN.replace("2007-11-18", "2007-11-19").replace("18 ноября", "19 ноября"),
            encoding="utf-8",
        )
    if age is not None:
        moment = time.time() - age
        for name in ("x.md", "x.ru.md"):
            os.utime(folder / name, (moment, moment))


@pytest.mark.parametrize("trusted_stamps", [True, False], ids=["by-stamp", "by-content"])
def test_a_translation_is_checked_again_when_its_original_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trusted_stamps: bool
) -> None:
    """A translation's result depends on its original: both cache layers know it.

    With old files, unchanged ones are answered by their stamps; with files
    modified just now, no stamp is trusted and the content key answers.
    """
    monkeypatch.chdir(tmp_path)
    _pair(tmp_path, "2007-11-18", age=100 if trusted_stamps else None)
    code, report, checked = run(monkeypatch)
    assert (code, checked) == (1, 2)
    assert "x.ru.md:3:7: error: T102 'date' differs from the original './x.md'" in report
    assert run(monkeypatch) == (code, report, 0)
    _pair(tmp_path, "2007-11-19", age=50 if trusted_stamps else None)
    code, report, checked = run(monkeypatch)
    assert (code, report, checked) == (0, "Checked 2 files: no problems found.\n", 2)
    (tmp_path / "x.md").unlink()
    code, report, _ = run(monkeypatch)
    assert code == 1 and "T101 the file name makes this the 'ru' translation" in report
