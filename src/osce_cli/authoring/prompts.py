"""Questions on the terminal, with Rich: prompts on stderr, answers from stdin."""

from __future__ import annotations


class ConsoleAsker:
    """The :class:`~osce_cli.authoring.gather.Asker` used on a terminal."""

    def __init__(self) -> None:
        from rich.console import Console

        # soft_wrap: let the terminal wrap long messages, so they stay one line.
        self.console = Console(stderr=True, highlight=False, soft_wrap=True)

    def ask(self, question: str, default: str | None = None) -> str:
        from rich.markup import escape
        from rich.prompt import Prompt

        if default is None:
            answer = Prompt.ask(escape(question), console=self.console)
        else:
            answer = Prompt.ask(escape(question), console=self.console, default=default)
        return answer or ""

    def confirm(self, question: str, default: bool = True) -> bool:
        from rich.markup import escape
        from rich.prompt import Confirm

        return Confirm.ask(escape(question), console=self.console, default=default)

    def say(self, message: str) -> None:
        from rich.markup import escape

        self.console.print(f"[yellow]{escape(message)}[/yellow]")
