"""Forms of reviews; each validates its input and explains what is wrong."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from registry.datefields import DayField
from registry.reviews.models import MERGE, REVISE

DATE_MESSAGE = _l("Enter a valid date (YYYY-MM-DD).")


class ReviewForm(FlaskForm):
    """Record a review and its outcome."""

    reviewed_on = DayField(_l("Reviewed on"), validators=[DataRequired(DATE_MESSAGE)])
    outcome = RadioField(_l("Outcome"), choices=[
        ("keep", _l("Keep unchanged")), ("revise", _l("Revise")),
        ("repeal", _l("Repeal")), ("merge", _l("Merge into another rule"))],
        validators=[DataRequired(_l("Choose an outcome."))])
    revise_by = DayField(_l("Revise by"), validators=[Optional()],
                          description=_l("For “Revise”: the due date of the revision task."))
    merge_into = StringField(_l("Merge into (code)"), validators=[Length(max=100)],
                             description=_l("For “Merge”: the code of the rule that takes this one in."))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)], render_kw={"rows": 5})

    def validate_revise_by(self, field):
        if self.outcome.data == REVISE and not field.data:
            raise ValidationError(_l("Say by when the rule must be revised."))

    def validate_merge_into(self, field):
        if self.outcome.data == MERGE and not (field.data or "").strip():
            raise ValidationError(_l("Name the rule this one is merged into."))


class DueDateForm(FlaskForm):
    """Set the next review date by hand (or clear it to return to the cycle)."""

    due_on = DayField(_l("Next review due on"), validators=[Optional()],
                       description=_l("Leave empty to return to the date computed from the cycle."))
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)], render_kw={"rows": 3})

    def validate_reason(self, field):
        if self.due_on.data and not (field.data or "").strip():
            raise ValidationError(_l("Say why the date is set by hand."))


class BasisForm(FlaskForm):
    """Name the rules this rule implements (上位依据)."""

    codes = TextAreaField(_l("Basis (codes)"), validators=[Length(max=5000)], render_kw={"rows": 3},
                          description=_l("Codes of the rules this rule implements, separated by commas."))
