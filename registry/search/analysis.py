"""Text analysis shared by indexing, querying and highlighting: CJK bigrams plus stemmed English words.

A run of Chinese characters becomes its overlapping bigrams, plus the run's first and last character at
the positions of the first and last bigram, so that any substring of 2+ characters is the AND (or, with
positions, the phrase) of its bigrams and a single character is a prefix. Other letters and digits form
words: lower-cased, English words stemmed. Full-width ASCII is folded first (ＧＬ－００３ → GL-003), and
traditional characters to simplified ones (比賽規則 → 比赛规则, OpenCC's character table), one character
for one, so token offsets stay offsets into the original text and either script finds the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from whoosh.lang.porter import stem  # a pure function: the stems every backend must share

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_WORD = rf"(?:(?![{_CJK}])[^\W_])+"  # a word: letters and digits of every other script
_RUNS = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>{_WORD})")
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# OpenCC's one-character tables: regional variants → standard traditional, traditional → simplified.
_VARIANTS = ("TWVariantsRev.txt", "HKVariantsRev.txt")
_TRADITIONAL = "TSCharacters.txt"
CJK_RE = re.compile(rf"[{_CJK}]")
WORD_RE = re.compile(_WORD)
_CJK_WORD = re.compile(rf"[{_CJK}]+")


def is_cjk_word(text: str) -> bool:
    """Tell whether the text is one run of Chinese characters (searched as AND of its bigrams)."""
    return bool(_CJK_WORD.fullmatch(text))


def _opencc_table(name: str) -> dict[str, str]:
    """Read one of OpenCC's dictionaries: the first candidate of every one-character entry."""
    table = {}
    text = (resources.files("opencc") / "dictionary" / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        key, _tab, values = line.partition("\t")
        value = values.split(" ")[0]
        if len(key) == 1 and len(value) == 1 and key != value:
            table[key] = value
    return table


@lru_cache(maxsize=1)
def fold_table() -> dict[int, int]:
    """Return the translation of fold(): widths to ASCII, and every traditional character to simplified."""
    simplified = _opencc_table(_TRADITIONAL)
    table = dict(_WIDTH)
    for name in _VARIANTS:
        for variant, standard in _opencc_table(name).items():
            table[ord(variant)] = ord(simplified.get(standard, standard))
    table.update({ord(t): ord(s) for t, s in simplified.items()})
    return table


def fold(text: str) -> str:
    """Fold full-width ASCII and the ideographic space to ASCII and traditional characters to
    simplified, one character for one (every offset is kept): the index and queries see one script."""
    return text.translate(fold_table())


def fold_width(text: str) -> str:
    """Fold only full-width ASCII and the ideographic space (to look for a text in the script it was typed)."""
    return text.translate(_WIDTH)


@lru_cache(maxsize=4096)
def written_forms(text: str) -> tuple[str, ...]:
    """Return the forms a searched text may be written in: as typed, simplified, traditional (OpenCC's
    standard, Taiwan and Hong Kong forms), without repeats — for marking matches in the original text."""
    typed = fold_width(text)
    if not CJK_RE.search(typed):
        return (typed,)
    simplified = fold(typed)
    traditional = _to_traditional().convert(simplified)
    forms = [typed, simplified, traditional] + [traditional.translate(_regional(name)) for name in _REGIONAL]
    return tuple(dict.fromkeys(form for form in forms if len(form) == len(typed)))


# OpenCC's s2tw and s2hk are its s2t followed by one of these tables, whose entries are all one character:
# one converter and two small tables give the same forms as three converters (35 MiB per worker, 12 MiB).
_REGIONAL = ("TWVariants.txt", "HKVariants.txt")


@lru_cache(maxsize=1)
def _to_traditional():
    from opencc import OpenCC

    return OpenCC("s2t")


@lru_cache(maxsize=2)
def _regional(name: str) -> dict[int, str]:
    return {ord(key): value for key, value in _opencc_table(name).items()}


@lru_cache(maxsize=50_000)
def stem_word(word: str) -> str:
    """Stem an English word (lower-cased); numbers and other scripts stay as they are."""
    return stem(word) if word.isascii() and word.isalpha() else word


@dataclass(frozen=True)
class Piece:
    """One token: its text, position (for phrases) and character span in the original text."""

    text: str
    pos: int
    start: int
    end: int


def pieces(text: str, *, for_query: bool = False) -> list[Piece]:
    """Split text into tokens; a query leaves out the extra first/last characters of longer runs."""
    return [Piece(*t) for t in raw_tokens(text, for_query)]


def raw_tokens(text: str, for_query: bool = False):
    """Yield (text, position, start, end) tuples: the fast path behind pieces() and the tokenizer.

    Indexing also yields a biword ("annual leav") for every two neighbouring words, at the first word's
    position: a phrase of words is then found from the biwords' posting lists (see evaluate.py) instead
    of decoding the positions of every document holding its common words ("on the date").
    """
    pos = 0
    previous = None  # (stem, position, start) of the word just before, if no Chinese came between
    for m in _RUNS.finditer(fold(text)):
        start, end = m.span()
        run = m.group()
        if m.lastgroup == "word":
            word = stem_word(run.lower())
            yield word, pos, start, end
            if previous is not None and not for_query:
                yield f"{previous[0]} {word}", previous[1], previous[2], end
            previous = (word, pos, start)
            pos += 1
            continue
        previous = None
        n = len(run)
        if n == 1:
            yield run, pos, start, end
            pos += 1
            continue
        if not for_query:
            yield run[0], pos, start, start + 1
        for i in range(n - 1):
            yield run[i:i + 2], pos + i, start + i, start + i + 2
        if not for_query:
            yield run[-1], pos + n - 2, end - 1, end
        pos += n - 1


def biwords(words: list[str]) -> list[str] | None:
    """Return the biword terms of a phrase of words (None if it holds Chinese: no biwords there)."""
    if len(words) < 2 or any(CJK_RE.search(word) for word in words):
        return None
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def latin_words(text: str) -> list[str]:
    """Return the lower-cased, unstemmed non-CJK words of a text (the spelling vocabulary)."""
    return [m.group().lower() for m in _RUNS.finditer(fold(text)) if m.lastgroup == "word" and m.group().isalpha()]


def __getattr__(name: str):
    """Indexes written before the Whoosh fields moved to whoosh_fields.py pickled them under this module."""
    if name in ("BigramTokenizer", "BigramPositions"):
        from registry.search import whoosh_fields

        return getattr(whoosh_fields, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
