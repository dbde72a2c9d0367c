"""``osce export --format site``: release pages, listings, Atom feeds and a sitemap.

``entries.py`` (what a listing shows of one release), ``paths.py`` (the base
URL, folders and relative links), ``listings.py`` (listings, facets and pages
from the entries), ``pages.py`` (listing pages from Jinja2 templates),
``feeds.py`` (Atom 1.0), ``sitemap.py`` (sitemaps.org 0.9), ``store.py`` (what
earlier site exports knew, in ``.osce_cache/``), ``output.py`` (every file
written, through one function) and ``build.py`` (the whole site from the
entries).
"""
