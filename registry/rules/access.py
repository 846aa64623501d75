"""Which rule and version a request may see, and the catalogue filters it asks for.

Shared by the views of every domain (rules, io, proposals, reviews, api), so none imports another's views.
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from registry.auth.permissions import can_see_drafts, draft_departments
from registry.db import today
from registry.queryargs import int_arg, page_arg
from registry.rules import queries
from registry.rules.models import Rule, RuleVersion
from registry.rules.status import DRAFT, rule_status, version_in_force


def filters_from_request(hide_repealed: bool = False) -> queries.CatalogueFilters:
    """Build catalogue filters from the query string, ignoring values that do not parse.

    With `hide_repealed` (the catalogue page) repealed rules are left out unless `repealed=1` asks for them.
    """
    return queries.CatalogueFilters(
        category_id=int_arg("category"),
        department_id=int_arg("department"),
        status=request.args.get("status") or None,
        text=request.args.get("q", "")[:200],
        sort=request.args.get("sort", "code"),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        unpublished_departments=draft_departments(current_user),
        include_repealed=not hide_repealed or request.args.get("repealed") == "1",
    )


def load_visible_rule(code: str) -> Rule:
    """Return the rule, or 404 when it does not exist or is a draft the user may not see."""
    rule = queries.rule_by_code(code)
    if rule is None or (rule_status(rule, today()) == DRAFT and not can_see_drafts(current_user, rule)):
        abort(404)
    return rule


def typed_rule(code: str | None, refusal: type[Exception]) -> Rule:
    """Return the rule a form names by its code, or raise `refusal` saying that no rule has that code.

    A draft the user may not see is as unknown as a code that does not exist.
    """
    found, _unknown = queries.rules_by_codes([code or ""], current_user)
    if not found:
        raise refusal(_("No rule has the code %(code)s.", code=(code or "").strip() or "—"))
    return found[0]


def split_list(text: str | None) -> list[str]:
    """The entries of a field that lists codes or tags, separated by commas (either width) or lines."""
    return [part.strip() for part in (text or "").replace("，", ",").replace("\n", ",").split(",") if part.strip()]


def typed_rules(text: str | None, refusal: type[Exception]) -> list[Rule]:
    """Return the rules a form lists by their codes, or raise `refusal` naming the codes no rule has.

    Codes of drafts the user may not see are as unknown as codes that do not exist.
    """
    found, unknown = queries.rules_by_codes(split_list(text), current_user)
    if unknown:
        raise refusal(_("No rule has the code(s): %(codes)s", codes=", ".join(unknown)))
    return found


def visible_versions(rule: Rule) -> list[RuleVersion]:
    """The rule's versions the user may see: approved ones, and drafts for those who may see drafts."""
    drafts_visible = can_see_drafts(current_user, rule)
    return [v for v in rule.versions if v.is_approved or drafts_visible]


def load_visible_version(rule: Rule, number: int) -> RuleVersion:
    """Return version `number` of the rule, or 404 when it does not exist or is a draft the user may not see."""
    version = queries.version_by_number(rule, number)
    if version is None or (not version.is_approved and not can_see_drafts(current_user, rule)):
        abort(404)
    return version


def version_to_show(rule: Rule, on: date | None) -> RuleVersion | None:
    """The text the rule page (and its download) shows: the version in force on `on` (default today).

    Without a date and with nothing in force yet (a draft, or approved for later), the latest version the
    user may see; with a date on which nothing was in force, None.
    """
    in_force = version_in_force(rule, on or today())
    if in_force is not None or on is not None:
        return in_force
    visible = visible_versions(rule)
    return visible[-1] if visible else None
