"""The overlap index of the texts in force, kept per process and updated rule by rule when their texts change."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from registry.db import db
from registry.overlaps.detect import Article, Overlap, OverlapIndex, articles_of
from registry.rules.models import APPROVED, Rule, RuleVersion
from registry.rules.status import IN_FORCE, status_expression, version_in_force


@dataclass
class _Cached:
    settings: tuple
    stamps: dict[int, tuple]  # rule id -> (version in force, the rule's updated_at)
    index: OverlapIndex
    by_code: dict[str, Rule]
    codes: dict[int, str]


_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def _stamps(on: date) -> dict[int, tuple]:
    """Return, per rule in force on `on`, the version in force and when the rule last changed (one query)."""
    version = aliased(RuleVersion)  # the status expression's own subqueries read rule_versions
    rows = db.session.execute(
        select(version.rule_id, version.id, version.effective_on, version.number, Rule.updated_at)
        .join(Rule, Rule.id == version.rule_id)
        .where(version.status == APPROVED, version.effective_on <= on, status_expression(on) == IN_FORCE))
    best: dict[int, tuple] = {}
    for rule_id, version_id, effective_on, number, updated_at in rows:
        if rule_id not in best or (effective_on, number) > best[rule_id][0]:
            best[rule_id] = ((effective_on, number), version_id, updated_at)
    return {rule_id: (version_id, updated_at) for rule_id, (_order, version_id, updated_at) in best.items()}


def _load(rule_ids, on: date) -> list[Rule]:
    if not rule_ids:
        return []
    return list(db.session.scalars(select(Rule).where(Rule.id.in_(list(rule_ids)))
                                   .options(selectinload(Rule.versions))))


def index_in_force(on: date) -> tuple[OverlapIndex, dict[str, Rule]]:
    """Return the LSH index of every article in force on `on`, and rules by code.

    Built once per process; afterwards only the rules whose text in force changed (an approval taking effect,
    a repeal, a lapse, an edit of the rule) are re-read and replaced in the index, so an approval costs the
    articles of one rule, not a rebuild (bench/overlaps_bench.py measures both).
    """
    key = current_app.config["DATABASE_URL"]
    minimum = current_app.config["OVERLAP_MIN_CHARACTERS"]
    settings = (current_app.config["OVERLAP_THRESHOLD"], minimum)
    stamps = _stamps(on)
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached.settings != settings:
            rules = _load(stamps, on)
            articles: list[Article] = []
            for rule in rules:
                articles += articles_of(rule.code, version_in_force(rule, on).body, minimum)
            cached = _Cached(settings, stamps, OverlapIndex(articles, settings[0]), {r.code: r for r in rules},
                             {r.id: r.code for r in rules})
            _cache[key] = cached
            return cached.index, cached.by_code
        changed = {rule_id for rule_id in stamps.keys() | cached.stamps.keys()
                   if stamps.get(rule_id) != cached.stamps.get(rule_id)}
        if not changed:
            return cached.index, cached.by_code
        by_code = dict(cached.by_code)  # a new mapping: pages still holding the old one keep it whole
        for rule_id in changed - stamps.keys():  # no longer in force
            code = cached.codes.pop(rule_id)
            cached.index.replace_rule(code, ())
            by_code.pop(code, None)
        for rule in _load(changed & stamps.keys(), on):
            old_code = cached.codes.get(rule.id)
            if old_code is not None and old_code != rule.code:  # the rule was given a new code
                cached.index.replace_rule(old_code, ())
                by_code.pop(old_code, None)
            cached.index.replace_rule(rule.code, articles_of(rule.code, version_in_force(rule, on).body, minimum))
            by_code[rule.code], cached.codes[rule.id] = rule, rule.code
        cached.stamps, cached.by_code = stamps, by_code
        return cached.index, by_code


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
