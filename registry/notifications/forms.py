"""Forms of notifications."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField

from registry.notifications.models import FREQUENCIES


class PreferencesForm(FlaskForm):
    """How the user wants to be e-mailed."""

    email_enabled = BooleanField(_l("Send me e-mail about my notifications"))
    frequency = RadioField(_l("How often"), choices=list(zip(FREQUENCIES, (
        _l("At once (with the next delivery run)"), _l("Daily digest"), _l("Weekly digest")), strict=True)),
        default="immediate")
