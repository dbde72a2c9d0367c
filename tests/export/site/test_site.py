"""`osce export --format site`: a press room that real tools accept.

One site is built for the session (the examples, 55 generated releases and
one under embargo: ``archive.py``) and checked by lxml (RELAX NG, Schematron, XSD, a link
crawl), feedparser and the Nu HTML Checker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from osce_cli.export.site.sitemap import sitemaps
from tests.conftest import EXAMPLES
from tests.export.conftest import EXPORT_PAGES, NuFindings
from tests.export.site.archive import (
    BASE,
    EMBARGOED_TITLE,
    FINNISH_2025,
    GENERATED,
    KOSOVO_2007,
    MEDIA_2023,
    MEDIA_2023_RU,
    ONE_PAGE_OF_EACH_KIND,
    PAGE_SIZE,
    export_site,
    generated,
    make_archive,
)
from tests.export.site.sitechecks import ATOM_NS, SITEMAP_NS, atom_problems, crawl, sitemap_problems

# The archive and its site are built once for the session (tests/export/conftest.py),
# as the Nu HTML Checker's one run checks their pages with the release pages: the
# tests that read them are in the group EXPORT_PAGES, so that one worker builds them.


@pytest.fixture
def archive(site_archive: Path) -> Path:
    return site_archive


@pytest.fixture
def site(archive_site: Path) -> Path:
    return archive_site


def published_count() -> int:
    examples = [p for p in EXAMPLES.rglob("*.md") if "invalid" not in p.parts]
    return len(examples) + GENERATED


def titles(page: Path) -> list[str]:
    root = lxml.html.parse(str(page)).getroot()
    return [h.text_content() for h in root.xpath("//ul[@class='entries']/li/h2")]


def listing_titles(site: Path, folder: str) -> list[str]:
    """The titles of every page of a listing, following its "Older releases" links."""
    found: list[str] = []
    page: Path | None = site / folder / "index.html"
    while page is not None:
        found += titles(page)
        older = lxml.html.parse(str(page)).getroot().xpath("//a[@rel='next']/@href")
        page = (page.parent / older[0]).resolve() if older else None
    return found


def all_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- structure


@EXPORT_PAGES
def test_the_site_has_every_kind_of_page(site: Path) -> None:
    for path in (
        "index.html",
        "page/2/index.html",
        "feed.xml",
        "sitemap.xml",
        "years/index.html",
        "years/2007/index.html",
        "years/2007/feed.xml",
        "fields/index.html",
        "fields/elections/index.html",
        "fields/elections/page/2/index.html",
        "fields/elections/feed.xml",
        "states/serbia/index.html",
        "sources/mission-in-kosovo/index.html",
        "types/press-release/index.html",
        "types/index.html",
        "meetings/index.html",
        "releases/2007/" + KOSOVO_2007,
    ):
        assert (site / path).is_file(), path


@EXPORT_PAGES
def test_index_is_newest_first_and_paginated(site: Path) -> None:
    pages = [site / "index.html"]
    number = 2
    while (site / "page" / str(number) / "index.html").is_file():
        pages.append(site / "page" / str(number) / "index.html")
        number += 1
    assert len(pages) == -(-published_count() // PAGE_SIZE)
    listed: list[str] = []
    dates: list[str] = []
    for page in pages:
        root = lxml.html.parse(str(page)).getroot()
        entries = root.xpath("//ul[@class='entries']/li")
        assert 0 < len(entries) <= PAGE_SIZE
        listed += [e.xpath("string(h2)") for e in entries]
        dates += [e.xpath("string(.//time/@datetime)") for e in entries]
    assert len(listed) == published_count() == len(set(listed))
    assert dates == sorted(dates, reverse=True)
    assert listed[0] == (
        "Finnish OSCE Chairpersonship calls for full participation of women in peace and security"
    )
    first = (
        lxml.html.parse(str(site / "index.html")).getroot().xpath("//ul[@class='entries']/li")[0]
    )
    meta = first.xpath("string(p[@class='meta'])")
    assert meta == "8 March 2025 · Vienna · Press release"
    assert first.xpath("string(p[@class='teaser'])").startswith(
        "On International Women's Day, the Finnish OSCE Chairpersonship called on"
    )
    second = lxml.html.parse(str(site / "page/2/index.html")).getroot()
    assert second.xpath("//a[@rel='prev']/@href") == ["../../index.html"]
    assert second.xpath("//link[@rel='canonical']/@href") == [BASE + "page/2/index.html"]


@EXPORT_PAGES
def test_teaser_is_the_first_sentence_when_there_is_no_summary(site: Path) -> None:
    root = lxml.html.parse(str(site / "years/2008/index.html")).getroot()
    teasers = root.xpath("//p[@class='teaser']/text()")
    assert teasers and set(teasers) == {"The elections held in Kosovo today were calm and orderly."}


@EXPORT_PAGES
def test_listings_per_facet_value_hold_exactly_its_releases(site: Path) -> None:
    serbia = listing_titles(site, "states/serbia")
    assert "OSCE Chairman urges Kosovo leaders to safeguard the rights of all communities" in serbia
    assert all("Finnish" not in title for title in serbia)  # the Finnish release names Finland only
    finland = listing_titles(site, "states/finland")
    assert finland == [
        "Finnish OSCE Chairpersonship calls for full participation of women in peace and security"
    ]
    assert len(listing_titles(site, "years/1997")) == 1
    elections = listing_titles(site, "fields/elections")
    assert len(elections) == len(set(elections)) == GENERATED + 1


@EXPORT_PAGES
def test_facet_pages_list_values_with_counts(site: Path) -> None:
    root = lxml.html.parse(str(site / "fields/index.html")).getroot()
    values = {
        li.xpath("string(a)"): li.xpath("string(span)")
        for li in root.xpath("//ul[@class='values']/li")
    }
    elections = GENERATED + 1  # the generated releases and the 2015 example
    assert values["Elections"] == f"({elections})"
    assert root.xpath("//a[text()='Elections']/@href") == ["elections/index.html"]
    years = lxml.html.parse(str(site / "years/index.html")).getroot()
    assert years.xpath("//a[text()='1997']/@href") == ["1997/index.html"]


@EXPORT_PAGES
def test_release_pages_link_to_their_listings_and_feed(site: Path) -> None:
    page = site / "releases/2007" / KOSOVO_2007
    root = lxml.html.parse(str(page)).getroot()
    assert root.xpath("//a[text()='Serbia']/@href") == ["../../states/serbia/index.html"]
    assert root.xpath("//a[text()='OSCE Mission in Kosovo']/@href") == [
        "../../sources/mission-in-kosovo/index.html"
    ]
    assert root.xpath("//dd/a[text()='Press release']/@href") == [
        "../../types/press-release/index.html"
    ]
    assert root.xpath("//link[@type='application/atom+xml']/@href") == ["../../feed.xml"]
    assert root.xpath("//link[@rel='canonical']/@href") == [BASE + "releases/2007/" + page.name]
    assert "../../index.html" in root.xpath("//nav//a/@href")


@EXPORT_PAGES
def test_each_language_has_its_listing_and_feed_in_that_language(site: Path) -> None:
    listing = (site / "languages/ru/index.html").read_text("utf-8")
    assert listing.startswith('<!DOCTYPE html>\n<html lang="ru" dir="ltr">\n')
    assert '<li><a href="../../languages/index.html">Языки</a></li>' in listing
    assert (
        '<li lang="ru">\n<h2><a href="../../releases/2023/'
        + MEDIA_2023
        + '.ru.html">'
        + MEDIA_2023_RU
        + "</a></h2>\n"
        '<p class="meta"><time datetime="2023-03-06">6 марта 2023\u202fг.</time>'
        " · Вена · Пресс-релиз</p>\n"
    ) in listing
    assert titles(site / "languages/ru/index.html") == [MEDIA_2023_RU]
    feed = feedparser.parse((site / "languages/ru/feed.xml").read_bytes())
    assert [entry.link for entry in feed.entries] == [
        BASE + "releases/2023/" + MEDIA_2023 + ".ru.html"
    ]
    # The English listing holds the others; the page of languages names each in itself.
    assert len(titles(site / "languages/en/index.html")) == PAGE_SIZE
    languages = lxml.html.parse(str(site / "languages/index.html")).getroot()
    assert [a.text_content() for a in languages.xpath("//ul[@class='values']//a")] == [
        "English",
        "русский",
    ]
    # The release pages link each other, with full addresses for search engines.
    page = (site / "releases/2023" / (MEDIA_2023 + ".html")).read_text("utf-8")
    assert (
        f'<link rel="alternate" hreflang="en" href="{BASE}releases/2023/{MEDIA_2023}.html">\n'
        f'<link rel="alternate" hreflang="ru" href="{BASE}releases/2023/{MEDIA_2023}.ru.html">\n'
    ) in page
    assert f'<a href="{MEDIA_2023}.ru.html" lang="ru" hreflang="ru">русский</a>' in page


@EXPORT_PAGES
def test_a_release_is_the_same_entry_in_every_feed_that_shows_it(site: Path) -> None:
    entry = (
        '  <entry xml:lang="en">\n'
        f"    <id>tag:press.example.org,2007-07-10:{KOSOVO_2007.removesuffix('.html')}</id>\n"
        "    <title>OSCE Chairman urges Kosovo leaders to safeguard the rights of all"
        " communities</title>\n"
        "    <updated>2007-07-10T00:00:00Z</updated>\n"
        "    <published>2007-07-10T00:00:00Z</published>\n"
    )
    link = (
        f'    <link rel="alternate" type="text/html" href="{BASE}releases/2007/{KOSOVO_2007}" />\n'
        f'    <category term="press-release" scheme="{BASE}types/" label="Press release" />\n'
    )
    shown_in = [
        "states/serbia/feed.xml",
        "years/2007/feed.xml",
        "sources/mission-in-kosovo/feed.xml",
    ]
    found = []
    for name in shown_in:
        text = (site / name).read_text("utf-8")
        start = text.index(entry)
        found.append(text[start : text.index("</entry>\n", start)])
        assert link in found[-1], name
    assert found == [found[0]] * len(shown_in)
    assert found[0].count("<author>") == 2  # the Chairpersonship and the Mission in Kosovo


def site_with_templates(tmp_path: Path, count: int, templates: dict[str, str]) -> Path:
    """The site of an archive whose configuration names a folder of these site templates."""
    archive = make_archive(tmp_path / "a", count=count)
    (archive / "templates").mkdir()
    for name, text in templates.items():
        (archive / "templates" / name).write_text(text, encoding="utf-8")
    with (archive / "osce.toml").open("a", encoding="utf-8") as config:
        config.write('site-templates = "templates"\n')
    out = archive / "public"
    result = export_site(archive, out)
    assert result.returncode == 0, result.stderr.decode()
    return out


def test_a_project_feed_template_replaces_the_built_in_one(tmp_path: Path) -> None:
    out = site_with_templates(
        tmp_path,
        1,
        {
            "feed-entry.xml": "<entry><id>{{ entry.id }}</id><title>{{ entry.title }}</title>"
            "<updated>{{ entry.updated }}</updated><link href='{{ entry.url }}'/>"
            "<rights>© OSCE</rights></entry>\n"
        },
    )
    data = (out / "years/1997/feed.xml").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=")
    assert b"<rights>\xc2\xa9 OSCE</rights></entry>\n</feed>\n" in data
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    assert [entry.rights for entry in parsed.entries] == ["© OSCE"]


@EXPORT_PAGES
def test_embargoed_release_appears_nowhere(site: Path) -> None:
    for path in all_files(site):
        data = path.read_bytes()
        assert b"under embargo" not in data, path
        assert b"2026-06-01" not in data, path
    assert not (site / "years" / "2026").exists()


@EXPORT_PAGES
def test_absolute_urls_only_in_canonical_and_language_links(site: Path) -> None:
    for page in site.rglob("*.html"):
        root = lxml.html.parse(str(page)).getroot()
        absolute = [
            element.tag + ":" + link
            for element, _, link, _ in root.iterlinks()
            if link.startswith(BASE) and element.get("hreflang") is None
        ]
        assert absolute == ["link:" + BASE + page.relative_to(site).as_posix()], page
        # Search engines want full addresses in <link rel="alternate" hreflang>:
        # each names a page of the site.
        for link in root.xpath("//head/link[@hreflang]/@href"):
            assert link.startswith(BASE), page
            assert (site / link[len(BASE) :]).is_file(), link


# --------------------------------------------------------------------------- real tools


@EXPORT_PAGES
def test_every_internal_link_resolves_and_no_page_is_orphaned(site: Path) -> None:
    problems, orphans = crawl(site)
    assert problems == []
    assert orphans == []


@EXPORT_PAGES
def test_every_feed_is_valid_atom_for_rfc_4287_and_feedparser(site: Path) -> None:
    feeds = sorted(site.rglob("feed.xml"))
    assert len(feeds) > 20
    for path in feeds:
        data = path.read_bytes()
        assert atom_problems(data) == [], path
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert 0 < len(parsed.entries) <= 50
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)) and all(
            i.startswith("tag:press.example.org,") for i in ids
        )
        assert all(entry.updated_parsed is not None for entry in parsed.entries)
        assert all(link.href.startswith(BASE) for link in parsed.feed.links)
        assert all(entry.link.startswith(BASE + "releases/") for entry in parsed.entries)


@EXPORT_PAGES
def test_the_main_feed_holds_the_latest_50_with_dates_from_the_releases(site: Path) -> None:
    tree = etree.parse(str(site / "feed.xml"))
    ns = {"a": ATOM_NS}
    entries = tree.findall("a:entry", ns)
    assert len(entries) == 50
    updated = [e.findtext("a:updated", namespaces=ns) for e in entries]
    assert updated == sorted(updated, reverse=True)
    # The embargoed example's time, in UTC; the others' dates at midnight.
    assert updated[0] == "2025-03-07T23:01:00Z"
    assert tree.findtext("a:updated", namespaces=ns) == "2025-03-07T23:01:00Z"
    assert entries[0].findtext("a:id", namespaces=ns) == (
        "tag:press.example.org,2025-03-08:2025-03-08-finnish-osce-chairpersonship-calls-for-full-"
        "participation-of-women-in-peace-and"
    )


@EXPORT_PAGES
def test_sitemap_is_valid_and_names_every_page_under_the_base_url(site: Path) -> None:
    data = (site / "sitemap.xml").read_bytes()
    assert sitemap_problems(data) == []
    locs = etree.fromstring(data).findall(f"{{{SITEMAP_NS}}}url/{{{SITEMAP_NS}}}loc")
    urls = [loc.text or "" for loc in locs]
    pages = {BASE + p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert len(urls) == len(set(urls))
    assert set(urls) == pages


def test_a_sitemap_index_past_the_url_limit_is_valid() -> None:
    pages = [(f"releases/{n}.html", f"2020-01-{n + 1:02d}") for n in range(7)]
    files = {name: make() for name, _, make in sitemaps(BASE, pages, limit=3)}
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    for data in files.values():
        assert sitemap_problems(data) == []
    index = etree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    assert [loc.text for loc in index.iter(f"{{{SITEMAP_NS}}}loc")] == [
        BASE + "sitemap-1.xml",
        BASE + "sitemap-2.xml",
        BASE + "sitemap-3.xml",
    ]
    counted = sum(
        len(etree.fromstring(files[f"sitemap-{n}.xml"]).findall(f"{{{SITEMAP_NS}}}url"))
        for n in (1, 2, 3)
    )
    assert counted == 7


@EXPORT_PAGES
def test_every_kind_of_page_is_valid_html5_for_the_nu_checker(
    site: Path, nu_findings: NuFindings
) -> None:
    assert nu_findings.problems([site / kind for kind in ONE_PAGE_OF_EACH_KIND]) == []


# --------------------------------------------------------------------------- bytes and runs


@EXPORT_PAGES
def test_the_same_archive_gives_the_same_bytes(archive: Path, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = export_site(archive, again, "--no-cache")
    assert result.returncode == 0, result.stderr.decode()
    first = {p.relative_to(site): p.read_bytes() for p in all_files(site)}
    second = {p.relative_to(again): p.read_bytes() for p in all_files(again)}
    assert first == second


@EXPORT_PAGES
def test_include_embargoed_publishes_it_everywhere(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "all"
    result = export_site(archive, out, "--include-embargoed")
    assert result.returncode == 0, result.stderr.decode()
    assert titles(out / "index.html")[0] == EMBARGOED_TITLE
    assert (out / "years/2026/index.html").is_file()
    assert b"2026-05-31T07:00:00Z" not in (out / "feed.xml").read_bytes()
    assert b"<updated>2026-06-01T07:00:00Z</updated>" in (out / "feed.xml").read_bytes()


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
        for p in all_files(folder)
    }


def test_a_re_export_rewrites_only_the_files_a_change_concerns(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "small", count=3)
    out = archive / "public"
    assert export_site(archive, out).returncode == 0
    before = _stamps(out)
    result = export_site(archive, out)
    assert result.returncode == 0, result.stderr.decode()
    assert _stamps(out) == before  # nothing changed: nothing written
    _retitle(archive)
    assert export_site(archive, out).returncode == 0
    after = _stamps(out)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == [
        "feed.xml",
        "fields/elections/feed.xml",
        "fields/elections/index.html",
        "index.html",
        "languages/en/feed.xml",
        "languages/en/index.html",
        "releases/2008/2008-01-04-report-1.html",
        "sources/chairpersonship/feed.xml",
        "sources/chairpersonship/index.html",
        "sources/mission-in-kosovo/feed.xml",
        "sources/mission-in-kosovo/index.html",
        "states/serbia/feed.xml",
        "states/serbia/index.html",
        "types/press-release/feed.xml",
        "types/press-release/index.html",
        "years/2008/feed.xml",
        "years/2008/index.html",
    ]
    assert b"report number one" in (out / "years/2008/index.html").read_bytes()
    # Without the stored entries, the releases are read again: the same site, nothing written.
    for stored in (archive / ".osce_cache").glob("site-v*.sqlite*"):
        stored.unlink()
    assert export_site(archive, out).returncode == 0
    assert _stamps(out) == after


def _retitle(archive: Path) -> Path:
    """Change one generated release's title (and so what its listings show); its path."""
    release = archive / "releases/2008/2008-01-04-report-1.md"
    release.write_text(
        release.read_text("utf-8").replace("report number 1", "report number one"), "utf-8"
    )
    return release


def _same_as_a_fresh_export(archive: Path, out: Path, fresh: Path) -> None:
    assert export_site(archive, fresh, "--no-cache").returncode == 0
    made = {p.relative_to(out): p.read_bytes() for p in all_files(out)}
    assert made == {p.relative_to(fresh): p.read_bytes() for p in all_files(fresh)}


def test_a_re_export_after_any_change_is_the_site_a_fresh_export_makes(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "small", count=25)
    out = archive / "public"
    assert export_site(archive, out).returncode == 0
    # A new title: only the files showing the release are made again.
    release = _retitle(archive)
    assert export_site(archive, out).returncode == 0
    _same_as_a_fresh_export(archive, out, tmp_path / "fresh-1")
    # A release moves to another day (every listing it is in changes order),
    # and a listing page was deleted by hand: the whole site is made again.
    release.write_text(generated(dt.date(2008, 2, 20), 1), "utf-8")
    (out / "years/2008/page/2/index.html").unlink()
    result = export_site(archive, out)
    assert result.returncode == 0, result.stderr.decode()
    _same_as_a_fresh_export(archive, out, tmp_path / "fresh-2")


# --------------------------------------------------------------------------- the command line


def test_without_a_base_url_the_export_stops_naming_the_flag(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "a", count=1)
    (archive / "osce.toml").write_text("", encoding="utf-8")
    result = export_site(archive, archive / "public")
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "osce: error: --format site needs --base-url URL (or base-url in the configuration)\n"
    )
    assert not (archive / "public").exists()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "ftp://example.org/",
            "must be an absolute http:// or https:// URL, not 'ftp://example.org/'",
        ),
        ("example.org/room", "must be an absolute http:// or https:// URL, not 'example.org/room'"),
        (
            "https://example.org/?a=1",
            "must not have a query or a fragment: 'https://example.org/?a=1'",
        ),
    ],
)
def test_a_bad_base_url_is_a_usage_error(tmp_path: Path, given: str, message: str) -> None:
    archive = make_archive(tmp_path / "a", count=1)
    result = export_site(archive, archive / "public", "--base-url", given)
    assert result.returncode == 2
    assert result.stderr.decode() == f"osce: error: --base-url: {message}\n"


def test_the_flag_wins_over_the_configuration_and_a_trailing_slash_is_added(
    tmp_path: Path,
) -> None:
    archive = make_archive(tmp_path / "a", count=1)
    out = archive / "public"
    result = export_site(archive, out, "--base-url", "http://localhost:8000/news")
    assert result.returncode == 0, result.stderr.decode()
    assert b"<loc>http://localhost:8000/news/index.html</loc>" in (out / "sitemap.xml").read_bytes()


def test_a_bad_base_url_in_the_configuration_names_the_file_and_key(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "a", count=1)
    (archive / "osce.toml").write_text('base-url = "press.example.org"\n', encoding="utf-8")
    result = export_site(archive, archive / "public")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.count("\n") == 1 and "osce.toml" in stderr and "base-url" in stderr
    assert "must be an absolute http:// or https:// URL" in stderr


def test_a_project_listing_template_replaces_the_built_in_one(tmp_path: Path) -> None:
    out = site_with_templates(
        tmp_path,
        1,
        {
            "listing.html": "<!DOCTYPE html><title>{{ title }}</title>{% for entry in entries %}"
            "<a href='{{ entry.href }}'>{{ entry.title }}</a>{% endfor %}\n"
        },
    )
    index = (out / "years/1997/index.html").read_text("utf-8")
    assert index == (
        "<!DOCTYPE html><title>1997</title><a href='../../releases/1997/"
        "1997-11-05-permanent-council-adopts-mandate-of-osce-representative-on-freedom-of-the-"
        "media.html'>Permanent Council adopts mandate of OSCE Representative on Freedom of the "
        "Media</a>\n"
    )
    assert "Structures and field operations" in (out / "sources/index.html").read_text("utf-8")


def test_a_project_listing_template_may_go_through_the_navigation_or_show_it_whole(
    tmp_path: Path,
) -> None:
    out = site_with_templates(
        tmp_path,
        1,
        {
            "listing.html": "{% for label, href in site.nav %}{{ label }}={{ href }}\n{% endfor %}"
            "{{ site.nav }}\n{{ items }}"
        },
    )
    built_in = (out / "years/1997/index.html").read_text("utf-8")
    pairs, _, rest = built_in.partition("<nav")
    assert pairs.splitlines() == [
        "Latest releases=../../index.html",
        "Years=../../years/index.html",
        "Content types=../../types/index.html",
        "Structures and field operations=../../sources/index.html",
        "Fields of work=../../fields/index.html",
        "Participating States and Partners=../../states/index.html",
        "Meetings and conferences=../../meetings/index.html",
        "Languages=../../languages/index.html",
    ]
    navigation, _, items = ("<nav" + rest).partition("</nav>\n")
    assert navigation == (
        '<nav aria-label="Site">\n<ul>\n'
        + "".join(
            f'<li><a href="{href}">{label}</a></li>\n'
            for label, _, href in (pair.partition("=") for pair in pairs.splitlines())
        )
        + "</ul>\n"
    )
    assert items.startswith('<li lang="en">\n<h2><a href="../../releases/1997/')
    assert items.endswith("</li>\n")


def test_a_project_listing_template_asking_for_a_release_page_s_links_is_told_they_are_not_there(
    tmp_path: Path,
) -> None:
    archive = make_archive(tmp_path / "a", count=1)
    (archive / "templates").mkdir()
    listing = archive / "templates" / "listing.html"
    listing.write_text("<!DOCTYPE html>{{ site.canonical }}\n", encoding="utf-8")
    with (archive / "osce.toml").open("a", encoding="utf-8") as config:
        config.write('site-templates = "templates"\n')
    result = export_site(archive, archive / "public")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[-1] == (
        f"osce: error: {listing}: template error: "
        "'osce_cli.export.site.pages.SiteFrame object' has no attribute 'canonical'"
    )


def test_a_project_listing_entry_template_makes_each_item(tmp_path: Path) -> None:
    out = site_with_templates(
        tmp_path,
        3,
        {
            "listing-entry.html": "<li><a href='{{ entry.href }}'>{{ entry.date }}: "
            "{{ entry.title }}</a></li>\n"
        },
    )
    # The same release at two depths: its link is relative to each page.
    title = "Permanent Council adopts mandate of OSCE Representative on Freedom of the Media"
    item = f"1997-11-05: {title}</a></li>\n"
    page = (
        "releases/1997/1997-11-05-permanent-council-adopts-mandate-of-osce-representative-on-"
        "freedom-of-the-media.html"
    )
    index = (out / "index.html").read_text("utf-8")
    year = (out / "years/1997/index.html").read_text("utf-8")
    assert f"<li><a href='{page}'>{item}" in index
    assert f"<li><a href='../../{page}'>{item}" in year
    assert '<ul class="entries">\n<li><a href=' in year  # the built-in page around it


def test_a_deleted_release_leaves_no_trace_and_foreign_files_stay(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "small", count=3)
    out = archive / "public"
    assert export_site(archive, out).returncode == 0
    assert (out / "states/finland/index.html").is_file()  # only the 2025 release is Finland's
    (out / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")  # not osce's
    (archive / "releases/2025" / FINNISH_2025.replace(".html", ".md")).unlink()
    result = export_site(archive, out)
    assert result.returncode == 0, result.stderr.decode()
    err = result.stderr.decode()
    assert f"  {out}/releases/2025/{FINNISH_2025}\n" in err
    assert f"  {out}/states/finland/feed.xml\n  {out}/states/finland/index.html\n" in err
    for gone in ("states/finland", "years/2025", "releases/2025"):
        assert not (out / gone).exists(), gone
    everything = b"".join(path.read_bytes() for path in all_files(out))
    assert b"Finnish OSCE Chairpersonship" not in everything  # no listing, feed or sitemap
    assert b"states/finland/" not in everything
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\n"
    # Nothing left to remove the next time.
    again = export_site(archive, out)
    assert again.returncode == 0 and b"removed" not in again.stderr


def test_a_listing_page_changed_by_hand_is_made_again_when_another_release_changes(
    tmp_path: Path,
) -> None:
    archive = make_archive(tmp_path / "small", count=3)
    out = archive / "public"
    assert export_site(archive, out).returncode == 0
    (out / "years/2025/index.html").write_bytes(b"<p>edited by hand</p>\n")
    _retitle(archive)
    result = export_site(archive, out)
    assert result.returncode == 0, result.stderr.decode()
    _same_as_a_fresh_export(archive, out, tmp_path / "fresh")


def test_without_the_export_manifest_the_site_is_made_again_and_still_pruned(
    tmp_path: Path,
) -> None:
    archive = make_archive(tmp_path / "small", count=3)
    out = archive / "public"
    assert export_site(archive, out).returncode == 0
    # The manifest holds the one record of each file: without it, every file is made again.
    for manifest in (archive / ".osce_cache").glob("exports-v*.sqlite*"):
        manifest.unlink()
    result = export_site(archive, out)
    assert result.returncode == 0, result.stderr.decode()
    _same_as_a_fresh_export(archive, out, tmp_path / "fresh")
    # ... and recorded again: the listing only a deleted release needed goes.
    (archive / "releases/2025" / FINNISH_2025.replace(".html", ".md")).unlink()
    result = export_site(archive, out)
    assert result.returncode == 0, result.stderr.decode()
    assert f"  {out}/states/finland/feed.xml\n  {out}/states/finland/index.html\n" in (
        result.stderr.decode()
    )
    assert not (out / "states/finland").exists()
