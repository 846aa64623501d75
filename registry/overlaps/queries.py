"""The overlap index of the texts in force, kept per process until an approval or repeal changes them."""

from __future__ import annotations

import threading
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from registry.db import db
from registry.overlaps.detect import Article, Overlap, OverlapIndex, articles_of
from registry.rules.models import APPROVED, Rule, RuleVersion
from registry.rules.status import IN_FORCE, status_expression, version_in_force

_cache: dict[str, tuple[tuple, OverlapIndex, dict[str, Rule]]] = {}
_lock = threading.Lock()


def _fingerprint(on: date) -> tuple:
    """What the texts in force depend on: approvals, repeals and the day (a version may take effect)."""
    approved = db.session.execute(select(func.count(RuleVersion.id), func.max(RuleVersion.approved_at))
                                  .where(RuleVersion.status == APPROVED)).one()
    repealed = db.session.execute(select(func.count(Rule.id), func.max(Rule.updated_at))
                                  .where(Rule.repealed_on.is_not(None))).one()
    return (on, tuple(approved), tuple(repealed), current_app.config["OVERLAP_THRESHOLD"],
            current_app.config["OVERLAP_MIN_CHARACTERS"])


def index_in_force(on: date) -> tuple[OverlapIndex, dict[str, Rule]]:
    """Return the LSH index of every article in force on `on` (built once per change), and rules by code."""
    key = current_app.config["DATABASE_URL"]
    fingerprint = _fingerprint(on)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1], cached[2]
        rules = list(db.session.scalars(select(Rule).where(status_expression(on) == IN_FORCE)
                                        .options(selectinload(Rule.versions))))
        minimum = current_app.config["OVERLAP_MIN_CHARACTERS"]
        articles: list[Article] = []
        for rule in rules:
            articles += articles_of(rule.code, version_in_force(rule, on).body, minimum)
        index = OverlapIndex(articles, current_app.config["OVERLAP_THRESHOLD"])
        by_code = {rule.code: rule for rule in rules}
        _cache[key] = (fingerprint, index, by_code)
        return index, by_code


def overlaps_of_text(rule: Rule, body: str, on: date, limit: int = 3) -> list[tuple[Article, list]]:
    """For each article of a draft or proposed text, the articles of other rules in force that say nearly the same."""
    index, by_code = index_in_force(on)
    found = []
    for article in articles_of(rule.code, body, current_app.config["OVERLAP_MIN_CHARACTERS"]):
        matches = [(by_code[other.rule_key], other, similarity)
                   for other, similarity in index.similar(article.text, exclude_rule=rule.code, limit=limit)]
        if matches:
            found.append((article, matches))
    return found


def strongest_overlaps(on: date, limit: int = 100) -> tuple[list[Overlap], dict[str, Rule]]:
    index, by_code = index_in_force(on)
    return index.strongest(limit), by_code
