"""The release page people publish: sanitized raw HTML, contacts, the organization, the stylesheet.

Checked by real tools: the Nu HTML Checker on every kind of page, and
axe-core (WCAG 2.1 AA) in headless Chromium, in the light and the dark
colour scheme.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from osce_cli.export.markdown import to_html
from osce_cli.export.to_html import tel_href
from tests.conftest import run_osce
from tests.export.conftest import (
    EXPORT_PAGES,
    LOGO_SVG,
    SITE_NAME,
    NuFindings,
    artifact_path,
    axe_violations,
    featured_project,
    open_page,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FEATURED = Path("2007") / "2007-11-18-kosovo-elections.html"

#: Raw HTML and Markdown, and exactly what a body makes of it.
SANITIZED = [
    ("<script>alert(1)</script>", ""),
    ("Text <script>alert(1)</script> after", "<p>Text  after</p>\n"),
    ("<style>p{color:red}</style>kept", "kept"),
    ('<img src=x onerror="alert(1)">', '<img src="x" alt="">'),
    ('<img src="map.png" alt="Map" style="width:9em">', '<img src="map.png" alt="Map">'),
    # An image without alt gets an empty one (HTML requires it); an "<img" in
    # an attribute's text is no image.
    (
        '<abbr title="<img src=y>">A</abbr> <img\nsrc="z" width="9"/>',
        '<p><abbr title="&lt;img src=y&gt;">A</abbr> <img src="z" width="9" alt=""></p>\n',
    ),
    ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>\n"),
    ("[click](JaVaScRiPt:alert(1))", "<p>[click](JaVaScRiPt:alert(1))</p>\n"),
    (
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "<p>![x](data:image/svg+xml;base64,PHN2Zz4=)</p>\n",
    ),
    ('<a href="javascript:alert(1)">x</a>', "<p><a>x</a></p>\n"),
    ('<a href="JaVa&#115;cript:alert(1)">x</a>', "<p><a>x</a></p>\n"),
    ('<a href=" &#x6A;avascript:alert(1)">x</a>', "<p><a>x</a></p>\n"),
    ('<a href="java\tscript:alert(1)">x</a>', "<p><a>x</a></p>\n"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "<p><a>x</a></p>\n"),
    ('<a href="vbscript:msgbox">x</a>', "<p><a>x</a></p>\n"),
    ('<a href="file:///etc/passwd">x</a>', "<p><a>x</a></p>\n"),
    (
        '<a href="https://www.osce.org/" target="_blank" onclick="x()">OSCE</a>',
        '<p><a href="https://www.osce.org/">OSCE</a></p>\n',
    ),
    ('<a href="/press" rel="opener">rel</a>', '<p><a href="/press">rel</a></p>\n'),
    ('<a href="tel:+4315143660000">call</a>', '<p><a href="tel:+4315143660000">call</a></p>\n'),
    ('<iframe src="https://evil.example"></iframe>after', "after"),
    ("<svg onload=alert(1)><circle/></svg>after", "<p>after</p>\n"),
    ("<math><mi>x</mi></math>after", "<p>after</p>\n"),
    ("<<script>script>alert(1)<</script>/script>", "<p>&lt;/script&gt;</p>\n"),
    ("`<script>alert(1)</script>`", "<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>\n"),
    ("<b>unclosed <i>nested", "<p><b>unclosed <i>nested</i></b></p><b><i>\n</i></b>"),
    ("<p>a<div>b</p>c</div>", "<p>a</p><div>b<p></p>c</div>"),
    (
        'E = mc<sup>2</sup>, H<sub>2</sub>O, <abbr title="Office for Democratic Institutions'
        ' and Human Rights">ODIHR</abbr>',
        '<p>E = mc<sup>2</sup>, H<sub>2</sub>O, <abbr title="Office for Democratic Institutions'
        ' and Human Rights">ODIHR</abbr></p>\n',
    ),
    (
        'line<br>break, <mark style="color:red" class="x" id="main">marked</mark>',
        "<p>line<br>break, <mark>marked</mark></p>\n",
    ),
    (
        "<table><tr><th scope=col>State<th>Votes<tr><td>A<td>1</table>",
        '<table><tbody><tr><th scope="col">State</th><th>Votes</th></tr>'
        "<tr><td>A</td><td>1</td></tr></tbody></table>",
    ),
    ('<q cite="javascript:alert(1)">quoted</q>', "<p><q>quoted</q></p>\n"),
    ("<!-- a comment --><p>kept</p>", "<p>kept</p>"),
    ('<form action="https://evil.example"><input name=x><button>Go</button></form>', "Go"),
    ('<div onmouseover="alert(1)" data-x="1">div</div>', "<div>div</div>"),
    (
        "&lt;script&gt; stays text &amp; &copy; &#x3C;b&#x3E;",
        "<p>&lt;script&gt; stays text &amp; © &lt;b&gt;</p>\n",
    ),
    (
        '<a href="https://www.osce.org/?a=1&b=2" title="x&quot; onmouseover=&quot;alert(1)">q</a>',
        '<p><a href="https://www.osce.org/?a=1&amp;b=2" title="x&quot; '
        'onmouseover=&quot;alert(1)">q</a></p>\n',
    ),
    ("<object data=x>inner</object><embed src=x>after", "<p>after</p>\n"),
    ("<textarea><script>alert(1)</script></textarea>after", "after"),
    (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>after',
        '<p><img src="x" alt="">"&gt;after</p>\n',
    ),
    (
        '<base href="https://evil.example/"><meta http-equiv=refresh content="0;url=x">'
        "<link rel=stylesheet href=x>after",
        "after",
    ),
    # E-mail addresses are linked, but not in code or inside a link.
    (
        "Write to press@osce.org or office@osce.int.",
        '<p>Write to <a href="mailto:press@osce.org">press@osce.org</a> or '
        '<a href="mailto:office@osce.int">office@osce.int</a>.</p>\n',
    ),
    (
        "`press@osce.org`, [write](mailto:press@osce.org), <press@osce.org>",
        '<p><code>press@osce.org</code>, <a href="mailto:press@osce.org">write</a>, '
        '<a href="mailto:press@osce.org">press@osce.org</a></p>\n',
    ),
    (
        '<a href="https://www.osce.org/contacts">press@osce.org</a>',
        '<p><a href="https://www.osce.org/contacts">press@osce.org</a></p>\n',
    ),
    (
        "Web addresses stay text: www.osce.org, @OSCE",
        "<p>Web addresses stay text: www.osce.org, @OSCE</p>\n",
    ),
]


@pytest.mark.parametrize(("markdown", "html"), SANITIZED)
def test_raw_html_keeps_a_safe_subset(markdown: str, html: str) -> None:
    assert to_html(markdown) == html


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("+43 1 514 36 6000", "tel:+431514366000"),
        ("+43 (0)1 514 36 6000", "tel:+431514366000"),
        ("+48 (22) 520 06 00", "tel:+48225200600"),
        ("01/514 36-6000", "tel:01514366000"),
        ("0043.1.514.36", "tel:0043151436"),
    ],
)
def test_telephone_links_have_digits_and_plus(phone: str, href: str) -> None:
    assert tel_href(phone) == href


def _page(published: Path) -> str:
    return (published / "featured" / FEATURED).read_text(encoding="utf-8")


@EXPORT_PAGES
def test_the_body_keeps_safe_html_and_links_e_mail_addresses(published: Path) -> None:
    page = _page(published)
    for kept in (
        '<abbr title="Chairperson-in-Office">CiO</abbr>',
        "43 per cent<sup>1</sup>",
        'Questions: <a href="mailto:press@osce.org">press@osce.org</a>, or '
        "<code>not-a-link@osce.org</code> in code, or "
        '<a href="mailto:press@osce.org">the press office</a>.',
        '<table>\n<caption>Polling stations observed</caption>\n<thead><tr><th scope="col">',
        'Read the <a href="https://www.osce.org/">statement</a> and the <a>rest</a>.<br>'
        "H<sub>2</sub>O stays.",
    ):
        assert kept in page
    assert "alert" not in page and "onclick" not in page


@EXPORT_PAGES
def test_contacts_are_under_a_heading_with_their_links(published: Path) -> None:
    assert (
        '<section class="contacts" aria-labelledby="contacts">\n'
        '<h2 id="contacts">Contacts</h2>\n'
        "<address>\nPress office<br>\n"
        '<a href="mailto:press@osce.org">press@osce.org</a><br>\n'
        '<a href="tel:+431514366000">+43 (0)1 514 36 6000</a>\n</address>\n'
        "<address>\nMission spokesperson<br>\n"
        '<a href="mailto:spokesperson@omik.org">spokesperson@omik.org</a>\n</address>\n'
        "</section>\n"
    ) in _page(published)


@EXPORT_PAGES
def test_a_page_without_contacts_has_no_contacts_heading(published: Path) -> None:
    page = (published / "examples" / "2012").glob("*.html")
    assert all("Contacts</h2>" not in p.read_text(encoding="utf-8") for p in page)


def test_the_json_export_holds_the_same_sanitized_body(tmp_path: Path) -> None:
    release = featured_project(tmp_path)
    page = run_osce("export", str(release), "--format", "html", cwd=tmp_path)
    data = run_osce("export", str(release), "--format", "json", cwd=tmp_path)
    assert page.returncode == data.returncode == 0
    exported = json.loads(data.stdout)
    record = exported[0] if isinstance(exported, list) else exported  # an array from issue 17
    body = record["body"]["html"]
    assert "<sup>1</sup>" in body and "alert" not in body
    assert f'<div class="body">\n{body}</div>' in page.stdout.decode()


@EXPORT_PAGES
def test_pages_in_a_folder_share_the_stylesheet_and_logo(published: Path) -> None:
    folder = published / "featured"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        f"{FEATURED.as_posix()}",
        "assets/logo.svg",
        "assets/osce.css",
    ]
    assert (folder / "assets" / "logo.svg").read_text(encoding="utf-8") == LOGO_SVG
    page = _page(published)
    assert '<link rel="stylesheet" href="../assets/osce.css">' in page
    assert "<style>" not in page
    assert (
        '<header class="masthead">\n<p class="site-name"><img src="../assets/logo.svg" alt="">'
        f"<span>{SITE_NAME}</span></p>\n</header>"
    ) in page
    assert f'<footer class="colophon">\n<p>{SITE_NAME}</p>\n</footer>' in page


@EXPORT_PAGES
def test_a_page_alone_holds_its_stylesheet_and_logo(published: Path) -> None:
    from base64 import b64encode

    page = (published / "standalone" / "featured.html").read_text(encoding="utf-8")
    assert "<link rel=" not in page
    css = (Path(__file__).parents[2] / "src/osce_cli/export/templates/osce.css").read_text("utf-8")
    assert f"<style>\n{css}</style>" in page
    logo = b64encode(LOGO_SVG.encode()).decode()
    assert f'<img src="data:image/svg+xml;base64,{logo}" alt="">' in page


@EXPORT_PAGES
def test_without_configuration_the_name_is_osce_and_there_is_no_logo(published: Path) -> None:
    pages = sorted((published / "examples").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert '<p class="site-name"><span>OSCE</span></p>' in text
        assert "<img" not in text.partition("</header>")[0]
    assert sorted(p.name for p in (published / "examples" / "assets").iterdir()) == ["osce.css"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            'site-logo = "brand/missing.png"',
            "osce.toml: site-logo: no such file: brand/missing.png",
        ),
        (
            'site-logo = "brand/logo.txt"',
            "osce.toml: site-logo: must be an image file (.png, .jpg, .jpeg, .gif, .webp, .svg)",
        ),
        ("site-name = 7", "osce.toml: site-name: must be a non-empty string"),
        ('site-names = "X"', "osce.toml: site-names: unknown key (did you mean 'site-name'?)"),
    ],
)
def test_bad_site_settings_stop_the_export(tmp_path: Path, setting: str, message: str) -> None:
    release = featured_project(tmp_path)
    (tmp_path / "brand" / "logo.txt").write_text("not an image", encoding="utf-8")
    (tmp_path / "osce.toml").write_text(setting + "\n", encoding="utf-8")
    result = run_osce("export", str(release), "--format", "html", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == f"osce: error: {tmp_path / message}\n"


def test_changing_the_site_name_or_logo_writes_the_pages_again(tmp_path: Path) -> None:
    featured_project(tmp_path)
    out = tmp_path / "out"
    page = out / FEATURED

    def export() -> int:
        result = run_osce("export", "releases/", "--format", "html", "-o", "out", cwd=tmp_path)
        assert result.returncode == 0, result.stderr.decode()
        return page.stat().st_mtime_ns

    first = export()
    assert export() == first  # up to date: not written again
    config = tmp_path / "osce.toml"
    config.write_text(config.read_text("utf-8").replace(SITE_NAME, "OSCE Secretariat"), "utf-8")
    assert export() != first
    assert "<span>OSCE Secretariat</span>" in page.read_text(encoding="utf-8")
    (tmp_path / "brand" / "logo.svg").write_text(LOGO_SVG.replace("#0a4f8f", "#000"), "utf-8")
    export()
    assert "#000" in (out / "assets" / "logo.svg").read_text(encoding="utf-8")


def test_a_template_receives_contacts_site_and_stylesheet(tmp_path: Path) -> None:
    release = featured_project(tmp_path)
    template = tmp_path / "page.html"
    template.write_text(
        "{{ site_name }}|{{ site_logo[:26] }}|{{ stylesheet_href }}|{{ stylesheet is none }}|"
        "{% for c in contacts %}{{ c.name }} {{ c.email_href }} {{ c.phone_href }};{% endfor %}\n",
        encoding="utf-8",
    )
    (tmp_path / "osce.toml").write_text(
        (tmp_path / "osce.toml").read_text("utf-8") + 'html-template = "page.html"\n', "utf-8"
    )
    alone = run_osce("export", str(release), "--format", "html", cwd=tmp_path)
    assert alone.stdout.decode() == (
        f"{SITE_NAME}|data:image/svg+xml;base64,|None|False|"
        "Press office mailto:press@osce.org tel:+431514366000;"
        "Mission spokesperson mailto:spokesperson@omik.org None;\n"
    )
    result = run_osce("export", "releases/", "--format", "html", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert (
        (tmp_path / "out" / FEATURED)
        .read_text("utf-8")
        .startswith(f"{SITE_NAME}|../assets/logo.svg|../assets/osce.css|True|")
    )


# --------------------------------------------------------------------------- real tools


@EXPORT_PAGES
def test_every_kind_of_page_is_valid_html5_for_the_nu_checker(
    published: Path, nu_findings: NuFindings
) -> None:
    pages = sorted(published.rglob("*.html"))
    names = [p.relative_to(published).as_posix() for p in pages]
    assert "standalone/featured.html" in names and f"featured/{FEATURED.as_posix()}" in names
    assert any(name.endswith(".ru.html") for name in names)  # in Russian, with its switcher
    assert nu_findings.problems(pages) == []


@EXPORT_PAGES
@pytest.mark.parametrize(
    ("which", "scheme"),
    [
        (f"featured/{FEATURED.as_posix()}", "light"),
        (f"featured/{FEATURED.as_posix()}", "dark"),
        ("standalone/featured.html", "dark"),
        # A Russian page, with its language switcher.
        (
            "examples/2023/2023-03-06-osce-media-freedom-representative-calls-for-protection"
            "-of-local-journalists.ru.html",
            "light",
        ),
    ],
)
def test_axe_finds_no_wcag_21_aa_violation(
    browser: Browser, published: Path, which: str, scheme: str
) -> None:
    path = published / which
    page, failed = open_page(browser, path, scheme=scheme)
    try:
        assert failed == []
        assert axe_violations(page) == []
    finally:
        page.close()


@EXPORT_PAGES
def test_the_page_renders_as_styled_in_chromium(browser: Browser, published: Path) -> None:
    page, failed = open_page(browser, published / "featured" / FEATURED)
    try:
        assert failed == []  # the stylesheet and the logo resolve
        assert page.locator("h1").inner_text().startswith("OSCE Chairman says")
        assert page.locator(".site-name img").evaluate("img => img.naturalWidth") == 96
        measure = page.locator(".body > p").first.evaluate(
            "p => p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)"
        )
        assert 30 < measure < 45  # 65ch: some 40 em of text, not the window's 58 em
        shot = artifact_path("release-page.png")
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        page.emulate_media(media="print")
        after = page.locator(".body a[href^='https']").evaluate(
            "a => getComputedStyle(a, '::after').content"
        )
        assert after == '" <https://www.osce.org/>"'
        mail_after = page.locator(".body a[href^='mailto']").first.evaluate(
            "a => getComputedStyle(a, '::after').content"
        )
        assert mail_after == "none"
        if os.environ.get("OSCE_TEST_ARTIFACTS"):
            page.pdf(path=str(artifact_path("release-page.pdf")))
    finally:
        page.close()
