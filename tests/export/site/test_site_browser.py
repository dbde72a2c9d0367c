"""A press room as a reader meets it: Chromium clicks through it, axe-core reads it.

The site is opened from ``file://``, as the issue asks it to work, with the
browser that the release page's tests use (``tests/export/conftest.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.export.conftest import EXPORT_PAGES, artifact_path, axe_violations, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: The browser and the site are built once, on the worker that runs this group.
pytestmark = EXPORT_PAGES


@pytest.fixture
def site(archive_site: Path) -> Path:
    """The site the other site tests check (``tests/export/conftest.py``)."""
    return archive_site


def test_a_reader_clicks_from_the_index_to_a_listing_and_a_release(
    browser: Browser, site: Path
) -> None:
    page, failed = open_page(browser, site / "index.html")
    try:
        page.get_by_role("link", name="Fields of work").first.click()
        page.wait_for_url("**/fields/index.html")
        page.get_by_role("link", name="Elections").first.click()
        page.wait_for_url("**/fields/elections/index.html")
        assert page.locator(".site-name").inner_text() == "OSCE"
        page.screenshot(path=str(artifact_path("site-listing.png")), full_page=True)
        title = page.locator("ul.entries li h2 a").first
        name = title.inner_text()
        title.click()
        page.wait_for_url("**/releases/**.html")
        assert page.locator("h1").inner_text() == name
        assert page.locator("link[rel=stylesheet]").count() == 1
        shot = artifact_path("site-release-page.png")
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert failed == []  # every stylesheet, image and page on the way resolved
    finally:
        page.close()


@pytest.mark.parametrize(
    ("which", "scheme"),
    [
        ("index.html", "light"),
        ("page/2/index.html", "dark"),
        ("languages/ru/index.html", "light"),  # a listing in Russian (years: the same template)
        ("fields/elections/index.html", "dark"),
        ("states/index.html", "light"),
        ("releases/2008/2008-01-01-report-0.html", "light"),
        ("releases/2008/2008-01-01-report-0.html", "dark"),
    ],
)
def test_axe_finds_no_wcag_21_aa_violation_on_any_kind_of_site_page(
    browser: Browser, site: Path, which: str, scheme: str
) -> None:
    page, failed = open_page(browser, site / which, scheme=scheme)
    try:
        assert failed == []
        assert axe_violations(page) == []
    finally:
        page.close()
