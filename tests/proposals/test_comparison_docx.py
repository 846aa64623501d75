"""The 新旧对照表 .docx: A4 landscape, set CJK faces, black text, and a distinct file name per variant."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import unquote

from docx import Document
from docx.oxml.ns import qn

from registry.db import db
from registry.rules.queries import rule_by_code
from tests.proposals.test_proposals import NEW_BODY, submit


def _filename(response) -> str:
    """The download's name: filename*= (RFC 6266) when it is not ASCII, else the plain filename=."""
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    if "filename*=UTF-8''" in disposition:
        return unquote(disposition.split("filename*=UTF-8''")[1])
    return disposition.split("filename=")[1].strip('"')


def _east_asia_faces(document) -> set[str]:
    return {f.get(qn("w:eastAsia")) for f in document.element.body.iter(qn("w:rFonts")) if f.get(qn("w:eastAsia"))}


def test_proposal_comparison_on_a4_landscape_with_cjk_faces(app, client, login, office):
    proposal_id = submit(client, login, office.reader, office.code)
    response = client.get(f"/proposals/{proposal_id}/export.docx")
    document = Document(io.BytesIO(response.data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert section.orientation == 1  # landscape
    assert _east_asia_faces(document) <= {"宋体", "黑体", "楷体"} and "宋体" in _east_asia_faces(document)
    for run in (r for p in document.paragraphs for r in p.runs):
        assert run.font.color.rgb is None or str(run.font.color.rgb) == "000000"
    assert document.paragraphs[0].style.name == "Normal"  # not python-docx's blue "Heading 1"
    assert "（修改条文）" in [p.text for p in document.paragraphs]
    every = client.get(f"/proposals/{proposal_id}/export.docx?all=1")
    assert "（全部条文）" in [p.text for p in Document(io.BytesIO(every.data)).paragraphs]
    names = {_filename(response), _filename(every), _filename(client.get(f"/proposals/{proposal_id}/export.csv")),
             _filename(client.get(f"/proposals/{proposal_id}/export.csv?all=1"))}
    assert names == {f"{office.code}-proposal-{proposal_id}-v1-changes.docx",
                     f"{office.code}-proposal-{proposal_id}-v1-all.docx",
                     f"{office.code}-proposal-{proposal_id}-v1-changes.csv",
                     f"{office.code}-proposal-{proposal_id}-v1-all.csv"}


def test_version_comparison_names_its_versions_and_variant(app, client, login, office):
    from registry.rules import services

    with app.app_context():
        rule = rule_by_code(office.code)
        services.approve_version(None, services.add_draft_version(None, rule, NEW_BODY), date(2025, 1, 1))
        db.session.commit()
    login(office.reader)
    changed = client.get(f"/proposals/compare.docx?code={office.code}&a=1&b=2")
    every = client.get(f"/proposals/compare.docx?code={office.code}&a=1&b=2&all=1")
    assert _filename(changed) == f"{office.code}-v1-v2-changes.docx"
    assert _filename(every) == f"{office.code}-v1-v2-all.docx"
    assert round(Document(io.BytesIO(every.data)).sections[0].page_width.mm) == 297
