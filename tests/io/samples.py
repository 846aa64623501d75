"""Real documents built for the io tests: Word, PDF (with a CJK text layer), GBK text, zips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from registry.io.documents import find_cjk_font

RULE_TEXT = [
    "第一条 为规范公文处理工作，制定本办法。",
    "第二条 本办法适用于本单位各部门。",
    "第三条 本办法自印发之日起施行。",
]


def write_docx(path: Path, title: str = "公文处理办法", number: str = "办发〔2023〕12号",
               issued: str = "印发日期：2023年3月1日") -> Path:
    """Write a Word file with a title, a 文号 line, a chapter heading, articles and a table."""
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=0)
    doc.add_paragraph(number)
    doc.add_paragraph(issued)
    doc.add_heading("第一章 总则", level=1)
    for line in RULE_TEXT:
        doc.add_paragraph(line)
    table = doc.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "级别", (0, 1): "住宿费", (1, 0): "司局级", (1, 1): "450|元"}.items():
        table.cell(r, c).text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def write_pdf(path: Path, lines: list[str]) -> Path:
    """Write a PDF whose text layer holds `lines`, set in the machine's CJK font."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", "", str(find_cjk_font()))
    pdf.set_font("cjk", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(pdf.output()))
    return path


def write_encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def zip_bytes(members: dict[str, bytes], *, symlinks: dict[str, str] | None = None) -> bytes:
    """Build a .zip in memory; `symlinks` adds entries flagged as symbolic links."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            bundle.writestr(info, target)
    return buffer.getvalue()


def write_folder(path: Path, files: dict[str, str]) -> Path:
    """Make the folder `path` with these UTF-8 text files in it (a folder to import); return it."""
    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def write_numbered_docx(path: Path) -> Path:
    """Write a Word file whose articles are numbered by Word itself (level text 第%1条, Chinese counting)."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    doc.add_heading("车辆管理办法", level=0)
    numbering = doc.part.numbering_part.element
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    texts = [(0, "为加强车辆管理，制定本办法。")] + [(0, f"规定{n}。") for n in range(2, 12)] + [
        (1, "公务用车；"), (1, "应急用车。"), (0, "本办法自印发之日起施行。")]
    for level, text in texts:
        paragraph = doc.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    doc.add_paragraph("要点", style="List Bullet")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
