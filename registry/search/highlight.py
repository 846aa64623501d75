"""Cut a snippet around the matched words of an article and mark them (escaped HTML with <mark>)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from markupsafe import Markup, escape

from registry.search.analysis import WORD_RE, fold_width, is_cjk_word, pieces, stem_word, written_forms

WIDTH = 160


def stem_spans(text: str, stems: set[str], horizon: int) -> Iterator[tuple[int, int]]:
    """Yield, in no particular order, the spans of the words before `horizon` that have one of these stems.

    A Porter stem less its last letter begins every word it comes from (checked over the shared
    corpus's English vocabulary: y→i, an added or dropped e happen only at the end), so the words
    beginning with that prefix in lower case, Capitalised or UPPER CASE are found by pattern (a word
    in other mixed case is not marked) and only those words are stemmed. Stemming every word of every
    hit in Python cost about 1 ms per 10,000 characters.
    """
    for stem in stems:
        prefix = stem[:-1] or stem
        for variant in {prefix, prefix.capitalize(), prefix.upper()}:
            for found in _words_from(variant).finditer(text):
                start = found.start()
                if start >= horizon:
                    break
                if _is_word_char(text, start - 1):
                    continue
                word = found.group()
                if not word.isascii():  # it may run into Chinese characters, where the word ends
                    word = (WORD_RE.match(text, start) or found).group()
                if stem_word(word.lower()) in stems:
                    yield start, start + len(word)


@lru_cache(maxsize=1024)
def _words_from(prefix: str) -> re.Pattern[str]:
    """Return the pattern of the letters and digits that follow this prefix where no ASCII letter or
    digit precedes it.

    The engine skips from one occurrence of the literal prefix to the next in C and drops those inside
    English words ("us" in "because"); the caller checks the rarer other scripts. Patterns are made
    per query, so they stay cheap to compile: a class of Chinese ranges costs 1–4 ms to compile.
    """
    literal = re.escape(prefix)
    return re.compile(rf"{literal}(?<![A-Za-z0-9]{literal})[^\W_]*")


def _is_word_char(text: str, at: int) -> bool:
    """Tell whether the character at `at` belongs to a word (WORD_RE); nothing outside the text does."""
    return 0 <= at < len(text) and WORD_RE.match(text, at, at + 1) is not None


@lru_cache(maxsize=1024)
def needle_pattern(folded: str) -> re.Pattern[str]:
    """Return a case-insensitive pattern for a folded text that also matches its full-width form.

    The first character is a class of its cases and widths outside the case-insensitive part: the
    engine can then skip to the positions where it occurs (a pattern that is case-insensitive from
    the start is tried at every position, three times slower).
    """
    parts = []
    for ch in folded:
        if ch == " ":
            parts.append(r"[ \u3000]+")
        elif "!" <= ch <= "~":
            parts.append(f"[{re.escape(ch)}{re.escape(chr(ord(ch) + 0xFEE0))}]")
        else:
            parts.append(re.escape(ch))
    if not parts:
        return re.compile("")
    head = parts[0]
    if folded[0].isascii() and folded[0].isalpha():
        forms = {folded[0].lower(), folded[0].upper()}
        head = "[" + "".join(sorted(forms | {chr(ord(c) + 0xFEE0) for c in forms})) + "]"
    return re.compile(head + "(?i:" + "".join(parts[1:]) + ")")


def needle_spans(text: str, folded: str) -> Iterator[tuple[int, int]]:
    """Yield the spans of a folded, lower-cased needle in the text.

    A needle that begins or ends with a letter or digit matches whole words only, as the index does:
    "may not" is not in "dismay not".
    """
    check_start = folded[:1].isascii() and folded[:1].isalnum()
    check_end = folded[-1:].isascii() and folded[-1:].isalnum()
    for m in needle_pattern(folded).finditer(text):
        start, end = m.span()
        if not (check_start and _is_word_char(text, start - 1) or check_end and _is_word_char(text, end)):
            yield start, end


def contains(text: str, needle: str) -> bool:
    """Tell whether the text contains the needle, ignoring case, character width and script."""
    return any(next(needle_spans(text, form.strip().lower()), None) is not None for form in written_forms(needle))


def match_spans(text: str, needles: list[str], *, whole: bool = False) -> list[tuple[int, int]]:
    """Return the merged (start, end) spans of the text that the searched texts match.

    English words are looked for only up to the first window unless `whole` is set.
    """
    # The text is not folded (slow for a whole law): the patterns accept both widths instead, and a
    # Chinese needle is looked for in each script it may be written in.
    spans: list[tuple[int, int]] = []
    stems: set[str] = set()
    for needle in needles:
        needle_f = fold_width(needle).strip().lower()
        if not needle_f:
            continue
        tokens = pieces(needle_f, for_query=True)
        if len(tokens) == 1 and not is_cjk_word(needle_f):
            stems.add(tokens[0].text)
            continue
        for form in written_forms(needle_f):
            spans.extend(needle_spans(text, form))
    if stems:
        horizon = len(text) if whole else min((s for s, _ in spans), default=len(text)) + WIDTH
        found = sorted(stem_spans(text, stems, horizon))
        spans.extend(found if whole else [span for span in found if span[0] <= found[0][0] + WIDTH])
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, needles: list[str], width: int = WIDTH) -> Markup:
    """Return about `width` characters around the first match, with every match in <mark>."""
    spans = match_spans(text, needles)
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 3)
    else:
        start = 0
    end = min(len(text), start + width)
    out = [Markup("…") if start else Markup("")]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(Markup("<mark>") + escape(text[s:e]) + Markup("</mark>"))
        pos = e
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append(Markup("…"))
    return Markup("").join(out)


def highlight_hit(text: str, segments: list, needles: list[str]) -> tuple[str, str, Markup]:
    """Return (anchor, label, snippet) of the article with the most matches (the earliest on a tie)."""
    if not segments:
        segments = [(0, len(text), "", "")]
    counts = _matches_per_segment(text, segments, needles)
    best = max(range(len(segments)), key=lambda i: (counts[i], -i))
    start, end, anchor, label = segments[best]
    return anchor, label, snippet(text[start:end], needles)


def _matches_per_segment(text: str, segments: list, needles: list[str]) -> list[float]:
    """Count the matches in each segment; a preamble's count is halved, so that it yields to an article.

    A Chinese word (the common case, and often hundreds of times in a law) is counted with str.count per
    segment, in C, in each script the text holds it in; other needles are located by pattern (case, width
    and stems) and assigned by bisection.
    """
    plain = [form for n in needles if is_cjk_word(n.strip()) for form in written_forms(n.strip()) if form in text]
    others = [n for n in needles if not is_cjk_word(n.strip())]
    counts = [float(sum(text.count(n, start, end) for n in plain)) for start, end, _a, _l in segments]
    if others:
        starts = [seg[0] for seg in segments]
        for start, _end in match_spans(text, others, whole=True):
            i = bisect_right(starts, start) - 1
            if i >= 0 and start < segments[i][1]:
                counts[i] += 1
    return [count if segment[3] else count / 2 for count, segment in zip(counts, segments, strict=True)]
