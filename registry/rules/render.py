"""Turn a version's body into sections with anchors, for the rule page and its table of contents."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from registry.markdown import render_rule_text
from registry.rules.articles import ParsedBody, TocEntry, parse_body


@dataclass(frozen=True)
class RenderedSection:
    anchor: str
    kind: str
    label: str
    html: Markup


@dataclass(frozen=True)
class RenderedBody:
    sections: tuple[RenderedSection, ...]
    toc: tuple[TocEntry, ...]
    parsed: ParsedBody


@lru_cache(maxsize=256)
def render_body(body: str) -> RenderedBody:
    """Render each structural segment separately so every article keeps its own anchor."""
    parsed = parse_body(body)
    sections = tuple(
        RenderedSection(s.anchor, s.kind, s.label, render_rule_text(s.text))
        for s in parsed.segments
        if s.text.strip()
    )
    return RenderedBody(sections, tuple(parsed.toc), parsed)
