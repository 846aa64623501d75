"""Forms of read-and-acknowledge."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from registry.datefields import DayField


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RequestForm(FlaskForm):
    """Who must read the version in force, and by when."""

    everyone = BooleanField(_l("All staff"))
    departments = CheckboxesField(_l("Departments"), coerce=int)
    roles = CheckboxesField(_l("Roles"))
    due_on = DayField(_l("Confirm by"), validators=[DataRequired(message=_l("Enter a date as YYYY-MM-DD."))])

    def validate_everyone(self, field) -> None:
        if not (field.data or self.departments.data or self.roles.data):
            raise ValidationError(_l("Choose who must read it: all staff, departments or roles."))
