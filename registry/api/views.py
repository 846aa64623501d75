"""The rules part of the API: the catalogue, a rule, its versions, a version, the text in force on a day."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from registry.api import schemas, serialise
from registry.api.blueprint import bp
from registry.api.spec import operation
from registry.auth.permissions import can_see_drafts, draft_departments
from registry.db import today
from registry.rules import queries
from registry.rules.access import load_visible_rule
from registry.rules.status import rule_status, version_in_force

CODE = {"code": "The rule's code, e.g. 办发〔2024〕3号 (URL-encoded)"}


@operation(bp, "/rules", summary="List the catalogue", response=schemas.RulePage, query=schemas.RulesQuery,
           etag=True, description="The catalogue's filters; ordered by `sort`, then by id, so pages are stable.")
def rules(query: schemas.RulesQuery):
    filters = queries.CatalogueFilters(
        category_id=query.category, department_id=query.department, status=query.status, text=query.q,
        sort=query.sort, page=query.page, per_page=query.per_page,
        unpublished_departments=draft_departments(current_user))
    page = queries.catalogue(filters, today())
    return {
        "total": page.total, "page": page.page, "per_page": page.per_page, "pages": page.pages,
        "items": [serialise.rule_summary(rule, today()) for rule in page.items],
        "counts": {key: {str(k): v for k, v in values.items()} for key, values in page.counts.items()},
    }


@operation(bp, "/rules/<path:code>", summary="One rule, with the articles in force on a day",
           response=schemas.RuleDetail, query=schemas.OnDate, errors=(400, 401, 403, 404), etag=True,
           path_params=CODE)
def rule(code: str, query: schemas.OnDate):
    found = load_visible_rule(code)
    on = query.on or today()
    return serialise.rule_detail(found, version_in_force(found, on), on, current_user)


@operation(bp, "/rules/<path:code>/versions", summary="A rule's versions (drafts only for who may see them)",
           response=schemas.VersionList, errors=(401, 403, 404), etag=True, path_params=CODE)
def versions(code: str):
    found = load_visible_rule(code)
    return {"code": found.code, "items": serialise.visible_versions(found, current_user)}


@operation(bp, "/rules/<path:code>/versions/<int:number>", summary="One version with its text and articles",
           response=schemas.VersionDetail, errors=(401, 403, 404), etag=True,
           path_params={**CODE, "number": "The version's number (1, 2 …)"},
           description="Approved versions never change: their ETag holds for ever.")
def version(code: str, number: int):
    found = load_visible_rule(code)
    chosen = queries.version_by_number(found, number)
    if chosen is None or (not chosen.is_approved and not can_see_drafts(current_user, found)):
        abort(404)
    return serialise.version_detail(found, chosen)


@operation(bp, "/rules/<path:code>/in-force", summary="The text in force on a day",
           response=schemas.InForce, query=schemas.OnDate, errors=(400, 401, 403, 404), etag=True,
           path_params=CODE)
def in_force(code: str, query: schemas.OnDate):
    found = load_visible_rule(code)
    on = query.on or today()
    chosen = version_in_force(found, on)
    return {"code": found.code, "on": on, "status": rule_status(found, on),
            "version": serialise.version_detail(found, chosen) if chosen else None}
