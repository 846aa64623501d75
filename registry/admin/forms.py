"""Administration forms: users, departments, categories."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from registry.auth.forms import PolicyPassword, password_help
from registry.auth.models import ROLES
from registry.labels import LABELS


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class UserForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=[(r, LABELS["role"][r]) for r in ROLES])
    department_id = SelectField(_l("Department"), coerce=optional_int)
    locale = SelectField(_l("Language"), choices=[("zh_CN", "中文"), ("en", "English")])
    is_active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), PolicyPassword()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.password.description = " ".join(
            (password_help(), _("Leave empty to keep the current one. A new password signs the user out everywhere.")))


class DepartmentForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("English name"), validators=[Length(max=200)])


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("English name"), validators=[Length(max=200)])
    parent_id = SelectField(_l("Parent"), coerce=optional_int)
    position = IntegerField(_l("Position"), default=0, validators=[Optional(), NumberRange(min=0, max=9999)])
    review_cycle_months = IntegerField(_l("Review cycle (months)"), default=24,
                                       validators=[DataRequired(), NumberRange(min=1, max=120)])
