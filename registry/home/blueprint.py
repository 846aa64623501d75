"""The home blueprint. A signed-in person's own page (views.py)."""

from flask import Blueprint

bp = Blueprint("home", __name__, url_prefix="/home")

from registry.home import views  # noqa: E402, F401  (its routes join bp)
