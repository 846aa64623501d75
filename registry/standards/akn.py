"""Akoma Ntoso 3.0 (OASIS LegalDocML) for a rule version: export, and import back to the same structure.

The body's parsed structure (`rules/articles.py`) becomes act → body → part/chapter/section → article →
paragraph (款) → list/point (项, 目), each with the registry's own anchor as its `eId`, so a link into
the page and into the XML name the same thing. The FRBR work is the rule (its code, first in force), the
expression is the version in Chinese from its effective date, the manifestation this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lxml import etree

from registry.rules.articles import Segment, parse_body, parse_clauses

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = f"{{{NS}}}"
HEADING_MARKS = {"part": "#", "subpart": "#", "chapter": "##", "section": "###"}
ELEMENT = {"part": "part", "subpart": "part", "chapter": "chapter", "section": "section", "article": "article"}


@dataclass(frozen=True)
class Identity:
    """What the FRBR block names: the rule (work) and this version of its text (expression)."""

    code: str
    title: str
    work_date: date
    expression_date: date
    version: int
    generated_on: date


def _uri_code(code: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in code)


def work_uri(identity: Identity) -> str:
    return f"/akn/cn/act/{identity.work_date.isoformat()}/{_uri_code(identity.code)}"


def expression_uri(identity: Identity) -> str:
    return f"{work_uri(identity)}/zho@{identity.expression_date.isoformat()}"


def _el(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, A + tag, {k.rstrip("_"): str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _frbr(parent, kind: str, this: str, uri: str, when: date, name: str, *, aliases=(), properties=()) -> None:
    """One FRBR level, its elements in the schema's order: this, uri, alias, date, author, then its own."""
    block = _el(parent, kind)
    _el(block, "FRBRthis", value=this)
    _el(block, "FRBRuri", value=uri)
    for attributes in aliases:
        _el(block, "FRBRalias", **attributes)
    _el(block, "FRBRdate", date=when.isoformat(), name=name)
    _el(block, "FRBRauthor", href="#registry")
    for tag, attributes in properties:
        _el(block, tag, **attributes)


def _meta(act, identity: Identity) -> None:
    meta = _el(act, "meta")
    ident = _el(meta, "identification", source="#registry")
    work, expression = work_uri(identity), expression_uri(identity)
    _frbr(ident, "FRBRWork", f"{work}/!main", work, identity.work_date, "Generation",
          aliases=[{"value": identity.code, "name": "code"}],
          properties=[("FRBRcountry", {"value": "cn"}), ("FRBRnumber", {"value": identity.code}),
                      ("FRBRname", {"value": identity.title})])
    _frbr(ident, "FRBRExpression", f"{expression}/!main", expression, identity.expression_date, "effective",
          properties=[("FRBRversionNumber", {"value": str(identity.version)}), ("FRBRlanguage", {"language": "zho"})])
    _frbr(ident, "FRBRManifestation", f"{expression}/!main.xml", f"{expression}.akn", identity.generated_on,
          "transform")
    references = _el(meta, "references", source="#registry")
    _el(references, "TLCOrganization", eId="registry", href="/ontology/organization/registry", showAs="Registry")


def _p(parent, text: str) -> None:
    _el(parent, "p", text.strip())


def _article(parent, segment: Segment) -> None:
    article = _el(parent, "article", eId=segment.anchor)
    if segment.label:
        _el(article, "num", segment.label)
    clauses = parse_clauses(segment) if segment.label else []
    if not clauses:
        text = segment.text[len(segment.label):] if segment.label else segment.text
        paragraph = _el(article, "paragraph", eId=f"{segment.anchor}-p1")
        content = _el(paragraph, "content")
        for line in [ln for ln in text.splitlines() if ln.strip()] or [""]:
            _p(content, line)
        return
    paragraph = points = point = None
    for clause in clauses:
        if clause.kind == "paragraph":
            paragraph = _el(article, "paragraph", eId=clause.anchor)
            _p(_el(paragraph, "content"), clause.text)
            points = point = None
        elif clause.kind == "item":
            if paragraph is None:
                paragraph = _el(article, "paragraph", eId=f"{segment.anchor}-p1")
            if points is None:
                points = _wrap_in_list(paragraph)
            point = _el(points, "point", eId=clause.anchor)
            _el(point, "num", clause.label)
            _p(_el(point, "content"), clause.text)
        else:  # a 目 inside the last 项
            if point is None:
                continue
            sub = point.find(A + "list")
            if sub is None:
                sub = _wrap_in_list(point)
            item = _el(sub, "point", eId=clause.anchor)
            _el(item, "num", clause.label)
            _p(_el(item, "content"), clause.text)


def _wrap_in_list(container) -> etree._Element:
    """Turn a paragraph's (or point's) content into the intro of a list, to which points are added."""
    content = container.find(A + "content")
    points = _el(container, "list", eId=f"{container.get('eId')}-list")
    if content is not None:
        intro = _el(points, "intro")
        for p in content:
            intro.append(p)
        container.remove(content)
    return points


def export_version(body: str, identity: Identity) -> bytes:
    """Return the version's text as an Akoma Ntoso 3.0 act (UTF-8 XML)."""
    root = etree.Element(A + "akomaNtoso", nsmap={None: NS})
    act = _el(root, "act", name="rule")
    _meta(act, identity)
    preface = _el(act, "preface")
    _el(_el(preface, "longTitle"), "p").append(_doc_title(identity.title))
    segments = parse_body(body).segments
    preamble = [s for s in segments if s.kind == "preamble"]
    if preamble and preamble[0].text.strip():
        block = _el(act, "preamble")
        for line in [ln for ln in preamble[0].text.splitlines() if ln.strip()]:
            _p(block, line)
    container = _el(act, "body")
    stack: list[tuple[str, etree._Element]] = []
    for segment in segments:
        if segment.kind == "preamble":
            continue
        if segment.anchor == "body":
            unit = _el(container, "hcontainer", eId="body", name="body")
            content = _el(unit, "content")
            for line in [ln for ln in segment.text.splitlines() if ln.strip()] or [""]:
                _p(content, line)
            continue
        while stack and stack[-1][0] not in segment.parents:
            stack.pop()
        parent = stack[-1][1] if stack else container
        if segment.kind == "article":
            _article(parent, segment)
        else:
            element = _el(parent, ELEMENT[segment.kind], eId=segment.anchor)
            _el(element, "num", segment.label)
            heading = _heading_as_written(segment)
            if heading:
                _el(element, "heading", heading)
            extra = [ln for ln in segment.text.splitlines()[1:] if ln.strip()]
            if extra:  # text under the heading before its first article (or a chapter that is the unit)
                intro = _el(element, "intro")
                for line in extra:
                    _p(intro, line)
            stack.append((segment.anchor, element))
    for element in container.iter(A + "part", A + "chapter", A + "section"):
        intro = element.find(A + "intro")
        if intro is not None and not any(etree.QName(c).localname in ELEMENT.values() for c in element):
            intro.tag = A + "content"  # without units below, the text is the element's content
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _heading_as_written(segment: Segment) -> str:
    """The heading's words as the line has them (the parsed title drops some punctuation)."""
    line = segment.text.splitlines()[0] if segment.text else ""
    line = line.strip().lstrip("#").strip().strip("*_").strip()
    if segment.label and line.startswith(segment.label):
        line = line[len(segment.label):]
    return line.strip().strip("*_").strip() or segment.title


def _doc_title(title: str) -> etree._Element:
    element = etree.Element(A + "docTitle")
    element.text = title
    return element


def _texts(element) -> list[str]:
    return ["".join(p.itertext()).strip() for p in element.iter(A + "p")]


def _clauses_text(article) -> list[str]:
    lines = []
    for paragraph in article.findall(A + "paragraph"):
        for child in paragraph:
            if child.tag == A + "content":
                lines += _texts(child)
            elif child.tag == A + "list":
                lines += _list_lines(child)
    return lines


def _list_lines(points) -> list[str]:
    lines = []
    for child in points:
        if child.tag == A + "intro":
            lines += _texts(child)
        elif child.tag == A + "point":
            num = child.findtext(A + "num") or ""
            if num[-1:].isascii():  # "1. 子一", but "（一）甲"
                num += " "
            content, sub = child.find(A + "content"), child.find(A + "list")
            inner = _texts(content) if content is not None else _list_lines(sub) if sub is not None else []
            lines.append(num + (inner[0] if inner else ""))
            lines += inner[1:]
    return lines


def import_act(xml: bytes) -> tuple[str, str]:
    """Read an Akoma Ntoso act back into (title, body text) that parses to the same structure."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    act = root.find(A + "act")
    if root.tag != A + "akomaNtoso" or act is None:
        raise ValueError("not an Akoma Ntoso 3.0 act")
    title = "".join(act.find(f"{A}preface/{A}longTitle").itertext()).strip() if act.find(
        f"{A}preface/{A}longTitle") is not None else ""
    blocks: list[str] = []
    preamble = act.find(A + "preamble")
    if preamble is not None:
        blocks += _texts(preamble)

    def walk(element) -> None:
        for child in element:
            tag = etree.QName(child).localname
            if tag in ("part", "chapter", "section"):
                kind = "chapter" if tag == "chapter" else tag
                heading = child.findtext(A + "heading") or ""
                blocks.append(f"{HEADING_MARKS[kind]} {child.findtext(A + 'num') or ''} {heading}".rstrip())
                for text_block in (child.find(A + "intro"), child.find(A + "content")):
                    if text_block is not None:
                        blocks.append("\n".join(_texts(text_block)))
                walk(child)
            elif tag == "article":
                num = child.findtext(A + "num") or ""
                lines = _clauses_text(child)
                first = (num + " " + lines[0]) if num and lines else (num or (lines[0] if lines else ""))
                blocks.append("\n".join([first] + lines[1:]))
            elif tag == "hcontainer":
                blocks.extend(_texts(child))

    walk(act.find(A + "body"))
    return title, "\n\n".join(b for b in blocks if b) + "\n"
