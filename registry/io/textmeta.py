"""Recognise what a rule's text states about itself: title, document number (文号) and dates."""

from __future__ import annotations

import re
from datetime import date

HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*第?\s*\d{1,4}\s*号")
ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
EN_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(\d{1,2}),\s*(\d{4})\b"
)
MONTHS = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
FIRST_ARTICLE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(第[一二三四五六七八九十百零〇\d]+[章条编]|Article\s+1\b|Chapter\s+1\b)", re.M | re.I
)
NAME_DATE = re.compile(r"^(?P<stem>.+?)\s*[(（](?P<date>\d{4}-\d{2}-\d{2})[)）]$")


TITLE_WORDS = re.compile(r"(办法|规定|制度|细则|规则|条例|守则|准则|规程|规范|意见|方案|章程|通知|法)$"
                         r"|\b(policy|rules|regulations?|procedures?|guidelines?|code)\b", re.I)
ISSUED_LINE = re.compile(r"^.{0,20}(印发|发布|发文|成文|issued|published).{0,40}$", re.M | re.I)
EFFECTIVE_LINE = re.compile(r"^.{0,20}(施行日期|生效日期|实施日期|effective).{0,40}$", re.M | re.I)


def title_of(text: str, fallback: str) -> str:
    """Return the first heading, else a short first line that reads like a title, else the fallback."""
    match = HEADING.search(text[:5000])
    title = match.group(1).strip().strip("*_ ") if match else ""
    if not title:
        title = _plain_title(text)
    return title[:300] or fallback[:300]


def _plain_title(text: str) -> str:
    """Return the first non-empty line of a plain text when it is short and names a rule."""
    for line in text[:2000].splitlines():
        line = line.strip().strip("*_ ")
        if not line:
            continue
        if len(line) <= 60 and TITLE_WORDS.search(line) and not FIRST_ARTICLE.match(line) \
                and not DOC_NUMBER.search(line) and not stated_dates(line):
            return line
        return ""
    return ""


def preamble(text: str, limit: int = 3000) -> str:
    """Return the part before the first chapter or article: where numbers and dates are stated."""
    head = text[:limit]
    match = FIRST_ARTICLE.search(head)
    return head[: match.start()] if match else head


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def stated_dates(text: str) -> list[date]:
    """Return every well-formed date written in the text (Chinese, ISO or English style)."""
    found = [_valid(int(y), int(m), int(d)) for y, m, d in ZH_DATE.findall(text)]
    found += [_valid(int(y), int(m), int(d)) for y, m, d in ISO_DATE.findall(text)]
    found += [_valid(int(y), MONTHS[m], int(d)) for m, d, y in EN_DATE.findall(text)]
    return [d for d in found if d is not None and 1900 <= d.year <= 2200]


def _dated_line(pattern: re.Pattern, text: str) -> date | None:
    for match in pattern.finditer(text):
        dates = stated_dates(match.group(0))
        if dates:
            return dates[0]
    return None


def stated_issue_date(text: str) -> date | None:
    """Return the date on a line such as 印发日期：2023年3月1日 or '2023年3月1日印发', if any."""
    return _dated_line(ISSUED_LINE, preamble(text))


def stated_effective_date(text: str) -> date | None:
    """Return the stated 施行日期, else the issuing date, else the latest date in the preamble."""
    head = preamble(text)
    explicit = _dated_line(EFFECTIVE_LINE, head)
    if explicit:
        return explicit
    issued = stated_issue_date(text)
    if issued:
        return issued
    dates = stated_dates(head)
    return max(dates) if dates else None


def stated_doc_number(text: str) -> str | None:
    """Return a document number such as 办发〔2023〕12号 stated near the top, if any."""
    match = DOC_NUMBER.search(preamble(text))
    return re.sub(r"\s+", "", match.group(0)) if match else None


def split_dated_name(stem: str) -> tuple[str, date | None]:
    """Split '公司法(2018-10-26)' into ('公司法', 2018-10-26); other names keep no date."""
    match = NAME_DATE.match(stem)
    if match:
        try:
            return match.group("stem"), date.fromisoformat(match.group("date"))
        except ValueError:
            pass
    return stem, None
