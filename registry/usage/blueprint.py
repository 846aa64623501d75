"""The blueprint of use (evidence, flags, views, dormant rules); importing the view module registers its routes."""

from flask import Blueprint

bp = Blueprint("usage", __name__, url_prefix="/usage")

from registry.usage import views  # noqa: E402,F401  (routes register on import)
