"""Verbs of administration: departments and the category tree."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.services import record
from registry.auth.models import Department
from registry.db import db
from registry.errors import UserFacingError
from registry.rules.models import Category


class AdminError(UserFacingError):
    """A refused administrative change."""


def save_department(actor, department: Department | None, *, code: str, name: str,
                    name_en: str | None = "") -> Department:
    """Create a department, or rename one; codes and names stay unique."""
    code, name = code.strip(), name.strip()
    for column, value in ((Department.code, code), (Department.name, name)):
        clash = db.session.scalar(select(Department).where(column == value))
        if clash is not None and clash is not department:
            raise AdminError(_("Another department already uses “%(value)s”.", value=value))
    if department is None:
        department = Department(code=code, name=name, name_en=(name_en or "").strip())
        db.session.add(department)
        action = "department.create"
    else:
        department.code, department.name, department.name_en = code, name, (name_en or "").strip()
        action = "department.update"
    record(actor, action, department, f"{code} {name}")
    return department


def save_category(
    actor, category: Category | None, *, name: str, name_en: str | None = "", parent: Category | None = None,
    position: int = 0, review_cycle_months: int = 24,
) -> Category:
    """Create or change a category; a category can never sit below itself."""
    node = parent
    while node is not None:
        if category is not None and node.id == category.id:
            raise AdminError(_("A category cannot be placed inside itself."))
        node = node.parent
    same_level = Category.parent_id == parent.id if parent else Category.parent_id.is_(None)
    clash = db.session.scalar(select(Category).where(Category.name == name.strip(), same_level))
    if clash is not None and clash is not category:
        raise AdminError(_("This level already has a category named “%(name)s”.", name=name))
    if category is None:
        category = Category()
        db.session.add(category)
    category.name, category.name_en, category.parent = name.strip(), (name_en or "").strip(), parent
    category.position, category.review_cycle_months = position or 0, review_cycle_months
    record(actor, "category.save", category, category.name)
    return category


def ensure_category_path(path: str) -> Category | None:
    """Return the category at a 'A/B/C' path, creating missing levels (used by imports)."""
    parent = None
    for name in [part.strip() for part in path.replace("\\", "/").split("/") if part.strip()]:
        same_level = Category.parent_id == parent.id if parent else Category.parent_id.is_(None)
        node = db.session.scalar(select(Category).where(Category.name == name, same_level))
        if node is None:
            node = Category(name=name, parent=parent)
            db.session.add(node)
            db.session.flush()
        parent = node
    return parent
