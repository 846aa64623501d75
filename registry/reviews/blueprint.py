"""The reviews blueprint. Reviews: the dashboard, recording a review, due dates, basis, calendars (views.py)."""

from flask import Blueprint

bp = Blueprint("reviews", __name__, url_prefix="/reviews")

from registry.reviews import views  # noqa: E402, F401  (its routes join bp)
