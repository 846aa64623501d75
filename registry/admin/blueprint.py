"""The admin blueprint. Administration pages: users, departments, categories, the audit log (views.py)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from registry.admin import views  # noqa: E402, F401  (its routes join bp)
