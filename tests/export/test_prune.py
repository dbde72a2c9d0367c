"""Exporting into a folder again removes the outputs of releases that are gone, and nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from tests.export.test_shape import osce

SUFFIX = {"html": ".html", "json": ".json", "text": ".txt"}


def name(year: str) -> str:
    """The file name of the example of that year, without its suffix."""
    return next((EXAMPLES / year).iterdir()).stem


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "releases", ignore=shutil.ignore_patterns("invalid"))
    (tmp_path / "osce.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("output_format", ["html", "json", "text"])
def test_outputs_of_deleted_and_renamed_releases_are_removed_and_nothing_else(
    runner: CliRunner, archive: Path, output_format: str
) -> None:
    ext = SUFFIX[output_format]
    site = archive / "site"
    export = ("export", "releases", "-f", output_format, "-o", "site")
    assert osce(runner, *export) == (0, b"", "osce: exported 10 releases to site\n")
    # Files osce did not write, beside and among its outputs.
    (site / "CNAME").write_text("press.example.org\n", encoding="utf-8")
    (site / "2022" / "notes.txt").write_text("ours\n", encoding="utf-8")
    (site / "2016" / "extra.html").write_text("<p>ours</p>\n", encoding="utf-8")
    # An output edited by hand, whose release then goes.
    edited = site / "2016" / f"{name('2016')}{ext}"
    edited.write_bytes(edited.read_bytes().replace(b"OSCE", b"EDITED", 1))
    before = stamps(site)
    releases = archive / "releases"
    for year in ("1997", "2016", "2022"):
        (releases / year / f"{name(year)}.md").unlink()
    (releases / "2007" / f"{name('2007')}.md").rename(releases / "2007" / "renamed.md")

    kept = (
        f"osce: kept site/2016/{name('2016')}{ext}:"
        " no longer exported, but changed since osce wrote it\n"
    )
    code, out, err = osce(runner, *export)
    assert (code, out) == (0, b"")
    assert err == (
        "osce: exported 7 releases to site\n"
        "osce: removed 3 files no longer exported and 1 folder left empty:\n"
        f"  site/1997/{name('1997')}{ext}\n"
        f"  site/2007/{name('2007')}{ext}\n"
        f"  site/2022/{name('2022')}{ext}\n"
        "  site/1997/\n" + kept
    )
    after = stamps(site)
    assert sorted(set(before) - set(after)) == [
        f"{year}/{name(year)}{ext}" for year in ("1997", "2007", "2022")
    ]
    assert sorted(set(after) - set(before)) == [f"2007/renamed{ext}"]
    # Everything else is as it was: not written again, not removed.
    assert {key: after[key] for key in before if key in after} == {
        key: value for key, value in before.items() if key in after
    }
    assert not (site / "1997").exists() and (site / "2022").is_dir()
    assert b"EDITED" in edited.read_bytes()
    # Said again each time, until someone deals with it; nothing else happens.
    assert osce(runner, *export) == (0, b"", "osce: exported 7 releases to site\n" + kept)
    edited.unlink()
    assert osce(runner, *export) == (0, b"", "osce: exported 7 releases to site\n")
    assert stamps(site) == {
        k: v for k, v in after.items() if k != edited.relative_to(site).as_posix()
    }


def test_an_export_of_some_inputs_prunes_only_what_came_from_them(
    runner: CliRunner, archive: Path
) -> None:
    site = archive / "site"
    assert osce(runner, "export", "releases", "-o", "site")[0] == 0
    (archive / "releases" / "2016" / f"{name('2016')}.md").unlink()
    before = stamps(site)
    # releases/2007/ is all this run covers: the output of the 2016 release stays.
    code, _, err = osce(runner, "export", "releases/2007", "-o", "site")
    assert (code, err) == (
        0,
        "osce: exported 1 release to site\n"
        "osce: removed 1 file no longer exported and 1 folder left empty:\n"
        f"  site/2007/{name('2007')}.html\n"
        "  site/2007/\n",
    )  # that release's page is now at site/ itself: the earlier one was a copy
    after = stamps(site)
    assert set(after) == set(before) - {f"2007/{name('2007')}.html"} | {f"{name('2007')}.html"}
    assert f"2016/{name('2016')}.html" in after
    # A named file covers itself only.
    (archive / "releases" / "2012" / f"{name('2012')}.md").unlink()
    code, _, err = osce(runner, "export", f"releases/2015/{name('2015')}.md", "-o", "site/2015")
    assert (code, err) == (0, "osce: exported 1 release to site/2015\n")
    # Its page is up to date; the stylesheet is written beside it as for any folder.
    assert stamps(site) == after | {"2015/assets/osce.css": stamps(site)["2015/assets/osce.css"]}
    # Without the cache nothing tells what osce wrote: nothing is removed.
    code, _, err = osce(runner, "export", "releases", "-o", "site", "--no-cache")
    assert (code, err) == (0, "osce: exported 8 releases to site\n")
    assert f"2012/{name('2012')}.html" in stamps(site)
    code, _, err = osce(runner, "export", "releases", "-o", "site")
    assert err == (
        "osce: exported 8 releases to site\n"
        "osce: removed 4 files no longer exported and 3 folders left empty:\n"
        f"  site/{name('2007')}.html\n"  # back at site/2007/: this copy goes
        f"  site/2012/{name('2012')}.html\n"
        "  site/2015/assets/osce.css\n"  # the page at site/2015/ uses site/assets/ again
        f"  site/2016/{name('2016')}.html\n"
        "  site/2015/assets/\n"
        "  site/2012/\n"
        "  site/2016/\n"
    )
    # Outputs of another format in the same folder are not this export's to remove.
    assert osce(runner, "export", "releases", "-f", "text", "-o", "site")[0] == 0
    texts = {k for k in stamps(site) if k.endswith(".txt")}
    assert len(texts) == 8
    code, _, err = osce(runner, "export", "releases/2007", "-o", "site")
    assert (code, err) == (
        0,
        "osce: exported 1 release to site\n"
        "osce: removed 1 file no longer exported:\n"
        f"  site/2007/{name('2007')}.html\n",  # not site/2007/, which holds its text
    )
    assert {k for k in stamps(site) if k.endswith(".txt")} == texts


def test_the_output_folder_itself_stays_when_pruning_empties_it(
    runner: CliRunner, archive: Path
) -> None:
    release = archive / "releases" / "2025" / f"{name('2025')}.md"
    (archive / "only").mkdir()
    assert osce(runner, "export", "releases/2025", "-o", "only")[0] == 0
    assert sorted(p.name for p in (archive / "only").iterdir()) == [
        f"{name('2025')}.html",
        "assets",
    ]
    release.unlink()
    code, out, err = osce(runner, "export", "releases/2025", "-o", "only")
    assert (code, out) == (0, b"")
    assert err == (
        "osce: releases/2025: no releases found (include: releases/**/*.md; in osce.toml)\n"
        "osce: nothing to export: no releases found\n"
        "osce: removed 2 files no longer exported and 1 folder left empty:\n"
        f"  only/{name('2025')}.html\n"
        "  only/assets/osce.css\n"
        "  only/assets/\n"
    )
    assert (archive / "only").is_dir() and list((archive / "only").iterdir()) == []


def test_a_single_file_export_into_the_folder_is_not_pruned(
    runner: CliRunner, archive: Path
) -> None:
    one = f"releases/2007/{name('2007')}.md"
    assert osce(runner, "export", one, "-o", "site/featured.html")[0] == 0
    (archive / "releases" / "2007" / f"{name('2007')}.md").rename(archive / "renamed.md")
    # Exported on purpose to a file of its own: not one of the folder's pages.
    code, _, err = osce(runner, "export", "releases", "-o", "site")
    assert (code, err) == (0, "osce: exported 9 releases to site\n")
    assert (archive / "site" / "featured.html").is_file()


def test_folders_whose_names_start_alike_are_pruned_each_on_its_own(
    runner: CliRunner, archive: Path
) -> None:
    # "site-2" sorts before "site/" and "site0" just after all that is below it.
    folders = ("site", "site-2", "site0")
    for folder in folders:
        assert osce(runner, "export", "releases", "-o", folder)[0] == 0
    (archive / "releases" / "2016" / f"{name('2016')}.md").unlink()
    before = {folder: stamps(archive / folder) for folder in folders}
    code, _, err = osce(runner, "export", "releases", "-o", "site")
    assert (code, err) == (
        0,
        "osce: exported 9 releases to site\n"
        "osce: removed 1 file no longer exported and 1 folder left empty:\n"
        f"  site/2016/{name('2016')}.html\n"
        "  site/2016/\n",
    )
    assert stamps(archive / "site") == {
        k: v for k, v in before["site"].items() if not k.startswith("2016/")
    }
    assert stamps(archive / "site-2") == before["site-2"]
    assert stamps(archive / "site0") == before["site0"]
    # Each of the others is up to date but for that page, and loses it in its turn.
    for folder in ("site-2", "site0"):
        code, _, err = osce(runner, "export", "releases", "-o", folder)
        assert err.splitlines()[1:] == [
            "osce: removed 1 file no longer exported and 1 folder left empty:",
            f"  {folder}/2016/{name('2016')}.html",
            f"  {folder}/2016/",
        ]
        assert stamps(archive / folder) == {
            k: v for k, v in before[folder].items() if not k.startswith("2016/")
        }
