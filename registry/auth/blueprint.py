"""The auth blueprint: sign-in pages (views.py) and password pages (password_views.py)."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from registry.auth import password_views, views  # noqa: E402, F401  (their routes join bp)
