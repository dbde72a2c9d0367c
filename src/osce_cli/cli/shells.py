"""Shell completion for bash, zsh and fish that keeps multi-word values whole.

Typer's scripts hand osce the command line as one string and print the values
as they are. A value with a space (``OSCE Mission in Kosovo``) then comes back
unquoted: bash inserts it as four words, and zsh and fish get a current word
that was split on its spaces. Here each shell tells osce the words before the
cursor and the word being completed, unquoted by the shell where it can do it
(zsh, fish), and osce answers with whole words:

- bash inserts replies as they are, so they come back quoted the way the user
  started the word (``OSCE\\ Mission``, ``"OSCE Mission``, ``'OSCE Mission``);
- zsh and fish quote the replies themselves, so they get them plain.

A reply is the whole word (``--source=OSCE Mission in Kosovo`` when the value
was typed after ``=``), except that bash gets only the part readline replaces
(after the ``=``, or after an open quote). The vocabulary matching itself is
in ``completion.py``.

``register`` installs these classes for the completion requests
(``_OSCE_COMPLETE=complete_bash``) and their scripts for ``--install-completion``
and ``--show-completion``. Both are Typer internals (Typer keeps Click inside
it); the tests drive real shells, so a Typer change that breaks this shows.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator

from typer import _completion_classes, _completion_shared
from typer._click.shell_completion import ShellComplete, add_completion_class

# Appended to a command line before splitting it, so that the last word is
# the one being completed even when it is empty or inside an open quote.
_CURSOR = "\ue000"

# Characters bash reads as themselves outside quotes. Everything else in a
# reply gets a backslash; ':', '=' and '@' too, which readline would otherwise
# take as word breaks at the next TAB.
_BASH_PLAIN = frozenset("_-.,/+%")

BASH_SCRIPT = r"""
%(complete_func)s() {
    local IFS=$'\n'
    mapfile -t COMPREPLY < <(env %(autocomplete_var)s=complete_bash \
        %(autocomplete_var)s_LINE="${COMP_LINE:0:COMP_POINT}" \
        %(autocomplete_var)s_WORD="$2" "$1")
    [[ ${COMPREPLY[0]} ]] || COMPREPLY=()  # no completions: one empty line
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""

ZSH_SCRIPT = r"""
#compdef %(prog_name)s

%(complete_func)s() {
    local -a replies values described
    local value description
    # The word up to the cursor, its open quote closed so that (Q) unquotes it.
    local word="${compstate[quote]}${PREFIX}${compstate[quote]}"
    replies=(${(f)"$(env %(autocomplete_var)s=complete_zsh \
        %(autocomplete_var)s_WORDS="${(F)${(@Q)words[1,CURRENT-1]}}" \
        %(autocomplete_var)s_WORD="${(Q)word}" \
        %(prog_name)s)"})
    for value description in "${replies[@]}"; do
        values+=("$value")
        described+=("$description")
    done
    if (( ${#values} )); then
        _describe -t values value described values -U
    else
        _files
    fi
}

if [[ ${funcstack[1]} == _%(prog_name)s ]]; then
    # Run as the function that compinit autoloads from fpath (the file that
    # osce --install-completion writes): complete now, at every TAB.
    %(complete_func)s "$@"
else
    # Sourced: register the function for the next TAB.
    compdef %(complete_func)s %(prog_name)s
fi
"""

FISH_SCRIPT = r"""
function %(complete_func)s
    set -l replies (env %(autocomplete_var)s=complete_fish \
        %(autocomplete_var)s_WORDS=(commandline -opc | string collect) \
        %(autocomplete_var)s_WORD=(commandline -ct | string unescape) \
        %(prog_name)s)
    if string length --quiet -- $replies
        printf '%%s\n' $replies
    else
        __fish_complete_path (commandline -ct)
    end
end

complete --command %(prog_name)s --no-files --arguments '(%(complete_func)s)'
"""


def split_shell_words(line: str) -> tuple[list[str], str]:
    """The words of a command line cut at the cursor, unquoted, and the quote left open.

    The last word is the one being completed: empty after a space, partial
    inside an open quote. The quote is ``'``, ``"`` or empty.
    """
    lexer = shlex.shlex(line + _CURSOR, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    quote = ""
    try:
        words.extend(lexer)
    except ValueError:  # the line ends inside a quote, which shlex keeps as its state
        words.append(lexer.token)
        state = str(getattr(lexer, "state", ""))
        quote = state if state in lexer.quotes else ""
    return [word.replace(_CURSOR, "") for word in words], quote


def quote_for_bash(text: str, quote: str) -> str:
    """``text`` written so that bash reads it back inside ``quote`` (or none)."""
    if quote == "'":
        return text.replace("'", "'\\''")  # close, a quoted quote, reopen
    if quote == '"':
        return "".join("\\" + char if char in '"\\$`' else char for char in text)
    return "".join(char if char.isalnum() or char in _BASH_PLAIN else "\\" + char for char in text)


def _option_lead(incomplete: str) -> str:
    """``--source=`` of ``--source=OSCE``: the part Click cuts off before completing."""
    if incomplete.startswith("-") and "=" in incomplete:
        return incomplete[: incomplete.index("=") + 1]
    return ""


class _WholeWords(ShellComplete):
    """What the three shells share: the completions of a word, as whole words."""

    def _env(self, part: str) -> str:
        return os.environ.get(f"{self.complete_var}_{part}", "")

    def get_completion_args(self) -> tuple[list[str], str]:
        # zsh and fish send the words before the cursor one a line, unquoted.
        return self._env("WORDS").split("\n")[1:], self._env("WORD")

    def whole_words(self, args: list[str], incomplete: str) -> Iterator[tuple[str, str, str]]:
        """(the whole word, the value, its description) for each completion."""
        lead = _option_lead(incomplete)
        for item in self.get_completions(args, incomplete):
            value = str(item.value)
            yield lead + value, value, " ".join(str(item.help or "").split())


class BashComplete(_WholeWords, _completion_classes.BashComplete):
    source_template = BASH_SCRIPT

    def _line(self) -> tuple[list[str], str, str]:
        """The words before the cursor's, the word at the cursor, and the quote open there."""
        words, quote = split_shell_words(self._env("LINE"))
        return words[1:-1], words[-1] if len(words) > 1 else "", quote

    def get_completion_args(self) -> tuple[list[str], str]:
        args, incomplete, _ = self._line()
        return args, incomplete

    def complete(self) -> str:
        args, incomplete, quote = self._line()
        # Bash replaces only the text readline took as the word: after an
        # open quote, or after a ':' or '=' that ends a word for readline.
        # What comes before it stays as typed.
        replaced = split_shell_words(quote + self._env("WORD"))[0][-1]
        kept = incomplete[: len(incomplete) - len(replaced)]
        replies = [
            quote_for_bash(word[len(kept) :], quote)
            for word, _, _ in self.whole_words(args, incomplete)
            if word.startswith(kept)
        ]
        return "\n".join(replies)


class ZshComplete(_WholeWords, _completion_classes.ZshComplete):
    source_template = ZSH_SCRIPT

    def complete(self) -> str:
        # Two lines a completion: the word to insert, then what the list
        # shows ('value:description', the colons of the value escaped).
        args, incomplete = self.get_completion_args()
        lines: list[str] = []
        for word, value, description in self.whole_words(args, incomplete):
            shown = value.replace("\\", "\\\\").replace(":", "\\:")
            lines += [word, f"{shown}:{description}" if description else shown]
        return "\n".join(lines)


class FishComplete(_WholeWords, _completion_classes.FishComplete):
    source_template = FISH_SCRIPT

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        return "\n".join(
            f"{word}\t{description}" if description else word
            for word, _, description in self.whole_words(args, incomplete)
        )


def register() -> None:
    """Use these classes and scripts instead of Typer's (after Typer registered its own)."""
    for shell in (BashComplete, ZshComplete, FishComplete):
        add_completion_class(shell, shell.name)
        _completion_shared._completion_scripts[shell.name] = shell.source_template
