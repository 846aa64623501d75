"""Forms of use: evidence on an article, a flag on an article."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

EVIDENCE_CHOICES = [("minute", _l("Meeting minute")), ("form", _l("Form")), ("inspection", _l("Inspection record")),
                    ("link", _l("Link")), ("file", _l("File"))]
FLAG_CHOICES = [("hard_to_follow", _l("Hard to follow")), ("outdated", _l("Outdated")),
                ("conflict", _l("Conflicts with another rule"))]


class EvidenceForm(FlaskForm):
    """Evidence that an article is carried out."""

    article = SelectField(_l("Article"), validate_choice=True)
    kind = SelectField(_l("Kind"), choices=EVIDENCE_CHOICES)
    reference = StringField(_l("Number or name"), validators=[Optional(), Length(max=300)],
                            description=_l("The minute's number (会议纪要〔2026〕12号), the form's or record's name."))
    url = StringField(_l("Link"), validators=[Optional(), Length(max=1000)])
    file = FileField(_l("File"), description=_l("For the kind File: a signed form, a scanned minute, a photo."))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class FlagForm(FlaskForm):
    """A flag on an article, with a note."""

    article = SelectField(_l("Article"), validate_choice=True)
    kind = SelectField(_l("Problem"), choices=FLAG_CHOICES)
    conflicting_code = StringField(_l("Code of the conflicting rule"), validators=[Optional(), Length(max=100)])
    note = TextAreaField(_l("Note"), validators=[DataRequired(message=_l("Say what the problem is in a note.")),
                                                 Length(max=2000)], render_kw={"rows": 2})
