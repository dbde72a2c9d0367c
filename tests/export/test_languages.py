"""A release's language versions exported: pages in their language, linked to
each other, JSON records listing them, and the catalogs of the pages' words."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from osce_cli.cli.app import app
from tests.conftest import EXAMPLES, REPO

EXPORT_SCHEMA = json.loads((REPO / "schemas" / "export.schema.json").read_text("utf-8"))
RELEASE_SCHEMA = json.loads((REPO / "schemas" / "export-release.schema.json").read_text("utf-8"))
STEM = "2023-03-06-osce-media-freedom-representative-calls-for-protection-of-local-journalists"
EN, RU, AR = f"{STEM}.html", f"{STEM}.ru.html", f"{STEM}.ar.html"


def osce(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The English release and its Russian translation, as ``releases/2023/`` of a project."""
    folder = tmp_path / "releases" / "2023"
    folder.mkdir(parents=True)
    for path in (EXAMPLES / "2023").glob(f"{STEM}*.md"):
        shutil.copy(path, folder / path.name)
    (tmp_path / "osce.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def switcher(current: str) -> str:
    """The language switcher of the pair's pages, the page in ``current`` marked."""
    links = [("en", EN, "English"), ("ru", RU, "русский")]
    marked = ' aria-current="page"'
    items = "".join(
        f'<li><a href="{href}" lang="{tag}" hreflang="{tag}"'
        f"{marked if tag == current else ''}>{name}</a></li>\n"
        for tag, href, name in links
    )
    return f'<nav class="languages" aria-label="{{}}">\n<ul>\n{items}</ul>\n</nav>\n'


def test_the_russian_page_is_in_russian_and_links_its_english_original(
    runner: CliRunner, pair: Path
) -> None:
    code, _, err = osce(runner, "export", "releases", "-f", "html", "-o", "out")
    assert (code, err) == (0, "osce: exported 2 releases to out\n")
    russian = Path("out/2023", RU).read_text("utf-8")
    assert russian.startswith('<!DOCTYPE html>\n<html lang="ru" dir="ltr">\n')
    alternates = (
        f'<link rel="alternate" hreflang="en" href="{EN}">\n'
        f'<link rel="alternate" hreflang="ru" href="{RU}">\n'
    )
    assert alternates in russian
    assert switcher("ru").format("Языковые версии") in russian
    assert (
        "<dt>Дата публикации</dt>\n"
        '<dd><time datetime="2023-03-06">6 марта 2023\u202fг.</time></dd>\n'
        "<dt>Место</dt>\n<dd>Вена</dd>\n"
        "<dt>Вид контента</dt>\n<dd>Пресс-релиз</dd>\n"
        "<dt>Где мы работаем</dt>\n<dd>Представитель ОБСЕ по вопросам свободы СМИ</dd>\n"
        # A field of work with no Russian label keeps its English one.
        "<dt>Что мы делаем</dt>\n<dd>Свобода и развитие СМИ, Safety of journalists</dd>\n"
    ) in russian
    assert '<p class="type">Пресс-релиз</p>' in russian
    assert '"genre": "Пресс-релиз"' in russian and '"inLanguage": "ru"' in russian
    english = Path("out/2023", EN).read_text("utf-8")
    assert english.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n')
    assert alternates in english
    assert switcher("en").format("Language versions") in english
    assert "<dt>Publishing date</dt>\n" in english and "6 March 2023" in english


def test_a_right_to_left_translation_sets_dir_and_joins_the_switcher(
    runner: CliRunner, pair: Path
) -> None:
    russian = (pair / f"{STEM}.ru.md").read_text("utf-8")
    front, _, _ = russian.partition("\n---\n")
    arabic = front.replace("language: ru", "language: ar") + "\n---\nفيينا، 6 آذار/مارس 2023\n"
    (pair / f"{STEM}.ar.md").write_text(arabic, encoding="utf-8")
    code, _, err = osce(runner, "export", "releases", "-f", "html", "-o", "out")
    assert code == 0, err
    page = Path("out/2023", AR).read_text("utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n')
    # No Arabic catalog: the words stay English; the date is CLDR's Arabic one.
    assert '<dd><time datetime="2023-03-06">6 مارس 2023</time></dd>' in page
    assert (
        f'<li><a href="{AR}" lang="ar" hreflang="ar" aria-current="page">العربية</a></li>\n'
        f'<li><a href="{EN}" lang="en" hreflang="en">English</a></li>\n'
        f'<li><a href="{RU}" lang="ru" hreflang="ru">русский</a></li>\n'
    ) in page
    assert f'<link rel="alternate" hreflang="ar" href="{AR}">' in Path("out/2023", RU).read_text(
        "utf-8"
    )


def test_a_page_exported_alone_links_no_version_it_does_not_write(
    runner: CliRunner, pair: Path
) -> None:
    code, out, _ = osce(runner, "export", f"releases/2023/{STEM}.ru.md", "-f", "html")
    assert code == 0
    assert out.startswith('<!DOCTYPE html>\n<html lang="ru" dir="ltr">\n')
    assert "hreflang" not in out and 'class="languages"' not in out
    assert "<dt>Дата публикации</dt>" in out
    code, _, _ = osce(runner, "export", f"releases/2023/{STEM}.md", "-f", "html", "-o", "one.html")
    assert code == 0 and "hreflang" not in Path("one.html").read_text("utf-8")


def test_adding_or_removing_a_translation_updates_the_original_s_page(
    runner: CliRunner, pair: Path
) -> None:
    translation = pair / f"{STEM}.ru.md"
    kept = translation.read_bytes()
    translation.unlink()
    Path("out").mkdir()  # one release: into the folder because it exists
    assert osce(runner, "export", "releases", "-f", "html", "-o", "out")[0] == 0
    assert "hreflang" not in Path("out/2023", EN).read_text("utf-8")
    translation.write_bytes(kept)  # the original is unchanged, its page is not
    code, _, err = osce(runner, "export", "releases", "-f", "html", "-o", "out")
    assert (code, err) == (0, "osce: exported 2 releases to out\n")
    assert 'hreflang="ru"' in Path("out/2023", EN).read_text("utf-8")
    translation.unlink()
    code, _, err = osce(runner, "export", "releases", "-f", "html", "-o", "out")
    assert code == 0
    assert err.endswith(f"osce: removed 1 file no longer exported:\n  out/2023/{RU}\n")
    assert "hreflang" not in Path("out/2023", EN).read_text("utf-8")


def test_json_records_list_their_translations_by_the_path_the_record_uses(
    runner: CliRunner, pair: Path
) -> None:
    code, out, _ = osce(runner, "export", "releases", "-f", "json")
    assert code == 0
    records = json.loads(out)
    jsonschema.validate(records, EXPORT_SCHEMA)
    original = f"releases/2023/{STEM}.md"
    russian = f"releases/2023/{STEM}.ru.md"
    assert [(r["path"], r["language"], r["translations"]) for r in records] == [
        (original, "en", [{"language": "ru", "path": russian}]),
        (russian, "ru", [{"language": "en", "path": original}]),
    ]
    code, lines, _ = osce(runner, "export", "releases", "-f", "jsonl")
    for line in io.StringIO(lines):
        jsonschema.validate(json.loads(line), RELEASE_SCHEMA)
    assert [json.loads(line) for line in lines.splitlines()] == records
    code, one, _ = osce(runner, "export", russian, "-f", "json")
    (alone,) = json.loads(one)
    assert alone["translations"] == []  # no other version exported: none named
    jsonschema.validate(alone, RELEASE_SCHEMA)


# --------------------------------------------------------------------------- the catalogs


def catalogs() -> list[Path]:
    from osce_cli.export.messages import LOCALES

    found = sorted(LOCALES.glob("*/LC_MESSAGES/osce.po"))
    assert [path.parts[-3] for path in found] == ["ru"]
    return found


def test_each_shipped_catalog_is_its_po_file_compiled_by_babel() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in catalogs():
        with po.open("rb") as source:
            catalog = read_po(source)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        assert po.with_suffix(".mo").read_bytes() == compiled.getvalue(), (
            f"{po}: run .venv/bin/pybabel compile -D osce -d src/osce_cli/export/locales"
        )


def test_every_word_of_the_pages_is_translated_in_each_catalog() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    from osce_cli.export.to_html import TEMPLATES
    from osce_cli.format.keys import LISTINGS

    words = {
        message
        for _, _, message, _, _ in extract_from_dir(
            str(TEMPLATES), method_map=[("**.html", "jinja2")]
        )
    }
    words |= {"Site", "Latest releases", "Years"} | {heading for _, _, heading in LISTINGS}
    assert {"Publishing date", "Contacts", "Page %(number)s of %(page_count)s"} <= words
    for po in catalogs():
        with po.open("rb") as source:
            catalog = read_po(source)
        missing = sorted(word for word in words if not (catalog.get(word) and catalog[word].string))
        assert missing == [], po


def test_a_translation_under_embargo_is_not_linked_until_it_is_published(
    runner: CliRunner, pair: Path
) -> None:
    translation = pair / f"{STEM}.ru.md"
    text = translation.read_text("utf-8")
    translation.write_text(
        text.replace("language: ru\n", "language: ru\nembargo: 2023-03-07T09:00+01:00\n"), "utf-8"
    )
    before = ("--now", "2023-03-06T12:00Z")
    Path("out").mkdir()  # one release left to export: into the folder because it exists
    code, _, err = osce(runner, "export", "releases", "-f", "html", "-o", "out", *before)
    assert code == 0, err
    assert not Path("out/2023", RU).exists()
    assert "hreflang" not in Path("out/2023", EN).read_text("utf-8")
    code, out, _ = osce(runner, "export", "releases", "-f", "json", *before)
    assert [record["translations"] for record in json.loads(out)] == [[]]
    code, _, _ = osce(runner, "export", "releases", "-f", "html", "-o", "out")
    assert 'hreflang="ru"' in Path("out/2023", EN).read_text("utf-8")


@pytest.mark.parametrize("output_format", ["html", "site"])
def test_versions_whose_names_are_not_utf8_link_each_other_by_their_bytes(
    runner: CliRunner, pair: Path, output_format: str
) -> None:
    # "café note" in Latin-1: the name's é is the byte E9, which is not UTF-8.
    raw = os.fsencode(pair)
    for suffix in (".md", ".ru.md"):
        os.rename(
            os.path.join(raw, f"{STEM}{suffix}".encode()), raw + b"/caf\xe9 note" + suffix.encode()
        )
    site = ("--base-url", "https://press.example.org/") if output_format == "site" else ()
    for _ in range(2):  # the caches cannot hold such a name: the second run does without
        code, _, err = osce(runner, "export", "releases", "-f", output_format, "-o", "out", *site)
        assert (code, err) == (0, "osce: exported 2 releases to out\n")
    pages = os.fsencode("out/releases/2023" if output_format == "site" else "out/2023")
    english = Path(os.fsdecode(pages + b"/caf\xe9 note.html")).read_text("utf-8")
    assert '<a href="caf%E9%20note.ru.html" lang="ru" hreflang="ru">' in english
