"""A standing corpus of hostile releases and file-system traps, made on demand.

Some cases are too large to keep in the repository (a 1 MiB line, 20,000
keys), some cannot be stored in git at all (a name that is not UTF-8, a
symbolic link loop, a folder nobody may read): :func:`build` writes them all
into a folder. Every case is a valid release with one thing made hostile, so
that what osce says about it is what the hostile part causes.

The cases come from issue 15 (numbers and escapes no reader can convert,
escaped surrogates, control characters that a terminal or GitHub Actions
would act on, file names that are not UTF-8, file-system traps) and the
variants around them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import VALID  # clean under every rule: each case changes one part of it

#: A value that, printed raw, is a GitHub Actions workflow command of its own.
INJECTION = "x\\n::warning file=evil.md,line=1::INJECTED"
#: A carriage return that would overwrite a line with a forged diagnostic.
FORGED = "x\\rgood.md:1:1: error: V101 forged"
#: Terminal escape sequences: colour, a title change, a bell.
TERMINAL = "\\x1b[31mred\\x1b]0;owned\\x07\\x9b2J"


def with_line(line: str) -> str:
    """The good release with one more front matter line (before ``language``)."""
    return VALID.replace("language: en\n", line + "\nlanguage: en\n")


def replacing(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def _text_cases() -> dict[str, str | bytes]:
    """Releases whose hostility is in their text: name -> content."""
    digits = "9" * 4301
    cases: dict[str, str | bytes] = {
        # Numbers no reader can convert, wherever a scalar can be.
        "int-4301-digits.md": with_line(f"id: {digits}"),
        "int-4301-digits-negative.md": with_line(f"id: -{digits}"),
        "int-4301-digits-in-flow.md": with_line(f"id: [{digits}]"),
        "int-4301-digits-in-list.md": replacing("  - Serbia", f"  - {digits}"),
        "int-4301-digits-as-key.md": with_line(f"{digits}: x"),
        "int-4301-digits-nested.md": with_line(f"contacts:\n  - name: {digits}"),
        "int-4301-digits-flow-mapping.md": with_line(f"contacts: [{{name: {digits}}}]"),
        "int-leading-zeros.md": with_line("id: " + "0" * 5000 + "1"),
        "hex-20000-digits.md": with_line("id: 0x" + "f" * 20000),
        "octal-20000-digits.md": with_line("id: 0o" + "7" * 20000),
        "float-huge-exponent.md": with_line("id: 1" + "0" * 400 + ".5e99999"),
        "float-4301-digits.md": with_line(f"id: {digits}.5"),
        "yaml-directive-4301-digits.md": "---\n%YAML 1." + digits + "\ntitle: x\n---\nBody\n",
        # Escapes beyond Unicode, and escaped surrogates.
        "escape-beyond-unicode.md": with_line('summary: "\\U00110000"'),
        "escape-ffffffff.md": with_line('summary: "a\\UFFFFFFFF"'),
        "escape-beyond-unicode-key.md": with_line('"\\U00110000": x'),
        "escape-beyond-unicode-in-flow.md": replacing(
            "place: Pristina", 'place: [Pristina, "\\U00110000"]'
        ),
        "surrogate-pair.md": with_line('summary: "\\ud83d\\ude00"'),
        "surrogate-lone-low.md": with_line('summary: "\\udc80"'),
        "surrogate-lone-high.md": with_line('summary: "x\\ud800y"'),
        "surrogate-reversed.md": with_line('summary: "\\ude00\\ud83d"'),
        "surrogate-long-escape.md": with_line('summary: "\\U0000D83D\\U0000DE00"'),
        "surrogate-in-title.md": replacing(
            "title: OSCE Chairman", 'title: "OSCE \\udc80 Chairman'
        ).replace("democracy\n", 'democracy"\n', 1),
        "surrogate-in-source.md": replacing("  - OSCE Chairpersonship", '  - "OSCE \\udcff"'),
        "surrogate-as-key.md": with_line('"\\udc80": x'),
        # Control characters in values that messages quote.
        "injection-in-source.md": replacing("  - OSCE Chairpersonship", f'  - "{INJECTION}"'),
        "injection-as-key.md": with_line(f'"{INJECTION}": x'),
        "forged-line-in-source.md": replacing("  - OSCE Chairpersonship", f'  - "{FORGED}"'),
        "terminal-escapes-in-state.md": replacing("  - Serbia", f'  - "{TERMINAL}"'),
        "terminal-escapes-in-title.md": replacing(
            "title: OSCE Chairman says Kosovo elections help promote democracy",
            f'title: "{TERMINAL}"',
        ),
        "bidi-override-in-source.md": replacing(
            "  - OSCE Chairpersonship", '  - "OSCE \\u202eMission"'
        ),
        "nel-ls-ps-escaped-in-source.md": replacing(
            "  - OSCE Chairpersonship", '  - "a\\Nb\\Lc\\Pd\\x85e"'
        ),
        "control-escapes-in-summary.md": with_line('summary: "\\0\\a\\b\\t\\n\\v\\f\\r\\e\\x7f"'),
        # Raw control characters, in the front matter and in the body.
        "raw-escape-in-front-matter.md": replacing("place: Pristina", "place: Pris\x1b[31mtina"),
        "raw-escape-in-body.md": VALID + "TODO: \x1b[2J\x1b]0;owned\x07 write this\n",
        "raw-cr-in-body.md": VALID + "TODO:\rgood.md:1:1: error: V101 forged\n",
        "raw-bell-and-del-in-body.md": VALID + "\x07\x7f\x08 text\n",
        "raw-nel-ls-ps-in-front-matter.md": replacing(
            "place: Pristina", "place: Pri\x85st\u2028i\u2029na"
        ),
        "raw-nel-ls-ps-in-body.md": VALID + "a\x85b\u2028c\u2029d TODO\n",
        "raw-c1-csi-in-body.md": VALID + "TODO \x9b2J\x9d0;owned\x9c\n",
        "raw-bidi-in-body.md": VALID + "TODO \u202e\u2066txt.exe\u2069\n",
        # Encodings, byte order marks and line breaks.
        "bom.md": "\ufeff" + VALID,
        "double-bom.md": "\ufeff\ufeff" + VALID,
        "bom-in-front-matter.md": replacing("place: Pristina", "place: \ufeffPristina"),
        "utf16.md": VALID.encode("utf-16"),
        "utf16-without-bom.md": VALID.encode("utf-16-le"),
        "utf32.md": VALID.encode("utf-32"),
        "crlf.md": VALID.replace("\n", "\r\n"),
        "cr.md": VALID.replace("\n", "\r"),
        "mixed-line-breaks.md": VALID.replace("\n", "\r", 3).replace("\n", "\r\n", 3),
        "nul.md": VALID + "\x00\n",
        "nul-in-front-matter.md": replacing("place: Pristina", "place: Pris\x00tina"),
        "invalid-utf8.md": VALID.encode() + b"\xff\xfe bad\n",
        "invalid-utf8-in-front-matter.md": replacing("place: Pristina", "place: PLACE")
        .encode()
        .replace(b"PLACE", b"Pri\xc3\x28stina"),
        "overlong-utf8.md": VALID.encode() + b"\xc0\xaf\n",
        "encoded-surrogate.md": VALID.encode() + b"\xed\xa0\x80\n",
        "latin1.md": VALID.replace("–", "-").replace("Kosovo", "Kosovë").encode("latin-1"),
        "empty.md": "",
        "blank.md": " \n\t\n",
        "only-opening.md": "---\n",
        "only-delimiters.md": "---\n---\n",
        # Sizes and shapes.
        "overlong-line-body.md": VALID + "a" * (1024 * 1024 - len(VALID.encode()) - 10) + "\n",
        "overlong-line-front-matter.md": with_line("summary: " + "a" * 60_000),
        "over-one-mib.md": VALID + "b" * (1024 * 1024 + 1),
        "front-matter-over-64kib.md": with_line("summary: " + "a" * (70 * 1024)),
        "keys-20000.md": "---\n" + "".join(f"k{n}: v\n" for n in range(20_000)) + "---\nBody\n",
        "flow-keys-6000.md": "---\nk: {"
        + ",".join(f"k{n}: 1" for n in range(6_000))
        + "}\n---\nB\n",
        "items-20000.md": with_line("states-list:\n" + "  - a\n" * 20_000),
        "flow-items-20000.md": with_line("notes: [" + ",".join(["a"] * 20_000) + "]"),
        "flow-duplicates-500.md": replacing(
            "place: Pristina", "place: [" + ",".join(["a"] * 500) + "]"
        ),
        "deep-flow-10000.md": with_line("summary: " + "[" * 10_000 + "]" * 10_000),
        "deep-flow-mapping.md": with_line("summary: " + "{a: " * 2_000 + "b" + "}" * 2_000),
        "deep-flow-unclosed.md": with_line("summary: " + "[" * 50_000),
        "deep-block-nesting.md": with_line(
            "contacts:\n" + "".join("  " * n + "- \n" for n in range(1, 200))
        ),
        "alias-bomb.md": with_line(
            'summary: &a ["x","x","x","x","x","x","x","x","x"]\n'
            "s2: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "s3: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "s4: [*c,*c,*c,*c,*c,*c,*c,*c,*c]"
        ),
        "python-tag.md": with_line("summary: !!python/object/apply:os.system [echo owned]"),
        "many-documents.md": "---\ntitle: x\n...\n---\n---\nBody\n",
        "not-a-mapping.md": "---\n- a\n- b\n---\nBody\n",
        "flow-oddities.md": replacing(
            "place: Pristina", "place: [\"OSCE\":x, 'b':c, [b]:c, {}:, ? x]"
        ),
        "markdown-bomb.md": VALID + "> " * 5_000 + "x\n" + "*" * 50_000 + "\n" + "[" * 2_000 + "\n",
        "html-and-links.md": VALID
        + '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">\n',
        "embargo-far-future.md": with_line("embargo: 9999-12-31T23:59:59+23:59"),
        "embargo-huge-fraction.md": with_line("embargo: 2007-11-18T09:00:00." + "9" * 5000 + "Z"),
        "date-many-digits.md": replacing("date: 2007-11-18", "date: " + "2" * 5000 + "-11-18"),
        "date-other-digits.md": replacing("date: 2007-11-18", "date: ٢٠٠٧-١١-١٨"),
        "language-huge.md": replacing("language: en", "language: " + "en-" * 20_000 + "x"),
        "contacts-odd.md": with_line(
            "contacts:\n  - name: 1\n    email: [a]\n    phone: {x: y}\n  - x\n  - []"
        ),
    }
    return cases


def small_cases(limit: int = 20_000) -> dict[str, bytes]:
    """The cases of text small enough to check many times over (for properties)."""
    cases = {}
    for name, content in _text_cases().items():
        data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        if len(data) <= limit:
            cases[name] = data
    return cases


#: Names that cannot be taken at face value: each holds a valid release.
#: Bytes, since one of them is not UTF-8.
HOSTILE_NAMES: tuple[bytes, ...] = (
    b"not-utf8-\xff\xfe.md",
    b"latin1-caf\xe9.md",
    b"newline\n::warning file=evil.md,line=1::INJECTED.md",
    b"cr\rgood.md:1:1: error: forged.md",
    b"escape-\x1b[31mred\x07.md",
    b"github-props-%25,:=.md",
    b"bidi-\xe2\x80\xaetxt.md",
)

#: A release whose name is not UTF-8 and which has a finding to report.
BROKEN_WITH_HOSTILE_NAME = b"broken-\xff-name.md"


def build(folder: Path) -> list[str]:
    """Write every case of text and of name into ``folder``; return their names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, content in _text_cases().items():
        data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        names.append(name)
    raw = os.fsencode(folder)
    for name in HOSTILE_NAMES:
        with open(os.path.join(raw, name), "wb") as file:
            file.write(VALID.encode())
        names.append(os.fsdecode(name))
    with open(os.path.join(raw, BROKEN_WITH_HOSTILE_NAME), "wb") as file:
        file.write(replacing("  - Serbia", "  - Serbbia").encode())
    names.append(os.fsdecode(BROKEN_WITH_HOSTILE_NAME))
    return names


def build_traps(folder: Path) -> None:
    """File-system traps beside a valid release, ``good.md``.

    Symbolic link loops named ``*.md`` (two links to each other, a link to
    itself), a dangling link, and ``locked/`` (mode 000, holding a release),
    which a process that obeys file modes cannot read.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.md").write_text(VALID, "utf-8")
    (folder / "loop-a.md").symlink_to("loop-b.md")
    (folder / "loop-b.md").symlink_to("loop-a.md")
    (folder / "self.md").symlink_to("self.md")
    (folder / "dangling.md").symlink_to("nowhere/missing.md")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.md").write_text(VALID, "utf-8")
    locked.chmod(0)


def unlock(folder: Path) -> None:
    """Make the corpus removable again."""
    locked = folder / "locked"
    if locked.exists():
        locked.chmod(0o755)


def good_releases(folder: Path, count: int, make: Callable[[int], str] | None = None) -> list[Path]:
    """``count`` valid releases in ``folder`` (to mix with hostile ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"good-{number:05d}.md"
        path.write_text(make(number) if make else VALID, "utf-8")
        paths.append(path)
    return paths
