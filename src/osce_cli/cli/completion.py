"""Shell completion of vocabulary values (``osce new release --source <TAB>``)."""

from __future__ import annotations

from collections.abc import Callable

from osce_cli.vocabulary.suggest import fold


def _complete(key: str, incomplete: str) -> list[tuple[str, str]]:
    from osce_cli.config import load_config
    from osce_cli.format.keys import KEY_FACETS
    from osce_cli.support.errors import OsceError
    from osce_cli.vocabulary.terms import load_vocabulary

    try:
        vocabulary = load_vocabulary(load_config().vocabulary)
    except OsceError:  # a broken config must not break the shell
        return []
    candidates = [
        (term, vocabulary.facets[facet].noun)
        for facet in KEY_FACETS[key]
        for term in vocabulary.facets[facet].terms
        if not term.closed  # new releases come from what exists today
    ]

    def matching(normalise: Callable[[str], str]) -> list[tuple[str, str]]:
        typed = normalise(incomplete)
        found: dict[str, str] = {}
        for term, noun in candidates:
            if any(normalise(form).startswith(typed) for form in (term.label, *term.aliases)):
                found.setdefault(term.label, noun)
        return list(found.items())

    # What was typed with its accents first ("Tür"), then without ("tur").
    return matching(str.casefold) or matching(fold)


def completer(key: str) -> Callable[[str], list[tuple[str, str]]]:
    """Completes the values of a vocabulary key (``--source``, ``--meeting``...)."""

    def complete(incomplete: str) -> list[tuple[str, str]]:
        return _complete(key, incomplete)

    complete.__name__ = f"complete_{key}"
    return complete
