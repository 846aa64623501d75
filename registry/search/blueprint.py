"""The search blueprint: the search page and its administration (views.py), with the JSON twin under /api/v1/search."""

from flask import Blueprint

from registry.search import init_app

bp = Blueprint("search", __name__)
api = Blueprint("api", __name__, url_prefix="/api/v1/search")  # endpoint search.api.search_json, CSRF-exempt
bp.register_blueprint(api)
bp.record_once(lambda state: init_app(state.app))

from registry.search import views  # noqa: E402, F401  (its routes join bp and api)
