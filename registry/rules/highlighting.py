"""Mark the searched words in a rendered rule, for the page a search hit opens (``?hl=<query>``)."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape

from markupsafe import Markup, escape

from registry.rules.render import RenderedBody
from registry.search.highlight import match_spans
from registry.search.querylang import parse

TAG = re.compile(r"(<[^>]*>)")
MAX_QUERY = 200  # a highlight query longer than a search box holds is cut, not refused


def searched_texts(query: str) -> list[str]:
    """Return the texts a search query looks for (no negated words), as the search page marks them."""
    return parse((query or "")[:MAX_QUERY]).positive_texts() if (query or "").strip() else []


def mark_rendered(rendered: RenderedBody, query: str) -> RenderedBody:
    """Return the body with every match of the query wrapped in <mark>, in the text between the tags."""
    needles = searched_texts(query)
    if not needles:
        return rendered
    sections = tuple(replace(section, html=_mark_html(section.html, needles)) for section in rendered.sections)
    return replace(rendered, sections=sections)


def _mark_html(html: Markup, needles: list[str]) -> Markup:
    """Mark the matches in each text run of sanitised HTML; the tags themselves are left alone."""
    out = []
    for part in TAG.split(str(html)):
        if not part or part.startswith("<"):
            out.append(part)
            continue
        text, at, marked = unescape(part), 0, []
        for start, end in match_spans(text, needles, whole=True):
            marked += [escape(text[at:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
            at = end
        out.append(str(Markup("").join([*marked, escape(text[at:])])) if marked else part)
    return Markup("".join(out))
