"""Turn the references in a rendered rule text into links to the rule and article in force."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import unescape

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import exists, select

from registry.db import db
from registry.kept import kept
from registry.links.references import article_anchor, find_references, may_name_rules, normal_title
from registry.rules.models import APPROVED, Rule, RuleVersion
from registry.rules.render import RenderedBody

TAG = re.compile(r"(<[^>]+>)")


@dataclass(frozen=True)
class Target:
    code: str
    title: str
    is_repealed: bool


def known_rules() -> dict[str, Target]:
    """Return the rules with an approved text by normalised title (drafts are never named).

    Every rule page whose text cites another rule needs them: one row per rule, kept a few seconds
    (registry/kept.py).
    """
    return kept("known_rules", None, _known_rules)


def _known_rules() -> dict[str, Target]:
    approved = exists().where(RuleVersion.rule_id == Rule.id, RuleVersion.status == APPROVED)
    rows = db.session.execute(select(Rule.code, Rule.title, Rule.repealed_on).where(approved))
    return {normal_title(title): Target(code, title, repealed is not None) for code, title, repealed in rows}


def _link(text: str, ref, rule: Rule, targets: dict[str, Target], anchors: set[str]) -> Markup:
    shown = escape(text)
    if ref.title is None:  # the rule's own article
        anchor = article_anchor(ref.article, ref.sub) if ref.article else ""
        if anchor in anchors:
            return Markup(f'<a class="ref" href="#{anchor}">{shown}</a>')
        return shown
    target = targets.get(normal_title(ref.title))
    if target is None:
        note = escape(_("Not in the registry"))
        return Markup(f'<span class="ref-missing" title="{note}">{shown}</span>')
    if target.code == rule.code:
        return shown
    url = url_for("rules.rule_page", code=target.code)
    if ref.article:
        url += "#" + article_anchor(ref.article, ref.sub)
    note = escape(_("Repealed") if target.is_repealed else target.title)
    css = "ref repealed" if target.is_repealed else "ref"
    return Markup(f'<a class="{css}" href="{escape(url)}" title="{note}">{shown}</a>')


def _link_html(html: Markup, rule: Rule, targets: dict[str, Target], anchors: set[str]) -> Markup:
    known = targets.keys()
    out, in_link = [], False
    for part in TAG.split(str(html)):
        if part.startswith("<"):
            in_link = (in_link or part.startswith("<a")) and not part.startswith("</a")
            out.append(part)
            continue
        if in_link or not part:
            out.append(part)
            continue
        text = unescape(part)
        refs = find_references(text, known)
        if not refs:
            out.append(part)
            continue
        at, pieces = 0, []
        for ref in refs:
            pieces += [escape(text[at:ref.start]), _link(text[ref.start:ref.end], ref, rule, targets, anchors)]
            at = ref.end
        out.append(str(Markup("").join([*pieces, escape(text[at:])])))
    return Markup("".join(out))


def link_references(rendered: RenderedBody, rule: Rule, targets: dict[str, Target] | None = None) -> RenderedBody:
    """Return the body with its references linked: other rules at their article, its own articles in place
    (`targets`: known_rules(), when the caller has read them)."""
    if not any(find_references(s.text) or may_name_rules(s.text) for s in rendered.parsed.segments):
        return rendered
    targets = known_rules() if targets is None else targets
    anchors = {s.anchor for s in rendered.sections}
    sections = tuple(replace(s, html=_link_html(s.html, rule, targets, anchors)) for s in rendered.sections)
    return replace(rendered, sections=sections)
