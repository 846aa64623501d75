"""The form that creates a personal API token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length

from registry.tokens.models import READ, WRITE


class TokenForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("What will use it, e.g. “OA system” or “intranet portal”."))
    scope = RadioField(_l("Access"), default=READ, validators=[DataRequired()],
                       choices=[(READ, _l("Read only")), (WRITE, _l("Read and write (proposals, comments)"))])
