"""Cut a snippet around the matched words of an article and mark them (escaped HTML with <mark>)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from registry.search.analysis import fold, is_cjk_word, pieces, stem_word

WIDTH = 160
_WORD = re.compile(r"[a-z0-9]+")


def match_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Return the merged (start, end) spans of the text that the searched texts match."""
    folded = fold(text).lower()
    spans: list[tuple[int, int]] = []
    stems = set()
    for needle in needles:
        needle_f = fold(needle).strip().lower()
        if not needle_f:
            continue
        tokens = pieces(needle_f, for_query=True)
        if len(tokens) == 1 and not is_cjk_word(needle_f):
            stems.add(tokens[0].text)
            continue
        for m in re.finditer(re.escape(needle_f), folded):
            spans.append((m.start(), m.end()))
    if stems:
        horizon = min((s for s, _ in spans), default=len(folded)) + WIDTH
        for m in _WORD.finditer(folded):
            if m.start() > horizon:  # only the first window is shown
                break
            if stem_word(m.group()) in stems:
                spans.append((m.start(), m.end()))
                horizon = min(horizon, m.start() + WIDTH)
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
    text = text.strip()
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
