"""Turn a metadata sheet row into a rule's fields: category, department, owner and review cycle.

Names that match nothing in the registry become warnings (shown in the preview), not failures: the
rule is still imported, without that field.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from registry.admin.services import ensure_category_path
from registry.auth.models import Department, User
from registry.db import db
from registry.io.metadata import FileMetadata
from registry.rules.models import Rule


def find_department(name: str) -> Department | None:
    """Return the department with this code or name."""
    return db.session.scalar(select(Department).where(or_(Department.code == name, Department.name == name)))


def find_user(name: str) -> User | None:
    """Return the user with this e-mail address or (unique) name."""
    users = db.session.scalars(
        select(User).where(or_(func.lower(User.email) == name.lower(), User.name == name)).limit(2)
    ).all()
    return users[0] if len(users) == 1 else None


def rule_fields(meta: FileMetadata | None, folder_category: str, warnings: list[str]) -> dict:
    """Return create_rule() keyword arguments from the sheet row and the file's folder."""
    path = (meta.category if meta and meta.category else folder_category).strip("/")
    fields: dict = {"category": ensure_category_path(path) if path else None}
    if meta is None:
        return fields
    if meta.department:
        fields["department"] = find_department(meta.department)
        if fields["department"] is None:
            warnings.append(f"sheet row {meta.row}: no department “{meta.department}”; left empty")
    if meta.owner:
        fields["owner"] = find_user(meta.owner)
        if fields["owner"] is None:
            warnings.append(f"sheet row {meta.row}: no single user “{meta.owner}”; owner left empty")
    if meta.review_cycle_months:
        fields["review_cycle_months"] = meta.review_cycle_months
    return fields


def update_fields(rule: Rule, meta: FileMetadata | None, warnings: list[str]) -> dict:
    """Return the update_rule() changes the sheet asks for an existing rule (only what differs)."""
    if meta is None:
        return {}
    wanted = rule_fields(meta, rule.category.path_name if rule.category else "", warnings)
    if meta.title:
        wanted["title"] = meta.title
    return {name: value for name, value in wanted.items()
            if value is not None and getattr(rule, name) != value}
