"""Metadata from the document itself: effective and issue dates from its own clauses, its own 文号, its title."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from registry.db import db
from registry.io import textmeta
from registry.io.findings import examine
from registry.rules.models import Rule

ARTICLES = "\n第一条 为规范管理，制定本办法。\n第二条 本办法适用于全体职工。\n"


@pytest.mark.parametrize(("text", "effective"), [
    ("# 档案管理办法\n" + ARTICLES + "第三条 本办法自2025年7月1日起施行。\n", date(2025, 7, 1)),
    ("# 档案管理办法\n" + ARTICLES + "第三条 本办法自二〇二五年七月一日起施行。\n", date(2025, 7, 1)),
    ("# 档案管理办法\n印发日期：2023年3月1日\n" + ARTICLES + "第三条 本办法自印发之日起施行。\n", date(2023, 3, 1)),
    ("教育部令第41号\n《学校安全管理办法》已经2024年1月5日部务会议审议通过，现予公布，自2024年3月1日起施行。\n"
     "# 学校安全管理办法\n" + ARTICLES, date(2024, 3, 1)),
    ("# Leave Policy\nEffective Date: March 1, 2025\n1. Purpose\nThis policy ...\n", date(2025, 3, 1)),
    ("# Records Policy\nArticle 1. This policy is effective April 1st, 2010 for all staff.\n", date(2010, 4, 1)),
    ("# 章程\n第一条 本章程参照《某某法》（1998年10月4日）制定。\n"
     "第二条 本章程自2019年5月1日起施行。\n", date(2019, 5, 1)),
])
def test_the_effective_date_comes_from_the_texts_own_clause(text, effective):
    assert textmeta.stated_effective_date(text) == effective


def test_a_bibliography_date_is_not_an_effective_date_and_an_undated_text_gets_none():
    text = "# 论文写作规范\n参考：GB/T 7714—2015，1998年10月4日版本。\n第一条 论文应当规范。\n"
    assert textmeta.stated_effective_date(text) is None
    found = examine(text, fallback_title="x")
    assert found.effective_on is None and any("no date is stated" in w for w in found.warnings)


def test_issue_and_effective_dates_are_kept_apart_with_their_evidence():
    text = ("# 差旅费管理办法\n办发〔2023〕12号\n2023年3月1日印发\n" + ARTICLES
            + "第三条 本办法自2023年4月1日起施行。\n")
    found = examine(text, fallback_title="x")
    assert (found.issued_on, found.effective_on) == (date(2023, 3, 1), date(2023, 4, 1))
    assert found.issued_from == "2023年3月1日印发" and "本办法自2023年4月1日起施行" in found.effective_from
    assert found.doc_number == "办发〔2023〕12号" and found.doc_number_from == "办发〔2023〕12号"


def test_a_law_header_gives_the_latest_amendment_as_its_issue_date():
    text = ("中华人民共和国劳动合同法\n（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过　"
            "根据2012年12月28日第十一届全国人民代表大会常务委员会第三十次会议修正）\n"
            "第一章 总则\n第一条 为了完善劳动合同制度，制定本法。\n"
            "第九十八条 本法自2008年1月1日起施行。\n")
    found = examine(text, fallback_title="x")
    assert found.issued_on == date(2012, 12, 28) and found.effective_on == date(2008, 1, 1)


@pytest.mark.parametrize(("text", "number"), [
    ("# 差旅费管理办法\n办发〔2023〕12号\n" + ARTICLES, "办发〔2023〕12号"),
    ("中华人民共和国教育部令\n第41号\n# 学校安全管理办法\n" + ARTICLES, "中华人民共和国教育部令第41号"),
    ("# 学校安全管理办法\n（2024年1月5日教育部令第41号公布）\n" + ARTICLES, "教育部令第41号"),
    ("# 实施细则\n为贯彻落实《国务院关于积极推进“互联网+”行动的指导意见》（国发〔2015〕40号）"
     "精神，制定本细则。\n" + ARTICLES, None),
    ("# 实施细则\n" + ARTICLES + "第三条 根据国发〔2015〕59号文件执行。\n", None),
])
def test_the_doc_number_is_the_documents_own_not_one_it_cites(text, number):
    assert textmeta.stated_doc_number(text) == number


@pytest.mark.parametrize(("text", "title", "source"), [
    ("规 章 制 度\n" + ARTICLES, "规章制度", "text"),
    ("《学生管理规定》\n" + ARTICLES, "学生管理规定", "text"),
    ("附件1\n# 经费管理办法\n" + ARTICLES, "经费管理办法", "annex"),
    ("附件2：\n科研项目管理细则\n" + ARTICLES, "科研项目管理细则", "annex"),
    ("北京某某大学研究生\n学位授予工作细则\n" + ARTICLES, "北京某某大学研究生学位授予工作细则", "two lines"),
    ("某某大学文件\n某大发〔2021〕3号\n某某大学实验室安全管理办法\n" + ARTICLES, "某某大学实验室安全管理办法", "text"),
])
def test_titles_as_documents_write_them(text, title, source):
    stated = textmeta.describe(text)
    assert (stated.title, stated.title_from) == (title, source)


def test_the_file_name_is_only_a_fallback_with_a_warning():
    found = examine(ARTICLES, fallback_title="考勤")
    assert found.title == "考勤" and any("file name is used" in w for w in found.warnings)


def test_an_undated_file_is_imported_as_a_draft_not_with_the_import_day(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "值班制度.md").write_text("# 值班制度\n\n第一条 节假日安排值班。\n", encoding="utf-8")
    result = runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    assert "1 rules created" in result.output, result.output
    with app.app_context():
        version = db.session.scalars(select(Rule)).one().versions[0]
        assert version.status == "draft" and version.effective_on is None


def test_the_issue_date_is_stored_on_the_version(app, runner, tmp_path, importer_args):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("# 差旅费管理办法\n\n2023年3月1日印发\n\n第一条 标准。\n\n"
                                 "第二条 本办法自2023年4月1日起施行。\n", encoding="utf-8")
    runner.invoke(args=["rules", "import", *importer_args, str(folder)])
    with app.app_context():
        version = db.session.scalars(select(Rule)).one().versions[0]
        assert (version.issued_on, version.effective_on, version.status) == (date(2023, 3, 1), date(2023, 4, 1),
                                                                              "approved")
