"""A hit points at the smallest unit that holds it, in rules numbered without 第X条 too."""

from __future__ import annotations

from datetime import date

TRAVEL = (
    "# 差旅费管理办法\n\n"
    "一、总则\n\n"
    "（一）为加强差旅费管理，制定本办法。\n\n"
    "（二）本办法适用于公司全体员工。\n\n"
    "二、报销标准\n\n"
    "（一）住宿费按标准报销。\n\n"
    "（二）伙食补助费按出差自然天数计算。\n"
)
SAFETY = (
    "# 实验室安全守则\n\n"
    "## 第一章 总则\n\n为保障师生安全，制定本守则。\n\n"
    "## 第二章 安全要求\n\n进入实验室须穿实验服，严禁吸烟。\n"
)
RETENTION = (
    "# Records retention\n\n"
    "1. Purpose\n\nThis policy says how long records are kept.\n\n"
    "2. Scope\n\n2.1 It applies to all staff.\n\n2.2 It covers electronic mailboxes.\n"
)


def test_hits_point_at_numbered_units_and_chapters(make_rule, reader, api_search):
    make_rule(code="FIN-001", title="差旅费管理办法", versions=[(TRAVEL, date(2020, 1, 1))])
    make_rule(code="LAB-001", title="实验室安全守则", versions=[(SAFETY, date(2020, 1, 1))])
    make_rule(code="REC-001", title="Records retention", versions=[(RETENTION, date(2020, 1, 1))])
    expected = (("伙食补助费", "（二）", "ch-2-art-2"), ("全体员工", "（二）", "ch-1-art-2"),
                ("吸烟", "第二章", "ch-2"), ("mailboxes", "2.2", "art-2-2"))
    for word, label, anchor in expected:
        hit = api_search(word)["hits"][0]
        assert (hit["article"], hit["anchor"]) == (label, anchor), word
        assert hit["url"].endswith(f"#{anchor}")
