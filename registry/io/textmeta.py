"""Recognise what a rule's text states about itself: title, document number (文号) and dates.

Everything comes from the document's own header (the lines before its first chapter or article) or
its own clauses, with the evidence kept for the preview: a number the body cites (依据国发〔2015〕59号)
is not the rule's, a bibliography's date is not its effective date, and a file that states nothing
gets nothing invented (the caller warns and falls back to the file name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from registry.io.textdates import StatedDate, dates_in, effective_clause, issue_date

HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d{1,4}\s*号")
ORDER_NUMBER = re.compile(r"(?:[\u4e00-\u9fff]{1,24}(?:令|公告)|令)\s*[（(]?\s*第\s*[\d一二三四五六七八九十百零〇]{1,6}"
                          r"\s*号\s*[）)]?")
CITING = re.compile(r"根据|依据|按照|依照|参照|根据|见|执行|转发|印发|关于|的通知|规定|要求|《")
FIRST_UNIT = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(?:第[一二三四五六七八九十百零〇\d]+[章条编节]|第[一二三四五六七八九十\d]+部分"
    r"|Article\s+(?:1|I)\b|Chapter\s+(?:1|I)\b|Section\s+1\b|ARTICLE\s+(?:1|I)\b|一、|1[.、]\s*\S)", re.I)
NAME_DATE = re.compile(r"^(?P<stem>.+?)\s*[(（](?P<date>\d{4}-\d{2}-\d{2})[)）]$")
TITLE_WORDS = re.compile(
    r"(办法|规定|制度|细则|规则|条例|守则|准则|规程|规范|意见|方案|章程|通知|决定|公约|纲要|指引|手册|须知|标准|要点|法|规章制度"
    r"|解释|解答|批复|答复|决议|安排|公告|通告|纪要"
    r"|辦法|規定|細則|規則|條例|準則|規程|規範|須知|要點|綱要|解釋|決議|決定|公告)"
    r"(（[^）]{1,12}）|\([^)]{1,12}\))?$"
    r"|\b(polic(y|ies)|rules|regulations?|procedures?|guidelines?|code|handbook|bylaws|by-laws|charter|"
    r"constitution|statutes?|standards?)\b", re.I)
ANNEX = re.compile(r"^\s*附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?\s*$")
ISSUER_LINE = re.compile(r"(文件|办公室|委员会|人民政府|公司|大学|学院|学会|协会)$")
CJK_SPACED = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
MAX_TITLE = 60
# A memorandum's or directive's subject line: "SUBJECT: Implementation of the … Act".
SUBJECT_LINE = re.compile(r"^\s*(?:\*\*)?(?:SUBJECT|Subject|RE|Re)\s*[:：]\s*(?:\*\*)?\s*"
                          r"(?P<title>[A-Za-z0-9\"“‘(].{3,200}?)[\s_*]*$")
# An English document's identifier in its header: M-18-12, BOD-18-01, (BOD 19-02).
EN_REFERENCE = re.compile(r"^\s*(?:publication\s+reference|reference(?:\s+number)?|ref\.?|document\s+(?:number|no\.?))"
                          r"\s*[:：]\s*(?P<id>[A-Za-z0-9][A-Za-z0-9/._-]{1,30})\s*$", re.I)
EN_IDENTIFIER = re.compile(r"(?<![\w-])(?P<id>[A-Z]{1,5}(?:-| )\d{2}-\d{2,3})(?![\w-])")


@dataclass
class Stated:
    """What the text says about itself, each with where it came from."""

    title: str = ""
    title_from: str = ""  # "heading", "text", "annex", "two lines"; "" when the file name must serve
    doc_number: str = ""
    doc_number_from: str = ""
    issued: StatedDate | None = None
    effective: StatedDate | None = None
    effective_on_issue: str = ""  # the clause 自印发之日起施行, when that is how the text says it
    notes: list[str] = field(default_factory=list)


def header_lines(text: str, limit: int = 40) -> list[str]:
    """Return the non-empty lines before the first chapter or article (at most `limit`)."""
    lines: list[str] = []
    open_note = False
    for line in text[:6000].splitlines():
        if FIRST_UNIT.match(line):
            break
        if not line.strip():
            continue
        if open_note:  # a promulgation note wrapped over lines: （2003年8月27日第十届… / …通过）
            lines[-1] += line.strip()
        else:
            lines.append(line.strip())
        note = lines[-1]
        open_note = note.startswith(("（", "(")) and _unclosed(note) and len(note) < 400
        if len(lines) >= limit and not open_note:
            break
    return lines


def _plain(line: str) -> str:
    """Return a line without Markdown marks, 《》 around the whole line, and spaces between CJK characters."""
    match = HEADING.match(line)
    line = (match.group(1) if match else line).strip().strip("*_ ").strip()
    if line.startswith("《") and line.endswith("》") and line.count("《") == 1:
        line = line[1:-1]
    return CJK_SPACED.sub("", line).strip()


_DANGLING = re.compile(r"\b(?:the|of|for|and|or|to|in|on|from|a|an|with|by|at|its|their)$|[:–—-]$", re.I)


def _join(first: str, second: str) -> str:
    """Join a title broken over two lines: Chinese runs on, English words keep a space between them."""
    return first + (" " if first[-1:].isascii() and second[:1].isascii() else "") + second


def _title_like(line: str) -> bool:
    limit = MAX_TITLE if not line.isascii() else 3 * MAX_TITLE  # English words take more characters
    return (0 < len(line) <= limit and bool(TITLE_WORDS.search(line)) and not FIRST_UNIT.match(line)
            and not DOC_NUMBER.search(line) and not ORDER_NUMBER.search(line) and not dates_in(line)
            and not line.endswith(("。", "；", "，", ":", "：")))


def find_title(header: list[str]) -> tuple[str, str]:
    """Return (title, where from) from the header lines, or ("", "") when none reads like a title.

    A memorandum's SUBJECT line names it; otherwise a Markdown heading (Word's title style, a PDF's largest
    type) outranks any plain line.
    """
    for raw in header[:25]:
        subject = SUBJECT_LINE.match(raw)
        if subject:
            return subject.group("title").strip()[:300], "subject"
    for index, raw in enumerate(header[:12]):
        line = _plain(raw)
        if HEADING.match(raw) and line and not ANNEX.match(line) and not DOC_NUMBER.search(line) \
                and not dates_in(line):
            following = _plain(header[index + 1]) if index + 1 < len(header) else ""
            if following and HEADING.match(header[index + 1]) and _unclosed(line) and not _unclosed(line + following):
                return (line + following)[:300], "two lines"  # 关于印发《…达标 / 考核奖励实施办法》的通知
            return line[:300], "annex" if index > 0 and ANNEX.match(header[index - 1]) else "heading"
    for index, raw in enumerate(header[:12]):
        line = _plain(raw)
        after_annex = index > 0 and ANNEX.match(header[index - 1])
        if not line or ANNEX.match(raw) or ISSUER_LINE.search(line) and not _title_like(line):
            continue
        if HEADING.match(raw) and not DOC_NUMBER.search(line) and not dates_in(line) and len(line) <= 300:
            return line, "annex" if after_annex else "heading"
        following = _plain(header[index + 1]) if index + 1 < len(header) else ""
        if _title_like(line):
            if line.isascii() and following and _DANGLING.search(line) and _title_like(_join(line, following)):
                return _join(line, following), "two lines"  # "… Disbursements from the / Technology … Fund"
            return line, "annex" if after_annex else "text"
        if following:
            joined = _join(line, following)
            if len(line) <= (40 if not line.isascii() else 120) and _title_like(joined) \
                    and not line.endswith(("。", "；")):
                return joined, "two lines"
    return "", ""


PROMULGATION_NOTE = re.compile(r"[（(][^（）()]{6,200}[）)]")
NOTE_NUMBER = re.compile(r"以\s*(?P<number>[^，,。；以]{2,40}?号)\s*(?:文件|通知|令|公告)?\s*"
                         r"(?:印发|发布|公布|颁布|下发)")


_SENTENCE_END = re.compile(r"[.;:,]\s+\w|[。；]")


def _unclosed(line: str) -> bool:
    """A title broken over two lines leaves a 《 or （ open on the first."""
    return line.count("《") > line.count("》") or line.count("（") > line.count("）") \
        or line.count("(") > line.count(")")


def find_doc_number(header: list[str]) -> tuple[str, str]:
    """Return the 文号 or 令 number standing on a header line of its own (with its issuer at most).

    A promulgation note under the title counts as such a line: each （…） note on its own, and the
    number the note says the text was issued with (（1993年8月7日最高人民法院以法发〔1993〕15号通知印发）).
    """
    lines = header[:15]
    pairs = [a + b for a, b in zip(lines, lines[1:], strict=False) if a.endswith("令") and re.match(r"^第.{1,6}号$", b)]
    notes = [note for line in lines if line.startswith(("（", "(")) for note in PROMULGATION_NOTE.findall(line)]
    for note in notes:
        said = NOTE_NUMBER.search(note)
        if said and (DOC_NUMBER.search(said.group("number")) or ORDER_NUMBER.search(said.group("number"))):
            number = (DOC_NUMBER.search(said.group("number")) or ORDER_NUMBER.search(said.group("number"))).group(0)
            return re.sub(r"\s+", "", number), note
    for note in notes:  # the order a note ends with: （…修正 主席令第73号）
        match = ORDER_NUMBER.search(note)
        if match and not note[match.end():].strip(" \t）)。"):
            number = re.sub(r"\s+", "", match.group(0))
            return re.sub(r"^.*(?:[年月日]|修正|修订|通过|公布|发布|颁布|印发)", "", number).strip("（()）"), note
    if not any("\u4e00" <= ch <= "\u9fff" for line in lines for ch in line):
        for line in lines[:20]:
            if reference := EN_REFERENCE.match(line):  # "Publication reference: PR2086"
                return reference.group("id"), line.strip()
        for line in lines[:12]:
            found = EN_IDENTIFIER.search(line)
            if found and len(line) <= 80 and not _SENTENCE_END.search(line):
                return found.group("id"), line.strip()
    for line in pairs + notes + lines:
        for pattern in (ORDER_NUMBER, DOC_NUMBER):
            match = pattern.search(line)
            if not match:
                continue
            rest = re.sub(r"[\s*_#]+", "", line[: match.start()] + line[match.end():])
            if len(rest) <= 24 and not CITING.search(rest):
                number = re.sub(r"\s+", "", match.group(0))
                return re.sub(r"^.*[年月日]", "", number), line.strip()  # "5日教育部令" → "教育部令"
    return "", ""


def describe(text: str) -> Stated:
    """Return what the text states about itself: title, 文号, issue and effective dates, with evidence."""
    header = header_lines(text)
    tail = [line.strip() for line in text[-1500:].splitlines() if line.strip()][-6:]
    stated = Stated()
    stated.title, stated.title_from = find_title(header)
    stated.doc_number, stated.doc_number_from = find_doc_number(header)
    stated.issued = issue_date(header, tail)
    stated.effective, stated.effective_on_issue = effective_clause(text)
    return stated


def stated_doc_number(text: str) -> str | None:
    """Return the document's own 文号 or 令 number from its header lines, if any."""
    return find_doc_number(header_lines(text))[0] or None


def stated_effective_date(text: str) -> date | None:
    """Return the effective date from the text's own clause (自印发之日起 → the issue date), else None."""
    stated = describe(text)
    if stated.effective:
        return stated.effective.on
    if stated.effective_on_issue and stated.issued:
        return stated.issued.on
    return None


def split_dated_name(stem: str) -> tuple[str, date | None]:
    """Split '公司法(2018-10-26)' into ('公司法', 2018-10-26); other names keep no date."""
    match = NAME_DATE.match(stem)
    if match:
        try:
            return match.group("stem"), date.fromisoformat(match.group("date"))
        except ValueError:
            pass
    return stem, None
