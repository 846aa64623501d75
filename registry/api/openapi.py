"""The OpenAPI 3.1 document, written from the operations' own pydantic models (see spec.py)."""

from __future__ import annotations

from pydantic.json_schema import models_json_schema

from registry.api import schemas
from registry.api.spec import ERROR_STATUSES, OPERATIONS, Operation

REF = "#/components/schemas/{model}"
INT_PATH = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def _parameters(op: Operation) -> list[dict]:
    params = []
    for name in op.path_params or {}:
        integer = f"<int:{name}>" in op.rule
        params.append({"name": name, "in": "path", "required": True, "description": op.path_params[name],
                       "schema": INT_PATH if integer else {"type": "string", "minLength": 1}})
    if op.query is not None:
        schema = op.query.model_json_schema(mode="validation", ref_template=REF)
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            description = prop.pop("description", "")
            prop.pop("title", None)
            prop = _without_null(prop)  # an absent parameter is the null
            param = {"name": name, "in": "query", "required": name in required, "schema": prop}
            if description:
                param["description"] = description
            params.append(param)
    if op.etag:
        params.append({"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
                       "description": "An ETag from an earlier answer: 304 when nothing changed"})
    return params


def _without_null(prop: dict) -> dict:
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        prop = {**{k: v for k, v in prop.items() if k != "anyOf"}, **options[0]}
    if prop.get("default", "") is None:
        del prop["default"]
    return prop


def document() -> dict:
    """Return the whole document, for /api/v1/openapi.json and the reference page."""
    pairs = [(op.response, "serialization") for op in OPERATIONS]
    pairs += [(op.body, "validation") for op in OPERATIONS if op.body is not None]
    pairs.append((schemas.Error, "serialization"))
    refs, defs = models_json_schema(list(dict.fromkeys(pairs)), ref_template=REF)
    error_ref = refs[(schemas.Error, "serialization")]
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        responses = {str(op.status): {"description": "OK" if op.status == 200 else "Created",
                                      "content": {"application/json": {
                                          "schema": refs[(op.response, "serialization")]}}}}
        if op.etag:
            responses["304"] = {"description": "Not modified: the ETag in If-None-Match still holds"}
        for status in op.errors:
            responses[str(status)] = {"description": ERROR_STATUSES[status],
                                      "content": {"application/json": {"schema": error_ref}}}
        item = {"operationId": op.endpoint.replace(".", "_"), "summary": op.summary, "tags": [op.tag],
                "parameters": _parameters(op), "responses": responses}
        if op.description:
            item["description"] = op.description
        if op.body is not None:
            item["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": refs[(op.body, "validation")]}}}
        if op.write:
            item["security"] = [{"bearer": ["write"]}, {"cookie": []}]
        paths.setdefault(op.path, {})[op.method.lower()] = item
    return {
        "openapi": "3.1.0",
        "info": {"title": "Registry API", "version": "1",
                 "description": "Rules and regulations of the institution: the catalogue, versions, articles, "
                                "search, reviews, proposals, the drafting backlog, the procedure steps waiting for "
                                "you and the rules you must read and confirm. The same permissions as "
                                "the pages. Authenticate with a personal token (`Authorization: Bearer …`, made "
                                "on your account page) or the browser's sign-in (then writes need the CSRF "
                                "token in `X-CSRFToken`). Names of departments, categories and procedure stages "
                                "come in both languages (`department`, `department_en` …), so an answer is "
                                "the same whatever the caller's language; error messages follow the caller's "
                                "language (their setting, else `Accept-Language`)."},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token (rgt_…)"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
        "security": [{"bearer": []}, {"cookie": []}],
    }
