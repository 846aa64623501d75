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
        # Word counts per abstract list: two w:num that share one abstractNum go on from each other,
        # unless a w:num restarts a level (w:lvlOverride/w:startOverride) or redefines it (w:lvl).
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}  # (list, ilvl) → start, fmt, text
        self.counters: dict[str, dict[int, int]] = {}
        self.list_of: dict[str, str] = {}  # numId → the abstract list whose counters it advances
        self.restarts: dict[str, dict[int, int]] = {}  # numId → {ilvl: start} applied when first used
        self.used: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for definition in abstract.values():
            self._read_levels("a" + definition.get(qn("w:abstractNumId")), definition)
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            ref = num.find(qn("w:abstractNumId"))
            abstract_id = ref.get(qn("w:val")) if ref is not None else None
            if abstract_id not in abstract:
                continue
            key = "a" + abstract_id
            overrides = num.findall(qn("w:lvlOverride"))
            if any(o.find(qn("w:lvl")) is not None for o in overrides):
                key = "n" + num_id  # a list of its own: copy the abstract levels, then apply the redefinitions
                for (owner, ilvl), level in list(self.levels.items()):
                    if owner == "a" + abstract_id:
                        self.levels[(key, ilvl)] = level
                for o in overrides:
                    if (lvl := o.find(qn("w:lvl"))) is not None:
                        self._read_level(key, lvl, int(o.get(qn("w:ilvl"), "0")))
            self.list_of[num_id] = key
            for o in overrides:
                start = o.find(qn("w:startOverride"))
                if start is not None:
                    self.restarts.setdefault(num_id, {})[int(o.get(qn("w:ilvl"), "0"))] = int(
                        start.get(qn("w:val"), "1"))

    def _read_levels(self, key: str, definition) -> None:
        for lvl in definition.findall(qn("w:lvl")):
            self._read_level(key, lvl, int(lvl.get(qn("w:ilvl"), "0")))

    def _read_level(self, key: str, lvl, ilvl: int) -> None:
        start = lvl.find(qn("w:start"))
        fmt = lvl.find(qn("w:numFmt"))
        text = lvl.find(qn("w:lvlText"))
        self.levels[(key, ilvl)] = (
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
        if found is None or found[0] not in self.list_of:
            return ""
        num_id, ilvl = found
        key = self.list_of[num_id]
        if (key, ilvl) not in self.levels:
            return ""
        start, fmt, text = self.levels[(key, ilvl)]
        if fmt == "bullet":
            return ""
        counters = self.counters.setdefault(key, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for level, value in self.restarts.get(num_id, {}).items():
                counters[level] = value - 1
                for deeper in [d for d in counters if d > level]:
                    del counters[deeper]
        # A level shown before any paragraph of it stands at its start (1.1 before any 1.), and the
        # next paragraph of that level goes on from there (2.).
        for level in range(ilvl):
            if level not in counters and (key, level) in self.levels:
                counters[level] = self.levels[(key, level)][0]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        for level in range(9):
            placeholder = f"%{level + 1}"
            if placeholder in text:
                _start, level_fmt, _text = self.levels.get((key, level), (1, "decimal", ""))
                text = text.replace(placeholder, format_number(counters.get(level, _start), level_fmt))
        return text.strip()
