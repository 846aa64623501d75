"""The tokens blueprint: a user's personal API tokens, on their account pages."""

from flask import Blueprint

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")

from registry.tokens import views  # noqa: E402, F401  (its routes join bp)
