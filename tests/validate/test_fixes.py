"""`osce validate --fix` and `--diff`: only the fixed spans change, and fixing is final."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_cli.config import Config
from osce_cli.frontmatter.emit import in_style
from osce_cli.support.writer import WriteError, replace_file
from osce_cli.validate.checker import Checker, Settings
from osce_cli.validate.fixcheck import read_for_check
from osce_cli.validate.fixes import fix_text
from tests.conftest import EXAMPLES, VALID, run_osce

COMMENTED = """\
---
# A release with comments everywhere: only the fixed values may change.
title: "OSCE Chairmanship and ODIHR welcome reform"   # quoted on purpose
date: 2024-04-02    # the embargo day

type: press release
place: Vienna
sources:   # issuing structures
  - 'ODIHR'          # an alias, in single quotes
  - OSCE Chairmanship  # renamed at the end of 2023
fields: [Elections, elections,  Human rights]   # a flow list with a repeat
states:
  - Türkiye
  - Turkey   # the same State again
# states end here
language: en
---
Vienna, 2 April 2024 - The OSCE Chair-in-Office welcomed today the reform.

Türkiye and the OSCE have worked on it since 2019.
"""

FIXED = """\
---
# A release with comments everywhere: only the fixed values may change.
title: "OSCE Chairmanship and ODIHR welcome reform"   # quoted on purpose
date: 2024-04-02    # the embargo day

type: Press release
place: Vienna
sources:   # issuing structures
  - 'OSCE Office for Democratic Institutions and Human Rights'          # an alias, in single quotes
  - OSCE Chairpersonship  # renamed at the end of 2023
fields: [Elections,  Human rights]   # a flow list with a repeat
states:
  - Türkiye
# states end here
language: en
---
VIENNA, 2 April 2024 – The OSCE Chair-in-Office welcomed today the reform.

Türkiye and the OSCE have worked on it since 2019.
"""

CHECKER = Checker(Settings(config=Config()))


def fixed(text: str, *, unsafe: bool = False) -> str:
    return fix_text(text, CHECKER, "x.md", "x.md", unsafe=unsafe).text


def test_fix_changes_only_the_fixed_spans() -> None:
    assert fixed(COMMENTED) == FIXED


def test_fix_keeps_crlf_line_endings() -> None:
    assert fixed(COMMENTED.replace("\n", "\r\n")) == FIXED.replace("\n", "\r\n")


def test_fix_is_idempotent_on_the_commented_file() -> None:
    assert fixed(FIXED) == FIXED


EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.md"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name[:40])
def test_fix_is_idempotent_on_every_example(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = fixed(text, unsafe=True)
    assert fixed(once, unsafe=True) == once
    assert fixed(fixed(text)) == fixed(text)


MISTAKES = [
    ("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo"),
    ("  - OSCE Mission in Kosovo", "  - osce mission in kosovo"),
    ("  - Serbia", "  - Serbia\n  - serbia"),
    ("  - Serbia", "  - RS"),
    ("  - Elections", "  - elections\n  - Elections"),
    ("type: Press release", "type: PRESS RELEASE"),
    ("  - OSCE Chairpersonship", "  - 'OSCE Chairmanship'"),
    ("language: en", "language: en  # English"),
    ("fields:", "fields:   # work"),
    ("\n---\nPRISTINA", "\n# end\n---\nPRISTINA"),
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MISTAKES), max_size=6), st.text(max_size=20))
def test_fix_is_idempotent_and_leaves_no_safe_fix(
    mistakes: list[tuple[str, str]], noise: str
) -> None:
    text = VALID
    for old, new in mistakes:
        text = text.replace(old, new, 1)
    text += noise
    outcome = fix_text(text, CHECKER, "x.md", "x.md")
    assert fixed(outcome.text) == outcome.text
    assert not [d for d in outcome.result.diagnostics if d.fixable]


def write(folder: Path, name: str, text: str | bytes, mode: int | None = None) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    if mode is not None:
        path.chmod(mode)
    return path


def test_cli_fix_writes_the_file_and_reports_what_is_left(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", COMMENTED, mode=0o640)
    result = run_osce("validate", "--fix", "a.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout.decode()
    assert result.stdout.decode() == "Fixed 6 problems. Checked 1 file: no problems found.\n"
    assert path.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    again = run_osce("validate", "--fix", "a.md", cwd=tmp_path)
    assert (again.returncode, again.stdout.decode()) == (0, "Checked 1 file: no problems found.\n")


def test_cli_fix_keeps_a_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", b"\xef\xbb\xbf" + COMMENTED.encode())
    assert run_osce("validate", "--fix", "a.md", cwd=tmp_path).returncode == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path: Path) -> None:
    text = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
    path = write(tmp_path, "a.md", text)
    result = run_osce("validate", "--diff", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode() == (
        "--- a/a.md\n"
        "+++ b/a.md\n"
        "@@ -5,7 +5,7 @@\n"
        " place: Pristina\n"
        " sources:\n"
        "   - OSCE Chairpersonship\n"
        "-  - OSCE Mission to Kosovo\n"
        "+  - OSCE Mission in Kosovo\n"
        " fields:\n"
        "   - Elections\n"
        " states:\n"
    )
    assert result.stderr.decode() == "osce: 1 fix in 1 file would be applied by --fix\n"
    assert path.read_text(encoding="utf-8") == text


def test_diff_names_the_flags_that_would_apply_unsafe_fixes(tmp_path: Path) -> None:
    # Two files, each with a safe fix (an alias) and a guess (a misspelt State).
    text = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
    for name in ("a.md", "b.md"):
        write(tmp_path, name, text.replace("  - Serbia", "  - Serbbia"))
    result = run_osce("validate", "--diff", "--unsafe-fixes", "a.md", "b.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "osce: 4 fixes in 2 files would be applied by --fix --unsafe-fixes\n"
    )
    assert result.stdout.decode().count("+  - Serbia\n") == 2


def test_diff_without_unsafe_fixes_says_what_they_would_do(tmp_path: Path) -> None:
    guess = VALID.replace("  - Serbia", "  - Serbbia")
    write(tmp_path, "guess.md", guess)
    write(tmp_path, "both.md", guess.replace("Mission in Kosovo", "Mission to Kosovo"))
    only_guess = run_osce("validate", "--diff", "guess.md", cwd=tmp_path)
    assert (only_guess.returncode, only_guess.stdout) == (1, b"")
    assert only_guess.stderr.decode() == (
        "osce: nothing to fix safely; 1 fixable with --fix --unsafe-fixes\n"
    )
    both = run_osce("validate", "--diff", "both.md", cwd=tmp_path)
    assert both.stderr.decode() == (
        "osce: 1 fix in 1 file would be applied by --fix; 1 more with --unsafe-fixes\n"
    )


def test_diff_on_a_clean_file(tmp_path: Path) -> None:
    write(tmp_path, "a.md", VALID)
    result = run_osce("validate", "--diff", "a.md", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"")


def test_fix_exits_1_while_errors_remain(tmp_path: Path) -> None:
    text = VALID.replace("  - Serbia", "  - Serbbia").replace(
        "  - OSCE Mission in Kosovo", "  - ODIHR"
    )
    write(tmp_path, "a.md", text)
    result = run_osce("validate", "--fix", "a.md", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [d["code"] for d in report["diagnostics"]] == ["V101"]
    text_result = run_osce("validate", "a.md", cwd=tmp_path)
    assert text_result.stdout.decode().endswith(
        "Checked 1 file: 1 error, 0 warnings, 0 infos. 1 fixable with --fix --unsafe-fixes.\n"
    )


def test_unsafe_fixes_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", VALID.replace("  - Serbia", "  - Serbbia"))
    assert run_osce("validate", "--fix", "a.md", cwd=tmp_path).returncode == 1
    assert "Serbbia" in path.read_text(encoding="utf-8")
    result = run_osce("validate", "--fix", "--unsafe-fixes", "a.md", cwd=tmp_path)
    assert result.returncode == 0
    assert path.read_text(encoding="utf-8") == VALID


def test_exit_non_zero_on_fix(tmp_path: Path) -> None:
    write(tmp_path, "a.md", VALID.replace("  - Serbia", "  - RS"))
    result = run_osce("validate", "--fix", "--exit-non-zero-on-fix", "a.md", cwd=tmp_path)
    assert result.returncode == 1
    again = run_osce("validate", "--fix", "--exit-non-zero-on-fix", "a.md", cwd=tmp_path)
    assert again.returncode == 0


def test_fix_from_stdin_prints_the_fixed_release(tmp_path: Path) -> None:
    text = VALID.replace("  - Serbia", "  - RS")
    result = run_osce("validate", "--fix", "-", input_bytes=text.encode(), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode() == VALID
    assert result.stderr.decode() == "Fixed 1 problem. Checked 1 file: no problems found.\n"


def test_read_only_file_is_not_touched(tmp_path: Path) -> None:
    text = VALID.replace("  - Serbia", "  - RS")
    path = write(tmp_path, "a.md", text, mode=0o444)
    result = run_osce("validate", "--fix", "a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "osce: error: a.md: file is read-only; not changed\n"
    assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_unwritable_folder_under_fix(tmp_path: Path) -> None:
    from tests.conftest import as_other_user

    folder = tmp_path / "locked"
    folder.mkdir()
    text = VALID.replace("  - Serbia", "  - RS")
    path = write(folder, "a.md", text)
    folder.chmod(0o555)
    preexec = as_other_user()
    result = subprocess.run(
        [sys.executable, "-m", "osce_cli", "validate", "--fix", "locked/a.md"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        preexec_fn=preexec,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"osce: error: locked/a.md: cannot write in {folder}: permission denied\n"
    )
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in folder.iterdir()] == ["a.md"]


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "original\n")
    read = path.read_bytes()
    path.write_text("edited by someone else\n", encoding="utf-8")
    with pytest.raises(WriteError) as error:
        replace_file(path, b"fixed\n", expected=read, display="a.md")
    assert str(error.value) == "a.md: changed on disk since it was read; not changed"
    assert path.read_text(encoding="utf-8") == "edited by someone else\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_fix_through_a_symlink_edits_the_target(tmp_path: Path) -> None:
    target = write(tmp_path, "real.md", VALID.replace("  - Serbia", "  - RS"))
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert run_osce("validate", "--fix", "link.md", cwd=tmp_path).returncode == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == VALID


def in_1993(front: str) -> str:
    """A clean 1993 release, with ``front`` for its sources."""
    return (
        "---\n"
        "title: CSCE Missions report on Sandjak\n"
        "date: 1993-05-10\n"
        "type: Press release\n"
        "place: Vienna\n"
        f"{front}"
        "fields: [Elections]\n"
        "---\n"
        "VIENNA, 10 May 1993 – The Missions reported today.\n"
    )


CSCE_ID = "csce-missions-of-long-duration-to-kosovo-sandjak-and-vojvodina"
CSCE_LABEL = "CSCE Missions of long duration to Kosovo, Sandjak and Vojvodina"


@pytest.mark.parametrize(
    ("written", "fixed_to"),
    [
        # In brackets, a comma ends a plain value: the label must be quoted.
        (f"sources: [{CSCE_ID}]\n", f'sources: ["{CSCE_LABEL}"]\n'),
        (
            f"sources: [ {CSCE_ID} ,OSCE Chairpersonship]\n",
            f'sources: [ "{CSCE_LABEL}" ,OSCE Chairpersonship]\n',
        ),
        # Out of brackets, it need not be.
        (f"sources:\n  - {CSCE_ID}\n", f"sources:\n  - {CSCE_LABEL}\n"),
        (f"sources: [x, {CSCE_ID}]\n", f'sources: [x, "{CSCE_LABEL}"]\n'),
        # Quotes stay the quotes they were.
        (f"sources: ['{CSCE_ID}']\n", f"sources: ['{CSCE_LABEL}']\n"),
        (f'sources: ["{CSCE_ID}"]\n', f'sources: ["{CSCE_LABEL}"]\n'),
        # A tag or an anchor on the value stays.
        (f"sources:\n  - !!str {CSCE_ID}\n", f"sources:\n  - !!str {CSCE_LABEL}\n"),
        (f"sources: [!!str {CSCE_ID}]\n", f'sources: [!!str "{CSCE_LABEL}"]\n'),
        (f"sources:\n  - &m {CSCE_ID}\n", f"sources:\n  - &m {CSCE_LABEL}\n"),
        (f"sources: [&m  !!str\n    '{CSCE_ID}']\n", f"sources: [&m  !!str\n    '{CSCE_LABEL}']\n"),
    ],
)
def test_a_fixed_value_reads_back_as_the_label(written: str, fixed_to: str) -> None:
    outcome = fix_text(in_1993(written), CHECKER, "x.md", "x.md")
    assert outcome.text == in_1993(fixed_to)
    left = [(d.code, d.message) for d in outcome.result.diagnostics]
    if "[x," in written:
        assert left == [
            ("V101", "'x' is not a known OSCE structure, institution or field operation")
        ]
    else:
        assert left == []


def test_fixing_the_issue_example_leaves_a_clean_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", in_1993(f"sources: [{CSCE_ID}]\n"))
    result = run_osce("validate", "--fix", "a.md", cwd=tmp_path)
    assert (result.returncode, result.stdout.decode()) == (
        0,
        "Fixed 1 problem. Checked 1 file: no problems found.\n",
    )
    assert path.read_text(encoding="utf-8") == in_1993(f'sources: ["{CSCE_LABEL}"]\n')


#: Labels of a project vocabulary with every character YAML gives a meaning
#: to: at the start, inside and at the end, and words that read as other types.
SPECIAL_LABELS = [
    "Kosovo, Sandjak and Vojvodina",
    "Office [Vienna] {West}",
    "Unit: Borders",
    "Unit:Borders",
    "Desk #7",
    "Desk#7",
    "- Dash Unit",
    "-Dash Unit",
    "? Query Unit",
    "?Query Unit",
    ": Colon Unit",
    "Trailing Colon:",
    "#Hash Unit",
    "&Anchor Unit",
    "*Star Unit",
    "!Bang Unit",
    "|Pipe Unit",
    ">Greater Unit",
    "%Percent Unit",
    "@At Unit",
    "`Tick Unit`",
    "'Single' Unit",
    '"Double" Unit',
    "O'Brien's Unit",
    'Back\\slash "Unit"',
    "null",
    "True",
    "1234",
    "0x1F",
    "1e3",
    "--- Marker Unit",
    "... Dots Unit",
    "Ünit Ärger",
    "Unit\x85Next",
    "Unit\u2028Line",
]


@pytest.fixture(scope="module")
def special_checker(tmp_path_factory: pytest.TempPathFactory) -> Checker:
    folder = tmp_path_factory.mktemp("vocabulary")
    terms = "".join(
        f"  - id: zz-special-{number}\n"
        f"    label: {json.dumps(label)}\n"
        f"    aliases: [zz-alias-{number}]\n"
        for number, label in enumerate(SPECIAL_LABELS)
    )
    path = folder / "special.yaml"
    path.write_text(f"facet: structures\nterms:\n{terms}", encoding="utf-8")
    return Checker(Settings(config=Config(root=folder, vocabulary=(path,))))


def written_as(text: str, style: str) -> str:
    if style == "'":
        return "'" + text + "'"
    return f'"{text}"' if style == '"' else text


#: One list item: which term (an index into SPECIAL_LABELS, or -1 for the
#: 1993 CSCE mission), how it is written (its alias or its label), its
#: quotes, and whether it has a tag, an anchor, a comment.
items = st.tuples(
    st.integers(-1, len(SPECIAL_LABELS) - 1),
    st.booleans(),
    st.sampled_from(["", "'", '"']),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)


def alias_of(term: int) -> str:
    return CSCE_ID if term < 0 else f"zz-alias-{term}"


def label_of(term: int) -> str:
    return CSCE_LABEL if term < 0 else SPECIAL_LABELS[term]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(items, min_size=1, max_size=5),
    st.sampled_from(["block", "flow"]),
    st.text(max_size=12),
)
def test_fixes_change_only_what_they_fix(
    special_checker: Checker,
    chosen: list[tuple[int, bool, str, bool, bool, bool]],
    layout: str,
    summary: str,
) -> None:
    written = []
    for number, (term, as_label, style, tag, anchor, comment) in enumerate(chosen):
        # A label is written the way the fixer would, so that it reads as itself.
        value = (
            in_style(label_of(term), style or None, flow=layout == "flow")
            if as_label
            else written_as(alias_of(term), style)
        )
        prefix = ("!!str " if tag else "") + (f"&a{number} " if anchor else "")
        note = f"  # c{number}" if comment and layout == "block" else ""
        written.append((prefix + str(value), note))
    if layout == "block":
        front = "sources:\n" + "".join(f"  - {item}{note}\n" for item, note in written)
    else:
        front = "sources: [" + ", ".join(item for item, _ in written) + "]  # end\n"
    # A value no fix touches, with any character at all, beside the list.
    original = in_1993(front + f"summary: {json.dumps(summary)}\n")
    outcome = fix_text(original, special_checker, "x.md", "x.md")

    # Every safe fix was applied: each reads back as what it was meant to write.
    assert outcome.not_applied == ()
    assert not [d for d in outcome.result.diagnostics if d.fixable]
    # The file reads as before, but for the labels written and the repeats removed.
    labels: list[str] = []
    for term, *_ in chosen:
        if label_of(term) not in labels:
            labels.append(label_of(term))
    before = read_for_check(original)
    after = read_for_check(outcome.text)
    assert before.data is not None and after.data is not None
    assert after.data == {**before.data, "sources": labels}
    # Tags, anchors and comments of the items kept are still there.
    kept = {label_of(term): number for number, (term, *_) in reversed(list(enumerate(chosen)))}
    for number in kept.values():
        item, note = written[number]
        if item.startswith(("!!str", "&")):
            assert item.split(" ")[0] in outcome.text
            if item.startswith("!!str &"):
                assert f"!!str &a{number}" in outcome.text
        assert note in outcome.text
    # No new error, and fixing again changes nothing.
    errors_before = {
        d.code for d in special_checker.check_bytes(original.encode(), "x.md", "x.md").diagnostics
    }
    assert {d.code for d in outcome.result.diagnostics} <= errors_before
    assert fix_text(outcome.text, special_checker, "x.md", "x.md").text == outcome.text


def test_a_fix_that_would_read_differently_is_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The quoting of issue 15 comes back: labels written plain wherever they go.
    from osce_cli.__main__ import main
    from osce_cli.frontmatter import emit as yamlemit

    monkeypatch.setattr(yamlemit, "in_style", lambda text, style, **_: text)
    monkeypatch.chdir(tmp_path)
    text = in_1993(f"sources: [{CSCE_ID}, OSCE Chairpersonship]\nstates: [RS]\n")
    path = write(tmp_path, "a.md", text)
    assert main(["validate", "--fix", "--isolated", "--no-cache", "a.md"]) == 0
    out, err = capsys.readouterr()
    assert err == (
        "osce: a.md:6:11: V102 fix not applied: the fixed file would not read as intended\n"
    )
    assert out.endswith("Fixed 1 problem. Checked 1 file: 0 errors, 1 warning, 0 infos.\n")
    # The other fix was written; the value that would have split in two was not.
    assert path.read_text(encoding="utf-8") == text.replace("[RS]", "[Serbia]")
    # --diff leaves it out of the diff, and says so too.
    path.write_text(text, encoding="utf-8")
    assert main(["validate", "--diff", "--isolated", "a.md"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "--- a/a.md\n"
        "+++ b/a.md\n"
        "@@ -4,7 +4,7 @@\n"
        " type: Press release\n"
        " place: Vienna\n"
        f" sources: [{CSCE_ID}, OSCE Chairpersonship]\n"
        "-states: [RS]\n"
        "+states: [Serbia]\n"
        " fields: [Elections]\n"
        " ---\n"
        " VIENNA, 10 May 1993 – The Missions reported today.\n"
    )
    assert err == (
        "osce: 1 fix in 1 file would be applied by --fix\n"
        "osce: a.md:6:11: V102 fix not applied: the fixed file would not read as intended\n"
    )
