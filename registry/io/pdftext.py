"""Turn the text layer of a PDF's pages into the text as the page says it.

A PDF knows lines, not paragraphs: every page repeats its running header and footer, carries a page
number ("— 1 —", "第 1 页", "Page 1 of 9", "3"), sometimes line numbers, and breaks every sentence
where the line was full. This module removes what the printer added and joins what the line width
broke: without a space between CJK characters, with one between English words, and never across the
start of a new 条/款/numbered item/heading or after a line that ends a sentence (。：；…).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·\s]*\d{1,4}[-—–－~·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[-—–]\s*[ivxlc]{1,6}\s*[-—–])$", re.I)
UNIT_START = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇两\d]+[编章节条款部分篇]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+(?:\.\d+)*[、.．)](?!\d)"
    r"|[①-⑳]"
    r"|[A-Z][.)]\s"
    r"|(?:article|chapter|section|part)\s+[\dIVXLC]+\b"
    r"|附件\s*\d*|目\s*录$|目\s*次$|contents$"
    r"|[#>|])", re.I)
ENDS_SENTENCE = tuple("。：；！？:;!?") + ("……",)
CLOSING = tuple("）」』》〉】，。、；：！？")
REFERENCE_START = re.compile(r"^(?:第[一二三四五六七八九十百千零〇两\d]+[条章节款项](?:规定|的|之|第|、|，|和|或|至|中)"
                             r"|[（(][一二三四五六七八九十\d]+[）)][、，和或至项])")
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
LEADING_LINE_NUMBER = re.compile(r"^(\d{1,3})\s+(?=\S)")
LABEL_ONLY = re.compile(r"^第[一二三四五六七八九十百千零〇两\d]+[条章节编]$")


def width(text: str) -> int:
    """Return the display width of a line: CJK and full-width characters count double, and so do the
    signs of ambiguous width (× … “ ”) in a CJK line, where CJK fonts set them full width."""
    wide = "WFA" if CJK.search(text) else "WF"
    return sum(2 if unicodedata.east_asian_width(c) in wide else 1 for c in text)


def _shape(line: str) -> str:
    """Return a line with its digits blurred, so 'page 3 of 9' and 'page 4 of 9' look alike."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers, running headers/footers (repeated on most pages) and line numbers."""
    pages = [[line.strip() for line in page if line.strip()] for page in pages]
    repeated = _repeated_edges(pages)
    cleaned = []
    for page in pages:
        lines = list(page)
        for edge in (0, -1):  # page numbers, and at most one header (footer) line, from the outside in
            running = 1
            while lines and (PAGE_NUMBER.match(lines[edge]) or (running and _shape(lines[edge]) in repeated)):
                running -= 0 if PAGE_NUMBER.match(lines[edge]) else 1
                lines.pop(edge)
        cleaned.append(_strip_line_numbers(lines))
    return cleaned


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Return the shapes of lines that open or close most pages (headers, footers)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(line) for line in page[:3] + page[-3:]})
    needed = len(pages) if len(pages) < 4 else max(3, int(len(pages) * 0.6))
    return {shape for shape, n in counts.items() if n >= needed and shape}


def _strip_line_numbers(lines: list[str]) -> list[str]:
    """Drop numbers printed before each line (1 2 3 … or 5 10 15 …) when most lines of a page carry them."""
    numbers = [LEADING_LINE_NUMBER.match(line) for line in lines]
    values = [int(m.group(1)) for m in numbers if m]
    if len(lines) < 5 or len(values) < 0.8 * len(lines):
        return lines
    rising = sum(1 for a, b in zip(values, values[1:], strict=False) if b > a)
    if rising < 0.8 * (len(values) - 1):
        return lines
    return [line[m.end():] if m else line for line, m in zip(lines, numbers, strict=True)]


def indented_lines(layouts: list[str]) -> set[str] | None:
    """Return the lines (spaces squeezed out) that the pages set in from the left margin, where the
    document indents its paragraphs' first lines (official documents indent them two characters);
    None when it does not, so that indentation tells nothing.
    """
    indented, total = set(), 0
    for layout in layouts:
        rows = [row for row in layout.splitlines() if row.strip()]
        if not rows:
            continue
        leads = [len(row) - len(row.lstrip(" \u3000")) for row in rows]
        margin = min(leads)
        total += len(rows)
        indented |= {re.sub(r"\s+", "", row) for row, lead in zip(rows, leads, strict=True) if lead >= margin + 2}
    return indented if total and len(indented) >= 0.1 * total else None


def join_wrapped(lines: list[str], indented: set[str] | None = None) -> list[str]:
    """Join hard-wrapped lines into paragraphs; keep a break where a new unit begins or a sentence ends.

    Where the document indents its paragraphs (`indented`: the lines set in), an indented line begins
    a paragraph and a line flush left continues one, even after a full line that ends a sentence.
    """
    if not lines:
        return []
    full = sorted(width(line) for line in lines)[int(len(lines) * 0.9)] if len(lines) > 3 else max(map(width, lines))
    if indented is not None and not _indents_paragraphs(lines, indented, full):
        indented = None
    paragraphs: list[str] = []
    current = last = ""
    for line in lines:
        if current and indented is not None and _sentence_at_full_line(current, last, full):
            if re.sub(r"\s+", "", line) not in indented and not UNIT_START.match(line):
                current, last = _glue(current, line), line  # the sentence ended at the margin; it goes on
                continue
        if current and _continues(current, line, full, last):
            current = _glue(current, line)
        else:
            if current:
                paragraphs.append(current)
            current = line
        last = line
    paragraphs.append(current)
    return paragraphs


def _indents_paragraphs(lines: list[str], indented: set[str], full: int) -> bool:
    """Tell whether the lines that surely open a paragraph (a numbered unit, a line after a short one that
    ends a sentence) are the indented ones: only then may indentation decide where a full line's
    sentence ends a paragraph."""
    opening = [re.sub(r"\s+", "", line) in indented for before, line in zip(lines, lines[1:], strict=False)
               if UNIT_START.match(line) and not line.startswith(("#", "|", ">"))
               or before.endswith(ENDS_SENTENCE) and width(before) < 0.8 * full]
    return len(opening) >= 3 and sum(opening) >= 0.8 * len(opening)


def _sentence_at_full_line(previous: str, last: str, full: int) -> bool:
    """The paragraph's last line reaches the margin and ends a sentence there (…管辖。|)."""
    return previous.rstrip("）)”’」』").endswith(ENDS_SENTENCE) and CJK.match(previous[-1]) is not None \
        and width(last) >= full - 4 and not previous.startswith("|")


def _continues(previous: str, line: str, full: int, last: str = "") -> bool:
    """Tell whether `line` goes on the paragraph `previous`, whose last physical line is `last`."""
    last = last or previous
    if previous.startswith("|"):
        return False  # a table placed from the layout
    if LABEL_ONLY.match(previous):
        return not UNIT_START.match(line)  # "第一条" alone on its line, its text on the next
    if line.startswith(CLOSING):
        return True  # no paragraph opens with a closing bracket or a comma: the wrap fell before it
    if previous.startswith(("（", "(")) and previous.endswith(("）", ")")) and line.startswith(("（", "(")):
        return False  # one promulgation note under the title, then the next: （…通过）（…修正）
    if REFERENCE_START.match(line) and width(last) >= full - 4 and not previous.endswith(ENDS_SENTENCE):
        return True  # a reference the wrap put at the line start (…诉讼法》|第一百九十八条规定…, …比照(二)、|(三)、)
    if UNIT_START.match(line) or previous.rstrip("）)”’」』").endswith(ENDS_SENTENCE):
        return False  # a sentence ends, also inside brackets or quotes (…事项。）)
    if previous.count("（") > previous.count("）"):
        return True  # inside brackets: a promulgation note wrapped where its line broke at a space
    word = re.match(r"[!-~]+", line)
    if word and width(last) + width(word.group(0)) > full:
        return True  # the line's first word (a web address, a number) did not fit at the end of the last
    if CJK.match(previous[-1]):  # CJK lines fill the measure to a character or two
        return width(last) >= max(0.8 * full, full - 6)
    return width(last) >= 0.8 * full  # a short line ends its paragraph (titles, last lines)


def _symbol(char: str) -> bool:
    """A sign such as × or … that stands between CJK words without a space (××××年)."""
    return unicodedata.category(char) in ("Sm", "So") or char == "…"


def _glue(previous: str, line: str) -> str:
    if LABEL_ONLY.match(previous):
        return previous + "　" + line
    if previous.endswith("-") and previous[-2:-1].isalpha() and line[:1].islower():
        return previous[:-1] + line  # a word hyphenated at the line end
    if CJK.match(previous[-1]) or CJK.match(line[0]) or _symbol(previous[-1]) or _symbol(line[0]):
        return previous + line
    return previous + " " + line


CELL_GAP = re.compile(r"\s{3,}")
MAX_CELL = 30


def layout_tables(layout: str) -> list[list[list[str]]]:
    """Return the tables of a page's layout-mode text: runs of 2+ lines split by wide gaps into equal cells.

    Blank lines (layout mode puts one between the rows of a table) do not end a run; prose does.
    """
    tables: list[list[list[str]]] = []
    run: list[list[str]] = []
    for line in [*layout.split("\n"), None]:
        if line is not None and not line.strip():
            continue
        cells = [c for c in CELL_GAP.split(line.strip()) if c] if line is not None else []
        row = len(cells) >= 2 and all(len(c) <= MAX_CELL for c in cells) and not UNIT_START.match(cells[0])
        if row and (not run or len(cells) == len(run[0])):
            run.append(cells)
            continue
        if len(run) >= 2:
            tables.append(run)
        run = [cells] if row else []
    return tables


def _place_tables(lines: list[str], tables: list[list[list[str]]]) -> list[str]:
    """Replace the plain lines that hold each table's rows by one Markdown table."""
    from registry.io.readers import markdown_table

    for table in tables:
        wanted = [re.sub(r"\s+", "", "".join(row)) for row in table]
        flat = [re.sub(r"\s+", "", line) for line in lines]
        for start in range(len(lines) - len(wanted) + 1):
            if flat[start:start + len(wanted)] == wanted:
                lines = lines[:start] + [markdown_table(table)] + lines[start + len(wanted):]
                break
    return lines


def page_text(pages: list[str], title: str = "", layouts: list[str] | None = None) -> str:
    """Return the paragraphs of a PDF's page texts, one per block separated by a blank line.

    `title` is the text set in the largest type on the first page: it becomes the Markdown heading, so a
    running header above it (the only page gives no repetition to see it by) is not taken for the title.
    """
    cleaned = strip_furniture([page.replace("\r", "\n").split("\n") for page in pages])
    if layouts:
        cleaned = [_place_tables(page, layout_tables(layout)) for page, layout in zip(cleaned, layouts, strict=False)]
    lines = [line for page in cleaned for line in page]
    paragraphs = join_wrapped(lines, indented_lines(layouts or []))
    wanted = re.sub(r"\s+", "", title)
    for index, paragraph in enumerate(paragraphs[:8]):
        if wanted and re.sub(r"\s+", "", paragraph) == wanted:
            paragraphs[index] = "# " + paragraph
            break
    return "\n\n".join(paragraphs)


def largest_text(page) -> str:
    """Return the text a pypdf page sets in its largest type (the title, on a first page)."""
    sizes: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, size) -> None:
        if text.strip():
            scale = abs(tm[3] * cm[3]) or 1.0
            sizes.append((round(size * scale, 1), text))

    page.extract_text(visitor_text=visit)
    if not sizes:
        return ""
    biggest = max(size for size, _text in sizes)
    body = sorted(size for size, _text in sizes)[len(sizes) // 2]
    if biggest < body * 1.15:  # nothing stands out: no title by type size
        return ""
    return "".join(text for size, text in sizes if size == biggest).strip()
