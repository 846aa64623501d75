"""The dates a rule states about itself: when it was issued (印发/公布) and when it takes effect (施行).

The effective date comes from the rule's own clause (本办法自2025年7月1日起施行; 自印发之日起施行 means the
issue date; Effective Date: March 1, 2025), never from the latest date that happens to stand near the
top (a bibliography, a cited law). A text that states no date gets none: nothing here invents one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ZH_DATE = re.compile(r"(\d{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                     r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
MONTH_NAMES = "January February March April May June July August September October November December".split()
MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)} | {m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, 1)}
EN_DATE = re.compile(r"\b(" + "|".join(MONTH_NAMES) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
                     r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
EN_DATE_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTH_NAMES) + r")\s*,?\s+(\d{4})\b", re.I)
ZH_NUMERALS = dict(zip("〇零○Ｏ一二三四五六七八九", (0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))

SELF = (r"(?:本(?:法|办法|规定|条例|细则|规则|制度|准则|守则|规程|规范|章程|实施办法|实施细则"
        r"|决定|意见|方案|通知|标准|指引|手册|解释|解答|批复|决议|安排|公告|通告"
        r"|辦法|規定|條例|細則|規則|準則|規範|要點|須知|解釋|決議|決定)"
        r"|现予(?:公布|发布|印发)[，,]|現予(?:公布|發布)[，,])")
TAKES_EFFECT = r"(?:施行|实施|执行|生效|试行|實施|執行)"
ROC_DATE = re.compile(r"(?:中華民國|中华民国|民國|民国)\s*(\d{1,3}|[一二三四五六七八九十百零〇]{1,6})\s*年\s*"
                      r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
CLAUSE_DATED = re.compile(SELF + r"[^。；\n]{0,20}?[自从]\s*(?P<date>[^。；\n]{6,24}?日)\s*起\s*" + TAKES_EFFECT)
ISSUED_VERB = r"(?:印发|发布|公布|颁布|下发|签发|发文|通过)"
CLAUSE_ON_ISSUE = re.compile(SELF + r"[^。；\n]{0,20}?自\s*" + ISSUED_VERB + r"之日起\s*" + TAKES_EFFECT)
EFFECTIVE_LINE = re.compile(r"^\s*(?:施行日期|生效日期|实施日期|执行日期|effective\s+date|date\s+effective)"
                            r"\s*[:：]?(?P<rest>.{4,40})$", re.M | re.I)
EN_EFFECTIVE = re.compile(r"\b(?:is\s+|shall\s+be(?:come)?\s+|becomes?\s+|takes?\s+)?effective"
                          r"(?:\s+(?:as\s+of|from|on|beginning))?\s*[:,]?\s*(?P<rest>.{6,30})", re.I)
ISSUE_WORDS = re.compile(r"印发|发布|公布|颁布|成文|发文|通过|修正|修订|签发"
                         r"|issued|published|adopted|approved|revised|amended|release|date\s+of\s+issue", re.I)
# An English header line that is only a date: "February 27, 2018", "Date: 3 May 2024", "Version 3, 8 February 2023"
EN_DATE_LINE = re.compile(r"^\s*(?:(?:dated?|version\s*[\d.]+|v\s*[\d.]+)\s*[:：,–—-]?\s*)?"
                          r"(?P<date>[A-Za-z0-9 ,.]{8,30}?)[.\s]*$", re.I)
LONE_DATE = re.compile(r"^\s*[（(]?\s*(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年[^。；，,]{2,12}日\s*[）)]?\s*$")


@dataclass(frozen=True)
class StatedDate:
    """A date with where it came from, in words the preview shows ("本办法自2025年7月1日起施行")."""

    on: date
    evidence: str


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "百" in text:  # 一百一十 (a year of the Republic of China calendar)
        hundreds, _sep, rest = text.partition("百")
        return (ZH_NUMERALS.get(hundreds, 1) if hundreds else 1) * 100 + (_number(rest.lstrip("零〇")) if rest else 0)
    if all(c in ZH_NUMERALS for c in text):  # 二〇二三
        return int("".join(str(ZH_NUMERALS[c]) for c in text))
    value = 0  # 十二, 二十一, 三十
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        value = (ZH_NUMERALS.get(tens, 1) if tens else 1) * 10 + (ZH_NUMERALS.get(ones, 0) if ones else 0)
        return value
    return ZH_NUMERALS.get(text, 0)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if 1900 <= found.year <= 2200 else None


def dates_in(text: str) -> list[date]:
    """Return every well-formed date written in the text (Chinese, ISO or English style), in order."""
    found: list[tuple[int, date | None]] = []
    found += [(m.start(), _valid(_number(m.group(1)), _number(m.group(2)), _number(m.group(3))))
              for m in ZH_DATE.finditer(text)]
    found += [(m.start(), _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))) for m in ISO_DATE.finditer(text)]
    found += [(m.start(), _valid(_number(m.group(1)) + 1911, _number(m.group(2)), _number(m.group(3))))
              for m in ROC_DATE.finditer(text)]
    found += [(m.start(), _valid(int(m.group(3)), MONTHS[m.group(1).lower()[:3]], int(m.group(2))))
              for m in EN_DATE.finditer(text)]
    found += [(m.start(), _valid(int(m.group(3)), MONTHS[m.group(2).lower()[:3]], int(m.group(1))))
              for m in EN_DATE_DMY.finditer(text)]
    return [d for _pos, d in sorted(found, key=lambda pair: pair[0]) if d is not None]


def _clip(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:80]


def effective_clause(text: str) -> tuple[StatedDate | None, str | None]:
    """Return the date the rule's own clause states, or the clause that points at the issue date.

    The last clause wins: the 附则 comes last, and an earlier one may speak of a transition.
    """
    dated = [(m.start(), m) for m in CLAUSE_DATED.finditer(text) if dates_in(m.group("date"))]
    on_issue = [(m.start(), m) for m in CLAUSE_ON_ISSUE.finditer(text)]
    line = [(m.start(), m) for m in EFFECTIVE_LINE.finditer(text) if dates_in(m.group("rest"))]
    english = [(m.start(), m) for m in EN_EFFECTIVE.finditer(text) if dates_in(m.group("rest")[:30])]
    candidates = sorted(dated + on_issue + line + english, key=lambda pair: pair[0])
    if not candidates:
        return None, None
    _pos, match = candidates[-1]
    if match.re is CLAUSE_ON_ISSUE:
        return None, _clip(match.group(0))
    source = match.group("date") if match.re is CLAUSE_DATED else match.group("rest")
    return StatedDate(dates_in(source)[0], _clip(match.group(0))), None


def issue_date(header: list[str], tail: list[str]) -> StatedDate | None:
    """Return the issue/publication date: a header line that says 印发/公布/通过…, else a lone date line.

    A line that also states the effective clause (已于2002年3月26日…通过，现予发布，自2002年9月1日起施行)
    gives the date outside that clause.
    In the header of a law ("2007年6月29日…通过 根据2012年12月28日…修正") the latest date is this text's.
    The signature at the end of an official document (issuer, then the date alone) counts too.
    """
    stated = [(max(found), line) for line in header
              if ISSUE_WORDS.search(rest := CLAUSE_DATED.sub("", line)) and (found := dates_in(rest))]
    notes = [(on, line) for on, line in stated if not _sentence(line)]
    if notes:  # the header may list adoption and each amendment on lines of their own: the latest is this text's
        on, line = max(notes, key=lambda pair: pair[0])
        return StatedDate(on, _clip(line))
    for line in header + list(reversed(tail)):
        if LONE_DATE.match(line):  # the date under the issuer's name: the document's own date (成文日期)
            found = dates_in(line)
            if found:
                return StatedDate(found[0], _clip(line))
        elif (english := lone_english_date(line)) is not None:  # a memorandum's date line
            return StatedDate(english, _clip(line))
    if stated:  # a sentence saying when it was adopted (已经2025年5月23日…会议通过), when nothing else dates it
        on, line = max(stated, key=lambda pair: pair[0])
        return StatedDate(on, _clip(line))
    return None


def lone_english_date(line: str) -> date | None:
    """Return the date of a line that holds nothing but an English date (after "Date:" or "Version 3,")."""
    match = EN_DATE_LINE.match(line)
    if not match:
        return None
    text = match.group("date").strip(" ,.")
    for pattern in (EN_DATE, EN_DATE_DMY):
        whole = pattern.fullmatch(text)
        if whole:
            found = dates_in(text)
            return found[0] if found else None
    return None


def _sentence(line: str) -> bool:
    """A line of running text (a notice's paragraph), not a promulgation note or a dated header line."""
    return not line.startswith(("（", "(")) and ("。" in line or len(line) > 80)
