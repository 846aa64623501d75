"""Loader options and helpers that give list pages what they show in a fixed number of queries.

A list page must cost the same number of statements for 5 rules as for 5,000 (tests/core/test_query_counts.py):
relationships a page reads are loaded up front, and version texts, which list pages never show, are not.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.strategy_options import _AbstractLoad

from registry.db import db
from registry.rules.models import Category, Rule, RuleVersion

# What rule_status(), version_in_force() and due dates read of a version: everything but the text.
VERSION_DATE_COLUMNS = (RuleVersion.id, RuleVersion.rule_id, RuleVersion.number, RuleVersion.status,
                        RuleVersion.effective_on, RuleVersion.content_hash, RuleVersion.row_version)


def versions_without_text() -> _AbstractLoad:
    """Load each rule's versions without their bodies (about 11 M characters on the shared corpus)."""
    return selectinload(Rule.versions).load_only(*VERSION_DATE_COLUMNS)


def load_categories() -> dict[int, Category]:
    """Load every category in one query with `parent` and `children` set, so paths and trees need no more SQL."""
    rows = list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))
    by_id = {c.id: c for c in rows}
    children: dict[int, list[Category]] = {c.id: [] for c in rows}
    for category in rows:
        set_committed_value(category, "parent", by_id.get(category.parent_id))
        if category.parent_id in children:
            children[category.parent_id].append(category)
    for category in rows:
        set_committed_value(category, "children", children[category.id])
    return by_id


def attach_categories(rules: Iterable[Rule]) -> dict[int, Category]:
    """Give each rule its category (with its whole path) from one query instead of one per rule and level."""
    by_id = load_categories()
    for rule in rules:
        set_committed_value(rule, "category", by_id.get(rule.category_id))
    return by_id


def attach_category_path(rule: Rule) -> None:
    """Give one rule its category and the category's ancestors (`parent` set all the way up) in one query.

    A rule page names one category path; loading every category for it (attach_categories) cost a page of the
    shared corpus more than its versions did. Children are left to load on demand.
    """
    chain = select(Category.id, Category.parent_id).where(Category.id == rule.category_id).cte(recursive=True)
    chain = chain.union_all(select(Category.id, Category.parent_id).join(chain, Category.id == chain.c.parent_id))
    by_id = {c.id: c for c in db.session.scalars(select(Category).where(Category.id.in_(select(chain.c.id))))}
    for category in by_id.values():
        set_committed_value(category, "parent", by_id.get(category.parent_id))
    set_committed_value(rule, "category", by_id.get(rule.category_id))
