"""A rule page's text and table of contents as HTML, kept per process.

Writing a long law's text for its page (links to the rules and articles it cites, the marks of a searched
word, a permalink and citation buttons per article) cost over half of its page on every request (刑法 has
over 450 articles), though the result changes only with the version's text (its row version), the rule's
title or code (the rule's row version), the searched words, the language and the rules that references can
link to (links/render.known_rules). Its table of contents (刑法's has over 500 entries) needs the text parsed
and changes with it and the language alone. Both are kept under those, least recently used dropped first, within
RULE_BODY_CACHE_CHARACTERS; each worker keeps its own.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

from flask import Flask, current_app, get_template_attribute, url_for
from flask_babel import get_locale
from markupsafe import Markup

from registry.links.render import known_rules, link_references
from registry.lru import Lru
from registry.rules.citation import article_citations
from registry.rules.highlighting import mark_rendered
from registry.rules.models import Rule, RuleVersion
from registry.rules.render import render_body


@dataclass(frozen=True)
class PageText:
    """What a rule page shows of a version's text: the text and its table of contents (empty: none)."""

    body: Markup
    toc: Markup


class BodyHtmlCache:
    """Rendered texts by key, bounded by their total length (registry/lru.py); the rules references link to
    are part of each key."""

    def __init__(self, max_characters: int) -> None:
        self.max_characters = max_characters
        self.texts = Lru(max_characters)
        self._lock = threading.Lock()
        self._targets: object = None
        self._targets_token = 0
        self._tokens = itertools.count(1)
        self.renders = 0  # texts written (tests read it)

    def targets_token(self, targets: dict) -> int:
        """Number the known rules by content: they are read again every few seconds (registry/kept.py), and a
        new read with nothing changed keeps every text."""
        with self._lock:
            if targets is not self._targets:
                if targets != self._targets:
                    self._targets_token = next(self._tokens)
                self._targets = targets
            return self._targets_token

    def keep(self, key: tuple, text: PageText) -> None:
        """Keep a text just written (one longer than the whole budget is not kept)."""
        self.renders += 1
        size = len(text.body) + len(text.toc)
        if size <= self.max_characters:
            self.texts.put(key, text, size)


def rule_page_text(rule: Rule, version: RuleVersion, highlight: str) -> PageText:
    """Return the HTML of `version`'s text on `rule`'s page, `highlight`'s words marked, and of its table of
    contents (rules/_body.html)."""
    cache: BodyHtmlCache = current_app.extensions["registry_rule_bodies"]
    targets = known_rules()
    key = (version.id, version.row_version, rule.id, rule.row_version, highlight, str(get_locale()),
           cache.targets_token(targets))
    found = cache.texts.get(key)
    if found is None:
        rendered = render_body(version.body)
        linked = link_references(mark_rendered(rendered, highlight), rule, targets)
        write = get_template_attribute("rules/_body.html", "rule_body")
        toc = get_template_attribute("rules/_body.html", "toc")
        found = PageText(Markup(write(linked, url_for("rules.rule_page", code=rule.code),
                                      article_citations(rule, version, rendered))), Markup(toc(rendered)))
        cache.keep(key, found)
    return found


def init_app(app: Flask) -> None:
    app.extensions["registry_rule_bodies"] = BodyHtmlCache(app.config["RULE_BODY_CACHE_CHARACTERS"])
