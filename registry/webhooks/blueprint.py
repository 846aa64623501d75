"""The webhooks blueprint: the administrators' pages (views.py); the outbox joins every session."""

from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")


@bp.record_once
def _install_outbox(state) -> None:
    from registry.db import db
    from registry.webhooks.outbox import install

    with state.app.app_context():
        install(db.sessionmaker)


from registry.webhooks import views  # noqa: E402, F401  (its routes join bp)
