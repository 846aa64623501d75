"""Akoma Ntoso 3.0 export validated against the OASIS schema, eIds equal to the page anchors, FRBR
identity with dates, and import back to the same structure (also over the shared corpus)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from registry.rules.articles import parse_body
from registry.standards import akn

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path("/work/shared/corpus")
NS = {"a": akn.NS}
BODY = ("# 差旅费管理办法\n\n为规范差旅费管理，制定本办法。\n\n## 第一章 总则\n\n第一条 为了规范差旅费。\n\n"
        "第二条 本办法适用于：\n（一）机关工作人员；\n（二）事业单位人员：\n1. 在编人员；\n2. 聘用人员。\n\n"
        "出差须经批准。\n\n## 第二章 附则\n\n### 第一节 施行\n\n第三条 本办法自发布之日起施行。\n")


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(FIXTURES / "akomantoso30.xsd")))


def _structure(body: str) -> list[tuple]:
    return [(s.kind, s.anchor, s.label, "".join(s.text.replace("#", "").replace("*", "").split()))
            for s in parse_body(body).segments]


def test_a_version_downloads_as_valid_akoma_ntoso_with_the_pages_anchors(client, login, make_user, make_rule,
                                                                         schema):
    login(make_user())
    code = make_rule(code="办发〔2024〕3号", title="差旅费管理办法",
                     versions=[("第一条 旧文本。\n", date(2020, 1, 1)), (BODY, date(2024, 1, 1))])
    answer = client.get(f"/rules/{code}/v/2/akn.xml")
    assert answer.status_code == 200 and answer.mimetype == "application/akn+xml"
    root = etree.fromstring(answer.get_data())
    assert schema.validate(root), schema.error_log
    eids = root.xpath("//a:body//*[@eId]/@eId", namespaces=NS)
    page_anchors = [a["anchor"] for a in client.get(f"/api/v1/rules/{code}/versions/2").get_json()["articles"]]
    assert set(page_anchors) <= set(eids) and {"ch-1", "ch-2", "ch-2-sec-1", "art-2-p1-i2", "art-2-p2"} <= set(eids)
    page = client.get(f"/rules/{code}/v/2").get_data(as_text=True)
    assert all(f'id="{anchor}"' in page for anchor in page_anchors)  # the same names as the page's
    work = root.xpath("//a:FRBRWork/a:FRBRuri/@value", namespaces=NS)[0]
    expression = root.xpath("//a:FRBRExpression/a:FRBRuri/@value", namespaces=NS)[0]
    assert work == "/akn/cn/act/2020-01-01/办发_2024_3号" and expression == work + "/zho@2024-01-01"
    assert root.xpath("//a:FRBRExpression/a:FRBRdate/@date", namespaces=NS) == ["2024-01-01"]
    assert root.xpath("//a:FRBRWork/a:FRBRalias[@name='code']/@value", namespaces=NS) == [code]
    assert root.xpath("string(//a:article[@eId='art-2']/a:num)", namespaces=NS) == "第二条"


def test_import_gives_back_the_same_structure(app, runner, client, login, make_user, make_rule, tmp_path):
    approver = make_user("approver")
    login(approver)
    code = make_rule(code="GL-9", title="差旅费管理办法", versions=[(BODY, date(2024, 1, 1))])
    exported = tmp_path / "act.xml"
    result = runner.invoke(args=["akn", "export", code])
    assert result.exit_code == 0, result.output
    exported.write_bytes(result.stdout_bytes)
    result = runner.invoke(args=["akn", "import", str(exported), "--code", "GL-10", "--as", approver.email])
    assert result.exit_code == 0 and "GL-10: draft version 1" in result.output, result.output
    imported = client.get("/api/v1/rules/GL-10/versions/1").get_json()
    assert _structure(imported["body"]) == _structure(BODY)
    again = runner.invoke(args=["akn", "import", str(exported), "--as", approver.email])  # the code the act names
    assert again.exit_code == 0 and again.output.startswith("GL-9: draft version 2"), again.output
    assert runner.invoke(args=["akn", "import", str(exported)]).exit_code != 0  # who imports must be said


def test_drafts_stay_hidden(client, login, make_user, make_rule):
    login(make_user())
    make_rule(code="D-1", draft=BODY)
    assert client.get("/rules/D-1/v/1/akn.xml").status_code == 404


def test_not_akoma_ntoso_is_refused_clearly(runner, make_user, tmp_path):
    approver = make_user("approver")
    bad = tmp_path / "bad.xml"
    bad.write_text("<html><body/></html>")
    result = runner.invoke(args=["akn", "import", str(bad), "--code", "X-1", "--as", approver.email])
    assert result.exit_code != 0 and "not an Akoma Ntoso 3.0 act" in result.output


def test_whole_body_and_numbered_texts_round_trip(schema):
    numbered = "一、总体要求\n\n1. 加强管理。\n\n2. 落实责任。\n\n二、保障措施\n\n1. 组织领导。\n"
    for body in ("这是一段没有条文编号的通知。\n\n请遵照执行。\n", numbered):
        xml = akn.export_version(body, akn.Identity("T", "t", date(2020, 1, 1), date(2020, 1, 1), 1, date(2026, 1, 1)))
        assert schema.validate(etree.fromstring(xml)), schema.error_log
        assert _structure(akn.import_act(xml)[1]) == _structure(body)


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus /work/shared/corpus is not on this machine")
def test_corpus_sample_validates_and_round_trips(schema):
    files = sorted((CORPUS / "zh").rglob("*.md"))
    sample = random.Random(15).sample(files, min(120, len(files)))
    failures = []
    for path in sample:
        body = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        xml = akn.export_version(body, akn.Identity("X", "t", date(2020, 1, 1), date(2020, 1, 1), 1, date(2026, 1, 1)))
        if not schema.validate(etree.fromstring(xml)):
            failures.append(f"{path.name}: {schema.error_log.last_error}")
        elif _structure(akn.import_act(xml)[1]) != _structure(body):
            failures.append(f"{path.name}: structure differs after import")
    assert len(failures) <= 1, failures  # one known odd file: a numbered heading inside an article's text
