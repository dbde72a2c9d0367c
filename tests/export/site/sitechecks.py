"""Real checks of a static site: Atom feeds (RELAX NG, Schematron, feedparser),
sitemaps (XSD) and a crawl of its internal links, all with lxml.

The RELAX NG schema is RFC 4287's (``tests/fixtures/atom/``); the rules the RFC
writes as Schematron annotations in it are checked as ISO Schematron, one
pattern per rule (within a pattern only the first rule whose context matches
fires, and two rules share the context ``atom:entry``).
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree, isoschematron

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_OLD_SCHEMATRON = "http://www.ascc.net/xml/schematron"
_ISO_SCHEMATRON = "http://purl.oclc.org/dsdl/schematron"
_SVRL = "http://purl.oclc.org/dsdl/svrl"


@functools.cache
def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(FIXTURES / "atom" / "atom.rng")))


@functools.cache
def atom_rules() -> isoschematron.Schematron:
    """RFC 4287's Schematron annotations as an ISO Schematron schema."""
    grammar = etree.parse(str(FIXTURES / "atom" / "atom.rng"))
    schema = etree.Element(f"{{{_ISO_SCHEMATRON}}}schema", nsmap={"sch": _ISO_SCHEMATRON})
    etree.SubElement(schema, f"{{{_ISO_SCHEMATRON}}}ns", prefix="atom", uri=ATOM_NS)
    for rule in grammar.iter(f"{{{_OLD_SCHEMATRON}}}rule"):
        pattern = etree.SubElement(schema, f"{{{_ISO_SCHEMATRON}}}pattern")
        copied = etree.SubElement(
            pattern, f"{{{_ISO_SCHEMATRON}}}rule", context=rule.get("context")
        )
        for check in rule:
            kind = etree.QName(check).localname
            new = etree.SubElement(copied, f"{{{_ISO_SCHEMATRON}}}{kind}", test=check.get("test"))
            new.text = check.text
    return isoschematron.Schematron(schema, store_report=True)


def atom_problems(data: bytes) -> list[str]:
    """What RFC 4287's schema and its Schematron rules say of a feed (nothing: valid)."""
    document = etree.fromstring(data).getroottree()
    problems: list[str] = []
    schema = atom_schema()
    if not schema.validate(document):
        problems += [f"{error.line}: {error.message}" for error in schema.error_log]
    rules = atom_rules()
    if not rules.validate(document):
        for failed in rules.validation_report.iter(f"{{{_SVRL}}}failed-assert"):
            text = failed.findtext(f"{{{_SVRL}}}text", "").strip()
            problems.append(f"{failed.get('location')}: {text}")
    return problems


@functools.cache
def sitemap_schemas() -> dict[str, etree.XMLSchema]:
    folder = FIXTURES / "sitemaps"
    return {
        f"{{{SITEMAP_NS}}}urlset": etree.XMLSchema(etree.parse(str(folder / "sitemap.xsd"))),
        f"{{{SITEMAP_NS}}}sitemapindex": etree.XMLSchema(
            etree.parse(str(folder / "siteindex.xsd"))
        ),
    }


def sitemap_problems(data: bytes) -> list[str]:
    document = etree.fromstring(data).getroottree()
    schema = sitemap_schemas().get(document.getroot().tag)
    if schema is None:
        return [f"not a sitemap: {document.getroot().tag}"]
    if schema.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in schema.error_log]


def _links(root: lxml.html.HtmlElement) -> Iterator[tuple[lxml.html.HtmlElement, str]]:
    for element, _, link, _ in root.iterlinks():
        yield element, link
    for element in root.xpath("//*[@srcset]"):
        for candidate in element.get("srcset").split(","):
            if candidate.strip():
                yield element, candidate.split()[0]


def crawl(site: Path) -> tuple[list[str], list[str]]:
    """Broken internal links ('page:line: why') and the pages index.html does not reach.

    A link with a scheme or a host is outside the site. Any other must be
    relative (a root-relative link breaks on ``file://`` and below a sub-path),
    stay in the folder, name a file (``file://`` shows a folder as a
    directory listing) that exists, and a ``#fragment`` must be an id there.
    """
    files: set[str] = set()
    folders: set[str] = {"."}
    for folder, subfolders, names in os.walk(site):
        below = Path(folder).relative_to(site).as_posix()
        folders.update(posixpath.normpath(posixpath.join(below, name)) for name in subfolders)
        files.update(posixpath.normpath(posixpath.join(below, name)) for name in names)
    pages = sorted(name for name in files if name.endswith(".html"))
    roots = {name: lxml.html.parse(str(site / name)).getroot() for name in pages}
    anchors: dict[str, set[str]] = {}
    edges: dict[str, set[str]] = {name: set() for name in pages}
    problems: list[str] = []
    for name in pages:
        for element, link in _links(roots[name]):
            where = f"{name}:{element.sourceline}"
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                problems.append(f"{where}: {link!r} is root-relative")
                continue
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            )
            if target == ".." or target.startswith("../"):
                problems.append(f"{where}: {link!r} leaves the site's folder")
            elif target in folders:
                problems.append(f"{where}: {link!r} names a folder, not its index.html")
            elif target not in files:
                problems.append(f"{where}: {link!r} does not exist")
            elif target in roots:
                edges[name].add(target)
                if parts.fragment:
                    if target not in anchors:
                        anchors[target] = set(roots[target].xpath("//@id")) | set(
                            roots[target].xpath("//a/@name")
                        )
                    if unquote(parts.fragment) not in anchors[target]:
                        problems.append(f"{where}: {link!r}: no id {parts.fragment!r}")
    reached: set[str] = set()
    queue = deque(["index.html"] if "index.html" in roots else [])
    while queue:
        page = queue.popleft()
        if page not in reached:
            reached.add(page)
            queue.extend(edges[page] - reached)
    return problems, sorted(set(pages) - reached)
