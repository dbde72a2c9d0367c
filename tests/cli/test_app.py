"""The command line as a user sees it: exit codes, streams, flags, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from osce_cli import __version__
from osce_cli.cli.app import app
from tests.conftest import REPO, VALID, as_other_user, run_osce

BROKEN = VALID.replace("  - Serbia", "  - Serbbia")
ALIAS_ONLY = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_version() -> None:
    for args in (["--version"], ["--version", "validate"]):
        result = run_osce(*args)
        assert (result.returncode, result.stdout.decode()) == (0, f"osce {__version__}\n")


def test_help_lists_the_commands() -> None:
    result = run_osce("--help", env={"COLUMNS": "80"})
    assert result.returncode == 0
    assert result.stdout.decode() == HELP_AT_80_COLUMNS


HELP_AT_80_COLUMNS = """\
Usage: osce [OPTIONS] COMMAND [ARGS]...

  Scaffold, validate and export OSCE press releases kept as Markdown in git.

Options:
  --version             Show the version and exit.
  --install-completion  Install completion for the current shell.
  --show-completion     Show completion for the current shell, to copy it or
                        customize the installation.
  -h, --help            Show this message and exit.

Commands:
  validate  Check releases against the format, vocabulary and house style.
  rules     List the rules, or explain one rule with examples.
  vocab     List the controlled vocabulary (with a project's additions).
  export    Publish releases as HTML pages, JSON, JSON Lines or plain text.
  schema    Print the JSON Schema of the front matter or of the JSON export.
  new       Create new files in the archive.
"""

VALIDATE_OPTIONS_AT_80_COLUMNS = """\
Options:
  -f, --format <text|json|github|sarif>
                                  Output format.  [default: text]
  --strict                        Fail on warnings too.
  --select <codes>                Only these rule codes or prefixes (comma-
                                  separated).
  --ignore <codes>                Skip these rule codes or prefixes (comma-
                                  separated).
  --stdin-filename <name>         The file name to report for standard input.
  --force-exclude                 Apply 'exclude' to files named on the
                                  command line.
  --color <auto|always|never>     Colour the text output.  [default: auto]
  --fix                           Apply the safe fixes to the files.
  --unsafe-fixes                  Also apply fixes that guess (closest known
                                  term).
  --diff                          Show the fixes as a unified diff; write
                                  nothing.
  --exit-non-zero-on-fix          With --fix, exit 1 when a file was changed.
  --no-cache                      Check every file again; do not read or write
                                  .osce_cache/.
  -j, --jobs <n>                  Processes to use, from 300 files on
                                  [default: one per CPU].
  --config <file>                 Use this configuration file instead of
                                  searching for one.
  --isolated                      Ignore configuration files.
  -h, --help                      Show this message and exit.
"""


def test_validate_help_at_80_columns() -> None:
    result = run_osce("validate", "--help", env={"COLUMNS": "80"})
    assert result.returncode == 0
    assert result.stdout.decode().endswith("\n\n" + VALIDATE_OPTIONS_AT_80_COLUMNS)


HELP_COMMANDS = (
    ("validate",),
    ("rules",),
    ("vocab",),
    ("export",),
    ("schema",),
    ("new", "release"),
)
FLAGS = ("--strict", "--fix", "--diff", "--isolated", "--force", "--stdout", "--no-input")


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 200])
def test_help_at_any_width_keeps_values_whole_and_flags_bare(columns: int) -> None:
    runner = CliRunner()
    for command in HELP_COMMANDS:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": str(columns)})
        assert result.exit_code == 0, command
        options = result.output.split("Options:\n")[1]
        assert "<bool>" not in options and "<list[str]>" not in options
        for line in options.splitlines():
            first_column = line.strip().split("  ")[0]
            if first_column.split(" ")[0] in FLAGS:
                assert first_column in FLAGS, line  # no value shown for a flag
        if command == ("validate",):
            assert "--format <text|json|github|sarif>" in options
            assert "[default: one per CPU]" in " ".join(options.split())


def test_exit_codes(tmp_path: Path) -> None:
    write(tmp_path, "good.md", VALID)
    write(tmp_path, "bad.md", BROKEN)
    write(tmp_path, "warn.md", ALIAS_ONLY)
    assert run_osce("validate", "good.md", cwd=tmp_path).returncode == 0
    assert run_osce("validate", "bad.md", cwd=tmp_path).returncode == 1
    assert run_osce("validate", "warn.md", cwd=tmp_path).returncode == 0
    assert run_osce("validate", "--strict", "warn.md", cwd=tmp_path).returncode == 1
    assert run_osce("validate", "--strict", "good.md", cwd=tmp_path).returncode == 0


def test_folder_is_searched_recursively_in_a_stable_order(tmp_path: Path) -> None:
    write(tmp_path, "releases/2007/b.md", BROKEN)
    write(tmp_path, "releases/2007/a.md", BROKEN)
    write(tmp_path, "releases/2006/c.md", BROKEN)
    write(tmp_path, "releases/notes.txt", "not a release")
    write(tmp_path, "releases/.svn/x.md", "ignored")
    result = run_osce("validate", "releases/", "--format", "json", cwd=tmp_path)
    paths = [d["path"] for d in json.loads(result.stdout)["diagnostics"]]
    assert paths == ["releases/2006/c.md", "releases/2007/a.md", "releases/2007/b.md"]


def test_no_path_means_the_releases_of_the_project(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, "releases/2007/a.md", BROKEN)
    write(tmp_path, "x/a.md", BROKEN)  # not a release: not below releases-dir
    write(tmp_path, "README.md", "# Press office\n")
    result = run_osce("validate", "--format", "json", cwd=tmp_path)
    assert [d["path"] for d in json.loads(result.stdout)["diagnostics"]] == ["releases/2007/a.md"]
    # From a folder below the configuration file, the same releases, shown from there.
    write(tmp_path, "osce.toml", 'releases-dir = "releases"\n')
    below = run_osce("validate", "--format", "json", cwd=tmp_path / "x")
    paths = [d["path"] for d in json.loads(below.stdout)["diagnostics"]]
    assert paths == ["../releases/2007/a.md"]


def test_stdin_with_a_file_name(tmp_path: Path) -> None:
    result = run_osce(
        "validate",
        "-",
        "--stdin-filename",
        "releases/2007/x.md",
        "--format",
        "json",
        input_bytes=BROKEN.encode(),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert (diagnostic["path"], diagnostic["line"], diagnostic["code"]) == (
        "releases/2007/x.md",
        12,
        "V101",
    )


def test_stdin_without_a_file_name(tmp_path: Path) -> None:
    result = run_osce("validate", "-", input_bytes=VALID.encode(), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"Checked 1 file: no problems found.\n")


def test_select_and_ignore_by_code_and_prefix(tmp_path: Path) -> None:
    text = BROKEN.replace("  - OSCE Mission in Kosovo", "  - ODIHR").replace(
        "The elections", "TODO The elections"
    )
    write(tmp_path, "a.md", text)

    def codes(*flags: str) -> list[str]:
        result = run_osce("validate", "a.md", "--format", "json", *flags, cwd=tmp_path)
        return [d["code"] for d in json.loads(result.stdout)["diagnostics"]]

    assert codes() == ["V102", "V101", "B102"]
    assert codes("--select", "V") == ["V102", "V101"]
    assert codes("--select", "V101,B") == ["V101", "B102"]
    assert codes("--ignore", "V1") == ["B102"]
    assert codes("--select", "V", "--ignore", "V102") == ["V101"]
    # The more specific selector wins.
    assert codes("--select", "V101", "--ignore", "V") == ["V101"]
    assert codes("--select", "unknown-term") == ["V101"]


def test_unknown_rule_code_is_a_usage_error(tmp_path: Path) -> None:
    result = run_osce("validate", "--select", "X999", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "osce: error: 'X999' is not a rule code, code prefix or rule name\n"
    )


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run_osce("validate", "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()
    assert "xml" in result.stderr.decode()


def test_missing_path_is_named_and_the_others_are_checked(tmp_path: Path) -> None:
    write(tmp_path, "good.md", VALID)
    result = run_osce("validate", "nope.md", "good.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "osce: error: nope.md: no such file or directory\n"
    assert result.stdout == b"Checked 1 file: no problems found.\n"


def test_permission_denied_names_the_path_and_exits_2(tmp_path: Path) -> None:
    good = write(tmp_path, "good.md", VALID)
    secret = write(tmp_path, "secret.md", VALID)
    secret.chmod(0)
    preexec = as_other_user()
    result = subprocess.run(
        [sys.executable, "-m", "osce_cli", "validate", "--isolated", str(good), str(secret)],
        capture_output=True,
        check=False,
        cwd=tmp_path,
        preexec_fn=preexec,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.decode() == f"osce: error: {secret}: permission denied\n"
    # The readable file was still checked and reported.
    assert result.stdout.decode() == "Checked 1 file: no problems found.\n"


def test_bad_input_never_shows_a_traceback(tmp_path: Path) -> None:
    corpus = {
        "empty.md": b"",
        "binary.md": b"\x00\x01\x02\xff",
        "latin1.md": VALID.encode("latin-1", errors="replace").replace(
            b"18", "\xe9".encode("latin-1")
        ),
        "bom-crlf.md": b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode(),
        "utf16.md": VALID.encode("utf-16"),
        "tags.md": b"---\na: !!python/object/new:os.system [ls]\n---\n",
        "bomb.md": b"---\na: &a [x,x,x,x]\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n---\n",
        "deep.md": b"---\na: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n",
        "huge.md": b"---\ntitle: x\n---\n" + b"a" * (2 * 1024 * 1024),
        "not-yaml.md": b"---\n: : :\n  - [\n---\n",
        "directory.md": None,
    }
    for name, data in corpus.items():
        if data is None:
            (tmp_path / "releases" / name).mkdir(parents=True)
        else:
            write(tmp_path, f"releases/{name}", data)
    result = run_osce("validate", ".", "--isolated", cwd=tmp_path)
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert result.stderr == b""
    output = result.stdout.decode()
    for code in ("F001", "F002", "F003", "F004", "F105", "F106", "F108", "F103"):
        assert code in output
    assert "bom-crlf.md" not in output


def test_colour_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    write(tmp_path, "a.md", BROKEN)
    plain = run_osce("validate", "a.md", cwd=tmp_path).stdout
    assert b"\x1b[" not in plain
    forced = run_osce("validate", "a.md", "--color", "always", cwd=tmp_path).stdout
    assert b"\x1b[" in forced
    never = run_osce("validate", "a.md", "--color", "never", cwd=tmp_path).stdout
    assert never == plain


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_no_color_is_honoured_on_a_terminal(tmp_path: Path) -> None:
    import pty

    write(tmp_path, "a.md", BROKEN)

    def run_on_tty(extra_env: dict[str, str]) -> bytes:
        leader, follower = pty.openpty()
        env = {**os.environ, **extra_env}
        env.pop("NO_COLOR", None) if "NO_COLOR" not in extra_env else None
        process = subprocess.Popen(
            [sys.executable, "-m", "osce_cli", "validate", "a.md"],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            cwd=tmp_path,
            env=env,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
        os.close(leader)
        return b"".join(chunks)

    assert b"\x1b[" in run_on_tty({"TERM": "xterm"})
    assert b"\x1b[" not in run_on_tty({"TERM": "xterm", "NO_COLOR": "1"})


def test_rules_lists_every_code() -> None:
    from osce_cli.rules.registry import ALL_RULES

    result = run_osce("rules")
    assert result.returncode == 0
    listed = [
        line.split()[0] for line in result.stdout.decode().splitlines() if line.startswith("  ")
    ]
    assert listed == [rule.code for rule in ALL_RULES]


@pytest.mark.parametrize("code", ["F105", "m102", "unknown-term"])
def test_rules_explains_a_rule_by_code_or_name(code: str) -> None:
    result = run_osce("rules", code)
    assert result.returncode == 0
    assert "Fails" in result.stdout.decode() and "Passes:" in result.stdout.decode()


def test_rules_explains_every_rule(runner) -> None:  # type: ignore[no-untyped-def]
    from osce_cli.rules.registry import ALL_RULES
    from tests.conftest import invoke

    for rule in ALL_RULES:
        result = invoke(runner, "rules", rule.code)
        assert result.exit_code == 0
        first, rest = result.stdout.split("\n", 1)
        assert first.startswith(f"{rule.code} {rule.name} ({rule.severity.label}")
        assert rest == "\n" + rule.doc + "\n"


def test_rules_json() -> None:
    data = json.loads(run_osce("rules", "--format", "json").stdout)
    assert data[0]["code"] == "F001"
    assert set(data[0]) == {
        "code",
        "name",
        "severity",
        "fixable",
        "family",
        "summary",
        "doc",
    }


def test_rules_unknown_code() -> None:
    result = run_osce("rules", "Z123")
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == "osce: error: 'Z123' is not a rule code or name (see 'osce rules')\n"
    )


def test_vocab_lists_a_facet(tmp_path: Path) -> None:
    result = run_osce("vocab", "types", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode() == (
        "Content types (types, 6) under 'type'\n"
        "  Daily report  [daily-report]\n"
        "  News  [news]\n"
        "  Press release  [press-release]\n"
        "  Press statement  [press-statement]\n"
        "  Spot report  [spot-report]\n"
        "  Weekly report  [weekly-report]\n"
    )


def test_vocab_search_and_json(tmp_path: Path) -> None:
    result = run_osce("vocab", "sources", "--search", "bishkek", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    terms = json.loads(result.stdout)
    assert [t["label"] for t in terms][:1] == ["OSCE Programme Office in Bishkek"]
    assert terms[0]["former_names"][0]["label"] == "OSCE Centre in Bishkek"


def test_vocab_counts(tmp_path: Path) -> None:
    terms = json.loads(run_osce("vocab", "--format", "json", cwd=tmp_path).stdout)
    facets: dict[str, int] = {}
    for term in terms:
        facets[term["facet"]] = facets.get(term["facet"], 0) + 1
    assert facets["states"] == 57
    partners = [t for t in terms if t["facet"] == "partners"]
    groups = [t["label"] for t in partners if t["parent"] is None]
    assert groups == ["Asian Partners for Co-operation", "Mediterranean Partners for Co-operation"]
    current_partners = [t for t in partners if t["parent"] and t["until"] is None]
    assert len(current_partners) == 11


def test_vocab_unknown_facet(tmp_path: Path) -> None:
    result = run_osce("vocab", "planets", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("osce: error: unknown facet 'planets'")


def test_schema_command_prints_the_shipped_schema() -> None:
    result = run_osce("schema")
    shipped = (REPO / "schemas" / "release.schema.json").read_bytes()
    assert result.stdout == shipped, "schemas/release.schema.json is stale: run 'osce schema'"


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    for n in range(40):
        write(tmp_path, f"releases/r{n:02}.md", BROKEN)
    process = subprocess.Popen(
        [sys.executable, "-m", "osce_cli", "validate", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    assert b"Traceback" not in stderr
