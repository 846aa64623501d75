"""The standards' verbs: a version as Akoma Ntoso, and an Akoma Ntoso act read back as a draft."""

from __future__ import annotations

from lxml import etree

from registry.db import today
from registry.rules import services as rules
from registry.rules.queries import rule_by_code
from registry.standards import akn

NS = {"a": akn.NS}


def identity(rule, version) -> akn.Identity:
    """The FRBR identity of a version: the rule first in force (the work), this text from its date."""
    approved = [v for v in rule.versions if v.is_approved and v.effective_on]
    first = min((v.issued_on or v.effective_on for v in approved), default=None)
    expression = version.effective_on or version.created_at.date()
    return akn.Identity(code=rule.code, title=rule.title, work_date=first or expression,
                        expression_date=expression, version=version.number, generated_on=today())


def export_version(rule, version) -> bytes:
    return akn.export_version(version.body, identity(rule, version))


def code_of(xml: bytes) -> str:
    """The rule's code an act names (FRBRalias name="code", else FRBRnumber)."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for path in ("//a:FRBRWork/a:FRBRalias[@name='code']/@value", "//a:FRBRWork/a:FRBRnumber/@value"):
        found = root.xpath(path, namespaces=NS)
        if found:
            return str(found[0])
    return ""


def import_act(actor, xml: bytes, code: str | None = None):
    """Add the act's text as a draft version of its rule (made when new); return the version."""
    title, body = akn.import_act(xml)
    code = (code or code_of(xml)).strip()
    if not code:
        raise rules.RuleError("The act names no rule code (FRBRalias or FRBRnumber); give one with --code.")
    rule = rule_by_code(code) or rules.create_rule(actor, code=code, title=title or code)
    return rules.add_draft_version(actor, rule, body)
