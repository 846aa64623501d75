"""Read the body a Word file keeps in an altChunk part (an embedded MHT or HTML document).

Word files from the national laws database (flk.npc.gov.cn) hold a nearly empty document.xml and the
whole law in `word/afchunk.mht`: a MIME multipart message whose HTML part is quoted-printable or
base64, in a charset stated by the part or by the page's <meta>. This module turns such a part into
the same Markdown paragraphs and tables the .docx reader gives.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

HTML_TYPES = ("text/html", "application/xhtml+xml")
BLOCKS = {"p", "div", "li", "dd", "dt", "blockquote", "pre", "center", "address", "section", "article"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def altchunk_text(blob: bytes, content_type: str = "") -> str:
    """Return the Markdown text of an altChunk part: MHT (MIME), HTML or plain text."""
    content_type = content_type.lower()
    if content_type.startswith("text/plain"):
        return _decode(blob, None)
    head = blob[:2048].lower()
    if content_type.startswith("message/") or b"mime-version" in head or b"content-type:" in head[:600]:
        html, charset = _html_of_message(blob)
    else:
        html, charset = blob, None
    return html_to_markdown(_decode(html, charset))


def _html_of_message(blob: bytes) -> tuple[bytes, str | None]:
    """Return the first HTML part of a MIME message, transfer-decoded, with its declared charset."""
    message = email.message_from_bytes(blob, policy=email.policy.compat32)
    parts: list[Message] = list(message.walk()) if message.is_multipart() else [message]
    for part in parts:
        if part.get_content_type() in HTML_TYPES:
            payload = part.get_payload(decode=True) or b""
            return payload, part.get_content_charset()
    for part in parts:  # no part says HTML: the first part with a body
        payload = part.get_payload(decode=True)
        if payload:
            return payload, part.get_content_charset()
    return b"", None


def _decode(data: bytes, charset: str | None) -> str:
    """Decode with the stated charset, else the page's <meta>, else UTF-8, else GB18030."""
    candidates = [charset] if charset else []
    meta = META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        name = "gb18030" if name and name.lower() in ("gb2312", "gbk", "x-gbk") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def html_to_markdown(html: str) -> str:
    """Turn an HTML page into paragraphs (one per block), headings and Markdown tables."""
    import lxml.html
    from lxml import etree

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for junk in root.xpath("//script|//style|//head|//comment()|//nav|//header|//footer|//aside|//form"
                           "|//button|//select|//noscript|//iframe"):
        junk.drop_tree() if hasattr(junk, "drop_tree") else junk.getparent().remove(junk)
    main = root.xpath("//main|//article|//*[@id='zoom' or @id='ivs_content' or @id='UCAP-CONTENT' "
                      "or contains(@class, 'TRS_Editor') or contains(@class, 'article-content')]")
    if main:  # a site page: its article, not the breadcrumbs and link lists around it
        root = main[0]
    blocks: list[str] = []
    line: list[str] = []
    _walk(root, blocks, line)
    _flush(blocks, line)
    return "\n\n".join(b for b in blocks if b.strip())


def _walk(element, blocks: list[str], line: list[str]) -> None:
    """Collect text into `line`; a block element or <br> ends the paragraph in progress."""
    from registry.io.readers import markdown_table

    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table":
        _flush(blocks, line)
        rows = [[_cell_text(cell) for cell in row.xpath("./th|./td")] for row in element.xpath(".//tr")]
        rows = [row for row in rows if any(c.strip() for c in row)]
        if rows:
            blocks.append(markdown_table(rows))
        _tail(element, line)
        return
    if tag == "br":
        _flush(blocks, line)
        _tail(element, line)
        return
    block = tag in BLOCKS or tag in HEADINGS
    if block:
        _flush(blocks, line)
    if element.text and tag:
        line.append(element.text)
    for child in element:
        _walk(child, blocks, line)
    if block:
        _flush(blocks, line, HEADINGS.get(tag, 0))
    _tail(element, line)


def _tail(element, line: list[str]) -> None:
    if element.tail:
        line.append(element.tail)


def _flush(blocks: list[str], line: list[str], level: int = 0) -> None:
    text = SPACES.sub(" ", "".join(line)).strip(" \u3000")
    line.clear()
    if text:
        blocks.append(("#" * level + " " + text) if level else text)


def _cell_text(cell) -> str:
    parts: list[str] = []
    for piece in cell.itertext():
        parts.append(piece)
    return SPACES.sub(" ", "".join(parts)).strip(" \u3000")
