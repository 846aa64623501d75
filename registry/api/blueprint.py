"""The api blueprint. The read-only JSON API (views.py)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from registry.api import views  # noqa: E402, F401  (its routes join bp)
