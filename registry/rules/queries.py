"""Read queries of the catalogue, returning model objects or small dataclasses for templates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from registry.auth.permissions import readable_rules
from registry.db import db, today
from registry.labels import in_english
from registry.queryargs import clamp_page
from registry.rules.loading import attach_categories, attach_category_path, load_categories, versions_without_text
from registry.rules.models import Category, Rule, RuleLink, RuleVersion
from registry.rules.status import DRAFT, IN_FORCE, LAPSED, NOT_YET_IN_FORCE, REPEALED, STATUSES, status_expression

ANYONE = object()  # no user given: a service or test that sees the whole catalogue

SORTS = {
    "code": Rule.code,
    "title": Rule.title,
    "updated": Rule.updated_at.desc(),
    "created": Rule.created_at.desc(),
}


@dataclass
class CatalogueFilters:
    """What the catalogue is narrowed to; the same filters serve pages, API and exports."""

    category_id: int | None = None
    department_id: int | None = None
    status: str | None = None
    text: str = ""
    sort: str = "code"
    page: int = 1
    per_page: int = 20
    # Whose drafts and not-yet-in-force rules are listed: None every department's, [] nobody's
    # (see permissions.draft_departments).
    unpublished_departments: list[int] | None = None
    # The catalogue page lists repealed rules only on request (or when the status filter asks for them).
    include_repealed: bool = True


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    counts: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def category_tree() -> list[Category]:
    """Return the root categories with their children (and theirs) loaded, from one query."""
    return [c for c in load_categories().values() if c.parent_id is None]


def category_path_names() -> dict[int, str]:
    """Return every category's full path ("Finance/Travel") by id, in path order, from one light query.

    The names are in the interface language: a category's English name in English, where it has one.
    """
    english = in_english()
    rows = {cid: (parent, (name_en if english and name_en else name)) for cid, parent, name, name_en in
            db.session.execute(select(Category.id, Category.parent_id, Category.name, Category.name_en))}

    def path(cid: int) -> str:
        parent, name = rows[cid]
        return f"{path(parent)}/{name}" if parent in rows else name

    return dict(sorted(((cid, path(cid)) for cid in rows), key=lambda item: item[1]))


def descendant_ids(category_id: int) -> list[int]:
    """Return the id of the category and of every category below it."""
    rows = db.session.execute(select(Category.id, Category.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for cid, parent in rows:
        children.setdefault(parent, []).append(cid)
    found, todo = [], [category_id]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


HIDDEN_UNLESS_ASKED = (REPEALED, LAPSED)  # "include repealed" shows lapsed rules too


def _hides_repealed(filters: CatalogueFilters) -> bool:
    return filters.status not in STATUSES and not filters.include_repealed and filters.status != REPEALED


def _status_allows(filters: CatalogueFilters, status: str) -> bool:
    """Tell whether a rule of this status passes the status filter of _filtered (the same test, in Python)."""
    if filters.status in STATUSES:
        return status == filters.status
    return not (_hides_repealed(filters) and status in HIDDEN_UNLESS_ASKED)


def _filtered(filters: CatalogueFilters, on: date, *, skip: str = ""):
    status = status_expression(on)
    query = select(Rule)
    if filters.category_id and skip != "category":
        query = query.where(Rule.category_id.in_(descendant_ids(filters.category_id)))
    if filters.department_id and skip != "department":
        query = query.where(Rule.department_id == filters.department_id)
    if filters.status in STATUSES and skip != "status":
        query = query.where(status == filters.status)
    elif _hides_repealed(filters) and skip != "status":
        query = query.where(status.not_in(HIDDEN_UNLESS_ASKED))
    if filters.unpublished_departments is not None:
        published = status.not_in([DRAFT, NOT_YET_IN_FORCE])
        own = Rule.department_id.in_(filters.unpublished_departments)
        query = query.where(or_(published, own) if filters.unpublished_departments else published)
    if filters.text.strip():
        like = f"%{filters.text.strip()}%"
        query = query.where(or_(Rule.title.ilike(like), Rule.code.ilike(like)))
    return query, status


def catalogue(filters: CatalogueFilters, on: date) -> Page:
    """Return one page of rules matching the filters, with counts per status, department and category."""
    query, _status = _filtered(filters, on)
    counts, total = facet_counts(filters, on)
    order = SORTS.get(filters.sort, Rule.code)
    page = clamp_page(filters.page, total, filters.per_page)
    items = db.session.scalars(
        query.options(versions_without_text(), selectinload(Rule.tags), selectinload(Rule.department),
                      selectinload(Rule.owner))
        .order_by(order, Rule.id)
        .limit(filters.per_page)
        .offset((page - 1) * filters.per_page)
    ).all()
    attach_categories(items)
    return Page(list(items), total, page, filters.per_page, counts)


def facet_counts(filters: CatalogueFilters, on: date) -> tuple[dict, int]:
    """Count rules per status, department and category under the other active filters; also return how many
    rules pass every filter.

    Each rule's status is an expression over its versions, so every count is a pass over the catalogue in
    the database. One pass grouped by (status, department, category) under every filter but the status gives
    the status counts, the total, and the department and category counts when those filters are not in use;
    an active department or category filter adds the pass that leaves it out (the catalogue's first page: one
    pass instead of four).
    """
    query, status = _filtered(filters, on, skip="status")
    sub = query.add_columns(status.label("st")).subquery()
    groups = db.session.execute(select(sub.c.st, sub.c.department_id, sub.c.category_id, func.count())
                                .group_by(sub.c.st, sub.c.department_id, sub.c.category_id)).all()
    statuses, departments, direct = Counter(), Counter(), Counter()
    for st, department_id, category_id, n in groups:
        statuses[st] += n
        if _status_allows(filters, st):
            departments[department_id] += n
            direct[category_id] += n
    counts: dict[str, dict] = {"status": dict(statuses), "department": dict(departments)}
    total = departments.total()
    if filters.department_id:
        sub = _filtered(filters, on, skip="department")[0].subquery()
        counts["department"] = dict(
            db.session.execute(select(sub.c.department_id, func.count()).group_by(sub.c.department_id)).all())
    if filters.category_id:
        sub = _filtered(filters, on, skip="category")[0].subquery()
        direct = dict(db.session.execute(select(sub.c.category_id, func.count()).group_by(sub.c.category_id)).all())
    counts["category"] = with_descendants(direct)
    return counts, total


def with_descendants(direct: dict) -> dict:
    """Return per category the rules in it and in every category below it (a parent counts its children's)."""
    parents = dict(db.session.execute(select(Category.id, Category.parent_id)).all())
    totals: dict = {}
    for category_id, n in direct.items():
        node, seen = category_id, set()
        while node is not None and node not in seen:  # `seen`: a cycle in bad data must not hang the page
            seen.add(node)
            totals[node] = totals.get(node, 0) + n
            node = parents.get(node)
    return totals


def rule_by_code(code: str) -> Rule | None:
    """Return the rule with this code, with what its pages show loaded: versions (and who made and approved
    them), department, owner, tags and the category path; its template then runs no query."""
    rule = db.session.scalar(select(Rule).where(Rule.code == code).options(
        selectinload(Rule.versions).options(joinedload(RuleVersion.created_by), joinedload(RuleVersion.approved_by)),
        joinedload(Rule.department), joinedload(Rule.owner), joinedload(Rule.repealed_by), joinedload(Rule.successor),
        selectinload(Rule.tags)))
    if rule is not None and rule.category_id is not None:
        attach_category_path(rule)
    return rule


def related_rules(rule: Rule, user=ANYONE, on: date | None = None) -> list[Rule]:
    """Return the rules linked to this one, in either direction, that `user` may read on `on`.

    Without a user (services, tests): every linked rule.
    """
    ids = select(RuleLink.related_id).where(RuleLink.rule_id == rule.id).union(
        select(RuleLink.rule_id).where(RuleLink.related_id == rule.id)
    )
    found = list(db.session.scalars(select(Rule).where(Rule.id.in_(ids)).order_by(Rule.code)
                                    .options(selectinload(Rule.versions))))
    return found if user is ANYONE else readable_rules(user, found, on or today())


def rules_in_force(on: date, *, besides: Rule | None = None) -> list[Rule]:
    """Return the rules in force on `on`, by code (a repealed rule's successor is chosen among them)."""
    query = select(Rule).where(status_expression(on) == IN_FORCE).order_by(Rule.code)
    if besides is not None:
        query = query.where(Rule.id != besides.id)
    return list(db.session.scalars(query))


def version_by_number(rule: Rule, number: int) -> RuleVersion | None:
    return next((v for v in rule.versions if v.number == number), None)


def rules_by_codes(codes: list[str], user=ANYONE, on: date | None = None) -> tuple[list[Rule], list[str]]:
    """Return the rules with these codes and the codes that match nothing `user` may read.

    A draft the user may not see counts as unknown, so the answer never tells whether one exists.
    """
    wanted = [c.strip() for c in codes if c.strip()]
    found = list(db.session.scalars(select(Rule).where(Rule.code.in_(wanted))
                                    .options(selectinload(Rule.versions)))) if wanted else []
    if user is not ANYONE:
        found = readable_rules(user, found, on or today())
    known = {r.code for r in found}
    return found, [c for c in wanted if c not in known]
