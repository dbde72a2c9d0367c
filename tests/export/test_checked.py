"""An export takes a release its manifest knows clean as checked, under the same settings only.

The manifest of an output folder remembers under which settings of
``osce validate`` each release, as it was then, was found free of any
finding. A re-export under those settings answers such a release from there;
under others, or once the release changed, it is checked again.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from osce_cli.validate import cache
from tests.conftest import VALID, run_osce

#: The dateline says 10 November, the front matter 18: D103, an error.
WRONG_DATE = VALID.replace("PRISTINA, 18 November 2007", "PRISTINA, 10 November 2007")
#: An alias of a source: V102, a warning.
ALIAS = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
#: (format, -o, the folder as messages show it)
FORMATS = [("html", "out/", "out"), ("site", "site", "site")]


def _archive(tmp_path: Path, files: dict[str, str], config: str) -> Path:
    for name, text in files.items():
        path = tmp_path / "releases" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        # Older than the window in which a stamp is not trusted (see `RACY_SECONDS`).
        old = time.time() - 60
        os.utime(path, (old, old))
    (tmp_path / "osce.toml").write_text(config, encoding="utf-8")
    return tmp_path


def _forget_results(archive: Path) -> Path:
    """Delete the results of `osce validate`; the path of their database."""
    database = archive / ".osce_cache" / cache.DATABASE
    for path in database.parent.glob(cache.DATABASE + "*"):
        path.unlink()
    return database


def _export(archive: Path, output_format: str, output: str) -> tuple[int, str]:
    args = ["export", "releases", "--format", output_format, "-o", output]
    if output_format == "site":
        args += ["--base-url", "https://press.example.org/"]
    result = run_osce(*args, cwd=archive)
    return result.returncode, result.stderr.decode()


@pytest.mark.parametrize(("output_format", "output", "shown"), FORMATS)
def test_a_release_clean_under_other_settings_is_checked_again(
    tmp_path: Path, output_format: str, output: str, shown: str
) -> None:
    files = {"2007/2007-11-18-a.md": VALID, "2007/2007-11-18-b.md": WRONG_DATE}
    archive = _archive(tmp_path, files, 'ignore = ["D103"]\n')
    assert _export(archive, output_format, output) == (
        0,
        f"osce: exported 2 releases to {shown}\n",
    )
    (archive / "osce.toml").write_text("", encoding="utf-8")
    code, err = _export(archive, output_format, output)
    assert code == 1
    assert err.splitlines()[0] == (
        "releases/2007/2007-11-18-b.md:15:11: error: D103 dateline date '10 November 2007'"
        " does not match the front matter date 2007-11-18 (expected '18 November 2007')"
    )
    assert err.endswith("osce: 1 release with errors; nothing exported\n")


@pytest.mark.parametrize(("output_format", "output", "shown"), FORMATS)
def test_a_release_with_a_warning_still_shows_it_when_another_fails(
    tmp_path: Path, output_format: str, output: str, shown: str
) -> None:
    files = {"2007/2007-11-18-a.md": ALIAS, "2007/2007-11-18-b.md": VALID}
    archive = _archive(tmp_path, files, "")
    assert _export(archive, output_format, output)[0] == 0
    (archive / "releases/2007/2007-11-18-b.md").write_text(WRONG_DATE, encoding="utf-8")
    code, err = _export(archive, output_format, output)
    assert code == 1, err
    reported = [line for line in err.splitlines() if line.startswith("releases/")]
    assert [line.split(" ", 2)[:2] for line in reported] == [
        ["releases/2007/2007-11-18-a.md:8:5:", "warning:"],
        ["releases/2007/2007-11-18-b.md:15:11:", "error:"],
    ]


@pytest.mark.parametrize(("output_format", "output", "shown"), FORMATS)
def test_a_re_export_checks_only_the_release_that_changed(
    tmp_path: Path, output_format: str, output: str, shown: str
) -> None:
    files = {f"2007/2007-11-18-{letter}.md": VALID for letter in "abc"}
    archive = _archive(tmp_path, files, "")
    assert _export(archive, output_format, output)[0] == 0
    # Without the results of `osce validate`, every release would be read and checked.
    database = _forget_results(archive)
    changed = archive / "releases/2007/2007-11-18-b.md"
    changed.write_text(VALID.replace("calm and orderly", "calm"), encoding="utf-8")
    old = time.time() - 60
    os.utime(changed, (old, old))
    assert _export(archive, output_format, output) == (
        0,
        f"osce: exported 3 releases to {shown}\n",
    )
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT size FROM stamps").fetchall()
    assert rows == [(changed.stat().st_size,)]


@pytest.mark.parametrize(("output_format", "output", "shown"), FORMATS)
def test_releases_found_clean_again_under_new_settings_are_known_clean_under_them(
    tmp_path: Path, output_format: str, output: str, shown: str
) -> None:
    files = {f"2007/2007-11-18-{letter}.md": VALID for letter in "ab"}
    archive = _archive(tmp_path, files, "")
    assert _export(archive, output_format, output)[0] == 0
    # Other settings: the pages are up to date, but each release is checked again.
    (archive / "osce.toml").write_text('ignore = ["B103"]\n', encoding="utf-8")
    assert _export(archive, output_format, output) == (
        0,
        f"osce: exported 2 releases to {shown}\n",
    )
    # Under these settings the manifest now knows them clean: no release is checked.
    database = _forget_results(archive)
    assert _export(archive, output_format, output)[0] == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM stamps").fetchone() == (0,)
