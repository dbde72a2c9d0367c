"""The archive that the site tests export: the examples, generated releases and
one under embargo, and how they export it (``osce export --format site``)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from tests.conftest import EXAMPLES, VALID, run_osce

BASE = "https://press.example.org/room/"
NOW = "2026-01-01T00:00+00:00"
GENERATED = 45
EMBARGOED_TITLE = "OSCE Chairpersonship announces a conference still under embargo"
PAGE_SIZE = 20
KOSOVO_2007 = (
    "2007-07-10-osce-chairman-urges-kosovo-leaders-to-safeguard-the-rights-of-all-communities.html"
)
FINNISH_2025 = (
    "2025-03-08-finnish-osce-chairpersonship-calls-for-full-participation-of-women-in-peace-and"
    ".html"
)
MEDIA_2023 = (
    "2023-03-06-osce-media-freedom-representative-calls-for-protection-of-local-journalists"
)
MEDIA_2023_RU = "Представитель ОБСЕ по вопросам свободы СМИ призывает защищать местных журналистов"


def generated(day: dt.date, number: int) -> str:
    """A valid release of ``day`` (the dateline follows it)."""
    text = VALID.replace("2007-11-18", day.isoformat())
    text = text.replace("18 November 2007", f"{day.day} {day:%B} {day.year}")
    return text.replace(
        "OSCE Chairman says Kosovo elections help promote democracy",
        f"Kosovo election observers publish report number {number}",
    )


def embargoed() -> str:
    text = VALID.replace("2007-11-18", "2026-06-01").replace("18 November 2007", "1 June 2026")
    text = text.replace(
        "OSCE Chairman says Kosovo elections help promote democracy", EMBARGOED_TITLE
    )
    return text.replace("language: en\n", "language: en\nembargo: 2026-06-01T09:00+02:00\n")


def make_archive(root: Path, count: int = GENERATED) -> Path:
    releases = root / "releases"
    shutil.copytree(EXAMPLES, releases, ignore=shutil.ignore_patterns("invalid"))
    start = dt.date(2008, 1, 1)
    for number in range(count):
        day = start + dt.timedelta(days=3 * number)
        path = releases / f"{day.year}" / f"{day.isoformat()}-report-{number}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(generated(day, number), encoding="utf-8")
    (releases / "2026").mkdir()
    (releases / "2026" / "2026-06-01-embargoed.md").write_text(embargoed(), encoding="utf-8")
    (root / "osce.toml").write_text(f'base-url = "{BASE.rstrip("/")}"\n', encoding="utf-8")
    return root


def export_site(archive: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[bytes]:
    return run_osce(
        "export", "releases", "--format", "site", "-o", str(out), "--now", NOW, *extra, cwd=archive
    )


#: One page of each kind of the site, for the Nu HTML Checker.
ONE_PAGE_OF_EACH_KIND = [
    "index.html",
    "page/2/index.html",
    "years/index.html",
    "years/2007/index.html",
    "fields/index.html",
    "fields/elections/index.html",
    "fields/elections/page/2/index.html",
    "meetings/index.html",
    "releases/2007/" + KOSOVO_2007,
    "releases/2025/" + FINNISH_2025,
    "releases/2023/" + MEDIA_2023 + ".ru.html",
    "languages/ru/index.html",
]
