"""The blueprint of read-and-acknowledge; importing the view module registers its routes."""

from flask import Blueprint

bp = Blueprint("acknowledgements", __name__, url_prefix="/acknowledgements")

from registry.acknowledgements import views  # noqa: E402,F401  (routes register on import)
