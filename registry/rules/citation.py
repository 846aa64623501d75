"""How offices cite an article: 《差旅费管理办法》（2024年修订）第十二条, "Annual Leave Policy (2024), Article 12"."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import pgettext

from registry.notifications.links import absolute, path_for
from registry.rules.models import Rule, RuleVersion
from registry.rules.render import RenderedBody


@dataclass(frozen=True)
class Citation:
    text: str  # the citation as written in a document
    url: str  # the permalink (at BASE_URL): this article in this version, not whatever is in force later


def citation_text(rule: Rule, version: RuleVersion, article: str) -> str:
    """Return the citation of one article of one version, in the interface language."""
    return _citation_pattern(version) % {"title": rule.title, "year": _year(version), "article": article}


def _citation_pattern(version: RuleVersion) -> str:
    if version.number > 1:
        return pgettext("citation of a revised rule", "%(title)s (%(year)s), %(article)s")
    return _("%(title)s (%(year)s), %(article)s")


def _year(version: RuleVersion) -> int:
    return (version.effective_on or version.created_at).year


def article_citations(rule: Rule, version: RuleVersion, rendered: RenderedBody) -> dict[str, Citation]:
    """Return each article's citation and permalink, by its anchor (the words and the link looked up once: a
    long law has hundreds of articles)."""
    pattern, year = _citation_pattern(version), _year(version)
    permalink = absolute(path_for("rules.version_page", code=rule.code, number=version.number)) + "#"
    return {s.anchor: Citation(pattern % {"title": rule.title, "year": year, "article": s.label},
                               permalink + s.anchor)
            for s in rendered.sections if s.kind == "article" and s.label}
