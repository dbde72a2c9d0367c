"""F: the file itself and its front matter block (encoding, delimiters, YAML).

These problems are found while reading the file; the rules here report them
and document them. When one of them is an error the later families only look
at what could still be read.
"""

from __future__ import annotations

from osce_cli.rules.base import relayed_rule


@relayed_rule("F001", "empty-file")
def empty_file() -> None:
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


@relayed_rule("F002", "binary-file")
def binary_file() -> None:
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


@relayed_rule("F003", "invalid-encoding")
def invalid_encoding() -> None:
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


@relayed_rule("F004", "file-too-large")
def file_too_large() -> None:
    """The file (over 1 MiB) or its front matter (over 64 KiB) is too large.

    A release is a few kilobytes. Oversized files are not read any further,
    which keeps validation of a large archive fast and bounded.

    Fails:

        a 30 MB file named release.md

    Passes:

        a release of a few kilobytes
    """


@relayed_rule("F101", "missing-front-matter")
def missing_front_matter() -> None:
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


@relayed_rule("F102", "unterminated-front-matter")
def unterminated_front_matter() -> None:
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


@relayed_rule("F103", "yaml-syntax-error")
def yaml_syntax_error() -> None:
    """The front matter is not valid YAML.

    Reported at the line and column where the YAML parser stopped, with its
    reason. A common cause is a colon followed by a space inside an unquoted
    title: quote the title.

    Fails:

        title: Vienna: OSCE opens conference

    Passes:

        title: "Vienna: OSCE opens conference"
    """


@relayed_rule("F104", "duplicate-key")
def duplicate_key() -> None:
    """A key appears twice in the same mapping.

    YAML forbids duplicate keys and tools disagree on which value wins; osce
    uses the first and reports the second, at the repeated key.

    Fails:

        title: First headline
        title: Second headline

    Passes:

        title: Second headline
    """


@relayed_rule("F105", "forbidden-yaml-tag")
def forbidden_yaml_tag() -> None:
    """The front matter uses a YAML tag such as `!!python/object`.

    Tags ask a YAML loader to build objects, which is how malicious files
    run code. osce never builds them: the value is dropped and reported. Only
    `!!str` (force text) is allowed.

    Fails:

        title: !!python/object/apply:os.system ["rm -rf /"]

    Passes:

        title: "2007"
    """


@relayed_rule("F106", "yaml-alias")
def yaml_alias() -> None:
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


@relayed_rule("F107", "front-matter-not-mapping")
def front_matter_not_mapping() -> None:
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


@relayed_rule("F108", "nesting-too-deep")
def nesting_too_deep() -> None:
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
