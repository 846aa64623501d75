"""Forms of the catalogue; each validates its input and explains what is wrong."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from registry.datefields import DayField
from registry.rules.codes import CODE_MAX_LENGTH, SHAPE, code_problem

DATE_MESSAGE = _l("Enter a valid date (YYYY-MM-DD).")


def _coerce_optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class RuleForm(FlaskForm):
    """Create or edit a rule's metadata."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=CODE_MAX_LENGTH)], description=SHAPE)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    category_id = SelectField(_l("Category"), coerce=_coerce_optional_int, validate_choice=True)
    department_id = SelectField(_l("Owning department"), coerce=_coerce_optional_int)
    owner_id = SelectField(_l("Responsible person"), coerce=_coerce_optional_int)
    tags = StringField(_l("Tags"), validators=[Length(max=500)], description=_l("Separate tags with commas."))
    related = StringField(_l("Related rules"), validators=[Length(max=2000)],
                          description=_l("Codes of related rules, separated by commas."))
    review_cycle_months = IntegerField(
        _l("Review cycle (months)"), validators=[Optional(), NumberRange(min=1, max=120)],
        description=_l("Leave empty to use the category's cycle."),
    )
    kind = SelectField(_l("Kind of rule"), validate_choice=False,
                       description=_l("The kind names the procedure its drafts go through."))
    row_version = HiddenField()

    def validate_code(self, field) -> None:
        """Refuse a code whose pages could not be reached (the service checks the same)."""
        if problem := code_problem((field.data or "").strip()):
            raise ValidationError(problem)


class VersionForm(FlaskForm):
    """Write or edit the text of a draft version."""

    body = TextAreaField(_l("Text (Markdown)"), validators=[DataRequired(), Length(max=2_000_000)],
                         render_kw={"rows": 24})
    change_summary = StringField(_l("Summary of changes"), validators=[Length(max=2000)])
    row_version = HiddenField()


class ApproveForm(FlaskForm):
    """Approve a draft with the date it takes effect."""

    effective_on = DayField(_l("Effective date"), validators=[DataRequired(message=DATE_MESSAGE)])
    substantive = BooleanField(_l("The change is substantive: staff must read it again"), default=True)


class RepealForm(FlaskForm):
    """Repeal a rule from a date, with the reason."""

    repealed_on = DayField(_l("Repealed from"), validators=[DataRequired(message=DATE_MESSAGE)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3})
    # The successor is chosen among the rules in force (the view fills the list), with or without the procedure.
    successor_id = SelectField(_l("Replaced by (a rule in force; optional)"), choices=[], validate_choice=False,
                               coerce=str, validators=[Optional()])


class ValidityForm(FlaskForm):
    """Set or renew a rule's validity period (有效期): the day it lapses; empty for no end."""

    valid_until = DayField(_l("Valid until (it lapses on this day)"), validators=[Optional()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3})


class DiscardForm(FlaskForm):
    """Confirm discarding a draft (CSRF-protected button)."""
