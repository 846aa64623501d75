"""The thin layer between Flask and pydantic: one declaration per operation validates the request,
serialises the response and writes the OpenAPI 3.1 document, so the three cannot drift apart.

`operation(bp, "/rules/<path:code>", response=RuleDetail, query=OnDate)` registers the route; the view
receives the parsed `query` / `body` models and returns a model (or a dict the model accepts). A
request that does not fit answers 400 (query) or 422 (body) in the API's one error shape, with the
message per field; the response is serialised by the same model, whose JSON Schema is the document's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from flask import Blueprint, Response, jsonify, request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

ERROR_STATUSES = {400: "The request does not fit: see `fields`.", 401: "No valid sign-in or token.",
                  403: "Not permitted for this user or token.", 404: "No such object, or not visible to you.",
                  409: "Changed by someone else meanwhile.", 422: "Refused: see `message` and `fields`.",
                  503: "The database or the search index is unavailable."}


@dataclass
class Operation:
    """What the document says about one route: its path, inputs, answer and errors."""

    endpoint: str
    method: str
    rule: str
    summary: str
    response: type[BaseModel]
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    status: int = 200
    errors: tuple[int, ...] = (400, 401, 403)
    etag: bool = False
    tag: str = "rules"
    write: bool = False
    description: str = ""
    path_params: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The OpenAPI path: `/rules/<path:code>` becomes `/rules/{code}`."""
        return re.sub(r"<(?:[a-z]+:)?(\w+)>", r"{\1}", self.rule)


OPERATIONS: list[Operation] = []  # declarations, filled as the view modules are imported (like routes)


class InvalidRequest(Exception):
    """The query string or JSON body does not fit its schema."""

    def __init__(self, status: int, fields: dict[str, list[str]]):
        super().__init__(fields)
        self.status, self.fields = status, fields


def _fields(error: ValidationError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in error.errors(include_url=False):
        name = ".".join(str(part) for part in item["loc"]) or "body"
        found.setdefault(name, []).append(item["msg"])
    return found


def parse_query(model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate({key: request.args.get(key) for key in request.args})
    except ValidationError as error:
        raise InvalidRequest(400, _fields(error)) from None


def parse_body(model: type[BaseModel]) -> BaseModel:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidRequest(422, {"body": [_("Send a JSON object with Content-Type: application/json.")]})
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidRequest(422, _fields(error)) from None


def serialise(model: type[BaseModel], result, status: int, etag: bool) -> Response:
    data = result if isinstance(result, model) else model.model_validate(result)
    response = jsonify(data.model_dump(mode="json"))
    response.status_code = status
    if etag:  # versions never change, so their tag holds; a rule's follows its answer
        response.add_etag()
        response = response.make_conditional(request)
    return response


def operation(bp: Blueprint, rule: str, *, summary: str, response: type[BaseModel], method: str = "GET",
              query: type[BaseModel] | None = None, body: type[BaseModel] | None = None, status: int = 200,
              errors: tuple[int, ...] = (400, 401, 403), etag: bool = False, tag: str = "rules",
              description: str = "", path_params: dict[str, str] | None = None) -> Callable:
    """Register a view on `bp` as an operation of the API, validated and documented by its models."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def handler(**kwargs):
            if query is not None:
                kwargs["query"] = parse_query(query)
            if body is not None:
                kwargs["body"] = parse_body(body)
            result = view(**kwargs)
            if isinstance(result, Response):
                return result
            return serialise(response, result, status, etag)

        bp.add_url_rule(rule, view.__name__, handler, methods=[method])
        OPERATIONS.append(Operation(
            endpoint=f"{bp.name}.{view.__name__}", method=method, rule=bp.url_prefix + rule, summary=summary,
            response=response, query=query, body=body, status=status, errors=errors, etag=etag, tag=tag,
            write=method != "GET", description=description or (view.__doc__ or "").strip(),
            path_params=path_params or {}))
        return handler

    return decorator


def adopt(app, endpoint: str, rule: str, *, summary: str, response: type[BaseModel],
          query: type[BaseModel] | None = None, tag: str = "search", errors: tuple[int, ...] = (400, 401, 503)) -> None:
    """Bring another blueprint's JSON view (search's) under the same validation and into the document."""
    original = app.view_functions[endpoint]

    @wraps(original)
    def handler(**kwargs):
        if query is not None:
            parse_query(query)
        result = original(**kwargs)
        if isinstance(result, Response | tuple):
            return result
        return serialise(response, result, 200, False)

    app.view_functions[endpoint] = handler
    if not any(op.endpoint == endpoint for op in OPERATIONS):
        OPERATIONS.append(Operation(endpoint=endpoint, method="GET", rule=rule, summary=summary, response=response,
                                    query=query, errors=errors, tag=tag,
                                    description=(original.__doc__ or "").strip()))


def invalid_request_response(error: InvalidRequest):
    from registry.errors import error_response

    message = _("The request does not fit: %(names)s.", names=", ".join(sorted(error.fields)))
    return error_response(error.status, message, error_code="invalid", fields=error.fields)
