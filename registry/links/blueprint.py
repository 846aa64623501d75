"""The blueprint of links between rules; importing the view module registers its routes."""

from flask import Blueprint

bp = Blueprint("links", __name__, url_prefix="/links")

from registry.links import views  # noqa: E402,F401  (routes register on import)
