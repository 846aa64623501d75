"""The blueprint of overlaps between rules; importing the view module registers its routes."""

from flask import Blueprint

bp = Blueprint("overlaps", __name__, url_prefix="/overlaps")

from registry.overlaps import views  # noqa: E402,F401  (routes register on import)
