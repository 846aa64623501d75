"""Markdown to safe HTML: every user-written text passes the sanitiser before it is shown.

A rule's body is shown as written (`rule_markdown`): Markdown's list rules are off, so a line numbered
"3." in the source is a paragraph reading "3." — never an `<ol>` that the browser numbers again from 1 —
and a line break inside a paragraph is kept (`breaks`), because a rule's hard line breaks separate its
款 and 项. Indented code blocks are off too: text imported from PDF or plain text is often indented
with spaces and is not code. Headings, tables, emphasis and fenced code still work.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3",
    "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "a", "del", "span",
}


def rule_markdown() -> MarkdownIt:
    """Return the parser for rule bodies: no lists, no indented code, every line break kept."""
    return (MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
            .enable("table").disable(["list", "code"]))


_rule_md = rule_markdown()


def _clean(html: str) -> Markup:
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "span": {"class"}}))


@lru_cache(maxsize=4096)
def render_rule_text(text: str) -> Markup:
    """Render a rule's text as written: its own numbers and line breaks, sanitised."""
    return _clean(_rule_md.render(text))
