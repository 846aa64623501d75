"""Who may reach every route: one table keyed by endpoint, enforced on each request and tested whole.

The table gives each endpoint its audience — the least a visitor must be to get in at all — and
names the check the view then makes on the object in the URL (a rule, a proposal, an upload …),
which `auth/permissions.py` decides. `enforce()` runs before every request: an endpoint missing
from the table is refused, so a new route is closed until someone says who may use it, and
`tests/auth/test_policy.py` fails until the table has it. The same test requests every route as
every role, with real ids of other people's objects, and checks the answers against this table.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import abort, current_app, request
from flask_login import current_user

log = logging.getLogger(__name__)

# Audiences, from the widest to the narrowest.
ANYONE = "anyone"  # no sign-in, ever (sign-in page, health, static files, the token-keyed calendar feed)
READERS = "readers"  # signed-in users; anonymous visitors too (GET) when REGISTRY_LOGIN_REQUIRED=0
SIGNED_IN = "signed_in"  # any signed-in user, whatever the role
EDITORS, APPROVERS, ADMINS = "editor", "approver", "admin"  # at least this role

# Checks a view makes on the object its URL names, after the audience (see permissions.py).
RULE_READ = "rule.read"  # a draft is 404 unless can_see_drafts(user, rule); versions likewise
RULE_EDIT = "rule.edit"  # can_edit_rule: the rule's department's editors, approvers, admins
RULE_REVIEW = "rule.review"  # can_record_review: the rule's owner or an approver
RULE_DISPOSE = "rule.dispose"  # can_dispose_rule: the rule's owner or whoever may edit it
PROPOSAL_READ = "proposal.read"  # the proposal's rule must be readable
PROPOSER = "proposal.proposer"  # only the proposer
PROPOSAL_ACT = "proposal.act"  # can_decide_proposal, or the proposer (withdraw, rebase)
BACKLOG_TAKE = "backlog.take"  # may_take: approvers, or the assigned drafter for their steps
UPLOADER = "upload.uploader"  # only who uploaded the files
UPLOAD_FOLLOW = "upload.follow"  # can_follow_import: the uploader or an admin
OWN = "own"  # only the user's own records (notifications, preferences, calendar address)
TOKEN = "token"  # the secret in the URL is the key


@dataclass(frozen=True)
class Access:
    """Who may reach an endpoint, and what its view checks on the object it names."""

    audience: str
    check: str = ""


POLICY: dict[str, Access] = {
    # site and sign-in
    "static": Access(ANYONE),
    "main.health": Access(ANYONE),
    "main.index": Access(READERS),
    "home.index": Access(SIGNED_IN, OWN),
    "auth.login": Access(ANYONE),
    "auth.logout": Access(SIGNED_IN, OWN),
    "auth.set_language": Access(ANYONE),
    "auth.forgot_password": Access(ANYONE),
    "auth.reset_password": Access(ANYONE, TOKEN),
    "auth.change_password": Access(SIGNED_IN, OWN),
    "auth.sign_out_elsewhere": Access(SIGNED_IN, OWN),
    # the catalogue
    "rules.catalogue": Access(READERS),
    "rules.rule_page": Access(READERS, RULE_READ),
    "rules.version_page": Access(READERS, RULE_READ),
    "rules.attachment": Access(READERS, RULE_READ),
    "rules.new_rule": Access(EDITORS),
    "rules.edit_rule": Access(EDITORS, RULE_EDIT),
    "rules.new_version": Access(EDITORS, RULE_EDIT),
    "rules.edit_version": Access(EDITORS, RULE_EDIT),
    "rules.discard": Access(EDITORS, RULE_EDIT),
    "rules.approve": Access(APPROVERS, RULE_READ),
    "rules.repeal": Access(APPROVERS, RULE_READ),
    "rules.validity": Access(SIGNED_IN, RULE_REVIEW),
    # search
    "search.results": Access(READERS),
    "search.api.search_json": Access(READERS),
    "search.admin_misses": Access(ADMINS),
    "search.admin_synonyms": Access(ADMINS),
    "search.delete_synonym": Access(ADMINS),
    # the read-only API
    "api.index": Access(READERS),
    "api.rules": Access(READERS),
    "api.rule": Access(READERS, RULE_READ),
    "api.versions": Access(READERS, RULE_READ),
    "api.version": Access(READERS, RULE_READ),
    "api.in_force": Access(READERS, RULE_READ),
    "api.openapi_json": Access(READERS),
    "api.reference": Access(READERS),
    "api.reviews_due": Access(SIGNED_IN),
    "api.proposals": Access(SIGNED_IN),
    "api.proposal": Access(SIGNED_IN, PROPOSAL_READ),
    "api.submit_proposal": Access(SIGNED_IN, RULE_READ),
    "api.comment": Access(SIGNED_IN, PROPOSAL_READ),
    "api.backlog": Access(SIGNED_IN),
    "api.procedures_waiting": Access(SIGNED_IN),
    "api.acknowledgements_pending": Access(SIGNED_IN),
    # legal-document standards: Akoma Ntoso downloads, ELI identifiers
    "standards.akn_export": Access(READERS, RULE_READ),
    "standards.eli_resolve": Access(READERS, RULE_READ),
    # personal API tokens, on the user's account pages
    "tokens.index": Access(SIGNED_IN, OWN),
    "tokens.create": Access(SIGNED_IN, OWN),
    "tokens.revoke": Access(SIGNED_IN, OWN),
    # import and export
    "io.export_catalogue": Access(READERS),
    "io.export_rule": Access(READERS, RULE_READ),
    "io.upload": Access(EDITORS),
    "io.confirm": Access(EDITORS, UPLOADER),
    "io.job": Access(SIGNED_IN, UPLOAD_FOLLOW),
    "io.job_status": Access(SIGNED_IN, UPLOAD_FOLLOW),  # its view answers in JSON
    # reviews
    "reviews.dashboard": Access(SIGNED_IN),
    "reviews.record": Access(SIGNED_IN, RULE_REVIEW),
    "reviews.set_due": Access(APPROVERS, RULE_READ),
    "reviews.set_basis": Access(EDITORS, RULE_EDIT),
    "reviews.rule_ics": Access(SIGNED_IN, RULE_READ),
    "reviews.calendar": Access(SIGNED_IN, OWN),
    "reviews.calendar_renew": Access(SIGNED_IN, OWN),
    "reviews.calendar_revoke": Access(SIGNED_IN, OWN),
    "reviews.calendar_feed": Access(ANYONE, TOKEN),
    "reviews.reminder_log": Access(ADMINS),
    # notifications
    "notifications.index": Access(SIGNED_IN, OWN),
    "notifications.mark_read": Access(SIGNED_IN, OWN),
    "notifications.preferences": Access(SIGNED_IN, OWN),
    # proposals, the drafting backlog, inventory campaigns
    "proposals.index": Access(SIGNED_IN),
    "proposals.new": Access(SIGNED_IN, RULE_READ),
    "proposals.show": Access(SIGNED_IN, PROPOSAL_READ),
    "proposals.edit": Access(SIGNED_IN, PROPOSER),
    "proposals.decide": Access(SIGNED_IN, PROPOSAL_ACT),
    "proposals.comment": Access(SIGNED_IN, PROPOSAL_READ),
    "proposals.rebase": Access(SIGNED_IN, PROPOSAL_ACT),
    "proposals.export": Access(SIGNED_IN, PROPOSAL_READ),
    "proposals.compare": Access(SIGNED_IN, RULE_READ),
    "proposals.compare_export": Access(SIGNED_IN, RULE_READ),
    "proposals.backlog": Access(SIGNED_IN),
    "proposals.backlog_new": Access(SIGNED_IN),
    "proposals.backlog_item": Access(SIGNED_IN),
    "proposals.backlog_advance": Access(SIGNED_IN, BACKLOG_TAKE),
    "proposals.campaigns": Access(SIGNED_IN),
    "proposals.campaign": Access(SIGNED_IN),
    "proposals.campaign_export": Access(SIGNED_IN),
    "proposals.campaign_new": Access(ADMINS),
    "proposals.campaign_close": Access(ADMINS),
    "proposals.campaign_dispose": Access(SIGNED_IN, RULE_DISPOSE),
    "proposals.campaign_missing": Access(SIGNED_IN),
    # read and acknowledge, following rules (registry/acknowledgements)
    "acknowledgements.index": Access(SIGNED_IN),
    "acknowledgements.request_form": Access(SIGNED_IN, RULE_DISPOSE),
    "acknowledgements.progress": Access(SIGNED_IN, RULE_DISPOSE),
    "acknowledgements.export": Access(SIGNED_IN, RULE_DISPOSE),
    "acknowledgements.confirm": Access(SIGNED_IN, RULE_READ),
    "acknowledgements.follow": Access(SIGNED_IN, RULE_READ),
    "acknowledgements.unfollow": Access(SIGNED_IN, RULE_READ),
    # evidence of use, flags, dormant rules (registry/usage)
    "usage.rule_use": Access(SIGNED_IN, RULE_READ),
    "usage.add_evidence": Access(SIGNED_IN, RULE_READ),
    "usage.evidence_file": Access(SIGNED_IN, RULE_READ),
    "usage.flag": Access(SIGNED_IN, RULE_READ),
    "usage.dormant": Access(APPROVERS),
    # links between rules (registry/links)
    "links.compare": Access(SIGNED_IN),
    # near-duplicate articles (registry/overlaps)
    "overlaps.report": Access(ADMINS),
    # clean-up: published inventory lists (registry/cleanup)
    "cleanup.lists": Access(SIGNED_IN),
    "cleanup.lists_document": Access(SIGNED_IN),
    "cleanup.publish": Access(ADMINS),
    # the rule-making procedure: every stage's actor is at least an editor (its service checks which); a draft
    # under consultation is open to all signed-in staff, who may comment on it
    "procedures.index": Access(SIGNED_IN),
    "procedures.settings": Access(ADMINS),
    "procedures.stages": Access(ADMINS),
    "procedures.run_page": Access(SIGNED_IN, RULE_READ),
    "procedures.start": Access(EDITORS, RULE_READ),
    "procedures.act": Access(EDITORS, RULE_READ),
    "procedures.comment": Access(SIGNED_IN, RULE_READ),
    "procedures.dispose": Access(EDITORS, RULE_READ),
    "procedures.document": Access(SIGNED_IN, RULE_READ),
    "procedures.evidence": Access(SIGNED_IN, RULE_READ),
    # administration
    "admin.index": Access(ADMINS),
    "admin.users": Access(ADMINS),
    "admin.user_form": Access(ADMINS),
    "admin.send_reset_link": Access(ADMINS),
    "admin.revoke_token": Access(ADMINS),
    "admin.departments": Access(ADMINS),
    "admin.categories": Access(ADMINS),
    "admin.audit": Access(ADMINS),
    "webhooks.index": Access(ADMINS),
    "webhooks.log": Access(ADMINS),
    "webhooks.toggle": Access(ADMINS),
    "webhooks.delete": Access(ADMINS),
    "webhooks.redeliver": Access(ADMINS),
}

ROLE_AUDIENCES = (EDITORS, APPROVERS, ADMINS)


def access_for(endpoint: str | None) -> Access | None:
    """Return the table's entry for an endpoint, or None when the table does not know it."""
    return POLICY.get(endpoint or "")


def admits(access: Access, user, *, login_required: bool, method: str = "GET") -> bool:
    """Say whether the audience lets this user (or anonymous visitor) reach the route at all."""
    if access.audience == ANYONE:
        return True
    if not getattr(user, "is_authenticated", False):
        return access.audience == READERS and not login_required and method in ("GET", "HEAD")
    if access.audience in ROLE_AUDIENCES:
        return user.has_role(access.audience)
    return True


def enforce():
    """Before each request: refuse what the table does not allow (an unknown endpoint is refused too)."""
    if request.endpoint is None:  # no route matched: the 404 (or 405) follows
        return None
    access = access_for(request.endpoint)
    if access is None:
        log.error("The endpoint %s has no entry in registry/auth/policy.py: refused", request.endpoint)
        abort(403)
    if admits(access, current_user, login_required=current_app.config["LOGIN_REQUIRED"], method=request.method):
        return None
    if current_user.is_authenticated:
        abort(403)
    if request.path.startswith("/api/"):
        from registry.errors import error_response

        return error_response(401, "Sign in first: this registry requires authentication.")
    return current_app.login_manager.unauthorized()
