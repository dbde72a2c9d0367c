"""Reading files: decoding, front matter delimiters and positions in the file."""

from __future__ import annotations

from osce_cli.frontmatter.document import load_document
from osce_cli.frontmatter.positions import LineIndex
from osce_cli.frontmatter.source import MAX_FILE_BYTES, decode
from tests.conftest import VALID, found, spans


def test_line_index_counts_crlf_and_lone_cr() -> None:
    index = LineIndex("a\r\nbb\rccc\nd")
    assert index.line_count == 4
    assert index.position(3) == (2, 1)
    assert index.position(6) == (3, 1)
    assert index.line_text(2) == "bb"
    assert index.position(100) == (4, 2)


def test_values_are_placed_in_file_coordinates() -> None:
    document = load_document("x.md", decode(VALID.encode()))
    index = document.index
    node = document.node_at("sources", 1)
    assert node is not None
    assert index.position(node.start) == (8, 5)
    assert document.body.startswith("PRISTINA")
    assert index.position(document.body_start) == (15, 1)


def test_valid_release_is_clean() -> None:
    assert found(VALID) == []


def test_crlf_line_endings_are_valid() -> None:
    assert found(VALID.replace("\n", "\r\n")) == []


def test_utf8_bom_is_valid_and_positions_ignore_it() -> None:
    text = b"\xef\xbb\xbf" + VALID.replace("Serbia", "Serbbia").encode()
    assert found(text) == [(12, 5, "V101")]


def test_positions_count_code_points_not_bytes() -> None:
    text = VALID.replace("title: OSCE", "title: ÖSCE – 😀").replace("  - Serbia", "  - Sérbia😀x")
    assert spans(text, "V101") == [(12, 5, 12, 13)]


def test_empty_file() -> None:
    assert spans(b"", "F001") == [(1, 1, 1, 1)]
    assert found(b"  \n\n") == [(1, 1, "F001")]


def test_binary_file_reports_the_first_nul() -> None:
    assert spans(b"%PDF-1.7\n\x00\x01\x02", "F002") == [(2, 1, 2, 2)]


def test_invalid_utf8_names_the_byte_and_its_place() -> None:
    data = VALID.encode().replace(b"calm", b"c\xe9lm")
    diagnostics = found(data)
    assert diagnostics == [(15, 71, "F003")]
    from tests.conftest import messages

    (message,) = messages(data, "F003")
    offset = data.index(b"\xe9")
    assert (
        message == f"byte 0xE9 at byte offset {offset} is not valid UTF-8; save the file as UTF-8"
    )


def test_utf16_is_recognised() -> None:
    assert found(VALID.encode("utf-16")) == [(1, 1, "F003")]


def test_huge_file_is_not_parsed() -> None:
    data = VALID.encode() + b"x" * MAX_FILE_BYTES
    assert found(data) == [(1, 1, "F004")]


def test_huge_front_matter_is_not_parsed() -> None:
    padding = "".join(f"# comment line {n} padding padding padding\n" for n in range(2000))
    text = VALID.replace("language: en\n", "language: en\n" + padding)
    assert found(text) == [(1, 1, "F004")]


def test_missing_front_matter() -> None:
    assert spans("PRISTINA, 18 November 2007 – Text\n", "F101") == [(1, 1, 1, 34)]


def test_front_matter_not_on_first_line() -> None:
    assert found("\n" + VALID) == [(2, 1, "F101")]


def test_unterminated_front_matter() -> None:
    text = VALID.replace("---\nPRISTINA", "PRISTINA")
    assert spans(text, "F102") == [(1, 1, 1, 4)]


def test_closing_delimiter_may_be_three_dots() -> None:
    assert found(VALID.replace("language: en\n---\n", "language: en\n...\n")) == []


def test_yaml_syntax_error_at_parser_position() -> None:
    text = VALID.replace("title: OSCE Chairman says", "title: OSCE Chairman: says")
    assert found(text) == [(2, 21, "F103")]


def test_unclosed_quote_names_where_the_string_began() -> None:
    from tests.conftest import messages

    text = VALID.replace("title: OSCE", 'title: "OSCE')
    assert found(text)[0] == (14, 1, "F103")
    assert messages(text, "F103") == [
        "while scanning a quoted scalar started at line 2, column 8: found unexpected end of stream"
    ]


def test_duplicate_key_at_the_second_key() -> None:
    text = VALID.replace(
        "language: en\n", "language: en\ntitle: Another title for the same release\n"
    )
    assert found(text) == [(14, 1, "F104")]


def test_tags_are_reported_and_not_repeated_as_schema_errors() -> None:
    text = VALID.replace(
        "title: OSCE Chairman says Kosovo elections help promote democracy",
        'title: !!python/object/apply:os.system ["echo pwned"]',
    )
    assert found(text) == [(2, 8, "F105")]


def test_alias_is_reported_once_without_consequential_errors() -> None:
    text = VALID.replace("sources:\n", "sources: &s\n").replace(
        "fields:\n  - Elections\n", "fields: *s\n"
    )
    assert found(text) == [(9, 9, "F106")]


def test_front_matter_must_be_a_mapping() -> None:
    text = "---\n- title\n- date\n---\nPRISTINA, 18 November 2007 – x\n"
    assert found(text) == [(2, 1, "F107")]


def test_nesting_too_deep() -> None:
    text = VALID.replace("language: en", "language: " + "[" * 20 + "]" * 20)
    assert found(text) == [(13, 11, "M204"), (13, 26, "F108")]
