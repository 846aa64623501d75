"""Dates as people type them, in either language: 2026-12-31, 2026/12/31 or 2026年12月31日.

A browser's own date picker shows the format of the browser's language (mm/dd/yyyy on an English
Windows, 年/月/日 on a Chinese one) whatever the interface speaks, and it empties a value it cannot
read, so the person never sees what was wrong. Date fields are therefore text fields whose placeholder
shows the interface language's format, and that keep what was typed next to the message.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

DAY = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")
FORMAT = _l("YYYY-MM-DD")  # 年-月-日 in Chinese


def parse_day(text: str) -> date:
    """Read 2026-12-31, 2026/12/31, 2026.12.31 or 2026年12月31日; raise ValueError for anything else."""
    found = DAY.match(text or "")
    if not found:
        raise ValueError(text)
    return date(*(int(part) for part in found.groups()))


def bad_day_message(text: str) -> str:
    """Say, in the interface language, that `text` is not a date and how to write one."""
    return _("“%(text)s” is not a valid date; use YYYY-MM-DD.", text=text[:40])


class DayInput(TextInput):
    """A text box for a date: the format as placeholder, digits keyboard on phones."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("placeholder", str(FORMAT))
        kwargs.setdefault("inputmode", "numeric")
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("class", "date-input")
        kwargs.pop("type", None)
        return super().__call__(field, **kwargs)


class DayField(DateField):
    """A date field that reads both languages' ways of writing a date and keeps a bad value as typed."""

    widget = DayInput()

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = " ".join(valuelist).strip()
        if not text:
            self.data = None
            return
        try:
            self.data = parse_day(text)
        except ValueError:
            self.data = None
            raise ValueError(bad_day_message(text)) from None

    def pre_validate(self, form):
        if self.process_errors:  # the message says what was wrong; "enter a date" would only repeat it
            raise StopValidation()

    def _value(self):
        if self.raw_data:  # what the person typed, also when it was wrong
            return " ".join(self.raw_data)
        return self.data.isoformat() if self.data else ""
