"""Recognise references in a text: 《X办法》, 《X办法》第十二条, 本办法第五条, "Article 4 of the Y Policy".

Pure functions over text, so the rule page, the stored index of references and the bench use the same reading.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from registry.rules.numerals import chinese_numeral_to_int

_NUM = r"[零〇一二两三四五六七八九十百千0-9０-９]+"
_ARTICLE = rf"第(?P<art>{_NUM})条(?:之(?P<sub>[一二三四五六七八九十]+))?"
# 《title》, an optional edition in brackets (（2024年修订）, (试行)), an optional article.
_BOOK = re.compile(rf"《(?P<title>[^《》\n]{{2,80}})》(?:[（(][^（）()\n]{{1,20}}[）)])?(?:{_ARTICLE})?")
_SELF_WORDS = ("实施细则", "办法", "规定", "细则", "条例", "制度", "规则", "准则", "守则", "章程", "决定", "规范",
               "方案", "意见", "通知", "法")
_SELF = re.compile(rf"本(?:{'|'.join(_SELF_WORDS)}){_ARTICLE}")
_EN_KINDS = (r"(?:Policy|Policies|Regulations?|Rules|Procedures?|Code|Standards?|Act|Guidelines|Handbook"
             r"|Charter|Statute|Terms|Agreement|Statement)")
_EN = re.compile(
    rf"\b(?:Article|Section)\s+(?P<art>\d+)(?:\.(?P<sub>\d+))?\s+of\s+(?:(?P<self>(?:this|these)\s+(?:[A-Z]\w*\s+)?"
    rf"{_EN_KINDS})|(?:the\s+)?"
    rf"(?P<title>(?:[A-Z][\w'’&-]*\s+){{0,8}}{_EN_KINDS}|[A-Z]{{2,10}}(?!\s+(?:template|document|form|page|file|section)\b)))\b")
# What a rule's or law's title ends with; other titles in 《》 name certificates, books or newspapers.
_RULE_ENDINGS = re.compile(r"(?:法|法典|条例|规定|办法|细则|规则|决定|解释|意见|通知|章程|规范|准则|守则"
                           r"|制度|标准|规程|纲要|方案|公约|协定|规划|批复|命令|令|指引|指南|要点|须知)$")
# 本条例第七条、第八条 / 《X法》第十条和第十二条: the further articles of the same rule.
_MORE = re.compile(rf"(?:、|，|,|和|及|以及|或者|至)第(?P<art>{_NUM})条(?:之(?P<sub>[一二三四五六七八九十]+))?")
_EDITION = re.compile(r"[（(](?:试行|暂行|草案|修订|修正|\d{4}年?[^（）()]*)[）)]$")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]")


# Names without 《》 (依据中华人民共和国劳动合同法第十条, 根据档案法的规定, 按照本市政府采购管理办法): a run of words
# ending like a rule's title, then an article or a word that ends a name. Such a name counts when it is a rule
# of the registry, or a well-formed law name (…法, 中华人民共和国…条例), and comes after a word that introduces
# a basis (依照 …) — or, at the start of a clause, when an article follows (宪法第五十九条).
_BARE_END = re.compile(rf"(?:法典|法|条例|办法|规定|细则|规则|章程|准则|规程|决定)"
                       rf"(?=(?P<article>{_ARTICLE})|第{_NUM}[编章节]|的|规定|有关|、|，|。|；|和|及|等|制定|执行|实施|处理|办理|予以"
                       rf"|进行|处罚|追究|要求|$)")
_NAME_CHAR = re.compile(r"[^\W\d_的]")
_SELF_NAME = re.compile(rf"本(?:法|{'|'.join(_SELF_WORDS)})$")
_TRIGGERS = re.compile(r"(?:依照|依据|根据|按照|遵照|参照|适用|违反|执行|对照|遵守|符合|贯彻|落实"
                       r"|修正后|修改后|修订后)")
_JOINERS = ("、", "和", "及", "以及", "或者")
_LOCAL = ("本市", "本省", "本区", "本县", "本自治区", "本自治州", "我市", "我省", "我区")
# Words ending in 法 that are no law: a way of doing (办法, 方法 … always), or an act of law (司法, 执法 …) alone.
_NOT_LAWS = ("办法", "方法", "做法", "手法", "想法", "说法", "看法", "写法", "用法", "算法", "疗法", "语法", "书法",
             "章法", "技法", "笔法", "戏法", "魔法", "宪法性")
_LAW_ACTS = ("司法", "执法", "立法", "违法", "合法", "依法", "守法", "非法", "变法", "效法", "取法", "无法", "设法",
             "王法", "国法", "家法", "佛法")
_VAGUE = ("有关", "相关", "上述", "前述", "前款", "该", "此", "其", "各", "这", "那", "一切", "任何", "其他", "其它",
          "法律", "现行", "原", "新", "旧", "同", "本")
_SHORT_LAWS = ("刑法", "宪法", "民法", "税法", "商法")


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    title: str | None  # None: the text's own rule (本办法第五条, "Article 4 of this Policy")
    article: int | None
    sub: int | None = None  # 之一 → 1

    def key(self) -> tuple:
        return (normal_title(self.title) if self.title else None, self.article, self.sub)


def normal_title(title: str) -> str:
    """Return a title as references are matched: spaces dropped, an edition in brackets at the end dropped."""
    title = _SPACES.sub("", title.strip().strip("《》"))
    while True:
        shorter = _EDITION.sub("", title)
        if shorter == title:
            return title.casefold()
        title = shorter


def _number(text: str | None) -> int | None:
    return chinese_numeral_to_int(text) if text else None


def _well_formed_law(name: str) -> bool:
    """Tell whether a bare name reads as a law's title: …法 (not 办法, 执法 …) or 中华人民共和国…条例."""
    if name.startswith("中华人民共和国") and len(name) > 8:
        return bool(_RULE_ENDINGS.search(name))
    if not name.endswith(("法", "法典")) or name.startswith(_VAGUE) or name.endswith(_NOT_LAWS) or name in _LAW_ACTS:
        return False
    return (len(name) >= 3 or name in _SHORT_LAWS) and len(name) <= 25


def _known_name(name: str, known: Collection[str]) -> str | None:
    """Return the registry's title this bare name names (本市政府采购管理办法 → …市政府采购管理办法), or None."""
    if normal_title(name) in known:
        return name
    local = next((p for p in _LOCAL if name.startswith(p)), None)
    if local is None or len(name) - len(local) < 4:
        return None
    rest = normal_title(name[len(local):])
    matches = [title for title in known if title.endswith(rest) and title != rest]
    return matches[0] if len(matches) == 1 else (rest if rest in known else None)


def _bare_names(text: str, known: Collection[str]) -> list[Reference]:
    """Return the names without 《》 that the registry holds or that read as laws, after a basis word."""
    found: list[Reference] = []
    for m in _BARE_END.finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < 40 and _NAME_CHAR.match(text[start - 1]):
            start -= 1
        boundary = start == 0 or not _NAME_CHAR.match(text[start - 1])
        previous = found[-1].end if found else -1
        if previous > start:  # 依照刑法和刑事诉讼法: the run holds the previous name
            start, boundary = previous, False
        chunk = text[start:m.end()]
        cut = max((t.end() for t in _TRIGGERS.finditer(chunk)), default=0)
        joiner = next((j for j in _JOINERS if chunk.startswith(j)), "") if previous == start else ""
        if cut:
            name = chunk[cut:]
        elif joiner or (previous >= 0 and text[previous:start] in _JOINERS):  # the next name of a list
            name = chunk[len(joiner):]
        elif m["article"] and boundary:  # 宪法第五十九条 opening a clause
            name = chunk
        else:
            continue
        if len(name) < 2 or _SELF_NAME.search(name):
            continue
        title = _known_name(name, known)
        if title is None and not name.startswith(_LOCAL) and _well_formed_law(name):
            title = name
        if title is None:
            continue
        end = m.end("article") if m["article"] else m.end()
        found.append(Reference(m.end() - len(name), end, title, _number(m["art"]), _number(m["sub"])))
    return found


def may_name_rules(text: str) -> bool:
    """Tell whether the text has a basis word before a title's ending: a name of the registry may be there."""
    return _TRIGGERS.search(text) is not None and _BARE_END.search(text) is not None


def find_references(text: str, known: Collection[str] = ()) -> list[Reference]:
    """Return the references in `text`, in order, without overlaps; `known` holds the registry's titles
    (normal_title) that names without 《》 may name."""
    found: list[Reference] = _bare_names(text, known)
    for m in _BOOK.finditer(text):
        if not _RULE_ENDINGS.search(normal_title(m["title"])):
            continue
        found.append(Reference(m.start(), m.end(), m["title"].strip(), _number(m["art"]), _number(m["sub"])))
    for m in _SELF.finditer(text):
        found.append(Reference(m.start(), m.end(), None, _number(m["art"]), _number(m["sub"])))
    for m in _EN.finditer(text):
        title = None if m["self"] else _SPACES.sub(" ", m["title"])
        found.append(Reference(m.start(), m.end(), title, int(m["art"]), int(m["sub"]) if m["sub"] else None))
    found += [more for ref in found if ref.article for more in _continuations(text, ref)]
    found.sort(key=lambda r: (r.start, -r.end))
    kept, end = [], -1
    for ref in found:
        if ref.start >= end:
            kept.append(ref)
            end = ref.end
    return kept


def _continuations(text: str, ref: Reference) -> list[Reference]:
    """Return the articles listed right after `ref` (、第八条、第九条), as references to the same rule."""
    more, at = [], ref.end
    while (m := _MORE.match(text, at)) is not None:
        more.append(Reference(m.start() + m.group(0).index("第"), m.end(), ref.title, _number(m["art"]),
                              _number(m["sub"])))
        at = m.end()
    return more


def article_anchor(article: int, sub: int | None = None) -> str:
    """Return the rule page's anchor of an article (the parser's art-12, art-10-1)."""
    return f"art-{article}" + (f"-{sub}" if sub else "")
