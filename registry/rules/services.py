"""Verbs of the catalogue: create and edit rules, draft, approve and repeal versions.

Services change data and flush; the caller (view, CLI, test) commits once.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from registry.audit.services import record
from registry.db import db, utcnow
from registry.errors import StaleEdit, UserFacingError
from registry.labels import label
from registry.rules.codes import code_problem
from registry.rules.models import APPROVED, DRAFT, Category, Rule, RuleLink, RuleVersion, Tag
from registry.rules.signals import rule_repealed, version_approved


class RuleError(UserFacingError):
    """A request the catalogue refuses, with a message fit to show the user."""


def content_hash(body: str) -> str:
    """Return the fingerprint used to tell whether a text changed."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # no text; an OCR layer or a paste brings them


def normalise_body(body: str) -> str:
    """Unify line endings, drop control characters (a page break is a line break) and trim trailing blank
    space, so equal texts compare equal and every export (XML inside) can carry the text."""
    body = _CONTROL.sub("", body.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n"))
    return body.strip("\n") + "\n"


def check_row_version(obj, expected: int | None) -> None:
    """Refuse a save that started from an older copy of `obj` (optimistic locking)."""
    if expected is not None and obj.row_version != expected:
        raise StaleEdit("stale")


def tags_from_names(names: list[str]) -> list[Tag]:
    """Return Tag rows for the names, creating the missing ones."""
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        tag = db.session.scalar(select(Tag).where(Tag.name == name))
        if tag is None:
            tag = Tag(name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags


def set_related(rule: Rule, related: list[Rule]) -> None:
    """Replace the rule's links so that exactly `related` are linked to it (both directions)."""
    db.session.flush()
    existing = db.session.scalars(
        select(RuleLink).where(or_(RuleLink.rule_id == rule.id, RuleLink.related_id == rule.id))
    ).all()
    for link in existing:
        db.session.delete(link)
    db.session.flush()
    for other in {r.id: r for r in related if r.id != rule.id}.values():
        db.session.add(RuleLink(rule_id=rule.id, related_id=other.id))


def create_rule(
    actor,
    *,
    code: str,
    title: str,
    category: Category | None = None,
    department=None,
    owner=None,
    tags: list[str] | None = None,
    related: list[Rule] | None = None,
    source_path: str | None = None,
    review_cycle_months: int | None = None,
    kind: str = "",
) -> Rule:
    """Register a new rule (without text yet: add a draft version next)."""
    code, title = code.strip(), title.strip()
    if not code or not title:
        raise RuleError(_("A rule needs a code and a title."))
    if problem := code_problem(code):
        raise RuleError(problem)
    if db.session.scalar(select(Rule.id).where(Rule.code == code)) is not None:
        raise RuleError(_("The code %(code)s is already used by another rule.", code=code))
    rule = Rule(
        code=code,
        title=title,
        category=category,
        department=department,
        owner=owner,
        source_path=source_path,
        review_cycle_months=review_cycle_months,
        kind=kind.strip(),
        tags=tags_from_names(tags or []),
    )
    db.session.add(rule)
    db.session.flush()
    if related:
        set_related(rule, related)
    record(actor, "rule.create", rule, f"{code} {title}", rule_id=rule.id, after=rule_snapshot(rule))
    return rule


def rule_snapshot(rule: Rule) -> dict:
    """Return the editable metadata of a rule, for the audit trail's before/after."""
    return {
        "code": rule.code,
        "title": rule.title,
        "category": rule.category.path_name if rule.category else None,
        "department": rule.department.code if rule.department else None,
        "owner": rule.owner.email if rule.owner else None,
        "tags": sorted(t.name for t in rule.tags),
        "review_cycle_months": rule.review_cycle_months,
        "kind": rule.kind,
    }


def update_rule(actor, rule: Rule, *, expected_row_version: int | None = None, **fields) -> Rule:
    """Change a rule's metadata; refuse if someone saved it in the meantime."""
    check_row_version(rule, expected_row_version)
    before = rule_snapshot(rule)
    new_code = fields.get("code", rule.code).strip()
    if new_code != rule.code and (problem := code_problem(new_code)):
        raise RuleError(problem)
    if new_code != rule.code and db.session.scalar(select(Rule.id).where(Rule.code == new_code)):
        raise RuleError(_("The code %(code)s is already used by another rule.", code=new_code))
    for name in ("code", "title"):
        if name in fields:
            value = fields[name].strip()
            if not value:
                raise RuleError(_("The code cannot be empty.") if name == "code" else _("The title cannot be empty."))
            setattr(rule, name, value)
    for name in ("category", "department", "owner", "review_cycle_months", "kind"):
        if name in fields:
            setattr(rule, name, fields[name])
    if "tags" in fields:
        rule.tags = tags_from_names(fields["tags"])
    if "related" in fields:
        set_related(rule, fields["related"])
    db.session.flush()
    after = rule_snapshot(rule)
    if after != before:
        record(actor, "rule.update", rule, rule.code, rule_id=rule.id, before=before, after=after)
    return rule


def add_draft_version(actor, rule: Rule, body: str, change_summary: str = "") -> RuleVersion:
    """Add a draft text; an unchanged text returns the version that already has it."""
    body = normalise_body(body)
    if not body.strip():
        raise RuleError(_("The text of a version cannot be empty."))
    digest = content_hash(body)
    latest = rule.versions[-1] if rule.versions else None
    if latest is not None and latest.content_hash == digest:
        return latest
    open_draft = next((v for v in rule.versions if v.status == DRAFT), None)
    if open_draft is not None:
        raise RuleError(
            f"Version {open_draft.number} is still a draft: edit it or discard it before starting another."
        )
    version = RuleVersion(
        rule=rule,
        number=(latest.number + 1) if latest else 1,
        body=body,
        content_hash=digest,
        change_summary=change_summary.strip(),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    db.session.flush()
    record(actor, "version.create", version, f"v{version.number}", rule_id=rule.id)
    return version


def update_draft(
    actor, version: RuleVersion, body: str, change_summary: str, expected_row_version: int | None = None
) -> RuleVersion:
    """Edit a draft's text; approved versions are immutable."""
    if version.status != DRAFT:
        raise RuleError(_("An approved version cannot be changed; add a new draft instead."))
    from registry.procedures.services import frozen_reason

    if (reason := frozen_reason(version)) is not None:
        raise RuleError(reason)
    check_row_version(version, expected_row_version)
    body = normalise_body(body)
    if not body.strip():
        raise RuleError(_("The text of a version cannot be empty."))
    before = {"content_hash": version.content_hash, "change_summary": version.change_summary}
    version.body, version.content_hash = body, content_hash(body)
    version.change_summary = change_summary.strip()
    db.session.flush()
    after = {"content_hash": version.content_hash, "change_summary": version.change_summary}
    record(actor, "version.edit", version, f"v{version.number}", rule_id=version.rule_id, before=before, after=after)
    return version


def discard_draft(actor, version: RuleVersion) -> None:
    """Delete a draft that will not be approved."""
    if version.status != DRAFT:
        raise RuleError(_("Only a draft can be discarded."))
    from registry.procedures.services import discard_run

    discard_run(actor, version)
    record(actor, "version.discard", version, f"v{version.number}", rule_id=version.rule_id)
    version.rule.versions.remove(version)
    db.session.flush()


def approve_version(actor, version: RuleVersion, effective_on: date, substantive: bool | None = None, *,
                    through_procedure: bool = False) -> RuleVersion:
    """Approve a draft so it takes effect on `effective_on`; earlier text stays in force until then.

    `substantive` is the approver's word on an amendment (staff must read it again); None: not said.
    A draft of a rule whose kind has a procedure is approved only by that procedure's publication.
    """
    if version.status != DRAFT:
        raise RuleError(_("This version is already approved."))
    rule = version.rule
    if not through_procedure:
        from registry.procedures.services import procedure_for

        if (procedure := procedure_for(rule)) is not None:
            raise RuleError(_("Drafts of this kind (%(kind)s) go through the procedure %(name)s: it approves "
                              "them at publication.", kind=label(rule.kind, "rule_kind"),
                              name=label(procedure.name, "rule_kind")))
    if rule.repealed_on is not None:
        raise RuleError(_("A repealed rule cannot get a new version in force."))
    later = [v for v in rule.versions if v.status == APPROVED and v.effective_on and v.effective_on > effective_on]
    if later:
        raise RuleError(
            f"Version {later[0].number} already takes effect on {later[0].effective_on}; "
            "a new version must take effect on or after that date."
        )
    version.status = APPROVED
    version.effective_on = effective_on
    version.approved_by_id = getattr(actor, "id", None)
    version.approved_at = utcnow()
    db.session.flush()
    record(
        actor,
        "version.approve",
        version,
        f"v{version.number} effective {effective_on.isoformat()}",
        rule_id=rule.id,
        after={"effective_on": effective_on.isoformat()},
    )
    version_approved.send(actor, version=version, substantive=substantive)
    return version


def _change_of_a_rule_in_force(rule: Rule, reason: str, say_why: str) -> tuple[str, date | None]:
    """Refuse a change without a reason (`say_why`) or of a repealed rule; return the reason and the first day
    the rule was in force (None before any approval)."""
    reason = reason.strip()
    if not reason:
        raise RuleError(say_why)
    if rule.repealed_on is not None:
        raise RuleError(_("This rule is already repealed (from %(d)s).", d=rule.repealed_on.isoformat()))
    return reason, min((v.effective_on for v in rule.versions if v.is_approved and v.effective_on), default=None)


def set_validity(actor, rule: Rule, until: date | None, reason: str) -> Rule:
    """Set (or renew, or clear) the day a rule lapses (失效) unless renewed again; audited with the reason."""
    reason, first = _change_of_a_rule_in_force(rule, reason, _("Say why the validity period is set or renewed."))
    if until is not None and first is not None and until <= first:
        raise RuleError(_("A rule's validity ends after it came into force (%(d)s).", d=first.isoformat()))
    before = rule.valid_until
    rule.valid_until = until
    db.session.flush()
    record(actor, "rule.validity", rule, reason, rule_id=rule.id,
           before={"valid_until": before.isoformat() if before else None},
           after={"valid_until": until.isoformat() if until else None})
    return rule


def repeal_rule(actor, rule: Rule, on: date, reason: str, successor: Rule | None = None, *,
                through_procedure: bool = False) -> Rule:
    """Repeal a rule from `on`, naming the rule that replaces it if there is one; versions and history stay.

    A rule whose kind has a procedure is repealed only by the publication of a repeal run (start_repeal).
    """
    if not through_procedure:
        from registry.procedures.services import procedure_for

        if (procedure := procedure_for(rule)) is not None:
            raise RuleError(_("This kind of rule (%(kind)s) is repealed through the procedure %(name)s: start a "
                              "repeal procedure instead.", kind=label(rule.kind, "rule_kind"),
                              name=label(procedure.name, "rule_kind")))
    reason, first = _change_of_a_rule_in_force(rule, reason, _("Say why the rule is repealed."))
    if first is not None and on < first:
        raise RuleError(_("A rule cannot be repealed before it came into force (%(d)s).", d=first.isoformat()))
    if successor is not None and (successor.id == rule.id or successor.repealed_on is not None):
        raise RuleError(_("A rule is replaced by another rule that is not repealed itself."))
    rule.repealed_on, rule.repeal_reason, rule.successor = on, reason, successor
    rule.repealed_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(actor, "rule.repeal", rule, reason, rule_id=rule.id, after={
        "repealed_on": on.isoformat(), "reason": reason, **({"successor": successor.code} if successor else {})})
    rule_repealed.send(actor, rule=rule)
    return rule
