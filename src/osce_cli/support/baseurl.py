"""A site's base URL, checked: ``osce export --format site`` and its ``base-url`` key."""

from __future__ import annotations

from urllib.parse import quote, urlsplit


def checked_base_url(text: str) -> str:
    """The URL as given, absolute http(s), ending in one ``/``; ValueError says what is wrong."""
    shown = text if len(text) <= 200 else text[:200] + "..."
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise ValueError(f"must not contain spaces or control characters: {shown!r}")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        host = None
    if host is None or parts.scheme not in ("http", "https"):
        raise ValueError(f"must be an absolute http:// or https:// URL, not {shown!r}")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ValueError(f"must not have a query or a fragment: {shown!r}")
    path = quote(parts.path, safe="/%:@!$&'()*+,;=~-._")
    return f"{parts.scheme}://{parts.netloc}{path.rstrip('/')}/"
