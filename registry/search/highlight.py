"""Cut a snippet around the matched words of an article and mark them (escaped HTML with <mark>)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from markupsafe import Markup, escape

from registry.search.analysis import fold, is_cjk_word, pieces, stem_word

WIDTH = 160


@lru_cache(maxsize=1024)
def stem_candidates(stems: frozenset[str]) -> re.Pattern[str]:
    """Return a pattern for the whole words that may have one of these stems.

    A Porter stem, less its last letter, begins every word it comes from (checked over the shared
    corpus's English vocabulary: y→i, e added or dropped happen only at the end), so the regex engine
    scans the text and only its candidates are stemmed: a Python loop over every word cost ~1 ms per
    10,000 characters, for every hit on the page.
    """
    prefixes = sorted({stem[:-1] if len(stem) > 1 else stem for stem in stems}, key=len, reverse=True)
    alternatives = "|".join(re.escape(prefix) for prefix in prefixes)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})[A-Za-z0-9]*", re.IGNORECASE)


@lru_cache(maxsize=1024)
def needle_pattern(folded: str) -> re.Pattern[str]:
    """Return a case-insensitive pattern for a folded text that also matches its full-width form."""
    parts = []
    for ch in folded:
        if ch == " ":
            parts.append(r"[ \u3000]+")
        elif "!" <= ch <= "~":
            parts.append(f"[{re.escape(ch)}{re.escape(chr(ord(ch) + 0xFEE0))}]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.IGNORECASE)


def contains(text: str, needle: str) -> bool:
    """Tell whether the text contains the needle, ignoring case and character width."""
    return needle_pattern(fold(needle).strip().lower()).search(text) is not None


def match_spans(text: str, needles: list[str], *, whole: bool = False) -> list[tuple[int, int]]:
    """Return the merged (start, end) spans of the text that the searched texts match.

    English words are looked for only up to the first window unless `whole` is set.
    """
    # The text is not folded (slow for a whole law): the patterns accept both widths instead.
    spans: list[tuple[int, int]] = []
    stems: set[str] = set()
    for needle in needles:
        needle_f = fold(needle).strip().lower()
        if not needle_f:
            continue
        tokens = pieces(needle_f, for_query=True)
        if len(tokens) == 1 and not is_cjk_word(needle_f):
            stems.add(tokens[0].text)
            continue
        for m in needle_pattern(needle_f).finditer(text):
            spans.append((m.start(), m.end()))
    if stems:
        horizon = len(text) if whole else min((s for s, _ in spans), default=len(text)) + WIDTH
        for m in stem_candidates(frozenset(stems)).finditer(text):
            if m.start() > horizon:  # only the first window is shown
                break
            if stem_word(m.group().lower()) in stems:
                spans.append((m.start(), m.end()))
                if not whole:
                    horizon = min(horizon, m.start() + WIDTH)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, needles: list[str], width: int = WIDTH, spans: list | None = None) -> Markup:
    """Return about `width` characters around the first match, with every match in <mark>."""
    if spans is None:
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
    spans = match_spans(text, needles, whole=True)
    if not segments:
        segments = [(0, len(text), "", "")]
    starts = [seg[0] for seg in segments]
    counts: dict[int, float] = {}
    for start, _end in spans:
        i = max(0, bisect_right(starts, start) - 1)
        counts[i] = counts.get(i, 0) + (1.0 if segments[i][3] else 0.5)  # a preamble yields to articles
    best = max(counts, key=lambda i: (counts[i], -i)) if counts else 0
    start, end, anchor, label = segments[best]
    local = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    return anchor, label, snippet(text[start:end], needles, spans=local)
