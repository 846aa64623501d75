"""schema.org `Legislation` for a rule page, as a JSON-LD data block (not a script: the CSP allows it)."""

from __future__ import annotations

from datetime import date

from flask import current_app

from registry.auth.permissions import readable_rules
from registry.reviews.queries import basis_of
from registry.rules.status import IN_FORCE, LAPSED, NOT_YET_IN_FORCE, REPEALED, rule_status
from registry.standards import eli

FORCE = {IN_FORCE: "https://schema.org/InForce", REPEALED: "https://schema.org/NotInForce",
         NOT_YET_IN_FORCE: "https://schema.org/NotInForce", LAPSED: "https://schema.org/NotInForce"}


def legislation(rule, version, on: date, basis: list) -> dict:
    """Describe the rule and the version shown: identifiers, dates, legal force, jurisdiction, basis."""
    approved = [v for v in rule.versions if v.is_approved and v.effective_on]
    first = min((v.effective_on for v in approved), default=None)
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": eli.rule_uri(rule.code),
        "identifier": rule.code,
        "legislationIdentifier": rule.code,
        "name": rule.title,
        "inLanguage": "zh-CN",
        "url": eli.rule_uri(rule.code),
    }
    status = rule_status(rule, on)
    if status in FORCE:
        data["legislationLegalForce"] = FORCE[status]
    if first:
        data["legislationDate"] = (approved[0].issued_on or first).isoformat()
    if version is not None and version.effective_on:
        data["legislationDateVersion"] = version.effective_on.isoformat()
        data["workExample"] = {"@type": "Legislation", "@id": eli.version_uri(rule.code, version.effective_on),
                               "legislationDateVersion": version.effective_on.isoformat(),
                               "version": str(version.number)}
    if rule.repealed_on or rule.valid_until:
        data["expires"] = (rule.repealed_on or rule.valid_until).isoformat()
    institution = current_app.config["INSTITUTION_NAME"]
    if institution:
        data["legislationJurisdiction"] = institution
        data["legislationPassedBy"] = {"@type": "Organization", "name": institution}
    if rule.department:
        data["legislationResponsible"] = {"@type": "Organization", "name": rule.department.name}
    if basis:
        data["isBasedOn"] = [{"@type": "Legislation", "@id": eli.rule_uri(b.code), "name": b.title} for b in basis]
    return data


def for_rule_page(rule, version, user, on: date, basis: list | None = None) -> dict:
    """The rule page's schema.org Legislation, its basis only where the visitor may read it (`basis`: the rules
    it rests on, when the page has read them already)."""
    return legislation(rule, version, on, readable_rules(user, basis_of(rule) if basis is None else basis, on))
