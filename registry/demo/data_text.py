"""Build demo rule bodies from compact text: number the articles, chapters and sections.

Rule text is written one paragraph a line: "@ " opens an article, "## " a chapter, "### " a section,
any other line is a further paragraph (款) or item (项) of the current article, and an indented line
continues the line above it. Articles are numbered when the body is built, so a revision that
  inserts
or deletes an article renumbers the rest, as a real revision does.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 1–99 the way Chinese rules number their articles (一, 十二, 二十三)."""
    if not 0 < n < 100:
        raise ValueError(f"cannot number {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def articles(text: str) -> list[str]:
    """Split compact rule text into parts: "## …" chapters, "### …" sections and article texts."""
    lines: list[str] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if raw.startswith(" "):
            more = raw.strip()
            joiner = " " if lines[-1][-1].isascii() and more[0].isascii() else ""
            lines[-1] += joiner + more
        else:
            lines.append(raw.rstrip())
    parts: list[str] = []
    for line in lines:
        if line.startswith("@ "):
            parts.append(line[2:])
        elif line.startswith("#"):
            parts.append(line)
        elif parts and not parts[-1].startswith("#"):
            parts[-1] += "\n" + line
        else:
            raise ValueError(f"paragraph outside an article: {line[:30]}")
    return parts


def revise(
    parts: list[str],
    *,
    replace: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
    delete: tuple[str, ...] = (),
) -> list[str]:
    """Copy parts with some replaced, inserted after or deleted, each named by the start of its text."""
    replace, after = replace or {}, after or {}
    keys = [*replace, *after, *delete]
    hits = dict.fromkeys(keys, 0)
    revised: list[str] = []
    for part in parts:
        matched = [key for key in keys if part.startswith(key)]
        for key in matched:
            hits[key] += 1
        if any(key in delete for key in matched):
            pass
        elif any(key in replace for key in matched):
            revised.extend(articles(next(replace[key] for key in matched if key in replace)))
        else:
            revised.append(part)
        for key in matched:
            if key in after:
                revised.extend(articles(after[key]))
    wrong = [key for key, count in hits.items() if count != 1]
    if wrong:
        raise ValueError(f"revision keys must each match exactly one part: {wrong}")
    return revised


def body(parts: list[str], *, english: bool = False) -> str:
    """Join parts into Markdown, numbering chapters, sections and articles from one."""
    blocks: list[str] = []
    chapter = section = article = 0
    for part in parts:
        if part.startswith("### "):
            section += 1
            label = f"Section {section}" if english else f"第{chinese_number(section)}节"
            blocks.append(f"### {label} {part[4:]}")
        elif part.startswith("## "):
            chapter, section = chapter + 1, 0
            label = f"Chapter {chapter}" if english else f"第{chinese_number(chapter)}章"
            blocks.append(f"## {label} {part[3:]}")
        else:
            article += 1
            label = f"Article {article}" if english else f"第{chinese_number(article)}条"
            first, *rest = part.split("\n")
            blocks.append(f"{label} {first}")
            blocks.extend(rest)
    return "\n\n".join(blocks) + "\n"
