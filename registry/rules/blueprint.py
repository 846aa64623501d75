"""The catalogue's blueprint: read pages (views.py) and editing pages (edit_views.py)."""

from flask import Blueprint

from registry.rules import texts

bp = Blueprint("rules", __name__, url_prefix="/rules")
bp.record_once(lambda state: texts.init_app(state.app))  # the per-process cache of version texts (search hits)

from registry.rules import edit_views, views  # noqa: E402, F401  (their routes join bp)
