"""Word's automatic numbering, written out: a paragraph numbered by a list whose level text is "第%1条"
(Chinese counting) reads "第三条 …" in Word but carries no such text in the file. Without this the
article parser would find no articles in many offices' documents.
"""

from __future__ import annotations

from docx.oxml.ns import qn

ZH_DIGITS = "零一二三四五六七八九"
CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
                   "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"}


def chinese_number(n: int) -> str:
    """Return 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (enough for article numbers)."""
    if n <= 0:
        return str(n)
    if n >= 10000:
        return str(n)
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                parts.append("零")
            parts.append(("" if (unit == "十" and n < 20) else ZH_DIGITS[digit]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """Render a counter in a Word number format (decimal, chineseCounting, lowerLetter, upperRoman …)."""
    if fmt in CHINESE_FORMATS:
        return chinese_number(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Counters of one document's lists; `label(paragraph)` returns the text Word shows before it."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}  # (numId, ilvl) → start, fmt, text
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.findall(qn("w:lvl")):
                start = lvl.find(qn("w:start"))
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                self.levels[(num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"), "0")))] = (
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                )

    @staticmethod
    def _num_pr(paragraph):
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None and paragraph.style is not None:
            style_ppr = paragraph.style.element.pPr
            num_pr = style_ppr.numPr if style_ppr is not None else None
        if num_pr is None or num_pr.numId is None:
            return None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(ilvl)

    def label(self, paragraph) -> str:
        """Advance the paragraph's list counter and return its label ('第三条', '1.', '（二）'), or ''."""
        found = self._num_pr(paragraph)
        if found is None or found not in self.levels:
            return ""
        num_id, ilvl = found
        if self.levels[found][1] == "bullet":
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = self.levels[found][0]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        text = self.levels[found][2]
        for level in range(9):
            placeholder = f"%{level + 1}"
            if placeholder in text:
                _start, fmt, _text = self.levels.get((num_id, level), (1, "decimal", ""))
                value = counters.get(level, _start)
                text = text.replace(placeholder, format_number(value, fmt))
        return text.strip()
