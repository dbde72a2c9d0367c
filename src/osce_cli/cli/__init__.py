"""The command line: Typer commands, the Typer-free fast path for everyday runs, and
shell completion.
"""
