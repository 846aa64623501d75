"""The catalogue's blueprint: read pages (views.py) and editing pages (edit_views.py)."""

from flask import Blueprint

from registry.rules import body_html, texts

bp = Blueprint("rules", __name__, url_prefix="/rules")
bp.record_once(lambda state: texts.init_app(state.app))  # the per-process cache of version texts (search hits)
bp.record_once(lambda state: body_html.init_app(state.app))  # and of rule pages' texts as HTML

from registry.rules import edit_views, views  # noqa: E402, F401  (their routes join bp)
