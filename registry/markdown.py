"""Markdown to safe HTML: every user-written text passes the sanitiser before it is shown."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3",
    "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "a", "del", "span",
}


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Render Markdown and strip anything a sanitiser would not allow."""
    html = _md.render(text)
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "span": {"class"}}))
