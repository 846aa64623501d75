"""Turn a source file (.md, .txt, .docx, .pdf) into the Markdown text of a rule, or refuse it with a reason.

Every reader works on one file at a time and keeps nothing: the importer streams through a folder.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _

from registry.errors import UserFacingError
from registry.io.contents import drop_toc
from registry.io.zipparts import OversizedPart, check_package

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
WEB_SUFFIXES = {".html", ".htm", ".mht", ".mhtml"}  # a saved web page (a government site's publication)
CONVERTED_SUFFIXES = {".doc", ".wps", ".odt"}  # read through LibreOffice (convert.py)
SUFFIXES = TEXT_SUFFIXES | WEB_SUFFIXES | {".docx", ".pdf"} | CONVERTED_SUFFIXES
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"}
ARCHIVE_SUFFIXES = {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz"}
SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or an encrypted Office file
DETECTED_ENCODINGS = ["gb18030", "big5", "utf_16", "utf_32"]


class UnreadableFile(UserFacingError):
    """A file that cannot be turned into a rule, with the reason."""


def skip_reason(name: str) -> str | None:
    """Return why a file that is not a document is left out (for the report), or None for system clutter."""
    lowered = name.lower()
    if lowered in SYSTEM_FILES or lowered.startswith(("~$", "._", ".")):
        return None
    suffix = Path(lowered).suffix
    if suffix in IMAGE_SUFFIXES:
        return _("an image with no document beside it: images are imported only as attachments of "
                 "the rule in their folder")
    if suffix in ARCHIVE_SUFFIXES:
        return _("an archive inside the upload is not unpacked; unpack it and upload its files")
    return _("files of type %(type)s are not imported", type=suffix or "(none)")


def check_size(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """Refuse files that are empty or larger than the limit, before reading them."""
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(_("the file is empty"))
    if size > max_bytes:
        raise UnreadableFile(_("the file is %(size)s MB, larger than the %(limit)s MB limit",
                               size=round(size / 1048576), limit=round(max_bytes / 1048576)))
    return size


@dataclass
class Reading:
    """A file's text, and what the reader did to it that the preview should say (a 目录 left out …)."""

    text: str
    notes: list[str] = field(default_factory=list)


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the file's text as Markdown, whatever its format; refuse what cannot be read."""
    return read_source(path, max_bytes).text


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Reading:
    """Read a file as Markdown with notes on what was recognised; refuse what cannot be read."""
    if path.is_symlink():
        raise UnreadableFile(_("symbolic links are not followed"))
    check_size(path, max_bytes)
    suffix = path.suffix.lower()
    notes: list[str] = []
    if suffix == ".docx":
        text = read_docx(path)
    elif suffix == ".pdf":
        text = read_pdf(path)
    elif suffix in TEXT_SUFFIXES:
        text = decode_text(path.read_bytes())
    elif suffix in WEB_SUFFIXES:
        text = read_web_page(path)
    elif suffix in CONVERTED_SUFFIXES:
        text = read_converted(path)
        notes.append(_("converted from %(type)s with LibreOffice", type=suffix))
    else:
        raise UnreadableFile(_("files of type %(type)s are not imported", type=suffix or "(none)"))
    if not text.strip():
        raise UnreadableFile(_("the file is empty"))
    text, had_toc = drop_toc(text)
    if had_toc:
        text = re.sub(r"\n{3,}", "\n\n", text)
        notes.append(_("a table of contents (目录) was recognised and left out of the text"))
    return Reading(text, notes)


def read_web_page(path: Path) -> str:
    """Return the text of a saved web page (.html, or .mht as browsers and Word save it), without the
    site's menus, header and footer."""
    from registry.io.altchunk import altchunk_text

    data = path.read_bytes()
    mime = path.suffix.lower() in (".mht", ".mhtml")
    return altchunk_text(data, "message/rfc822" if mime else "text/html")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 text, or GB18030/GBK (and Big5, UTF-16) detected from the bytes."""
    if not data.strip():
        raise UnreadableFile(_("the file is empty"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnreadableFile(_("the file is binary, not text"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=DETECTED_ENCODINGS).best()
    if best is not None and best.chaos < 0.2:
        return str(best)
    try:  # short Chinese texts can be too small for detection; GB18030 decodes them strictly
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    raise UnreadableFile(_("not valid UTF-8 or GB18030 text (%(reason)s at byte %(at)s)",
                           reason=utf8_error.reason, at=utf8_error.start))


def _check_office_container(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        raise UnreadableFile(_("the Word file is password-protected or in the old .doc format; save it as .docx"))
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(_("the file is not a readable Word (.docx) document"))
    try:
        check_package(path)
    except OversizedPart as error:
        raise UnreadableFile(str(error)) from error
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as error:
        raise UnreadableFile(_("the Word file is damaged (%(error)s)", error=type(error).__name__)) from error


def read_docx(path: Path) -> str:
    """Return a .docx as Markdown: headings, paragraphs in order, tables as Markdown tables."""
    _check_office_container(path)
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from registry.io.docxnumbering import Numbering

    try:
        document = Document(str(path))
        numbering = Numbering(document)
        blocks = []
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "tbl":
                item = Table(element, document._body)
                blocks.append(markdown_table([[cell.text for cell in row.cells] for row in item.rows]))
            elif tag == "p":
                item = Paragraph(element, document._body)
                blocks.append(_docx_paragraph(item, numbering.label(item)))
            elif tag == "altChunk":
                blocks.append(_altchunk(document, element))
    except UnreadableFile:
        raise
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise UnreadableFile(_("the Word file is damaged (%(error)s)", error=type(error).__name__)) from error
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"


def _altchunk(document, element) -> str:
    """Return the text of the part an altChunk points at (the body of flk.npc.gov.cn downloads)."""
    from registry.io.altchunk import altchunk_text

    rid = element.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    part = document.part.related_parts.get(rid) if rid else None
    if part is None:
        return ""
    return altchunk_text(part.blob, part.content_type)


def read_converted(path: Path) -> str:
    """Return a .doc/.wps/.odt as Markdown by converting it to .docx with LibreOffice first."""
    from registry.io.convert import ConversionFailed, converted_docx

    try:
        with converted_docx(path) as docx:
            return read_docx(docx)
    except ConversionFailed as error:
        raise UnreadableFile(str(error)) from error


HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _docx_paragraph(paragraph, label: str = "") -> str:
    """Return a paragraph as Markdown; `label` is the text of Word's automatic numbering ('第三条')."""
    text = paragraph.text.strip()
    if not text:
        return ""
    if label and label not in ("•", "·", "-"):
        text = f"{label} {text}"
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower() == "title" or style == "标题":
        return f"# {text}"
    match = HEADING_STYLE.match(style)
    if match:
        return "#" * max(1, min(6, int(match.group(1)))) + " " + text
    return text


def markdown_table(rows: list[list[str]]) -> str:
    """Render rows (the first is the header) as a Markdown table, escaping pipes and line breaks."""
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    clean = [[(c or "").replace("|", "\\|").replace("\n", "<br>").strip() for c in r] + [""] * (width - len(r))
             for r in rows]
    lines = ["| " + " | ".join(clean[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in clean[1:]]
    return "\n".join(lines)


def read_pdf(path: Path) -> str:
    """Return the text layer of a PDF, page by page; refuse encrypted or image-only files."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from registry.io.pdftext import largest_text, page_text

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path))
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadableFile(_("the PDF is password-protected"))
            pages = [page.extract_text() or "" for page in reader.pages]
            layouts = [_layout(page) for page in reader.pages]
            title = largest_text(reader.pages[0]) if reader.pages else ""
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise UnreadableFile(_("the PDF is damaged (%(error)s)", error=type(error).__name__)) from error
    except Exception as error:  # pypdf reports some damage with other exception types
        raise UnreadableFile(_("the PDF cannot be read (%(error)s)", error=type(error).__name__)) from error
    text = page_text(pages, title, layouts)
    if not text.strip():
        raise UnreadableFile(_("the PDF has no text layer (a scan?); run it through OCR first"))
    return text + "\n"


def _layout(page) -> str:
    """Return a page's text with its columns spaced out (where tables show), or "" if pypdf cannot."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is newer and stricter than the plain one; tables are a bonus
        return ""
