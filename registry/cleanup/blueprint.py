"""The blueprint of clean-up; importing the view module registers its routes."""

from flask import Blueprint

bp = Blueprint("cleanup", __name__, url_prefix="/cleanup")

from registry.cleanup import views  # noqa: E402,F401  (routes register on import)
