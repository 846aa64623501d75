"""Forms of proposals, the backlog and campaigns; each validates its input and explains."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from registry.datefields import DayField

DATE_MESSAGE = _l("Enter a valid date (YYYY-MM-DD).")


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class ProposalForm(FlaskForm):
    """Propose a revision (with the edited text), a repeal or a merge, with the reason."""

    kind = SelectField(_l("What do you propose?"), choices=[
        ("revision", _l("Revise the text")), ("repeal", _l("Repeal the rule")),
        ("merge", _l("Merge it into another rule"))])
    body = TextAreaField(_l("Proposed text"), validators=[Optional(), Length(max=2_000_000)], render_kw={"rows": 24},
                         description=_l("Edit the current text directly; the comparison is computed for you."))
    merge_into = StringField(_l("Merge into (rule code)"), validators=[Optional(), Length(max=100)])
    rationale = TextAreaField(_l("Why"), validators=[DataRequired(), Length(max=10_000)], render_kw={"rows": 4})
    article_notes = TextAreaField(
        _l("Notes per article"), validators=[Optional(), Length(max=20_000)], render_kw={"rows": 4},
        description=_l("One line per article, e.g. “第三条：依据新规定调整”. They fill the 修改说明 column."))
    row_version = HiddenField()


class DecisionForm(FlaskForm):
    """Move a proposal on: start the review, accept, reject (with a reason) or withdraw."""

    action = SelectField(choices=[("review", ""), ("accept", ""), ("reject", ""), ("withdraw", "")])
    reason = TextAreaField(_l("Reason / remarks"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 2})


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=10_000)], render_kw={"rows": 3})


class RebaseForm(FlaskForm):
    """Check and save the proposal carried onto the newest text."""

    body = TextAreaField(_l("Merged text"), validators=[DataRequired(), Length(max=2_000_000)], render_kw={"rows": 24})
    row_version = HiddenField()


class MissingRuleForm(FlaskForm):
    """Propose a rule that should exist."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    scope = TextAreaField(_l("Scope"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 2})
    need = TextAreaField(_l("Why it is needed"), validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 3})
    department_id = SelectField(_l("Suggested owning department"), coerce=_int_or_none, validate_choice=False)
    target_on = DayField(_l("Target date"), validators=[Optional()], format="%Y-%m-%d")


class BacklogActionForm(FlaskForm):
    """Take a step on a backlog item; accepting needs a drafter and due date, declining a reason."""

    action = SelectField(choices=[(a, a) for a in ("accept", "decline", "start", "submit", "return", "enact")])
    drafter_id = SelectField(_l("Drafter"), coerce=_int_or_none, validate_choice=False)
    due_on = DayField(_l("Due date"), validators=[Optional()], format="%Y-%m-%d")
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 2})
    rule_code = StringField(_l("Enacted rule (code)"), validators=[Optional(), Length(max=100)])
    new_rule = BooleanField(_l("Create it as a new rule with this code"))
    kind = SelectField(_l("Kind of the new rule (its procedure)"), validate_choice=False)
    body = TextAreaField(_l("Text of the new rule's first draft"), validators=[Optional(), Length(max=500_000)],
                         render_kw={"rows": 6})
    row_version = HiddenField()


class CampaignForm(FlaskForm):
    """Open an inventory campaign over all rules or some categories and departments."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    deadline_on = DayField(_l("Deadline"), validators=[DataRequired(message=DATE_MESSAGE)], format="%Y-%m-%d")
    category_ids = SelectMultipleField(_l("Categories (none: all)"), coerce=int, validate_choice=True)
    department_ids = SelectMultipleField(_l("Departments (none: all)"), coerce=int, validate_choice=True)
    note = TextAreaField(_l("Instructions"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})


class DispositionForm(FlaskForm):
    disposition = SelectField(_l("Decision"), choices=[
        ("keep", _l("Keep")), ("revision", _l("Revise")), ("repeal", _l("Repeal")), ("merge", _l("Merge"))])
    merge_into = StringField(_l("Merge into (rule code)"), validators=[Optional(), Length(max=100)])
    due_on = DayField(_l("Revision due"), validators=[Optional()], format="%Y-%m-%d")
    note = StringField(_l("Note"), validators=[Optional(), Length(max=2000)])


class CampaignMissingForm(FlaskForm):
    title = StringField(_l("Missing rule"), validators=[DataRequired(), Length(max=300)])
    need = StringField(_l("Why it is needed"), validators=[DataRequired(), Length(max=2000)])
    department_id = SelectField(_l("Department"), coerce=_int_or_none, validate_choice=False)
