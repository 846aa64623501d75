"""What the index holds for a rule: one document per version, with where each of its units starts and ends."""

from __future__ import annotations

import hashlib
import json

from registry.rules.articles import parse_body
from registry.rules.models import APPROVED, Rule
from registry.search.analysis import latin_words
from registry.search.contract import FOREVER, Document, day


def rule_documents(rule: Rule) -> list[Document]:
    """Return the search documents of every version of the rule, ready for the engine."""
    approved = sorted((v for v in rule.versions if v.status == APPROVED and v.effective_on),
                      key=lambda v: (v.effective_on, v.number))
    until = {a.id: day(b.effective_on) for a, b in zip(approved, approved[1:], strict=False)}
    if rule.valid_until is not None:  # a lapsed rule's texts are no longer in force from its end date
        lapses = day(rule.valid_until)
        until = {v.id: min(until.get(v.id, FOREVER), lapses) for v in approved}
    shared = {
        "rule_id": str(rule.id),
        "code_key": rule.code.strip().lower(),
        "code": rule.code,
        "title": rule.title,
        "tags": " ".join(tag.name for tag in rule.tags),
        "category": rule.category_id or 0,
        "category_path": " ".join(str(c.id) for c in rule.category.path) if rule.category else "",
        "department": rule.department_id or 0,
        "repealed": day(rule.repealed_on) or FOREVER,
        "lapses": day(rule.valid_until) or FOREVER,
    }
    documents = []
    title_words = " ".join(latin_words(rule.title))
    for version in rule.versions:
        is_approved = version.status == APPROVED and version.effective_on is not None
        # Every segment, headings included: a hit in a chapter's own text (or in a rule whose chapters or
        # numbered headings hold no articles) points at that unit, the smallest one that holds it.
        segments = [(seg.start, seg.end, seg.anchor, seg.label) for seg in parse_body(version.body).segments]
        document = Document(
            **shared,
            doc_id=str(version.id),
            version_id=version.id,
            number=version.number,
            kind="approved" if is_approved else "draft",
            effective=day(version.effective_on) if is_approved else 0,
            until=until.get(version.id, FOREVER) if is_approved else FOREVER,
            body=version.body,
            words=title_words + " " + " ".join(latin_words(version.body)),
            segments=segments,
        )
        document.fingerprint = fingerprint(document)
        documents.append(document)
    return documents


def fingerprint(document: Document) -> str:
    """Return a short digest of a document's content, to tell a stale index entry from a fresh one."""
    data = json.dumps({k: v for k, v in vars(document).items() if k != "fingerprint"}, sort_keys=True,
                      ensure_ascii=False)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()
