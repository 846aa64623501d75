"""The catalogue's blueprint: read pages (views.py) and editing pages (edit_views.py)."""

from flask import Blueprint

bp = Blueprint("rules", __name__, url_prefix="/rules")

from registry.rules import edit_views, views  # noqa: E402, F401  (their routes join bp)
