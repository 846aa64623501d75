"""The workflow part of the API: reviews due, revision proposals (list, read, submit, comment), the backlog,
the procedure steps waiting for the user and the rules they must read and confirm."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, url_for
from flask_login import current_user

from registry.acknowledgements.queries import pending_for
from registry.api import schemas, serialise
from registry.api.blueprint import bp
from registry.api.spec import operation
from registry.auth.permissions import can_read_rule
from registry.db import db, today
from registry.procedures.queries import waiting_for
from registry.proposals import queries as proposal_queries
from registry.proposals import services as proposal_services
from registry.reviews.queries import review_statuses
from registry.rules.access import load_visible_rule, typed_rule


@operation(bp, "/reviews/due", summary="Rules due for review within some days, overdue ones first",
           response=schemas.ReviewsDue, query=schemas.ReviewsQuery, tag="reviews")
def reviews_due(query: schemas.ReviewsQuery):
    on = today()
    until = on + timedelta(days=query.within_days)
    items = [{
        "code": s.rule.code, "title": s.rule.title, "due_on": s.due_on, "reason": s.reason,
        "is_overdue": s.is_overdue, "days_left": s.days_left, "owner": s.rule.owner.name if s.rule.owner else None,
        "last_reviewed_on": s.last_review.reviewed_on if s.last_review else None,
        "url": url_for("rules.rule_page", code=s.rule.code, _external=True),
    } for s in review_statuses(on) if s.due_on <= until and can_read_rule(current_user, s.rule, on)]
    return {"on": on, "items": items}


def _proposal(p) -> dict:
    return {
        "id": p.id, "rule": p.rule.code, "kind": p.kind, "status": p.status, "rationale": p.rationale,
        "body": p.body, "base_version": p.base_version.number if p.base_version else None,
        "merge_into": p.merge_into.code if p.merge_into else None,
        "proposer": p.proposer.name if p.proposer else None, "created_at": p.created_at,
        "decided_at": p.decided_at, "decision_reason": p.decision_reason,
        "comments": [_comment(c) for c in p.comments],
        "url": url_for("proposals.show", proposal_id=p.id, _external=True),
    }


def _comment(c) -> dict:
    return {"id": c.id, "author": c.author.name if c.author else None, "body": c.body, "created_at": c.created_at}


def _readable(proposals) -> list:
    on = today()
    return [p for p in proposals if can_read_rule(current_user, p.rule, on)]


@operation(bp, "/proposals", summary="Revision proposals: of one rule, or yours and those you may decide",
           response=schemas.ProposalList, query=schemas.ProposalsQuery, tag="proposals", errors=(400, 401, 403, 404))
def proposals(query: schemas.ProposalsQuery):
    if query.rule:
        found = load_visible_rule(query.rule)
        listed = proposal_queries.proposals_for_rule(found, open_only=query.open_only)
    else:
        mine = proposal_queries.proposals_by(current_user) + proposal_queries.proposals_to_decide(current_user)
        listed = sorted({p.id: p for p in mine if p.is_open or not query.open_only}.values(),
                        key=lambda p: -p.id)
    return {"items": [_proposal(p) for p in _readable(listed)]}


def _load_proposal(proposal_id: int):
    found = proposal_queries.proposal(proposal_id) if proposal_id < 2**31 else None
    if found is None or not _readable([found]):
        abort(404)
    return found


@operation(bp, "/proposals/<int:proposal_id>", summary="One proposal with its discussion",
           response=schemas.Proposal, errors=(401, 403, 404), tag="proposals",
           path_params={"proposal_id": "The proposal's number"})
def proposal(proposal_id: int):
    return _proposal(_load_proposal(proposal_id))


@operation(bp, "/proposals", method="POST", summary="Propose to revise, repeal or merge a rule",
           response=schemas.Proposal, body=schemas.NewProposal, status=201, errors=(400, 401, 403, 404, 422),
           tag="proposals", description="The rule's owners are told, as when proposing on the page.")
def submit_proposal(body: schemas.NewProposal):
    found = load_visible_rule(body.rule)
    merge_into = typed_rule(body.merge_into, proposal_services.ProposalError) if body.kind == "merge" else None
    made = proposal_services.submit_proposal(current_user, found, body.kind, body.rationale, body=body.body,
                                             merge_into=merge_into, article_notes=body.article_notes)
    db.session.commit()
    return _proposal(made)


@operation(bp, "/proposals/<int:proposal_id>/comments", method="POST", summary="Comment on a proposal",
           response=schemas.Comment, body=schemas.NewComment, status=201, errors=(400, 401, 403, 404, 422),
           tag="proposals", path_params={"proposal_id": "The proposal's number"})
def comment(proposal_id: int, body: schemas.NewComment):
    found = _load_proposal(proposal_id)
    made = proposal_services.add_comment(current_user, found, body.body)
    db.session.commit()
    return _comment(made)


@operation(bp, "/backlog", summary="The drafting backlog: rules the institution lacks, soonest due first",
           response=schemas.Backlog, query=schemas.BacklogQuery, tag="backlog")
def backlog(query: schemas.BacklogQuery):
    on = today()
    items = [{
        "id": i.id, "title": i.title, "need": i.need, "scope": i.scope, "status": i.status,
        "department": i.department.name if i.department else None, "department_en": serialise.english(i.department),
        "drafter": i.drafter.name if i.drafter else None, "due_on": i.due_on, "target_on": i.target_on,
        "rule": i.rule.code if i.rule and can_read_rule(current_user, i.rule, on) else None,
        "url": url_for("proposals.backlog_item", item_id=i.id, _external=True),
    } for i in proposal_queries.backlog(query.status)]
    return {"items": items}


@operation(bp, "/procedures/waiting", summary="The procedure steps waiting for the user, soonest due first",
           response=schemas.WaitingSteps, tag="workflow", errors=(401, 403),
           description="The home page's list: stages the user acts at, countersignatures for their "
                       "department, consultation comments the user has still to dispose of.")
def procedures_waiting():
    on = today()
    steps = sorted(waiting_for(current_user, on),
                   key=lambda w: (w.due_on is None, w.due_on or on, w.run.id, w.what))
    items = [{
        "rule": w.run.version.rule.code, "title": w.run.version.rule.title, "version": w.run.version.number,
        "procedure": w.run.procedure.name, "stage": w.run.stage.name,
        "stage_en": serialise.stage_in_english(w.run.stage), "stage_kind": w.run.stage.kind,
        "what": w.what, "due_on": w.due_on, "is_overdue": w.due_on is not None and w.due_on < on,
        "url": url_for("procedures.run_page", code=w.run.version.rule.code, number=w.run.version.number,
                       _external=True),
    } for w in steps]
    return {"on": on, "items": items}


@operation(bp, "/acknowledgements/pending", summary="The rules the user must read and confirm, earliest due first",
           response=schemas.PendingAcknowledgements, tag="workflow", errors=(401, 403))
def acknowledgements_pending():
    on = today()
    items = [{
        "id": r.id, "rule": r.rule.code, "title": r.rule.title, "version": r.version.number,
        "previous_version": r.previous_version.number if r.previous_version else None,
        "due_on": r.due_on, "is_overdue": r.due_on < on,
        "url": url_for("rules.rule_page", code=r.rule.code, _external=True) + "#acknowledge",
    } for r in pending_for(current_user)]
    return {"on": on, "items": items}
