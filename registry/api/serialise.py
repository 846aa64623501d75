"""Plain dictionaries for the JSON API, built from model objects."""

from __future__ import annotations

from datetime import date

from flask import url_for

from registry.auth.permissions import can_see_drafts
from registry.i18n import speaking
from registry.labels import stage_named
from registry.rules.articles import parse_body
from registry.rules.status import rule_status


def english(thing) -> str | None:
    """A department's (or category's) English name, its Chinese name where it has none; None for no thing.

    The API answers the same to every caller (its ETags do not vary by language): it gives each name in
    Chinese (`department`) and in English (`department_en`), and the client shows the one it needs.
    """
    return (thing.name_en or thing.name) if thing is not None else None


def english_path(category) -> str | None:
    return "/".join(english(node) for node in category.path) if category is not None else None


def stage_in_english(stage) -> str:
    """A procedure stage's English name (its kind's label), whatever the caller's language."""
    with speaking("en"):
        return stage_named(stage)


def rule_summary(rule, on: date) -> dict:
    return {
        "code": rule.code,
        "title": rule.title,
        "status": rule_status(rule, on),
        "category": rule.category.path_name if rule.category else None,
        "category_en": english_path(rule.category),
        "department": rule.department.name if rule.department else None,
        "department_en": english(rule.department),
        "owner": rule.owner.name if rule.owner else None,
        "tags": [t.name for t in rule.tags],
        "url": url_for("rules.rule_page", code=rule.code, _external=True),
    }


def rule_detail(rule, version, on: date, user) -> dict:
    """Describe a rule with its versions and the articles of the version in force on `on`."""
    drafts_visible = can_see_drafts(user, rule)
    data = rule_summary(rule, on)
    data.update(
        on=on.isoformat(),
        source_path=rule.source_path,
        repealed_on=rule.repealed_on.isoformat() if rule.repealed_on else None,
        repeal_reason=rule.repeal_reason or None,
        valid_until=rule.valid_until.isoformat() if rule.valid_until else None,
        versions=[
            {
                "number": v.number,
                "status": v.status,
                "effective_on": v.effective_on.isoformat() if v.effective_on else None,
                "change_summary": v.change_summary,
                "approved_at": v.approved_at.isoformat() if v.approved_at else None,
                "url": url_for("rules.version_page", code=rule.code, number=v.number, _external=True),
            }
            for v in rule.versions
            if v.is_approved or drafts_visible
        ],
        version=version.number if version else None,
        articles=[
            {"anchor": a.anchor, "label": a.label, "text": a.text.strip(), "parents": list(a.parents)}
            for a in (parse_body(version.body).articles if version else [])
        ],
    )
    return data


def version_summary(rule, version) -> dict:
    return {
        "number": version.number,
        "status": version.status,
        "effective_on": version.effective_on,
        "change_summary": version.change_summary,
        "approved_at": version.approved_at,
        "url": url_for("rules.version_page", code=rule.code, number=version.number, _external=True),
    }


def visible_versions(rule, user) -> list[dict]:
    drafts_visible = can_see_drafts(user, rule)
    return [version_summary(rule, v) for v in rule.versions if v.is_approved or drafts_visible]


def articles(version) -> list[dict]:
    return [{"anchor": a.anchor, "label": a.label, "text": a.text.strip(), "parents": list(a.parents)}
            for a in parse_body(version.body).articles]


def version_detail(rule, version) -> dict:
    """Describe one version: its text as stored and its articles, with the anchors of the pages."""
    return {**version_summary(rule, version), "code": rule.code, "issued_on": version.issued_on,
            "body": version.body, "articles": articles(version)}
