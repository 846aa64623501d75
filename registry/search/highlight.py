"""Cut a snippet around the matched words of an article and mark them (escaped HTML with <mark>)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from markupsafe import Markup, escape

from registry.search.analysis import WORD_RE, fold, is_cjk_word, pieces, stem_word

WIDTH = 160


def stem_spans(text: str, stems: set[str], horizon: int) -> Iterator[tuple[int, int]]:
    """Yield, in no particular order, the spans of the words before `horizon` that have one of these stems.

    A Porter stem less its last letter begins every word it comes from (checked over the shared
    corpus's English vocabulary: y→i, an added or dropped e happen only at the end), so str.find looks
    for that prefix in lower case, Capitalised and UPPER CASE (C speed; a word in other mixed case is
    not marked) and only the words found are stemmed. Stemming every word of every hit in Python cost
    about 1 ms per 10,000 characters.
    """
    for stem in stems:
        prefix = stem[:-1] or stem
        for variant in {prefix, prefix.capitalize(), prefix.upper()}:
            at = text.find(variant, 0, horizon)
            while at >= 0:
                if at == 0 or not WORD_RE.match(text, at - 1):
                    word = WORD_RE.match(text, at)
                    if word and stem_word(word.group().lower()) in stems:
                        yield word.span()
                at = text.find(variant, at + 1, horizon)


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
    segment, in C; other needles are located by pattern (case, width and stems) and assigned by bisection.
    """
    plain = [n.strip() for n in needles if is_cjk_word(n.strip())]
    others = [n for n in needles if not is_cjk_word(n.strip())]
    counts = [float(sum(text.count(n, start, end) for n in plain)) for start, end, _a, _l in segments]
    if others:
        starts = [seg[0] for seg in segments]
        for start, _end in match_spans(text, others, whole=True):
            i = bisect_right(starts, start) - 1
            if i >= 0 and start < segments[i][1]:
                counts[i] += 1
    return [count if segment[3] else count / 2 for count, segment in zip(counts, segments, strict=True)]
