"""Text normalisation and "did you mean" suggestions."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

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


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case ASCII-ish form used to compare names: 'PRIŠTINA' -> 'pristina'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def similarity(left: str, right: str) -> float:
    """Similarity of two names between 0 and 1, ignoring case and accents."""
    from rapidfuzz import fuzz  # here: only a value that is not known needs it

    return fuzz.ratio(fold(left), fold(right)) / 100


def closest(word: str, candidates: list[str], *, limit: int = 3, cutoff: float = 0.72) -> list[str]:
    """The candidates most similar to ``word`` as a whole, best first, without duplicates.

    For a misspelt key, code or month: the similarity is rapidfuzz's
    normalised edit similarity (insertions and deletions), ties in
    alphabetical order.
    """
    from rapidfuzz import fuzz, process

    found = process.extract(
        fold(word),
        list(dict.fromkeys(candidates)),
        scorer=fuzz.ratio,
        processor=fold,
        score_cutoff=cutoff * 100,
        limit=None,
    )
    found.sort(key=lambda item: (-item[1], item[0]))
    return [candidate for candidate, _, _ in found[:limit]]


# --------------------------------------------------------------------------- names


#: Words that begin too many names to point to one: "in" is in half the field operations.
_FUNCTION_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to"})

#: A typed word this similar to a word of a name is that word misspelt ("fredom").
_WORD_CUTOFF = 80.0

#: Scores of names found by their words, above the cutoff of whole-name similarity:
#: from this floor (the typed words are a small part of the name) to 100 (all of it).
_WORDS_FLOOR = 75.0

#: What each misspelt word takes off that score: a word typed right ranks first.
_MISSPELT_WORD = 10.0


class WordsFound(NamedTuple):
    """How the words typed were found in a name."""

    share: float  # of the characters of the name's words, those of the words found
    misspelt: int  # words found only as a close spelling


def words(text: str) -> list[str]:
    """The words of a name, folded: 'Cyber/ICT Security' -> ['cyber', 'ict', 'security']."""
    return _WORD.findall(fold(text))


def contains_words(typed: str, name: str, *, misspelt: bool = False) -> WordsFound | None:
    """How the words of ``typed`` are in ``name``, or None if one is not.

    Every word typed, but for function words, must begin a word of the name
    ("media free" is in "Media freedom and development"), or, with
    ``misspelt``, be close to one ("fredom"). The share counts the
    characters of the name's words that were found, so that 'Human rights'
    is more 'human' than 'Combating trafficking in human beings'.
    """
    wanted = [word for word in words(typed) if word not in _FUNCTION_WORDS]
    present = words(name)
    if not wanted or not present:
        return None
    found: set[int] = set()
    close = 0
    for word in wanted:
        index = _begun_word(word, present)
        if index is None and misspelt:
            index = _close_word(word, present)
            close += 1
        if index is None:
            return None
        found.add(index)
    share = sum(len(present[index]) for index in found) / sum(len(word) for word in present)
    return WordsFound(share, close)


def _begun_word(word: str, present: list[str]) -> int | None:
    for index, candidate in enumerate(present):
        if candidate == word or (len(word) >= 3 and candidate.startswith(word)):
            return index
    return None


def _close_word(word: str, present: list[str]) -> int | None:
    if len(word) < 4:
        return None
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, present, scorer=fuzz.ratio, score_cutoff=_WORD_CUTOFF)
    return None if best is None else int(best[2])


def rank_names(
    typed: str, names: list[str], *, cutoff: float = 0.72, by_words: bool = True
) -> list[tuple[float, str]]:
    """Names that ``typed`` may mean, with a score out of 100, best first.

    A name is close when it is similar as a whole (a misspelling: 'Serbija'),
    or, ``by_words``, when the words typed are among its words (a part of
    it: 'media freedom', 'Kosovo'), misspelt or not. Ties come in
    alphabetical order.
    """
    from rapidfuzz import fuzz, process

    scores = {
        name: score
        for name, score, _ in process.extract(
            fold(typed),
            list(dict.fromkeys(names)),
            scorer=fuzz.ratio,
            processor=fold,
            score_cutoff=cutoff * 100,
            limit=None,
        )
    }
    for name in names if by_words else ():
        found = contains_words(typed, name, misspelt=True)
        if found is None:
            continue
        word_score = (
            _WORDS_FLOOR + (100 - _WORDS_FLOOR) * min(found.share, 1.0)
        ) - _MISSPELT_WORD * found.misspelt
        if word_score >= cutoff * 100:
            scores[name] = max(scores.get(name, 0.0), word_score)
    return sorted(((score, name) for name, score in scores.items()), key=lambda s: (-s[0], s[1]))


# --------------------------------------------------------------------------- order


def collation_key(name: str) -> tuple[str, str]:
    """Sort key of a name in the order osce.org lists names.

    Letters compare without case and accents ('Türkiye' before
    'Turkmenistan'), which is the primary level of the Unicode Collation
    Algorithm for names in Latin script; a leading 'The' is not sorted by
    ('The Netherlands' under N), as osce.org's menu files it. Names equal so
    far keep a fixed order by their characters.
    """
    folded = fold(name)
    return (folded.removeprefix("the "), name)
