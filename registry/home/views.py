"""The home page: the first page after sign-in."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from registry.db import today
from registry.home.blueprint import bp
from registry.home.queries import home_for


@bp.get("/")
@login_required
def index():
    return render_template("home/index.html", home=home_for(current_user, today()), today=today())
