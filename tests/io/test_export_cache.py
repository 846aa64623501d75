"""Exports written once per version, format and heading: kept files, ETags and 304, keys that change when they must."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from registry.db import db
from registry.io import export_cache, fontcache
from registry.io.documents import find_cjk_font
from registry.rules import services
from registry.rules.queries import rule_by_code

OLD = "# 差旅费管理办法\n\n第一条 住宿费标准为350元。\n"
NEW = "# 差旅费管理办法\n\n第一条 住宿费标准为450元。\n"


@pytest.fixture
def travel(make_rule):
    return make_rule(code="财发〔2021〕5号", title="差旅费管理办法",
                     versions=[(OLD, date(2018, 10, 26)), (NEW, date(2021, 4, 29))])


def _kept_files(app) -> list[str]:
    return sorted(str(p.relative_to(export_cache.folder())) for p in export_cache.folder().rglob("*.*"))


def test_second_download_is_the_kept_file_and_answers_304(app, client, login, make_user, travel):
    login(make_user("reader"))
    before = export_cache.renders
    first = client.get(f"/io/export/docx/{travel}")
    second = client.get(f"/io/export/docx/{travel}")
    assert first.status_code == second.status_code == 200
    assert export_cache.renders == before + 1  # written once
    assert first.data == second.data
    assert "450元" in "\n".join(p.text for p in Document(io.BytesIO(second.data)).paragraphs)
    etag = first.headers["ETag"]
    assert etag and second.headers["ETag"] == etag and first.headers["Cache-Control"] == "private, no-cache"
    again = client.get(f"/io/export/docx/{travel}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get(f"/io/export/docx/{travel}", headers={"If-None-Match": '"other"'}).status_code == 200
    assert export_cache.renders == before + 1
    with app.test_request_context():
        assert len(_kept_files(app)) == 1


def test_each_version_and_format_has_its_own_file(app, client, login, make_user, travel):
    login(make_user("reader"))
    old = client.get(f"/io/export/docx/{travel}?version=1")
    new = client.get(f"/io/export/docx/{travel}?version=2")
    assert old.headers["ETag"] != new.headers["ETag"]
    assert "350元" in "".join(p.text for p in Document(io.BytesIO(old.data)).paragraphs)
    with app.app_context():
        rule = rule_by_code(travel)
        services.approve_version(None, services.add_draft_version(None, rule, NEW.replace("450", "500")),
                                 date(2024, 1, 1))
        db.session.commit()
    third = client.get(f"/io/export/docx/{travel}?version=3")
    assert third.headers["ETag"] not in (old.headers["ETag"], new.headers["ETag"])
    assert "500元" in "".join(p.text for p in Document(io.BytesIO(third.data)).paragraphs)
    # Version 2 is now replaced: its heading says so, so its file is written again, with a new ETag.
    replaced = client.get(f"/io/export/docx/{travel}?version=2")
    assert replaced.headers["ETag"] != new.headers["ETag"]
    assert "被替代日期：2024年1月1日" in "\n".join(p.text for p in Document(io.BytesIO(replaced.data)).paragraphs)
    with app.test_request_context():
        kept = _kept_files(app)
    assert len(kept) == 3 and len({name.split("/")[0] for name in kept}) == 3  # one file per version


def test_writer_version_and_printed_date_change_the_key(app, client, login, make_user, travel, monkeypatch, clock):
    reader = make_user("reader")
    login(reader)
    before = export_cache.renders
    first = client.get(f"/io/export/docx/{travel}").headers["ETag"]
    monkeypatch.setattr(export_cache, "WRITER_VERSION", "next release")
    second = client.get(f"/io/export/docx/{travel}").headers["ETag"]
    clock.advance(days=1)
    login(reader)  # the session of yesterday has lapsed
    third = client.get(f"/io/export/docx/{travel}").headers["ETag"]
    assert len({first, second, third}) == 3 and export_cache.renders == before + 3


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (apt-get install fonts-wqy-zenhei)")
def test_pdf_kept_and_fonts_parsed_once_per_process(app, client, login, make_user, travel):
    login(make_user("reader"))
    client.get(f"/io/export/pdf/{travel}?version=1")
    parsed = fontcache.parses
    renders = export_cache.renders
    new = client.get(f"/io/export/pdf/{travel}?version=2")
    assert fontcache.parses == parsed and export_cache.renders == renders + 1  # a new PDF, no font parsed again
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(new.data)).pages)
    assert "住宿费标准为450元" in text and "差旅费管理办法" in text
    again = client.get(f"/io/export/pdf/{travel}?version=2")
    assert again.data == new.data and export_cache.renders == renders + 1
    assert client.get(f"/io/export/pdf/{travel}?version=2",
                      headers={"If-None-Match": new.headers["ETag"]}).status_code == 304


def test_comparison_docx_written_once_per_pair(app, client, login, make_user, travel):
    login(make_user("reader"))
    before = export_cache.renders
    first = client.get(f"/proposals/compare.docx?code={travel}&a=1&b=2")
    second = client.get(f"/proposals/compare.docx?code={travel}&a=1&b=2")
    every = client.get(f"/proposals/compare.docx?code={travel}&a=1&b=2&all=1")
    assert first.status_code == second.status_code == every.status_code == 200
    assert first.data == second.data and every.headers["ETag"] != first.headers["ETag"]
    assert export_cache.renders == before + 2
    cells = [c.text for t in Document(io.BytesIO(first.data)).tables for row in t.rows for c in row.cells]
    assert any("450元" in c for c in cells) and any("350元" in c for c in cells)
    assert client.get(f"/proposals/compare.docx?code={travel}&a=1&b=2",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
