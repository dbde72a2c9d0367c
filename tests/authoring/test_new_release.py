"""`osce new release`: flags, prompts on a real terminal, the path, the template, safety."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from osce_cli.authoring.scaffold import Draft, release_path, release_text
from osce_cli.authoring.slug import slugify
from tests.conftest import REPO, as_from_a_terminal, diagnostics, run_osce

SCRIPTED = (
    "new",
    "release",
    "--no-input",
    "--title",
    "OSCE Chairman says Kosovo elections help promote democracy",
    "--date",
    "2007-11-18",
    "--place",
    "Pristina",
    "--type",
    "Press release",
    "--source",
    "OSCE Mission in Kosovo",
    "--field",
    "Elections",
)
EXPECTED_PATH = (
    "releases/2007/2007-11-18-osce-chairman-says-kosovo-elections-help-promote-democracy.md"
)
EXPECTED_TEXT = """\
---
title: OSCE Chairman says Kosovo elections help promote democracy
date: 2007-11-18
type: Press release
place: Pristina
sources:
  - OSCE Mission in Kosovo
fields:
  - Elections
language: en
---
PRISTINA, 18 November 2007 – TODO: the lead: who did what, where and when, in one or two sentences.

TODO: a quote, with the speaker's name and title.

TODO: the background, and what happens next.
"""


def test_scripted_release_is_written_in_the_archive_layout(tmp_path: Path) -> None:
    result = run_osce(*SCRIPTED, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == f"Created {EXPECTED_PATH}\n"
    assert (tmp_path / EXPECTED_PATH).read_text(encoding="utf-8") == EXPECTED_TEXT


def test_running_it_again_exits_2_and_leaves_the_file_alone(tmp_path: Path) -> None:
    assert run_osce(*SCRIPTED, cwd=tmp_path).returncode == 0
    target = tmp_path / EXPECTED_PATH
    target.write_text(EXPECTED_TEXT.replace("TODO: the background", "Written by hand"), "utf-8")
    before = target.read_bytes()
    again = run_osce(*SCRIPTED, cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.decode() == (
        f"osce: error: {EXPECTED_PATH}: already exists (use --force to overwrite it)\n"
    )
    assert target.read_bytes() == before
    forced = run_osce(*SCRIPTED, "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert target.read_text(encoding="utf-8") == EXPECTED_TEXT


def test_new_release_validates_except_for_placeholders_then_cleanly(tmp_path: Path) -> None:
    assert run_osce(*SCRIPTED, cwd=tmp_path).returncode == 0
    target = tmp_path / EXPECTED_PATH
    found = diagnostics(target.read_bytes(), select=None)
    assert {d.code for d in found} == {"B102"}
    sentences = iter(
        [
            "The elections held in Kosovo today were calm and orderly.",
            '"Voters have shown their commitment to democracy," the Chairman-in-Office said.',
            "The Mission will publish its final report in December.",
        ]
    )
    filled = re.sub(r"TODO: [^\n]*", lambda _: next(sentences), target.read_text("utf-8"))
    target.write_text(filled, encoding="utf-8")
    result = run_osce("validate", EXPECTED_PATH, cwd=tmp_path)
    assert (result.returncode, result.stdout.decode()) == (
        0,
        "Checked 1 file: no problems found.\n",
    )


def test_no_input_names_every_missing_flag(tmp_path: Path) -> None:
    result = run_osce("new", "release", "--no-input", "--place", "Vienna", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "osce: error: missing --title, --source, --field (required with --no-input)\n"
    )
    assert not (tmp_path / "releases").exists()


def test_without_a_terminal_nothing_is_asked(tmp_path: Path) -> None:
    result = run_osce("new", "release", "--title", "A title", cwd=tmp_path, input_bytes=b"")
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "osce: error: missing --place, --source, --field "
        "(required when standard input is not a terminal)\n"
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ("--date", "2007-02-30"),
            "--date: date '2007-02-30' does not exist: February 2007 has 28 days",
        ),
        (
            ("--source", "OSCE Misson in Kosvo"),
            "--source: 'OSCE Misson in Kosvo' is not a known OSCE structure, institution or field "
            "operation (did you mean 'OSCE Mission in Kosovo'",
        ),
        (
            ("--source", "Quantum office"),
            "--source: 'Quantum office' is not a known OSCE structure, institution or field "
            "operation",
        ),
        (
            ("--date", "2003-05-06", "--source", "OSCE Mission to Montenegro"),
            "--source: 'OSCE Mission to Montenegro' did not exist on 2003-05-06: "
            "it was established on 2006-06-29",
        ),
        (
            ("--language", "english"),
            "--language: language 'english' is not a BCP 47 language tag (did you mean 'en'?)",
        ),
        (
            ("--field", "Elections", "--field", "Cooking"),
            "--field: 'Cooking' is not a known field of work",
        ),
    ],
)
def test_bad_flag_values_exit_2_with_the_reason(
    tmp_path: Path, flags: tuple[str, ...], message: str
) -> None:
    base = dict(zip(SCRIPTED[3::2], SCRIPTED[4::2], strict=True))
    overridden = dict(zip(flags[::2], flags[1::2], strict=True))
    args = ["new", "release", "--no-input"]
    for flag, value in {**base, **overridden}.items():
        args += [flag, value]
    if flags.count("--field") == 2:
        args += ["--field", "Cooking"]
    result = run_osce(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"osce: error: {message}"), result.stderr.decode()
    assert not (tmp_path / "releases").exists()


def test_aliases_given_as_flags_are_normalised_with_a_note(tmp_path: Path) -> None:
    args = [a if a != "OSCE Mission in Kosovo" else "OSCE Mission to Kosovo" for a in SCRIPTED]
    result = run_osce(*args, "--state", "RS", "--stdout", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.decode() == (
        "osce: --source: 'OSCE Mission to Kosovo' is an alias: using 'OSCE Mission in Kosovo'\n"
        "osce: --state: 'RS' is an alias: using 'Serbia'\n"
    )
    assert "  - OSCE Mission in Kosovo\n" in result.stdout.decode()
    assert "states:\n  - Serbia\n" in result.stdout.decode()
    assert not (tmp_path / "releases").exists()


def test_labels_in_another_language_given_as_flags_are_written_in_english(
    tmp_path: Path,
) -> None:
    args = [a if a != "Press release" else "Пресс-релиз" for a in SCRIPTED]
    result = run_osce(*args, "--stdout", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.decode() == (
        "osce: --type: 'Пресс-релиз' is a label in another language: using 'Press release'\n"
    )
    assert "type: Press release\n" in result.stdout.decode()


def test_joint_dateline_and_several_values(tmp_path: Path) -> None:
    result = run_osce(
        "new",
        "release",
        "--no-input",
        "--stdout",
        "--title",
        "Observers: elections were calm",
        "--date",
        "2019-12-05",
        "--place",
        "Bratislava/Copenhagen",
        "--place",
        "Vienna",
        "--type",
        "Press statement",
        "--source",
        "OSCE Parliamentary Assembly",
        "--source",
        "ODIHR",
        "--field",
        "Elections",
        "--field",
        "Human rights",
        "--state",
        "Slovakia",
        "--language",
        "en-GB",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert text.startswith(
        "---\n"
        'title: "Observers: elections were calm"\n'
        "date: 2019-12-05\n"
        "type: Press statement\n"
        "place: [Bratislava, Copenhagen, Vienna]\n"
        "sources:\n"
        "  - OSCE Parliamentary Assembly\n"
        "  - OSCE Office for Democratic Institutions and Human Rights\n"
        "fields:\n  - Elections\n  - Human rights\n"
        "states:\n  - Slovakia\n"
        "language: en-GB\n"
        "---\n"
        "BRATISLAVA/COPENHAGEN/VIENNA, 5 December 2019 – TODO: who makes this statement"
    )
    assert {d.code for d in diagnostics(text, select=None)} == {"B102"}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Türkiye and the OSCE", "turkiye-and-the-osce"),
        ("Chairperson's visit: a new start!", "chairpersons-visit-a-new-start"),
        ("../../etc/passwd", "etc-passwd"),
        ("Выборы в Кыргызстане", "release"),
        ("PRIŠTINA / Prishtinë — talks", "pristina-prishtine-talks"),
        ("a" * 100, "a" * 80),
        ("word " * 30, "-".join(["word"] * 16)),
    ],
)
def test_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slugify(title)) <= 80


def test_a_hostile_title_stays_inside_the_archive(tmp_path: Path) -> None:
    result = run_osce(
        *(a if a != SCRIPTED[4] else "../../../etc/passwd" for a in SCRIPTED), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == "Created releases/2007/2007-11-18-etc-passwd.md\n"


def draft(**changes: object) -> Draft:
    values: dict[str, object] = {
        "title": "A title",
        "date": dt.date(2007, 11, 18),
        "places": ("Pristina",),
        "type_id": "press-release",
        "labels": {
            "type": ("Press release",),
            "sources": ("OSCE Mission in Kosovo",),
            "fields": ("Elections",),
        },
    }
    values.update(changes)
    return Draft(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "pattern", ["../{slug}.md", "/tmp/{slug}.md", "{yyyy}/{slug}.txt", "{year}/{slug}.md", "{slug"]
)
def test_file_name_patterns_that_are_refused(tmp_path: Path, pattern: str) -> None:
    from osce_cli.support.errors import ConfigError

    with pytest.raises(ConfigError):
        release_path(draft(), tmp_path, pattern)


def test_file_name_pattern_from_config(tmp_path: Path) -> None:
    (tmp_path / "osce.toml").write_text(
        'releases-dir = "archive"\nfilename-pattern = "{type}/{yyyy}{mm}{dd}-{slug}.md"\n',
        encoding="utf-8",
    )
    result = run_osce(*SCRIPTED, cwd=tmp_path)
    assert result.stdout.decode() == (
        "Created archive/press-release/20071118-osce-chairman-says-kosovo-elections-help-promote"
        "-democracy.md\n"
    )


FIELDS = "use plain fields: {yyyy}, {mm}, {dd}, {slug}, {type}"


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("{slug!r}.md", f"{{slug!r}}: no conversions ({FIELDS})"),
        ("{slug!s}.md", f"{{slug!s}}: no conversions ({FIELDS})"),
        ("{slug:>300}.md", f"{{slug:>300}}: no format specs ({FIELDS})"),
        ("{yyyy:{mm}}/{slug}.md", f"{{yyyy:{{mm}}}}: no format specs ({FIELDS})"),
        ("{slug.upper}.md", f"unknown field {{slug.upper}} ({FIELDS})"),
        ("{slug[0]}.md", f"unknown field {{slug[0]}} ({FIELDS})"),
        ("{}.md", f"unknown field {{}} ({FIELDS})"),
        ("{0}.md", f"unknown field {{0}} ({FIELDS})"),
        ("{year}/{slug}.md", f"unknown field {{year}} ({FIELDS})"),
        ("{slug", "not a pattern: expected '}' before end of string"),
        ("{slug}}.md", "not a pattern: Single '}' encountered in format string"),
        (
            "../{slug}.md",
            "must give a relative path ending in .md that stays inside the releases folder",
        ),
        (
            "/tmp/{slug}.md",
            "must give a relative path ending in .md that stays inside the releases folder",
        ),
        (
            "{yyyy}/{slug}.txt",
            "must give a relative path ending in .md that stays inside the releases folder",
        ),
    ],
)
def test_a_file_name_pattern_that_is_not_plain_fields_is_a_config_error(
    tmp_path: Path, pattern: str, problem: str
) -> None:
    from osce_cli.config import load_config
    from osce_cli.support.errors import ConfigError

    config = tmp_path / "osce.toml"
    config.write_text(f"filename-pattern = '{pattern}'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(start=tmp_path)  # refused when the configuration is read
    assert str(raised.value) == f"{config}: filename-pattern: {problem}"


def test_a_bad_file_name_pattern_stops_every_command_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "osce.toml").write_text("filename-pattern = '{slug!r}.md'\n", encoding="utf-8")
    expected = (
        f"osce: error: {tmp_path / 'osce.toml'}: filename-pattern: {{slug!r}}: no conversions "
        f"({FIELDS})\n"
    )
    for args in (SCRIPTED, ("validate", "missing.md")):
        result = run_osce(*args, cwd=tmp_path)
        assert (result.returncode, result.stderr.decode()) == (2, expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["osce.toml"]


def test_project_templates_override_the_shipped_ones(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "press-release.md").write_text(
        "{{ dateline }}TODO: our own lead for {{ sources | join(' and ') }}.\n", encoding="utf-8"
    )
    (tmp_path / "osce.toml").write_text('templates = "templates"\n', encoding="utf-8")
    result = run_osce(*SCRIPTED, "--stdout", cwd=tmp_path)
    assert result.stdout.decode().endswith(
        "---\nPRISTINA, 18 November 2007 – TODO: our own lead for OSCE Mission in Kosovo.\n"
    )
    (templates / "press-release.md").write_text("{{ nonsense }}\n", encoding="utf-8")
    broken = run_osce(*SCRIPTED, "--stdout", cwd=tmp_path)
    assert broken.returncode == 2
    assert broken.stderr.decode() == (
        f"osce: error: {templates / 'press-release.md'}: template error: 'nonsense' is undefined\n"
    )


@pytest.mark.parametrize("type_id", ["press-release", "press-statement", "news", "daily-report"])
def test_every_shipped_template_gives_a_valid_release(type_id: str) -> None:
    labels = {
        "press-release": "Press release",
        "press-statement": "Press statement",
        "news": "News",
        "daily-report": "Daily report",
    }
    written = {
        "type": (labels[type_id],),
        "sources": ("OSCE Mission in Kosovo",),
        "fields": ("Elections",),
    }
    text = release_text(draft(labels=written, type_id=type_id, title="A title: with colon"))
    assert {d.code for d in diagnostics(text, select=None)} == {"B102"}


def test_the_release_round_trips_awkward_titles() -> None:
    for title in [
        'Quote "this" and \\ that',
        "#hashtag at start",
        "yes",
        "2007",
        "- dash",
        "tab\there",
        "ends with colon:",
        "Café – Genève",
    ]:
        text = release_text(draft(title=title))
        found = [d for d in diagnostics(text, select=None) if d.code != "B102"]
        assert found == [], (title, found)
        from osce_cli.frontmatter.document import load_document
        from osce_cli.frontmatter.source import decode

        assert load_document("x.md", decode(text.encode())).data["title"] == title  # type: ignore[index]


def test_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "releases").write_text("not a folder", encoding="utf-8")
    result = run_osce(*SCRIPTED, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "osce: error: releases: not a directory\n"


def test_target_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / EXPECTED_PATH).mkdir(parents=True)
    result = run_osce(*SCRIPTED, "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == f"osce: error: {EXPECTED_PATH}: is a directory\n"


def test_unwritable_directory(tmp_path: Path) -> None:
    from tests.conftest import as_other_user

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    preexec = as_other_user()
    result = subprocess.run(
        [sys.executable, "-m", "osce_cli", *SCRIPTED, "--dir", "locked"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        preexec_fn=preexec,
    )
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "osce: error: locked/2007/2007-11-18-osce-chairman-says-kosovo-elections-help-promote"
        "-democracy.md: cannot create locked/2007: permission denied\n"
    )
    assert list(locked.iterdir()) == []


def test_completion_function_offers_vocabulary_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from osce_cli.cli.completion import completer

    complete_source, complete_state = completer("sources"), completer("states")
    complete_field = completer("fields")

    monkeypatch.chdir(tmp_path)
    sources = complete_source("osce mission in")
    assert ("OSCE Mission in Kosovo", "OSCE field operation") in sources
    assert all(label.lower().startswith("osce mission in") for label, _ in sources)
    assert (
        "OSCE Office for Democratic Institutions and Human Rights",
        "OSCE structure or institution",
    ) in complete_source("ODIHR")
    assert [label for label, _ in complete_state("Tür")] == ["Türkiye"]
    assert [label for label, _ in complete_state("tur")] == ["Türkiye", "Turkmenistan"]
    assert ("Safety of journalists", "field of work") in complete_field("saf")
    # Closed operations are not offered for new releases.
    assert not [label for label, _ in complete_source("OSCE Mission to Georgia")]


def test_shell_completion_request_from_bash(tmp_path: Path) -> None:
    # What the bash script sends: the line up to the cursor and readline's word.
    env = {
        **os.environ,
        "_OSCE_COMPLETE": "complete_bash",
        "_OSCE_COMPLETE_LINE": "osce new release --source OSCE\\ Mission\\ in",
        "_OSCE_COMPLETE_WORD": "OSCE\\ Mission\\ in",
    }
    result = subprocess.run(
        [sys.executable, "-m", "osce_cli"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == "OSCE\\ Mission\\ in\\ Kosovo\n", result


# --------------------------------------------------------------------------- on a terminal


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "PYTHONPATH": str(REPO / "src")}
    return pexpect.spawn(
        sys.executable,
        ["-m", "osce_cli", "new", "release", "--isolated", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
        preexec_fn=as_from_a_terminal,
    )


def test_interactive_session_with_a_misspelt_source(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Title: ")
    child.sendline("OSCE Mission in Kosovo supports municipal elections")
    child.expect_exact("Date (YYYY-MM-DD)")
    child.sendline("2007-02-30")
    child.expect_exact("February 2007 has 28 days")
    child.expect_exact("Date (YYYY-MM-DD)")
    child.sendline("2007-11-18")
    child.expect_exact("Place (a joint dateline: Vienna/Warsaw): ")
    child.sendline("Pristina")
    child.expect_exact("Content type (Press release): ")
    child.sendline("")
    child.expect_exact("Source 1: ")
    child.sendline("OSCE Mission to Kosovo")
    child.expect_exact("Use 'OSCE Mission in Kosovo'? [y/n] (y): ")
    child.sendline("y")
    child.expect_exact("Source 2 (Enter when done): ")
    child.sendline("OSCE Misson for Democratic Institutions")
    child.expect_exact("is not a known OSCE structure, institution or field")
    child.expect_exact("Source 2 (Enter when done): ")
    child.sendline("Secretariat of the OSCE")
    child.expect_exact("Source 2 (Enter when done): ")
    child.sendline("ODIHR")
    child.expect_exact("Use 'OSCE Office for Democratic Institutions and Human Rights'? [y/n]")
    child.sendline("y")
    child.expect_exact("Source 3 (Enter when done): ")
    child.sendline("")
    child.expect_exact("Field of work 1: ")
    child.sendline("elections")
    child.expect_exact("Use 'Elections'? [y/n] (y): ")
    child.sendline("")
    child.expect_exact("Field of work 2 (Enter when done): ")
    child.sendline("")
    child.expect_exact("State concerned 1 (Enter when done): ")
    child.sendline("Serbia")
    child.expect_exact("State concerned 2 (Enter when done): ")
    child.sendline("")
    child.expect_exact("Meeting or conference 1 (Enter when done): ")
    child.sendline("human rights meetings")
    child.expect_exact("Use 'Human rights meetings'? [y/n] (y): ")
    child.sendline("")
    child.expect_exact("Meeting or conference 2 (Enter when done): ")
    child.sendline("")
    child.expect_exact("Language (en): ")
    child.sendline("")
    child.expect_exact("Created releases/2007/2007-11-18-osce-mission-in-kosovo-supports-municipal")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (written,) = (tmp_path / "releases" / "2007").iterdir()
    text = written.read_text(encoding="utf-8")
    assert "sources:\n  - OSCE Mission in Kosovo\n  - OSCE Office for Democratic " in text
    assert "states:\n  - Serbia\nmeetings:\n  - Human rights meetings\nlanguage: en\n---\n" in text
    assert {d.code for d in diagnostics(text, select=None)} == {"B102"}


def test_interactive_prompts_only_for_what_flags_did_not_give(tmp_path: Path) -> None:
    child = spawn(tmp_path, *SCRIPTED[3:13], "--stdout")
    child.expect_exact("Field of work 1: ")
    child.sendline("Elections")
    child.expect_exact("Field of work 2 (Enter when done): ")
    child.sendline("")
    child.expect_exact("State concerned 1 (Enter when done): ")
    child.sendline("")
    child.expect_exact("Meeting or conference 1 (Enter when done): ")
    child.sendline("")
    child.expect_exact("Language (en): ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "title: OSCE Chairman says Kosovo elections" in child.before


def test_ctrl_c_leaves_no_file_behind(tmp_path: Path) -> None:
    child = spawn(
        tmp_path,
        "--title",
        "A release that is never written",
        "--date",
        "2020-10-05",
        "--place",
        "Vienna",
    )
    child.expect_exact("Content type (Press release): ")
    child.sendline("")
    child.expect_exact("Source 1: ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "osce: interrupted" in child.before
    assert "Traceback" not in child.before
    assert list(tmp_path.iterdir()) == []
