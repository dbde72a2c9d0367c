"""``sitemap.xml`` (sitemaps.org protocol 0.9), with every page of the site.

Past `URL_LIMIT` URLs (the protocol's limit per file), the pages go into
``sitemap-1.xml``, ``sitemap-2.xml``, ... and ``sitemap.xml`` becomes the
sitemap index that names them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from osce_cli.export.site.paths import url_path

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
URL_LIMIT = 50_000


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _urlset(base_url: str, pages: Sequence[tuple[str, str]]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    for page, lastmod in pages:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = base_url + url_path(page)
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod
    return _document(root)


def sitemaps(
    base_url: str, pages: Sequence[tuple[str, str]], limit: int = URL_LIMIT
) -> list[tuple[str, str, Callable[[], bytes]]]:
    """The sitemap files: (path, what it is made from, a function making its bytes).

    ``pages`` are (path below the root, date of the last change).
    """
    if len(pages) <= limit:
        return [_file("sitemap.xml", base_url, pages)]
    files = []
    listed: list[tuple[str, str]] = []
    for number, start in enumerate(range(0, len(pages), limit), start=1):
        chunk = pages[start : start + limit]
        name = f"sitemap-{number}.xml"
        files.append(_file(name, base_url, chunk))
        listed.append((name, max((lastmod for _, lastmod in chunk), default="")))
    made_from = "\n".join(["sitemapindex", base_url, *(f"{n}\t{d}" for n, d in listed)])
    files.append(("sitemap.xml", made_from, lambda: _index(base_url, listed)))
    return files


def _file(
    name: str, base_url: str, pages: Sequence[tuple[str, str]]
) -> tuple[str, str, Callable[[], bytes]]:
    made_from = "\n".join(["urlset", base_url, *(f"{p}\t{d}" for p, d in pages)])
    return name, made_from, lambda: _urlset(base_url, pages)


def _index(base_url: str, files: Sequence[tuple[str, str]]) -> bytes:
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP})
    for name, newest in files:
        sitemap = ET.SubElement(index, "sitemap")
        ET.SubElement(sitemap, "loc").text = base_url + name
        if newest:
            ET.SubElement(sitemap, "lastmod").text = newest
    return _document(index)
