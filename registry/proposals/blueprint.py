"""The proposals blueprint: proposals and comparisons (views.py), the drafting backlog (backlog_views.py) and
review campaigns (campaign_views.py)."""

from flask import Blueprint
from flask_login import login_required

from registry.proposals.compare_cache import init_app

bp = Blueprint("proposals", __name__, url_prefix="/proposals")
bp.record_once(lambda state: init_app(state.app))


@bp.before_request
@login_required
def signed_in_only():
    """Every page of this area needs a signed-in user."""


from registry.proposals import backlog_views, campaign_views, views  # noqa: E402, F401  (their routes join bp)
