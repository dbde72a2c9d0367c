"""The shape of what `osce export` writes: JSON always an array, JSON Lines, and empty exports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from osce_cli.cli.app import app
from tests.conftest import EXAMPLES, REPO

EXPORT_SCHEMA = json.loads((REPO / "schemas" / "export.schema.json").read_text("utf-8"))
RELEASE_SCHEMA = json.loads((REPO / "schemas" / "export-release.schema.json").read_text("utf-8"))
EMBARGOED = "releases/2025/" + next((EXAMPLES / "2025").iterdir()).name
BEFORE_EMBARGO = "2025-03-07T23:00:00Z"


def osce(runner: CliRunner, *args: str) -> tuple[int, bytes, str]:
    """`osce ARGS` run in this process (in the working folder): exit code, stdout bytes, stderr."""
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid examples as ``releases/`` in a project of their own (the working folder)."""
    shutil.copytree(EXAMPLES, tmp_path / "releases", ignore=shutil.ignore_patterns("invalid"))
    (tmp_path / "osce.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_json_is_always_an_array_and_jsonl_holds_the_same_objects(
    runner: CliRunner, archive: Path
) -> None:
    code, one, err = osce(runner, "export", "releases/2007", "-f", "json")
    assert (code, err) == (0, "")
    assert one.startswith(b'[\n  {\n    "body": {') and one.endswith(b"\n  }\n]\n")
    jsonschema.validate(json.loads(one), EXPORT_SCHEMA)
    (release,) = json.loads(one)
    assert release["path"].startswith("releases/2007/")
    # -o FILE holds what stdout would.
    code, _, err = osce(runner, "export", "releases/2007", "-f", "json", "-o", "one.json")
    assert (code, err) == (0, "osce: exported 1 release to one.json\n")
    assert (archive / "one.json").read_bytes() == one

    code, array, _ = osce(runner, "export", "releases", "-f", "json")
    releases = json.loads(array)
    assert len(releases) == 10
    jsonschema.validate(releases, EXPORT_SCHEMA)
    code, lines, err = osce(runner, "export", "releases", "-f", "jsonl")
    assert (code, err) == (0, "")
    assert lines.endswith(b"}\n") and lines.count(b"\n") == 10
    items = [json.loads(line) for line in lines.splitlines()]
    assert items == releases
    for line, item in zip(lines.decode().splitlines(), items, strict=True):
        jsonschema.validate(item, RELEASE_SCHEMA)
        assert line == json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # One file of JSON Lines, written whole; the same bytes again leave it untouched.
    code, _, err = osce(runner, "export", "releases", "-f", "jsonl", "-o", "all.jsonl")
    assert (code, err) == (0, "osce: exported 10 releases to all.jsonl\n")
    assert (archive / "all.jsonl").read_bytes() == lines
    stamp = (archive / "all.jsonl").stat()
    assert osce(runner, "export", "releases", "-f", "jsonl", "-o", "all.jsonl")[0] == 0
    assert (archive / "all.jsonl").stat().st_ino == stamp.st_ino
    assert (archive / "all.jsonl").stat().st_mtime_ns == stamp.st_mtime_ns
    # A folder is not a place for one stream: refused before anything is read.
    code, out, err = osce(runner, "export", "releases", "-f", "jsonl", "-o", "releases")
    assert (code, out) == (2, b"")
    assert err == "osce: error: releases: jsonl is one stream: give -o FILE, or no -o for stdout\n"
    # Each file of a folder holds one release.
    assert osce(runner, "export", "releases", "-f", "json", "-o", "out")[0] == 0
    files = sorted((archive / "out").rglob("*.json"))
    assert len(files) == 10
    for path in files:
        jsonschema.validate(json.loads(path.read_bytes()), RELEASE_SCHEMA)


@pytest.mark.parametrize("output_format", ["json", "jsonl", "text", "html"])
def test_an_export_with_nothing_to_export_says_so(
    runner: CliRunner, archive: Path, output_format: str
) -> None:
    (archive / "empty").mkdir()
    code, out, err = osce(runner, "export", "empty", "-f", output_format)
    assert code == 0
    assert out == (b"[]\n" if output_format == "json" else b"")
    assert err == (
        "osce: empty: no releases found (include: releases/**/*.md; in osce.toml)\n"
        "osce: nothing to export: no releases found\n"
    )
    notice = f"osce: skipped {EMBARGOED}: embargoed until 2025-03-08T00:01:00+01:00\n"
    code, out, err = osce(
        runner, "export", "releases/2025", "-f", output_format, "--now", BEFORE_EMBARGO
    )
    assert (code, out) == (0, b"[]\n" if output_format == "json" else b"")
    assert err == notice + "osce: nothing to export: 1 release found, under embargo\n"
    shutil.copy(archive / EMBARGOED, archive / "releases" / "2025" / "copy.md")
    code, out, err = osce(
        runner, "export", "releases/2025", "-f", output_format, "--now", BEFORE_EMBARGO
    )
    assert (code, out) == (0, b"[]\n" if output_format == "json" else b"")
    assert err.endswith("osce: nothing to export: 2 releases found, all under embargo\n")
    (archive / "releases" / "2025" / "copy.md").unlink()
    # Into a folder (jsonl: a file): nothing written but an empty stream, the same line.
    (archive / "site").mkdir()
    output = "site" if output_format != "jsonl" else "site/all.jsonl"
    code, out, err = osce(
        runner,
        "export",
        "releases/2025",
        "-f",
        output_format,
        "--now",
        BEFORE_EMBARGO,
        "-o",
        output,
    )
    assert (code, out) == (0, b"")
    assert err == notice + "osce: nothing to export: 1 release found, under embargo\n"
    written = {p.relative_to(archive).as_posix(): p.read_bytes() for p in archive.glob("site/*")}
    assert written == ({"site/all.jsonl": b""} if output_format == "jsonl" else {})
