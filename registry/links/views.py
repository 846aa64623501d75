"""Pages of links: a 新旧对照 between two different rules (a merger); the rule page's "cited by" panel."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.auth.permissions import can_read_rule
from registry.db import today
from registry.links import services
from registry.links.blueprint import bp
from registry.proposals.compare_cache import compared
from registry.rules.queries import rule_by_code
from registry.rules.status import version_in_force


def _rule_in_force(code: str):
    rule = rule_by_code(code) if code else None
    if rule is None or not can_read_rule(current_user, rule, today()):
        return None, None
    return rule, version_in_force(rule, today())


@bp.get("/compare")
@login_required
def compare():
    """Compare the texts in force of two rules, e.g. the rules merged into a new one."""
    old_code, new_code = request.args.get("code", "").strip(), request.args.get("with", "").strip()
    problems, comparison = [], None
    old, old_version = _rule_in_force(old_code)
    new, new_version = _rule_in_force(new_code)
    if old_code or new_code:
        for code, rule, version in ((old_code, old, old_version), (new_code, new, new_version)):
            if rule is None:
                problems.append(_("There is no rule with the code %(code)s.", code=code or "—"))
            elif version is None:
                problems.append(_("%(code)s has no text in force.", code=code))
        if not problems:
            comparison = compared(old_version.body, new_version.body)
    return render_template("links/compare.html", old=old, new=new, old_code=old_code, new_code=new_code,
                           problems=problems, comparison=comparison), 400 if problems else 200


@bp.record_once
def connect_signals(_state) -> None:
    """Index each approved text; ask for reviews when a cited article changes or its rule is repealed."""
    from registry.rules.signals import rule_repealed, version_approved

    version_approved.connect(services.on_version_approved)
    rule_repealed.connect(services.on_rule_repealed)
