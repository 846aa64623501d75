"""The procedures blueprint: a draft's procedure page and its actions (views.py), documents (document_views.py)."""

from flask import Blueprint

bp = Blueprint("procedures", __name__, url_prefix="/procedures")

from registry.procedures import document_views, views  # noqa: E402, F401  (their routes join bp)
