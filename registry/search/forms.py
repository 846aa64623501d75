"""Forms of the search administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class SynonymForm(FlaskForm):
    terms = TextAreaField(
        _l("Terms"), validators=[DataRequired(), Length(max=2000)],
        description=_l("Two or more terms that mean the same, separated by commas: 三重一大, 重大事项决策…"),
    )
