"""``osce export --format site``: release pages, listings, Atom feeds and a sitemap.

``entries.py`` (what a listing shows of one release), ``paths.py`` (the base
URL, folders and relative links), ``listings.py`` (listings, facets and pages
from the entries), ``templates.py`` (the Jinja2 templates of the site's own
files), ``pages.py`` (listing and facet pages), ``feeds.py`` (Atom 1.0),
``sitemap.py`` (sitemaps.org 0.9), ``store.py`` (what earlier site exports
knew, in ``.osce_cache/``), ``output.py`` (every file written, through one
function) and ``build.py`` (the whole site from the entries).
"""
