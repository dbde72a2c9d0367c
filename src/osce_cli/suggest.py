"""Text normalisation and "did you mean" suggestions."""

from __future__ import annotations

import functools
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "ß": "ss",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
        "’": "'",
        "‘": "'",
    }
)


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case ASCII-ish form used to compare names: 'PRIŠTINA' -> 'pristina'."""
    if text.isascii():
        # Nothing to translate or decompose: most names, and every vocabulary
        # lookup key built at start-up, take this way.
        return " ".join(text.casefold().split())
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def similarity(left: str, right: str) -> float:
    """Similarity of two names between 0 and 1, ignoring case and accents."""
    import difflib  # here: only a value that is not known needs it

    return difflib.SequenceMatcher(None, fold(left), fold(right)).ratio()


def closest(word: str, candidates: list[str], *, limit: int = 3, cutoff: float = 0.72) -> list[str]:
    """The candidates most similar to ``word``, best first, without duplicates."""
    import difflib

    target = fold(word)
    scored: list[tuple[float, str]] = []
    matcher = difflib.SequenceMatcher(None, "", target)
    for candidate in candidates:
        matcher.set_seq1(fold(candidate))
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        score = matcher.ratio()
        if score >= cutoff:
            scored.append((score, candidate))
    scored.sort(key=lambda item: (-item[0], item[1]))
    seen: list[str] = []
    for _, candidate in scored:
        if candidate not in seen:
            seen.append(candidate)
        if len(seen) == limit:
            break
    return seen
