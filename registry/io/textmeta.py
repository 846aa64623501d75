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


def title_of(text: str, fallback: str) -> str:
    """Return the first heading of the text, else the fallback (usually the file name)."""
    match = HEADING.search(text[:5000])
    title = match.group(1).strip() if match else ""
    return title[:300] or fallback[:300]


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


def stated_effective_date(text: str) -> date | None:
    """Return the latest date in the preamble (promulgation or amendment), if any."""
    dates = stated_dates(preamble(text))
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
