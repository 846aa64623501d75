"""The notifications blueprint. Notifications and their preferences (views.py)."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from registry.notifications import views  # noqa: E402, F401  (its routes join bp)
