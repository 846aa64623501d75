"""Keep the index of references in step with approved texts, and ask for reviews when what is cited changes.

Services flush and never commit.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, select

from registry.db import db, today
from registry.links.models import RuleReference
from registry.links.references import find_references, normal_title
from registry.links.render import known_rules
from registry.proposals.compare import compare_texts
from registry.rules.articles import parse_body
from registry.rules.loading import versions_without_text
from registry.rules.models import APPROVED, Rule, RuleVersion
from registry.rules.numerals import chinese_numeral_to_int, int_to_chinese
from registry.rules.status import version_in_force


def index_version(version: RuleVersion, known: Collection[str] | None = None) -> int:
    """Store the references an approved version makes to other rules; return how many. `known`: the registry's
    normal titles, which names without 《》 may give (read from the database when not given)."""
    db.session.execute(delete(RuleReference).where(RuleReference.version_id == version.id))
    own = normal_title(version.rule.title)
    known = known_rules().keys() if known is None else known
    rows = []
    for segment in parse_body(version.body).segments:
        anchor = segment.anchor if segment.kind == "article" else ""
        for ref in find_references(segment.text, known):
            if ref.title is None or normal_title(ref.title) == own:
                continue
            rows.append(RuleReference(rule_id=version.rule_id, version_id=version.id,
                                      cited_title=normal_title(ref.title)[:300], article=ref.article, sub=ref.sub,
                                      citing_anchor=anchor))
    db.session.add_all(rows)
    db.session.flush()
    return len(rows)


def index_all() -> int:
    """Rebuild the index of references from every approved version (after an upgrade or an import)."""
    db.session.execute(delete(RuleReference))
    total, known = 0, set(known_rules())
    for version in db.session.scalars(select(RuleVersion).where(RuleVersion.status == APPROVED)):
        total += index_version(version, known)
    return total


def citing(rule: Rule, on: date, articles: set[int] | None = None) -> list[tuple[Rule, list[RuleReference]]]:
    """Return the rules whose text in force on `on` cites `rule` (only those articles, when given)."""
    refs = list(db.session.scalars(select(RuleReference).where(RuleReference.cited_title == normal_title(rule.title),
                                                               RuleReference.rule_id != rule.id)
                                   .order_by(RuleReference.rule_id, RuleReference.id)))
    by_rule: dict[int, list[RuleReference]] = {}
    for ref in refs:
        if articles is None or ref.article in articles:
            by_rule.setdefault(ref.rule_id, []).append(ref)
    result = []
    others = {r.id: r for r in db.session.scalars(select(Rule).where(Rule.id.in_(by_rule))
                                                  .options(versions_without_text()))} if by_rule else {}
    for rule_id, rows in by_rule.items():  # a much-cited law: every citing rule and its versions in two queries
        other = others[rule_id]
        in_force = version_in_force(other, on)
        current = [r for r in rows if in_force is not None and r.version_id == in_force.id]
        if current:
            result.append((other, current))
    return sorted(result, key=lambda pair: pair[0].code)


def changed_articles(old: RuleVersion, new: RuleVersion) -> set[int]:
    """Return the numbers (in the old text) of the articles the new version changed or deleted."""
    numbers = set()
    for row in compare_texts(old.body, new.body).changes:  # once per approval: not worth the pages' cache
        for unit in row.old:
            if unit.kind == "article" and unit.label.startswith("第") and "条" in unit.label:
                number = chinese_numeral_to_int(unit.label[1:unit.label.index("条")])
                if number:
                    numbers.add(number)
            elif unit.kind == "article" and unit.label.lower().startswith("article"):
                digits = "".join(c for c in unit.label if c.isdigit())
                if digits:
                    numbers.add(int(digits))
    return numbers


def on_version_approved(actor, version: RuleVersion, **_extra) -> None:
    """Index the new text; the rules citing an article it changed get a review due."""
    from registry.reviews.services import basis_changed

    index_version(version)
    rule = version.rule
    earlier = [v for v in rule.versions if v.is_approved and v.number < version.number]
    if not earlier:
        return
    previous = max(earlier, key=lambda v: v.number)
    changed = changed_articles(previous, version)
    if not changed:
        return
    dependants = [other for other, _refs in citing(rule, today(), changed)]
    if dependants:
        labels = "、".join(f"第{int_to_chinese(n)}条" for n in sorted(changed))
        basis_changed(actor, rule, max(today(), version.effective_on), dependants=dependants,
                      why=_("changed articles it cites (%(articles)s) in version %(n)s",
                            articles=labels, n=version.number))


def on_rule_repealed(actor, rule: Rule, **_extra) -> None:
    """The rules citing a repealed rule get a review due."""
    from registry.reviews.services import basis_changed

    dependants = [other for other, _refs in citing(rule, today())]
    if dependants:
        basis_changed(actor, rule, max(today(), rule.repealed_on), dependants=dependants,
                      why=_("which it cites, is repealed from %(d)s", d=rule.repealed_on.isoformat()))
