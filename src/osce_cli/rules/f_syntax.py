"""F: the file itself and its front matter block (encoding, delimiters, YAML).

These problems are found while reading the file; the rules here report them
and document them. When one of them is an error the later families only look
at what could still be read.
"""

from __future__ import annotations

from collections.abc import Iterable

from osce_cli.report.diagnostics import Finding
from osce_cli.rules.base import Context, rule


def _reported(ctx: Context, code: str) -> Iterable[Finding]:
    return ctx.document.problems_with(code)


@rule("F001", "empty-file", reports_reading=True)
def empty_file(ctx: Context) -> Iterable[Finding]:
    """The file is empty or holds only white space.

    An empty `.md` file in the archive is usually a scaffold that was never
    written or a failed copy. Delete it, or write the release.

    Fails:

        (a file of zero bytes)

    Passes:

        ---
        title: OSCE Chairman says Kosovo elections help promote democracy
        ...
    """
    return _reported(ctx, "F001")


@rule("F002", "binary-file", reports_reading=True)
def binary_file(ctx: Context) -> Iterable[Finding]:
    """The file contains NUL bytes, so it is not a text file.

    Images, PDFs or word-processor files saved with a `.md` name end up
    here. The position is that of the first NUL byte.

    Fails:

        %PDF-1.7 <binary data>

    Passes:

        ---
        title: ...
        ---
        VIENNA, 5 October 2020 – ...
    """
    return _reported(ctx, "F002")


@rule("F003", "invalid-encoding", reports_reading=True)
def invalid_encoding(ctx: Context) -> Iterable[Finding]:
    """The file is not valid UTF-8.

    Releases are UTF-8 (with or without a byte order mark; CRLF line endings
    are fine). The message names the first byte that is not UTF-8 and where it
    is; a file saved as Windows-1252 or Latin-1 typically fails on accented
    letters (`0xE9` for é). UTF-16 files are recognised by their byte order
    mark. Re-save the file as UTF-8.

    Fails:

        PRI\\x8aTINA, 18 November 2007 – ...   (Š in Windows-1250)

    Passes:

        PRIŠTINA, 18 November 2007 – ...       (UTF-8)
    """
    return _reported(ctx, "F003")


@rule("F004", "file-too-large", reports_reading=True)
def file_too_large(ctx: Context) -> Iterable[Finding]:
    """The file (over 1 MiB) or its front matter (over 64 KiB) is too large.

    A release is a few kilobytes. Oversized files are not read any further,
    which keeps validation of a large archive fast and bounded.

    Fails:

        a 30 MB file named release.md

    Passes:

        a release of a few kilobytes
    """
    return _reported(ctx, "F004")


@rule("F101", "missing-front-matter", reports_reading=True)
def missing_front_matter(ctx: Context) -> Iterable[Finding]:
    """The file does not start with a front matter block.

    A release starts on its very first line with `---`, then the YAML keys,
    then a closing `---`; the body follows.

    Fails:

        title: Elections in Kosovo
        PRISTINA, 18 November 2007 – ...

    Passes:

        ---
        title: OSCE Chairman says Kosovo elections help promote democracy
        date: 2007-11-18
        ...
        ---
        PRISTINA, 18 November 2007 – ...
    """
    return _reported(ctx, "F101")


@rule("F102", "unterminated-front-matter", reports_reading=True)
def unterminated_front_matter(ctx: Context) -> Iterable[Finding]:
    """The front matter is opened with `---` but never closed.

    Without the closing `---` line the body would be read as YAML. Reported
    at the opening line.

    Fails:

        ---
        title: OSCE Chairman says Kosovo elections help promote democracy
        PRISTINA, 18 November 2007 – ...

    Passes:

        ---
        title: OSCE Chairman says Kosovo elections help promote democracy
        ---
        PRISTINA, 18 November 2007 – ...
    """
    return _reported(ctx, "F102")


@rule("F103", "yaml-syntax-error", reports_reading=True)
def yaml_syntax_error(ctx: Context) -> Iterable[Finding]:
    """The front matter is not valid YAML.

    Reported at the line and column where the YAML parser stopped, with its
    reason. A common cause is a colon followed by a space inside an unquoted
    title: quote the title.

    Fails:

        title: Vienna: OSCE opens conference

    Passes:

        title: "Vienna: OSCE opens conference"
    """
    return _reported(ctx, "F103")


@rule("F104", "duplicate-key", reports_reading=True)
def duplicate_key(ctx: Context) -> Iterable[Finding]:
    """A key appears twice in the same mapping.

    YAML forbids duplicate keys and tools disagree on which value wins; osce
    uses the first and reports the second, at the repeated key.

    Fails:

        title: First headline
        title: Second headline

    Passes:

        title: Second headline
    """
    return _reported(ctx, "F104")


@rule("F105", "forbidden-yaml-tag", reports_reading=True)
def forbidden_yaml_tag(ctx: Context) -> Iterable[Finding]:
    """The front matter uses a YAML tag such as `!!python/object`.

    Tags ask a YAML loader to build objects, which is how malicious files
    run code. osce never builds them: the value is dropped and reported. Only
    `!!str` (force text) is allowed.

    Fails:

        title: !!python/object/apply:os.system ["rm -rf /"]

    Passes:

        title: "2007"
    """
    return _reported(ctx, "F105")


@rule("F106", "yaml-alias", reports_reading=True)
def yaml_alias(ctx: Context) -> Iterable[Finding]:
    """The front matter uses a YAML alias (`*name`).

    Aliases repeat an anchored value. They make front matter hard to read and
    can be abused to expand a small file into gigabytes ("billion laughs").
    osce never expands them; write each value out. The first alias is
    reported, with the count of the others.

    Fails:

        sources: &s [OSCE Secretariat]
        fields: *s

    Passes:

        sources: [OSCE Secretariat]
        fields: [Elections]
    """
    return _reported(ctx, "F106")


@rule("F107", "front-matter-not-mapping", reports_reading=True)
def front_matter_not_mapping(ctx: Context) -> Iterable[Finding]:
    """The front matter is YAML, but not a mapping of keys to values.

    Fails:

        ---
        - title
        - date
        ---

    Passes:

        ---
        title: OSCE Chairman says Kosovo elections help promote democracy
        date: 2007-11-18
        ---
    """
    return _reported(ctx, "F107")


@rule("F108", "nesting-too-deep", reports_reading=True)
def nesting_too_deep(ctx: Context) -> Iterable[Finding]:
    """The front matter nests lists or mappings more than 16 levels deep.

    Release front matter is flat (contacts go two levels deep). Deeper
    structures are not read, which bounds the time and memory a hostile file
    can cost.

    Fails:

        title: [[[[[[[[[[[[[[[[[deep]]]]]]]]]]]]]]]]]

    Passes:

        contacts:
          - name: Press and Public Information Section
    """
    return _reported(ctx, "F108")
