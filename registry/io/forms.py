"""Forms of the import pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField

DOCUMENT_TYPES = ["zip", "docx", "doc", "wps", "odt", "pdf", "html", "htm", "mht", "mhtml", "md", "markdown", "txt"]


class UploadForm(FlaskForm):
    """One document or a .zip of many, with an optional metadata sheet."""

    document = FileField(
        _l("File or .zip archive"),
        validators=[FileRequired(_l("Choose a file to import.")),
                    FileAllowed(DOCUMENT_TYPES,
                                _l("Upload .docx, .doc, .wps, .odt, .pdf, .html, .md, .txt or a .zip of them."))],
        description=_l("Sub-folders in a .zip become categories; files named 名称(2021-04-29) become versions."),
    )
    sheet = FileField(
        _l("Metadata sheet (optional)"),
        validators=[FileAllowed(["csv", "xlsx"], _l("The metadata sheet must be .csv or .xlsx."))],
        description=_l("Columns: file, code, title, category, department, owner, effective_on, review_cycle_months."),
    )
    as_draft = BooleanField(_l("Import as drafts (approve them later)"))


class ConfirmForm(FlaskForm):
    """The button that turns a preview into an import."""
