"""The application's request class: form and query values never carry NUL characters.

PostgreSQL refuses text containing NUL ("A string literal cannot contain NUL (0x00) characters"), so a
pasted or forged \\x00 would turn any form that reaches the database into a server error. No field has
a use for one: it is dropped where input enters, not checked in every view.
"""

from __future__ import annotations

from flask import Request as FlaskRequest
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property


def _without_nul(values: ImmutableMultiDict) -> ImmutableMultiDict:
    pairs = list(values.items(multi=True))  # every value of a repeated key, not only the first
    if not any("\x00" in key or "\x00" in value for key, value in pairs):
        return values
    return ImmutableMultiDict([(key.replace("\x00", ""), value.replace("\x00", "")) for key, value in pairs])


class Request(FlaskRequest):
    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])
