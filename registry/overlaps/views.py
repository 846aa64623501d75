"""Pages of overlaps: the registry-wide report; the panel on drafts and proposed revisions."""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user, login_required

from registry.auth.permissions import can_administer, require
from registry.db import today
from registry.overlaps import queries
from registry.overlaps.blueprint import bp


@bp.get("/")
@login_required
def report():
    require(can_administer(current_user))
    overlaps, by_code = queries.strongest_overlaps(today())
    return render_template("overlaps/report.html", overlaps=overlaps, by_code=by_code,
                           threshold=current_app.config["OVERLAP_THRESHOLD"])
