"""The application's request class: form, query and JSON values never carry NUL characters; a path with one
names nothing.

PostgreSQL refuses text containing NUL ("A string literal cannot contain NUL (0x00) characters"), so a
pasted or forged \\x00 would turn any form that reaches the database into a server error. No field has
a use for one: it is dropped where input enters, not checked in every view. JSON (the API) writes one as
\\u0000 in any string, key or value, at any depth.
"""

from __future__ import annotations

from flask import Request as FlaskRequest
from flask import abort
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property


def _without_nul(values: ImmutableMultiDict) -> ImmutableMultiDict:
    pairs = list(values.items(multi=True))  # every value of a repeated key, not only the first
    if not any("\x00" in key or "\x00" in value for key, value in pairs):
        return values
    return ImmutableMultiDict([(key.replace("\x00", ""), value.replace("\x00", "")) for key, value in pairs])


def _json_without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_json_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_json_without_nul(k): _json_without_nul(v) for k, v in value.items()}
    return value


class Request(FlaskRequest):
    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _without_nul(super().args)

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        return _json_without_nul(super().get_json(force=force, silent=silent, cache=cache))

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])


def refuse_nul_in_path(_endpoint: str | None, values: dict | None) -> None:
    """Answer 404 for a URL whose path values hold a NUL (/rules/a%00b): no code, name or number has one, and
    looking one up would be a server error on PostgreSQL (a URL value preprocessor, before any view)."""
    if values and any(isinstance(value, str) and "\x00" in value for value in values.values()):
        abort(404)
