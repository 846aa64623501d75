"""What the preview says about one file: what was found in it, where each fact came from, what to check.

Facts (title, 文号, issue and effective dates) carry their evidence; warnings say what a person should
look at before importing: a date guessed or missing, no structure, numbering that skips or repeats
(第十三条 missing), several rules in one file (a compilation); and how many annexes (附件) at its end
will become the rule's attachments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from registry.io import textmeta
from registry.io.annexes import split_annexes
from registry.rules.articles import parse_body


@dataclass
class Findings:
    """The facts of one file and the warnings about it."""

    title: str = ""
    title_from: str = ""
    doc_number: str = ""
    doc_number_from: str = ""
    issued_on: date | None = None
    issued_from: str = ""
    effective_on: date | None = None
    effective_from: str = ""
    articles: int = 0
    chapters: int = 0
    rules_in_file: int = 1
    annexes: int = 0
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import will do besides the text


def examine(text: str, *, fallback_title: str, sheet_title: str = "", sheet_effective: date | None = None,
            name_dated: date | None = None) -> Findings:
    """Return the facts and warnings of one file's text; the sheet and the file name outrank the text."""
    stated = textmeta.describe(text)
    found = Findings(doc_number=stated.doc_number, doc_number_from=stated.doc_number_from)
    _title(found, stated, sheet_title, fallback_title)
    if stated.issued:
        found.issued_on, found.issued_from = stated.issued.on, stated.issued.evidence
    _effective(found, stated, sheet_effective, name_dated)
    _structure(found, text)
    return found


def _title(found: Findings, stated: textmeta.Stated, sheet_title: str, fallback: str) -> None:
    if sheet_title:
        found.title, found.title_from = sheet_title, _("metadata sheet")
    elif stated.title:
        found.title = stated.title[:300]
        found.title_from = {"heading": _("heading"), "text": _("first line"), "annex": _("line after 附件"),
                            "two lines": _("title on two lines"),
                            "subject": _("subject line")}.get(stated.title_from, stated.title_from)
    else:
        found.title, found.title_from = fallback[:300], _("file name")
        found.warnings.append(_("no title found in the text; the file name is used"))


def _effective(found: Findings, stated: textmeta.Stated, sheet: date | None, name_dated: date | None) -> None:
    if sheet:
        found.effective_on, found.effective_from = sheet, _("metadata sheet")
    elif name_dated:
        found.effective_on, found.effective_from = name_dated, _("date in the file name")
    elif stated.effective:
        found.effective_on, found.effective_from = stated.effective.on, stated.effective.evidence
    elif stated.effective_on_issue and found.issued_on:
        found.effective_on = found.issued_on
        found.effective_from = _("%(clause)s → the issue date", clause=stated.effective_on_issue)
    elif found.issued_on:
        found.effective_on, found.effective_from = found.issued_on, _("issue date (no effective clause)")
        found.warnings.append(_("the text states no effective date; the issue date %(date)s is assumed",
                                date=found.issued_on.isoformat()))
    else:
        found.warnings.append(_("no date is stated in the text, its file name or the sheet: imported as a "
                                "draft, to be approved with its effective date"))


def _structure(found: Findings, text: str) -> None:
    parsed = parse_body(text)
    articles = [a for a in parsed.articles if a.label]
    found.articles = len(articles)
    found.chapters = sum(1 for s in parsed.segments if s.kind == "chapter")
    found.annexes = len(split_annexes(text)[1])
    if found.annexes:
        found.notes.append(_("%(n)s annexes will be attached", n=found.annexes))
    if not articles:
        found.warnings.append(_("no numbered articles (第…条 / Article N) were found"))
        return
    headings = {s.anchor: s for s in parsed.segments if s.kind != "article"}
    numbered = [(a.label, a.number, tuple(headings.get(p) for p in a.parents))
                for a in articles if a.number is not None and "之" not in a.label]
    runs = _runs(numbered)
    found.rules_in_file = len(runs)
    if len(runs) > 1:
        found.warnings.append(_("%(n)s rules in one file (the numbering starts again at 1): a compilation; "
                                "split it into one file per rule before importing", n=len(runs)))
    for run in runs:
        for group in _restarts(run):
            numbers = [n for _label, n in group]
            missing = sorted(set(range(numbers[0], max(numbers) + 1)) - set(numbers))
            doubled = sorted({n for n in numbers if numbers.count(n) > 1})
            if missing:
                found.warnings.append(_("numbering gap: %(labels)s missing", labels=_labels(group[0][0], missing)))
            if doubled:
                found.warnings.append(_("numbering repeats: %(labels)s", labels=_labels(group[0][0], doubled)))


def _runs(numbered: list[tuple[str, int, tuple]]) -> list[list[tuple[str, int]]]:
    """Split the article numbers where they start again at 1 (another rule of a compilation begins).

    Numbers that start again under each heading (一、… 1. 2. 二、… 1. 2.; 第一部分 … 第二部分 …) are the
    rule's own numbering: another rule begins only where its outermost headings start again too.
    """
    runs: list[list[tuple[str, int]]] = []
    previous: tuple = ()
    for label, number, path in numbered:
        under_new_heading = bool(path) and bool(previous) and path[-1] is not previous[-1]
        outer_restarts = bool(path) and bool(previous) and path[0] is not previous[0] \
            and path[0].number == 1 and (previous[0].number or 0) > 1
        if not runs or (number == 1 and runs[-1][-1][1] > 1 and (not under_new_heading or outer_restarts)):
            runs.append([])
        runs[-1].append((label, number))
        previous = path
    return runs


def _restarts(run: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Split one rule's numbers where they start again at 1 under its next heading."""
    groups: list[list[tuple[str, int]]] = []
    for label, number in run:
        if not groups or (number == 1 and groups[-1][-1][1] > 1):
            groups.append([])
        groups[-1].append((label, number))
    return groups


def _labels(sample: str, numbers: list[int]) -> str:
    from registry.rules.articles import article_label

    lang = "en" if sample[:1].isascii() else "zh"
    shown = [article_label(n, lang) for n in numbers[:5]]
    return "、".join(shown) + ("…" if len(numbers) > 5 else "")
