"""One label per internal value, by kind: statuses, kinds, roles and outcomes are never shown raw.

Templates use the `label` filter (`{{ rule_status|label("rule_status") }}`), Python code `label(...)`;
flash messages, notifications, e-mails, review history, exports and the admin pages all read these maps,
so each value is translated once. The maps hold lazy strings: they are read in the language of the moment.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS: dict[str, dict[str, object]] = {
    "rule_status": {"in_force": _l("In force"), "not_yet_in_force": _l("Not yet in force"), "draft": _l("Draft"),
                    "repealed": _l("Repealed"), "superseded": _l("Superseded"),
                    "lapsed": _l("Lapsed")},
    "proposal_status": {"submitted": _l("Submitted"), "under_review": _l("Under review"), "accepted": _l("Accepted"),
                        "rejected": _l("Rejected"), "withdrawn": _l("Withdrawn"), "proposed": _l("Proposed"),
                        "drafting": _l("Drafting"), "in_review": _l("In review"), "enacted": _l("Enacted"),
                        "declined": _l("Declined"), "open": _l("Open"), "closed": _l("Closed")},
    # A proposal's kind, a campaign's disposition and a review's outcome share their words.
    "decision": {"revision": _l("Revision"), "revise": _l("Revision"), "repeal": _l("Repeal"), "merge": _l("Merge"),
                 "keep": _l("Keep")},
    "flag": {"hard_to_follow": _l("Hard to follow"), "outdated": _l("Outdated"),
             "conflict": _l("Conflicts with another rule")},
    "evidence": {"minute": _l("Meeting minute"), "form": _l("Form"), "inspection": _l("Inspection record"),
                 "link": _l("Link"), "file": _l("File")},
    "inventory_list": {"valid": _l("Remain valid (继续有效)"), "revise": _l("To be revised (需修订)"),
                       "repeal": _l("To be repealed (拟废止)"), "lapsed": _l("No longer in force (失效)")},
    # the lists' own names, as the office's Chinese document prints them
    "inventory_list_short": {"valid": "继续有效", "revise": "需修订", "repeal": "拟废止", "lapsed": "失效"},
    "stage": {"drafting": _l("Drafting"), "consultation": _l("Consultation"), "legal_review": _l("Legal review"),
              "fair_competition": _l("Fair-competition review"), "countersign": _l("Countersigning"),
              "decision": _l("Decision"), "signing": _l("Signing"), "publication": _l("Publication"),
              "filing": _l("Filing")},
    "stage_actor": {"owner": _l("the rule's maintainers"), "departments": _l("named departments"),
                    "role": _l("a role")},
    "stage_state": {"done": _l("done"), "current": _l("current"), "skipped": _l("not required"),
                    "waiting": _l("to come")},
    "stage_action": {"complete": _l("completed"), "return": _l("sent back"), "sign": _l("signed"),
                     "object": _l("objected"), "skip": _l("not required"), "open": _l("consultation opened")},
    "countersign": {"sign": _l("signed"), "object": _l("objected")},
    "waiting": {"act": _l("to act on"), "countersign": _l("to countersign"), "dispose": _l("comments to dispose of")},
    "disposition": {"adopted": _l("Adopted"), "partly": _l("Partly adopted"), "rejected": _l("Not adopted")},
    "role": {"reader": _l("Reader"), "editor": _l("Editor"), "approver": _l("Approver"), "admin": _l("Administrator")},
    # the kinds of rule the shipped procedures serve (registry/procedures/defaults.py); an office's own stay as named
    "rule_kind": {"内部管理制度": _l("Internal management rules"),
                  "行政规范性文件": _l("Administrative normative document"), "规章": _l("Departmental regulation")},
    # the fields of an audit entry's before → after (registry/audit): named, never shown as keys
    "audit_field": {"code": _l("Code"), "title": _l("Title"), "category": _l("Category"),
                    "department": _l("Department"), "owner": _l("Responsible person"),
                    "owner_id": _l("Responsible person"),
                    "tags": _l("Tags"), "review_cycle_months": _l("Review cycle (months)"), "kind": _l("Kind"),
                    "role": _l("Role"), "roles": _l("Roles"), "active": _l("Active"), "status": _l("Status"),
                    "content_hash": _l("Text fingerprint"), "change_summary": _l("Summary of changes"),
                    "due_on": _l("Due"), "effective_on": _l("Effective date"), "deadline_on": _l("Deadline"),
                    "valid_until": _l("Valid until"), "repealed_on": _l("Repealed on"),
                    "reviewed_on": _l("Reviewed on"), "reason": _l("Reason"), "rationale": _l("Reason"),
                    "outcome": _l("Outcome"), "disposition": _l("Decision"), "basis": _l("Basis"),
                    "source": _l("Source"), "rules": _l("Rules"), "merge_into": _l("Merge into"),
                    "campaign": _l("Campaign"), "departments": _l("Departments"), "everyone": _l("All staff"),
                    "drafter": _l("Drafter"), "successor": _l("Replaced by"), "text_changed": _l("Text changed"),
                    "base_version": _l("Base version"), "manual_due_on": _l("Due date set by hand"),
                    "sign_ins_ended": _l("Sign-ins ended"), "tokens_revoked": _l("Tokens revoked"),
                    "done": _l("Decided"), "total": _l("Rules in scope"), "name": _l("Name"),
                    "name_en": _l("English name"), "email": _l("E-mail"), "locale": _l("Language")},
}

# The kinds whose labels an audit value of that field is looked up in (the first that knows the value).
AUDIT_VALUES = {"role": ("role",), "roles": ("role",), "status": ("proposal_status", "rule_status"),
                "outcome": ("decision",), "disposition": ("decision",), "kind": ("decision",)}


def label(value: str | None, kind: str) -> str:
    """Return the interface-language label of an internal value; an unknown value is shown as it is."""
    if value is None:
        return "—"
    return str(LABELS[kind].get(value, value))


def audit_value(value, field: str) -> str:
    """Show one value of an audit entry: statuses and roles by their labels, yes/no, lists joined, "—" for none."""
    from flask_babel import gettext

    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return ", ".join(audit_value(v, field) for v in value)
    for kind in AUDIT_VALUES.get(field, ()):
        if value in LABELS[kind]:
            return label(value, kind)
    return str(value)


def in_english() -> bool:
    """Say whether the interface speaks English at this moment (request, e-mail or CLI)."""
    from flask_babel import get_locale

    return str(get_locale() or "").startswith("en")


def named(thing) -> str:
    """Return a department's or category's name in the interface language: its English name in English."""
    if thing is None:
        return "—"
    return in_language(thing.name, getattr(thing, "name_en", "") or "")


def in_language(name: str, name_en: str) -> str:
    """Return the English name in English (when there is one), else the Chinese name; "—" for no name."""
    return (name_en if name_en and in_english() else name) or "—"


def stage_named(stage) -> str:
    """Return a procedure stage's name: the office's own (合法性审核) in Chinese, its kind's label in English."""
    if stage is None:
        return "—"
    if in_english() and stage.kind in LABELS["stage"]:
        return label(stage.kind, "stage")
    return stage.name


def path_named(category) -> str:
    """Return a category's path (综合管理/办文 or General Administration/Documents) in the interface language."""
    if category is None:
        return "—"
    return "/".join(named(node) for node in category.path)
