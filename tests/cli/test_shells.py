"""Shell completion in real bash, zsh and fish, installed as a user installs it.

Each shell starts with a fresh home folder, runs `osce --install-completion`
(or sources the script `osce --show-completion` prints), starts again, and
then the tests type, press TAB and read the command line back through a key
binding (Ctrl-T) that writes the edit buffer to a file. Some completed
commands are then run, to show that the shell hands osce the value whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from osce_cli.cli.shells import quote_for_bash, split_shell_words

BIN = Path(sys.executable).parent
PROMPT = "osce-test$ "
#: Written by the Ctrl-T binding after the edit buffer: the buffer is whole.
END = "<END>"

# What each shell reads at start-up: a plain prompt, and Ctrl-T to write the
# edit buffer (without a newline), then END, to $OSCE_TEST_BUFFER: the test
# reads the buffer once END is there, so it never waits longer than the shell.
STARTUP = {
    "bash": (
        ".bashrc",
        f"PS1='{PROMPT}'\n"
        "bind 'set bell-style none'\n"
        """bind -x '"\\C-t": printf "%s<END>" "$READLINE_LINE" > "$OSCE_TEST_BUFFER"'\n""",
    ),
    "zsh": (
        ".zshrc",
        f"PS1='{PROMPT}'\n"
        "unsetopt beep\n"
        'write-buffer() { print -rn -- "$BUFFER<END>" > "$OSCE_TEST_BUFFER" }\n'
        "zle -N write-buffer\n"
        "bindkey '^T' write-buffer\n",
    ),
    "fish": (
        ".config/fish/config.fish",
        f"function fish_prompt; printf '%s' '{PROMPT}'; end\n"
        "set -g fish_greeting ''\n"
        "function fish_user_key_bindings\n"
        '    bind \\ct \'begin; commandline | string collect; printf "<END>"; end'
        " > $OSCE_TEST_BUFFER'\n"
        "end\n",
    ),
}

# A command that writes a release to stdout, once a value has been completed.
# The other way to set it up: source the script in the start-up file.
SOURCED = {
    "bash": 'eval "$(osce --show-completion)"\n',
    "zsh": "autoload -Uz compinit && compinit -u\nsource <(osce --show-completion)\n",
    "fish": "osce --show-completion | source\n",
}

SUBMITTED = "osce new release --no-input --stdout --title T --date 2024-01-15 --place Vienna "

PROJECT_VOCABULARY = """\
facet: fields
terms:
  - id: odd-names
    label: Friends' "Group" (Vienna) & $HOME
"""


class Shell:
    """An interactive shell on a terminal, with osce's completion installed."""

    def __init__(self, name: str, home: Path, work: Path, *, sourced: bool = False) -> None:
        self.name = name
        self.work = work
        self.buffer_file = home / "buffer"
        self.env = {
            "HOME": str(home),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "TERM": "dumb",
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "OSCE_TEST_BUFFER": str(self.buffer_file),
        }
        rc_name, rc_text = STARTUP[name]
        (home / rc_name).parent.mkdir(parents=True, exist_ok=True)
        (home / rc_name).write_text(rc_text + (SOURCED[name] if sourced else ""), "utf-8")
        self.child = self._spawn()
        if sourced:
            return
        # The user's way: ask osce to install it, then open a new shell.
        self.child.sendline("osce --install-completion")
        self.child.expect_exact(f"{name} completion installed in")
        self.child.expect_exact(PROMPT)
        self.child.sendline("exit")
        self.child.expect(pexpect.EOF)
        self.child = self._spawn()

    def _spawn(self) -> pexpect.spawn:
        child = pexpect.spawn(
            self.name,
            ["-i"],
            cwd=str(self.work),
            env=self.env,
            encoding="utf-8",
            timeout=60,
            dimensions=(60, 250),
        )
        child.expect_exact(PROMPT)
        return child

    def line_after(self, typed: str) -> str:
        """Type ``typed`` (``\\t`` is TAB) and return the command line after it."""
        self.buffer_file.unlink(missing_ok=True)
        self.child.send(typed)
        self.child.sendcontrol("t")
        deadline = time.monotonic() + 60
        while not (text := self._written()).endswith(END):
            assert time.monotonic() < deadline, f"{self.name} never wrote its buffer: {text!r}"
            time.sleep(0.02)
        text = text.removesuffix(END)
        return text.removesuffix("\n") if self.name == "fish" else text

    def _written(self) -> str:
        try:
            return self.buffer_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    def clear(self) -> None:
        self.child.sendcontrol("e")
        self.child.sendcontrol("u")

    def run(self, expected: str) -> None:
        """Run the command line and wait for ``expected`` in its output."""
        self.child.send("\r")
        self.child.expect_exact(expected)
        self.child.expect_exact(PROMPT)

    def close(self) -> None:
        # A shell that takes Ctrl-C can drop what is typed before its new
        # prompt is up, so "exit" is sent again until the shell has gone.
        for _ in range(5):
            self.child.sendcontrol("c")
            time.sleep(0.3)
            self.child.sendline("exit")
            if self.child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=10) == 0:
                return
        raise AssertionError(f"{self.name} did not exit")


def start(name: str, folder: Path, *, sourced: bool = False) -> Shell:
    # CI installs the three shells (.ci/run); a missing one is a failure, not a skip.
    assert shutil.which(name), f"{name} is not installed (.ci/run installs it)"
    assert (BIN / "osce").exists(), "osce is not installed in this environment"
    home = folder / "home"
    work = folder / "work"
    home.mkdir()
    work.mkdir()
    (work / "releases").mkdir()
    (work / "vocabulary.yaml").write_text(PROJECT_VOCABULARY, encoding="utf-8")
    (work / "osce.toml").write_text('vocabulary = ["vocabulary.yaml"]\n', encoding="utf-8")
    return Shell(name, home, work, sourced=sourced)


#: Each shell is set up once, for every test that uses it: its tests go to one
#: worker (a group per shell, so that the three shells can share the workers).
SHELLS = [pytest.param(name, marks=pytest.mark.xdist_group(f"shell-{name}")) for name in STARTUP]


@pytest.fixture(scope="module", params=SHELLS)
def installed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Shell]:
    shell = start(request.param, tmp_path_factory.mktemp(request.param))
    yield shell
    shell.close()


@pytest.fixture
def shell(installed: Shell) -> Shell:
    installed.clear()
    return installed


def test_a_value_typed_with_backslashes_completes_and_runs(shell: Shell) -> None:
    command = SUBMITTED + "--field Elections --source "
    line = shell.line_after(command + "OSCE\\ Mission\\ in\\ K\t")
    assert line == command + "OSCE\\ Mission\\ in\\ Kosovo "
    shell.run("sources:\r\n  - OSCE Mission in Kosovo\r\n")


def test_the_common_part_of_several_values_is_one_word(shell: Shell) -> None:
    command = "osce new release --source "
    assert shell.line_after(command + "OSCE\t") == command + "OSCE\\ "
    assert shell.line_after("Mission\\ t\t") == command + "OSCE\\ Mission\\ to\\ "
    assert shell.line_after("Se\t") == command + "OSCE\\ Mission\\ to\\ Serbia "


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quoted_value_completes_inside_its_quotes(shell: Shell, quote: str) -> None:
    command = f"osce new release --source {quote}"
    assert shell.line_after(command + "OSCE Mi\t") == command + "OSCE Mission "
    line = shell.line_after("in K\t")
    assert line == command + f"OSCE Mission in Kosovo{quote} "


def test_a_value_after_an_equals_sign(shell: Shell) -> None:
    command = "osce new release --source="
    line = shell.line_after(command + "OSCE\\ Mission\\ in\\ K\t")
    assert line == command + "OSCE\\ Mission\\ in\\ Kosovo "


def test_shell_characters_in_a_value_are_quoted(shell: Shell) -> None:
    # A project vocabulary may hold quotes, parentheses, '&' and '$'.
    command = SUBMITTED + "--source OSCE\\ Secretariat --field "
    line = shell.line_after(command + "Friends\t")
    assert line == command + 'Friends\\\'\\ \\"Group\\"\\ \\(Vienna\\)\\ \\&\\ \\$HOME '
    shell.run("""  - Friends' "Group" (Vienna) & $HOME\r\n""")


def test_paths_still_complete_as_files(shell: Shell) -> None:
    assert shell.line_after("osce validate rel\t") == "osce validate releases/"


def test_a_word_in_the_middle_of_the_line(shell: Shell) -> None:
    after = " --field Elections"
    typed = "osce new release --source OSCE\\ Mission\\ in\\ K" + after
    line = shell.line_after(typed + "\x02" * len(after) + "\t")  # Ctrl-B: back one character
    # zsh adds its space after the word even when one follows; bash and fish do not.
    space = "  " if shell.name == "zsh" else " "
    assert line == "osce new release --source OSCE\\ Mission\\ in\\ Kosovo" + space + after.lstrip()


@pytest.mark.parametrize("name", ["bash", "zsh", "fish"])
def test_the_shown_script_works_when_sourced(name: str, tmp_path: Path) -> None:
    shell = start(name, tmp_path, sourced=True)
    command = "osce new release --source "
    for _ in range(2):  # the first TAB too, and again
        line = shell.line_after(command + "OSCE\\ Mission\\ in\\ K\t")
        assert line == command + "OSCE\\ Mission\\ in\\ Kosovo "
        shell.clear()
    shell.close()


# ------------------------------------------------------------------ the pieces


@pytest.mark.parametrize(
    ("line", "words", "quote"),
    [
        ("osce new release --source ", ["osce", "new", "release", "--source", ""], ""),
        (
            "osce new --source OSCE\\ Mission\\ in\\ K",
            ["osce", "new", "--source", "OSCE Mission in K"],
            "",
        ),
        ('osce "a b" --source "OSCE Mi', ["osce", "a b", "--source", "OSCE Mi"], '"'),
        ("osce --source 'it'\\''s (x", ["osce", "--source", "it's (x"], "'"),
        ("osce --source=OSCE\\ M", ["osce", "--source=OSCE M"], ""),
        ("osce a\\", ["osce", "a"], ""),
    ],
)
def test_split_shell_words(line: str, words: list[str], quote: str) -> None:
    assert split_shell_words(line) == (words, quote)


@pytest.mark.parametrize("quote", ["", '"', "'"])
def test_bash_reads_a_quoted_reply_back_as_the_value(quote: str) -> None:
    values = [
        "OSCE Mission in Kosovo",
        """Friends' "Group" (Vienna) & $HOME""",
        "back\\slash `tick` !bang",
        "x:y=z@w;v|u<t>s",
        "~tilde #hash",
        "*glob?[x]{a,b}",
        "Türkiye\ttab",
    ]
    script = "".join(
        f"printf '%s\\n' {quote}{quote_for_bash(value, quote)}{quote}\n" for value in values
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"LANG": "C.UTF-8", "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    assert result.stdout.splitlines() == values
