"""Load the demo data (registry.demo.data) through the same services the pages use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from registry.admin.services import ensure_category_path, save_category, save_department
from registry.auth.models import Department, User
from registry.auth.services import create_user
from registry.db import db, today
from registry.reviews.demo import load_demo_reviews
from registry.rules import services as rules
from registry.rules.models import Category, Rule, RuleLink


@dataclass
class DemoSummary:
    users: list[tuple[str, str]]
    rules: int
    password: str


def database_is_empty() -> bool:
    """Say whether no rule and no user exists yet (the demo only ever loads into an empty registry)."""
    return not db.session.scalar(select(func.count(Rule.id))) and not db.session.scalar(select(func.count(User.id)))


def _load_categories(nodes: list[dict], parent: Category | None) -> None:
    for position, node in enumerate(nodes):
        category = save_category(None, None, name=node["name"], name_en=node.get("name_en", ""), parent=parent,
                                 position=position, review_cycle_months=node.get("review_cycle_months", 24))
        db.session.flush()
        _load_categories(node.get("children", []), category)


def _approver_for(department: Department | None, users: dict[str, User]) -> User:
    approvers = [u for u in users.values() if u.role == "approver"]
    same = [u for u in approvers if department and u.department_id == department.id]
    return (same or approvers or [u for u in users.values() if u.role == "admin"])[0]


def load_demo() -> DemoSummary:
    """Create the demo departments, categories, users and rules; the caller commits."""
    from registry.demo import data  # a large module: loaded only when the demo is wanted

    departments = {d["code"]: save_department(None, None, code=d["code"], name=d["name"], name_en=d.get("name_en", ""))
                   for d in data.DEPARTMENTS}
    _load_categories(data.CATEGORIES, None)
    users = {}
    for spec in data.USERS:
        users[spec["email"]] = create_user(
            None, email=spec["email"], name=spec["name"], role=spec["role"], password=data.DEMO_PASSWORD,
            department=departments.get(spec.get("department")), locale=spec.get("locale", "zh_CN"))
    db.session.flush()
    created: dict[str, Rule] = {}
    for spec in data.RULES:
        created[spec["code"]] = _load_rule(spec, departments, users)
    db.session.flush()
    pairs = {tuple(sorted((created[spec["code"]].id, created[code].id)))
             for spec in data.RULES for code in spec.get("related", []) if code in created}
    db.session.add_all(RuleLink(rule_id=a, related_id=b) for a, b in sorted(pairs) if a != b)
    for spec in data.RULES:  # a successor may come later in the list than the rule it replaced
        if spec.get("repealed", {}).get("successor") in created:
            created[spec["code"]].successor = created[spec["repealed"]["successor"]]
    load_demo_reviews(data.RULES, created, today())
    _load_procedures(data.RULES, created, users)
    return DemoSummary(users=[(u["email"], u["role"]) for u in data.USERS], rules=len(created),
                       password=data.DEMO_PASSWORD)


def _load_procedures(specs: list[dict], created: dict[str, Rule], users: dict[str, User]) -> None:
    """Create the shipped procedures and put the drafts of rules of a kind that has one on it."""
    from registry.procedures.defaults import seed_default_procedures
    from registry.procedures.services import procedure_for, run_of, start_run

    seed_default_procedures(None)
    for spec in specs:
        rule = created[spec["code"]]
        draft = next((v for v in rule.versions if not v.is_approved), None)
        if draft is not None and procedure_for(rule) is not None and run_of(draft) is None:
            start_run(users.get(spec.get("owner")) or _approver_for(rule.department, users), draft)


def _load_rule(spec: dict, departments: dict, users: dict) -> Rule:
    department = departments.get(spec.get("department"))
    owner = users.get(spec.get("owner"))
    rule = rules.create_rule(
        owner, code=spec["code"], title=spec["title"],
        category=ensure_category_path(spec["category"]) if spec.get("category") else None,
        department=department, owner=owner, tags=spec.get("tags", []),
        review_cycle_months=spec.get("review_cycle_months"), kind=spec.get("kind", ""),
    )
    approver = _approver_for(department, users)
    for version in spec.get("versions", []):
        draft = rules.add_draft_version(owner, rule, version["body"], version.get("change_summary", ""))
        rules.approve_version(approver, draft, date.fromisoformat(version["effective_on"]))
    if spec.get("draft"):
        rules.add_draft_version(owner, rule, spec["draft"]["body"], spec["draft"].get("change_summary", ""))
    if spec.get("repealed"):
        repeal = spec["repealed"]
        rules.repeal_rule(approver, rule, date.fromisoformat(repeal["on"]), repeal["reason"])
    return rule


def demo_accounts() -> tuple[list[tuple[str, str]], str]:
    """Return (e-mail, role) of the demo accounts in the database, in the demo data's order, and the password."""
    from registry.demo import data

    wanted = [u["email"] for u in data.USERS]
    found = dict(db.session.execute(select(User.email, User.role).where(User.email.in_(wanted))).all())
    return [(email, found[email]) for email in wanted if email in found], data.DEMO_PASSWORD
