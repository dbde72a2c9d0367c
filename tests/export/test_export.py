"""`osce export`: HTML, JSON and text that real tools accept, safe against hostile input."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from osce_cli.cli.app import app
from tests.conftest import EXAMPLES, REPO, VALID, run_osce
from tests.export.conftest import EXPORT_PAGES

VALID_EXAMPLES = sorted(p for p in EXAMPLES.rglob("*.md") if "invalid" not in p.parts)
EXPORT_SCHEMA = json.loads((REPO / "schemas" / "export.schema.json").read_text("utf-8"))
#: One release: a file of ``--format json -o DIR``, a line of ``--format jsonl``.
RELEASE_SCHEMA = json.loads((REPO / "schemas" / "export-release.schema.json").read_text("utf-8"))
DANGEROUS = ("javascript:", "data:", "vbscript:", "file:")


def export(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    return run_osce("export", *args, cwd=cwd)


@pytest.fixture(scope="module")
def site(published: Path) -> Path:
    """The examples exported into a folder."""
    return published / "examples"


@EXPORT_PAGES
def test_one_page_per_example_at_the_same_relative_path(site: Path) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == [
        p.relative_to(EXAMPLES).with_suffix(".html").as_posix() for p in VALID_EXAMPLES
    ]


class PageParser(HTMLParser):
    """Collects what a browser would execute or follow."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.script_text: list[str] = []
        self.in_script = False
        self.text: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                self.urls.append(value)
        if tag == "script":
            self.scripts.append(dict(attrs))
            self.in_script = True
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = self.in_script and tag != "script"
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.script_text.append(data)
        elif self.in_title:
            self.title.append(data)
        else:
            self.text.append(data)


def parse(html: str) -> PageParser:
    page = PageParser()
    page.feed(html)
    page.close()
    return page


def assert_safe(html: str) -> PageParser:
    page = parse(html)
    assert page.handlers == []
    assert [s.get("type") for s in page.scripts] in ([], ["application/ld+json"])
    for text in page.script_text:
        json.loads(text)
    for url in page.urls:
        compact = "".join(url.split()).lower()
        assert not compact.startswith(DANGEROUS), url
    return page


@EXPORT_PAGES
def test_pages_have_the_semantic_structure(site: Path) -> None:
    page_path = next(site.rglob("2007-11-18*.html"), None) or sorted(site.rglob("*.html"))[2]
    html = page_path.read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    for fragment in (
        "<article>",
        "<h1>",
        '<span class="dateline">',
        "<time datetime=",
        '<script type="application/ld+json">',
        "<dl>",
        '<link rel="stylesheet" href="../assets/osce.css">',
    ):
        assert fragment in html
    assert "@media print" in (site / "assets" / "osce.css").read_text(encoding="utf-8")
    assert_safe(html)


@EXPORT_PAGES
def test_json_ld_reads_back_as_a_news_article(site: Path) -> None:
    from pyld import jsonld

    page = parse((site / "2016" / next((site / "2016").iterdir()).name).read_text("utf-8"))
    (document,) = [json.loads(text) for text in page.script_text]

    def offline_loader(url: str, options: dict[str, object]) -> dict[str, object]:
        assert url.rstrip("/") == "https://schema.org", url
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": "https://schema.org/"}},
        }

    (expanded,) = jsonld.expand(document, {"documentLoader": offline_loader})
    schema = "https://schema.org/"
    assert expanded["@type"] == [f"{schema}NewsArticle"]

    def value(key: str) -> object:
        return expanded[schema + key][0]["@value"]

    assert value("headline") == (
        "OSCE Secretary General meets young people from different communities "
        "during visit to Kosovo"
    )
    assert value("datePublished") == "2016-05-18"
    assert value("dateline") == "PRISHTINË/PRIŠTINA, 18 May 2016"
    assert value("inLanguage") == "en"
    place = expanded[schema + "locationCreated"][0]
    assert place["@type"] == [f"{schema}Place"]
    assert place[schema + "name"][0]["@value"] == "Pristina"
    publisher = expanded[schema + "publisher"][0]
    assert publisher[schema + "alternateName"][0]["@value"] == "OSCE"
    about = {a[schema + "name"][0]["@value"] for a in expanded[schema + "about"]}
    assert about == {"Youth", "Democratization"}


def test_every_example_exports_json_that_matches_its_schema(tmp_path: Path) -> None:
    result = export("examples/", "--format", "json")
    assert result.returncode == 0
    releases = json.loads(result.stdout)
    assert len(releases) == len(VALID_EXAMPLES)
    jsonschema.validate(releases, EXPORT_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(releases[0], EXPORT_SCHEMA)  # an object is not what stdout holds
    assert [(r["date"], r["path"]) for r in releases] == sorted(
        (r["date"], r["path"]) for r in releases
    )
    first = releases[0]
    assert first["path"] == (
        "examples/1997/1997-11-05-permanent-council-adopts-mandate-of-osce-representative-"
        "on-freedom-of-the-media.md"
    )
    kosovo = next(r for r in releases if r["date"] == "2016-05-18")
    assert kosovo["sources"] == [
        {"id": "mission-in-kosovo", "label": "OSCE Mission in Kosovo"},
        {"id": "secretary-general", "label": "OSCE Secretary General"},
    ]
    assert kosovo["dateline"] == "PRISHTINË/PRIŠTINA, 18 May 2016"
    assert kosovo["body"]["markdown"].startswith("PRISHTINË/PRIŠTINA, 18 May 2016 – OSCE")
    assert kosovo["body"]["html"].startswith('<p><span class="dateline">')
    assert kosovo["body"]["text"].startswith("PRISHTINË/PRIŠTINA, 18 May 2016 – OSCE")
    with_states = next(r for r in releases if r["states"])
    assert set(with_states["states"][0]) == {"id", "label", "iso"}


@pytest.mark.parametrize("which", ["export", "export-release"])
def test_export_schemas_are_current(runner: CliRunner, which: str) -> None:
    result = runner.invoke(app, ["schema", which], catch_exceptions=False)
    assert result.stdout == (REPO / "schemas" / f"{which}.schema.json").read_text("utf-8"), (
        f"schemas/{which}.schema.json is stale: run 'osce schema {which}'"
    )


def test_text_export_is_wrapped_at_72_columns(tmp_path: Path) -> None:
    # Every example in one run: each file holds what its export alone prints.
    result = export("examples/", "--format", "text", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.txt"))
    assert written == sorted(p.relative_to(EXAMPLES).with_suffix(".txt") for p in VALID_EXAMPLES)
    for path in written:
        text = (tmp_path / path).read_text(encoding="utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n")
        for line in text.splitlines():
            assert len(line) <= 72 or ("://" in line and " " not in line.strip()), line


def test_text_width_option() -> None:
    result = export("examples/2007", "--format", "text", "--width", "40")
    assert max(len(line) for line in result.stdout.decode().splitlines()) <= 40


def test_text_layout() -> None:
    result = export("examples/2025", "--format", "text")
    text = result.stdout.decode()
    assert text.startswith(
        "Finnish OSCE Chairpersonship calls for full participation of women in\n"
        "peace and security\n\nVIENNA, 8 March 2025 – On International Women's Day,"
    )
    assert (
        "\n\n- increasing the number of women in senior and mediation roles within\n  the" in text
    )
    assert text.endswith(
        "--\nDate: 8 March 2025\nContent type: Press release\nPlace: Vienna\n"
        "Sources: OSCE Chairpersonship; OSCE Secretariat\nFields of work: Gender equality\n"
        "States: Finland\nLanguage: en\nEmbargo: 2025-03-08T00:01:00+01:00\n"
        "Contact: Press and Public Information Section, OSCE Secretariat,\n"
        "  press@osce.org, +43 1 514 36 6000\n"
    )


def test_export_is_byte_reproducible(tmp_path: Path) -> None:
    for fmt in ("html", "json", "text"):
        first, second = tmp_path / f"{fmt}-1", tmp_path / f"{fmt}-2"
        assert export("examples/", "--format", fmt, "-o", str(first)).returncode == 0
        assert export("examples/", "--format", fmt, "-o", str(second)).returncode == 0
        files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
        assert len(files) == len(VALID_EXAMPLES) + (fmt == "html")  # and assets/osce.css
        for relative in files:
            assert (first / relative).read_bytes() == (second / relative).read_bytes()


def test_a_folder_with_one_invalid_release_exports_nothing(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    shutil.copytree(EXAMPLES, releases, ignore=shutil.ignore_patterns("invalid"))
    (releases / "2007" / "broken.md").write_text(
        VALID.replace("  - Serbia", "  - Serbbia"), "utf-8"
    )
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("already here", encoding="utf-8")
    result = export("releases", "--format", "html", "-o", "site", cwd=tmp_path)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "releases/2007/broken.md:12:5: error: V101 'Serbbia'" in stderr
    assert stderr.endswith("osce: 1 release with errors; nothing exported\n")
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert result.stdout == b""


def test_a_failed_write_lists_what_was_written(tmp_path: Path) -> None:
    out = tmp_path / "site"
    blocker = out / "2016" / next((EXAMPLES / "2016").iterdir()).with_suffix(".html").name
    blocker.mkdir(parents=True)
    result = export("examples/", "--format", "html", "-o", str(out))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0] == f"osce: error: {blocker}: is a directory"
    assert lines[1] == "osce: 5 files were written before the error:"
    written = [line.strip() for line in lines[2:]]
    assert written == [
        str(out / p.relative_to(EXAMPLES).with_suffix(".html")) for p in VALID_EXAMPLES[:5]
    ]
    assert all(Path(name).is_file() for name in written)


def test_embargoed_releases_are_skipped_until_the_embargo_passes(tmp_path: Path) -> None:
    release = "examples/2025/" + next((EXAMPLES / "2025").iterdir()).name
    before = export(release, "--format", "json", "--now", "2025-03-07T23:00:00Z")
    assert before.returncode == 0
    assert before.stdout == b"[]\n"
    assert before.stderr.decode() == (
        f"osce: skipped {release}: embargoed until 2025-03-08T00:01:00+01:00\n"
        "osce: nothing to export: 1 release found, under embargo\n"
    )
    after = export(release, "--format", "json", "--now", "2025-03-07T23:02:00Z")
    assert json.loads(after.stdout)[0]["title"].startswith("Finnish OSCE Chairpersonship")
    forced = export(
        release, "--format", "json", "--now", "2025-01-01T00:00:00Z", "--include-embargoed"
    )
    assert json.loads(forced.stdout)[0]["embargo"] == "2025-03-08T00:01:00+01:00"
    bad = export(release, "--now", "tomorrow")
    assert bad.returncode == 2 and bad.stderr.decode().startswith("osce: error: --now:")


def test_outputs_for_one_and_several_releases(tmp_path: Path) -> None:
    single = export("examples/2007", "--format", "html")
    assert single.stdout.decode().startswith("<!DOCTYPE html>")
    several = export("examples/", "--format", "html")
    assert several.returncode == 2
    assert several.stderr.decode() == (
        f"osce: error: {len(VALID_EXAMPLES)} releases to export: give -o DIRECTORY for html\n"
    )
    target = tmp_path / "one.html"
    assert export("examples/2007", "--format", "html", "-o", str(target)).returncode == 0
    assert target.read_text("utf-8") == single.stdout.decode()
    # A trailing slash names a folder, even one that does not exist yet.
    named = export(str(EXAMPLES / "2007"), "--format", "json", "-o", "folder/", cwd=tmp_path)
    assert named.returncode == 0, named.stderr.decode()
    assert [p.name for p in (tmp_path / "folder").iterdir()] == [
        next((EXAMPLES / "2007").iterdir()).with_suffix(".json").name
    ]
    from_stdin = run_osce(
        "export",
        "-",
        "--format",
        "json",
        "--stdin-filename",
        "r/x.md",
        input_bytes=VALID.encode(),
        cwd=tmp_path,
    )
    assert json.loads(from_stdin.stdout)[0]["path"] == "r/x.md"
    assert json.loads(from_stdin.stdout)[0]["id"] == "x"


HOSTILE_BODIES = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "![x](javascript:alert(1))",
    "[x](vbscript:msgbox)",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)>",
    "[x](java\tscript:alert(1))",
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>`",
    "[x](&#106;avascript:alert(1))",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "[ok](https://www.osce.org/) and <https://www.osce.org/> and <javascript:alert(1)>",
]
HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "{{ 7*7 }} and {% raw %}",
]


def hostile_release(title: str, body: str) -> str:
    quoted = json.dumps(title)
    return VALID.replace(
        "title: OSCE Chairman says Kosovo elections help promote democracy", f"title: {quoted}"
    ).replace(
        '"Voters have shown their commitment to democracy," the Chairman-in-Office said.', body
    )


def export_in_process(runner: CliRunner, source: Path, fmt: str) -> str:
    """The export of one file, run in this process (the hostile corpus is large)."""
    result = runner.invoke(
        app, ["export", str(source), "--format", fmt, "--isolated"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("body", HOSTILE_BODIES)
@pytest.mark.parametrize("title", HOSTILE_TITLES[:2])
def test_hostile_input_in_all_three_formats(
    runner: CliRunner, tmp_path: Path, title: str, body: str
) -> None:
    source = tmp_path / "hostile.md"
    source.write_text(hostile_release(title, body), encoding="utf-8")
    page = assert_safe(export_in_process(runner, source, "html"))
    assert "".join(page.title) == title
    exported = json.loads(export_in_process(runner, source, "json"))
    jsonschema.validate(exported, EXPORT_SCHEMA)
    (data,) = exported
    assert data["title"] == title
    assert_safe(data["body"]["html"])
    assert export_in_process(runner, source, "text").startswith(title[:20])


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_stay_text_in_json_ld(runner: CliRunner, tmp_path: Path, title: str) -> None:
    source = tmp_path / "hostile.md"
    source.write_text(hostile_release(title, "Plain text."), encoding="utf-8")
    html = export_in_process(runner, source, "html")
    page = assert_safe(html)
    (ld,) = [json.loads(text) for text in page.script_text]
    assert ld["headline"] == title
    assert (
        "<h1>"
        + title.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        + "</h1>"
        in html
    )


def test_custom_html_template(tmp_path: Path) -> None:
    template = tmp_path / "page.html"
    template.write_text("<h1>{{ record.title }}</h1>\n{{ body_html }}", encoding="utf-8")
    source = tmp_path / "r.md"
    source.write_text(hostile_release("<b>bold</b>", "Text."), encoding="utf-8")
    result = export(str(source), "--template", str(template), "--isolated", cwd=tmp_path)
    assert result.stdout.decode().startswith("<h1>&lt;b&gt;bold&lt;/b&gt;</h1>\n<p>")


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    # Without a terminal, a long batch prints no progress bar, only the summary.
    releases = tmp_path / "releases"
    releases.mkdir()
    text = VALID
    for n in range(60):
        (releases / f"r{n:02}.md").write_text(text, encoding="utf-8")
    result = export("releases", "--format", "json", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.decode() == "osce: exported 60 releases to out\n"


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pexpect

    releases = tmp_path / "releases"
    releases.mkdir()
    for n in range(60):
        (releases / f"r{n:02}.md").write_text(VALID, encoding="utf-8")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "osce_cli", "export", "releases", "--format", "json", "-o", "out"],
        cwd=str(tmp_path),
        env={**os.environ, "TERM": "xterm", "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 100),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Exporting" in child.before
    assert "osce: exported 60 releases to out" in child.before


# --------------------------------------------------------------------------- incremental exports


def _copy_examples(tmp_path: Path, *, age: bool = True) -> Path:
    releases = tmp_path / "releases"
    shutil.copytree(EXAMPLES, releases, ignore=shutil.ignore_patterns("invalid"))
    if age:
        # Files modified a moment ago are re-read each time (their stamp could
        # still change unseen); an hour-old archive is trusted by its stamps.
        for path in releases.rglob("*.md"):
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 3600 * 10**9))
    return releases


def _stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each file below the folder: inode, modification and change time."""
    return {
        p.relative_to(folder).as_posix(): (
            p.stat().st_ino,
            p.stat().st_mtime_ns,
            p.stat().st_ctime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("age", [True, False], ids=["trusted-stamps", "recent-files"])
@pytest.mark.parametrize("fmt", ["html", "json", "text"])
def test_exporting_again_with_nothing_changed_touches_nothing(
    tmp_path: Path, fmt: str, age: bool
) -> None:
    _copy_examples(tmp_path, age=age)
    first = export("releases", "--format", fmt, "-o", "site", cwd=tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    written = _stamps(tmp_path / "site")
    contents = _contents(tmp_path / "site")
    assert len(written) == len(VALID_EXAMPLES) + (fmt == "html")  # and assets/osce.css
    again = export("releases", "--format", fmt, "-o", "site", cwd=tmp_path)
    assert (again.returncode, again.stdout, again.stderr) == (0, b"", first.stderr)
    assert _stamps(tmp_path / "site") == written
    assert _contents(tmp_path / "site") == contents


def test_a_changed_release_is_the_only_page_written_again(tmp_path: Path) -> None:
    releases = _copy_examples(tmp_path)
    assert export("releases", "-o", "site", cwd=tmp_path).returncode == 0
    before = _stamps(tmp_path / "site")
    changed = releases / "2016" / next((EXAMPLES / "2016").iterdir()).name
    changed.write_text(
        changed.read_text("utf-8").replace("during visit to Kosovo", "on a visit to Kosovo"),
        "utf-8",
    )
    result = export("releases", "-o", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    after = _stamps(tmp_path / "site")
    page = changed.relative_to(releases).with_suffix(".html").as_posix()
    assert [name for name in before if after[name] != before[name]] == [page]
    assert "on a visit to Kosovo" in (tmp_path / "site" / page).read_text("utf-8")


def test_a_changed_option_or_template_writes_every_file_again(tmp_path: Path) -> None:
    _copy_examples(tmp_path)
    assert export("releases", "--format", "text", "-o", "txt", cwd=tmp_path).returncode == 0
    narrow = export("releases", "--format", "text", "--width", "40", "-o", "txt", cwd=tmp_path)
    assert narrow.returncode == 0
    for text in _contents(tmp_path / "txt").values():
        assert max(len(line) for line in text.decode().splitlines()) <= 40
    template = tmp_path / "page.html"
    template.write_text("<h1>{{ record.title }}</h1>\n", encoding="utf-8")
    assert export("releases", "--template", "page.html", "-o", "site", cwd=tmp_path).returncode == 0
    template.write_text("<h2>{{ record.title }}</h2>\n", encoding="utf-8")
    assert export("releases", "--template", "page.html", "-o", "site", cwd=tmp_path).returncode == 0
    pages = {
        name: page for name, page in _contents(tmp_path / "site").items() if name.endswith(".html")
    }
    assert len(pages) == len(VALID_EXAMPLES)
    assert all(page.startswith(b"<h2>") for page in pages.values())


def test_compiled_templates_are_kept_in_the_cache_and_loaded_again(tmp_path: Path) -> None:
    _copy_examples(tmp_path)
    assert export("releases", "-o", "site", cwd=tmp_path).returncode == 0
    kept = sorted((tmp_path / ".osce_cache" / "templates" / "trusted").iterdir())
    assert len(kept) == 1  # the page template, compiled
    stamp = kept[0].stat().st_mtime_ns, kept[0].stat().st_ino
    first = _contents(tmp_path / "site")
    shutil.rmtree(tmp_path / "site")
    assert export("releases", "-o", "site", cwd=tmp_path).returncode == 0
    assert (kept[0].stat().st_mtime_ns, kept[0].stat().st_ino) == stamp  # loaded, not written
    assert _contents(tmp_path / "site") == first
    # A cache where no folder can be made is done without.
    shutil.rmtree(tmp_path / ".osce_cache" / "templates")
    (tmp_path / ".osce_cache" / "templates").write_text("not a folder\n", encoding="utf-8")
    shutil.rmtree(tmp_path / "site")
    result = export("releases", "-o", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert _contents(tmp_path / "site") == first


def test_an_edited_or_deleted_output_is_put_back(tmp_path: Path) -> None:
    _copy_examples(tmp_path)
    site = tmp_path / "site"
    assert export("releases", "-o", "site", cwd=tmp_path).returncode == 0
    contents = _contents(site)
    edited, deleted, *_ = sorted(contents)
    (site / edited).write_bytes(contents[edited].replace(b"<h1>", b"<h1>EDITED "))
    (site / deleted).unlink()
    before = _stamps(site)
    assert export("releases", "-o", "site", cwd=tmp_path).returncode == 0
    assert _contents(site) == contents
    after = _stamps(site)
    assert [name for name in after if after[name] != before.get(name)] == [edited, deleted]


def test_outputs_already_right_are_not_written_again_without_the_cache(tmp_path: Path) -> None:
    _copy_examples(tmp_path)
    assert export("releases", "--format", "json", "-o", "out", cwd=tmp_path).returncode == 0
    before = _stamps(tmp_path / "out")
    shutil.rmtree(tmp_path / ".osce_cache")
    assert export("releases", "--format", "json", "-o", "out", cwd=tmp_path).returncode == 0
    assert _stamps(tmp_path / "out") == before


def test_an_embargoed_page_is_not_rendered_and_taken_down_until_the_embargo_passes(
    tmp_path: Path,
) -> None:
    _copy_examples(tmp_path)
    embargoed = "releases/2025/" + next((EXAMPLES / "2025").iterdir()).name
    page = tmp_path / "site" / "2025" / Path(embargoed).with_suffix(".html").name
    before_embargo = ("--now", "2025-03-07T23:00:00Z")
    skipped = export("releases", "-o", "site", *before_embargo, cwd=tmp_path)
    notice = f"osce: skipped {embargoed}: embargoed until 2025-03-08T00:01:00+01:00\n"
    assert skipped.stderr.decode().startswith(notice)
    assert not page.exists()
    again = export("releases", "-o", "site", *before_embargo, cwd=tmp_path)
    assert again.stderr == skipped.stderr
    forced = export("releases", "-o", "site", *before_embargo, "--include-embargoed", cwd=tmp_path)
    assert forced.returncode == 0 and page.is_file()
    written = _stamps(tmp_path / "site")
    published_early = page.read_bytes()
    # Under embargo again: the page published early comes down, with its folder.
    taken_down = export("releases", "-o", "site", *before_embargo, cwd=tmp_path)
    assert taken_down.stderr.decode() == (
        skipped.stderr.decode()
        + "osce: removed 1 file no longer exported and 1 folder left empty:\n"
        + f"  site/2025/{page.name}\n  site/2025/\n"
    )
    assert not page.parent.exists()
    assert _stamps(tmp_path / "site") == {
        name: stamp for name, stamp in written.items() if not name.startswith("2025/")
    }
    lifted = export("releases", "-o", "site", "--now", "2025-03-09T00:00:00Z", cwd=tmp_path)
    assert lifted.stderr.decode() == f"osce: exported {len(VALID_EXAMPLES)} releases to site\n"
    assert page.read_bytes() == published_early


def _export_in_process(
    releases: Path,
    output: Path,
    jobs: int,
    capsys: pytest.CaptureFixture[str],
    *,
    cache: bool = True,
    output_format: str = "html",
) -> tuple[int, str]:
    from osce_cli.config import Config
    from osce_cli.export.export_options import ExportOptions
    from osce_cli.export.run import export
    from osce_cli.validate.checker import Settings
    from osce_cli.validate.discovery import collect

    config = Config(root=releases.parent)
    targets = collect([str(releases)], root=config.root)
    options = ExportOptions(output_format, output=output, jobs=jobs, cache=cache)
    settings = Settings(config=config)
    code = export(targets, settings, options, sys.stdout, io.BytesIO, print)
    return code, capsys.readouterr().err


def test_exports_from_several_processes_are_the_same_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from osce_cli.support.pool import PARALLEL_FROM

    releases = tmp_path / "releases"
    releases.mkdir()
    for n in range(PARALLEL_FROM + 20):
        text = VALID.replace("help promote democracy", f"help promote democracy ({n})")
        (releases / f"r{n:03}.md").write_text(text, encoding="utf-8")
    one, err_one = _export_in_process(releases, tmp_path / "one", 1, capsys)
    two, err_two = _export_in_process(releases, tmp_path / "two", 2, capsys)
    assert (one, two) == (0, 0)
    assert err_one.replace("one", "two") == err_two
    assert _contents(tmp_path / "one") == _contents(tmp_path / "two")
    # Without the cache, every release is validated and rendered in the workers.
    fresh, err_fresh = _export_in_process(releases, tmp_path / "new", 2, capsys, cache=False)
    assert (fresh, err_fresh) == (0, err_one.replace("one", "new"))
    assert _contents(tmp_path / "new") == _contents(tmp_path / "one")
    # A file that cannot be written stops the export; every file written is listed.
    shutil.rmtree(tmp_path / "two")
    (tmp_path / "two" / "r100.html").mkdir(parents=True)
    code, err = _export_in_process(releases, tmp_path / "two", 2, capsys)
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == f"osce: error: {tmp_path / 'two' / 'r100.html'}: is a directory"
    listed = sorted(line.strip() for line in lines[2:])
    assert lines[1] == f"osce: {len(listed)} files were written before the error:"
    on_disk = sorted(str(p) for p in (tmp_path / "two").iterdir() if p.is_file())
    assert listed == on_disk
    assert all(f"r{n:03}.html" in " ".join(listed) for n in range(100))


def test_standard_input_among_files_is_read_once_and_exported(tmp_path: Path) -> None:
    release = next((EXAMPLES / "2007").iterdir())
    result = run_osce(
        "export",
        "-",
        str(release),
        "--format",
        "json",
        "-o",
        "out",
        "--stdin-filename",
        "in/piped.md",
        input_bytes=release.read_bytes(),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode()
    piped = json.loads((tmp_path / "out" / "piped.json").read_text("utf-8"))
    named = json.loads((tmp_path / "out" / release.with_suffix(".json").name).read_text("utf-8"))
    jsonschema.validate(piped, RELEASE_SCHEMA)  # a file of a folder holds one release
    assert piped["path"] == "in/piped.md" and piped["id"] == "piped"
    assert {**piped, "path": named["path"], "id": named["id"]} == named


def test_no_cache_and_jobs_flags(tmp_path: Path) -> None:
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "r.md").write_text(VALID, encoding="utf-8")
    second = VALID.replace("title: OSCE", "title: Second OSCE")
    (tmp_path / "releases" / "s.md").write_text(second, "utf-8")
    result = run_osce(
        "export", "releases", "-f", "json", "-o", "out", "--no-cache", "-j", "1", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.json", "s.json"]
    assert not (tmp_path / ".osce_cache").exists()
    refused = run_osce("export", ".", "-f", "json", "-o", "out", "--jobs", "0", cwd=tmp_path)
    assert (refused.returncode, refused.stderr) == (2, b"osce: error: --jobs must be 1 or more\n")


def test_a_release_changed_after_validation_is_rendered_as_it_is_now(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from osce_cli.export import run

    releases = tmp_path / "releases"
    releases.mkdir()
    release = releases / "r.md"
    release.write_text(VALID, encoding="utf-8")
    (releases / "s.md").write_text(VALID, encoding="utf-8")
    validate = run._validate

    def validate_then_edit(*args: object, **kwargs: object) -> object:
        outcome = validate(*args, **kwargs)  # type: ignore[arg-type]
        release.write_text(VALID.replace("calm and orderly", "calm"), encoding="utf-8")
        return outcome

    monkeypatch.setattr(run, "_validate", validate_then_edit)
    code, _ = _export_in_process(releases, tmp_path / "out", 1, capsys, cache=False)
    assert code == 0
    assert "were calm.</p>" in (tmp_path / "out" / "r.html").read_text("utf-8")
    assert "calm and orderly" in (tmp_path / "out" / "s.html").read_text("utf-8")
