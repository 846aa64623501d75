"""Real rules number their units in many ways: each hierarchy gets its units, anchors and contents.

The Chinese excerpts are short passages of official texts (laws and regulations are not protected by
copyright) or written in their style; the English ones are in the style of bylaws and policies.
"""

import time

from registry.rules.articles import article_label, parse_body, parse_clauses
from tests.rules.test_articles import assert_exact


def units(body: str) -> list[tuple]:
    parsed = parse_body(body)
    assert_exact(body, parsed)
    return [(s.kind, s.label, s.title, s.anchor, s.parents) for s in parsed.segments if s.kind != "preamble"]


INTERNAL = """# 某公司差旅费管理办法

一、总则

（一）为加强差旅费管理，规范差旅费开支，制定本办法。

（二）本办法适用于公司全体员工。

二、报销标准

（一）住宿费按下列标准报销：

1. 一般员工每人每天不超过400元；

2. 部门负责人每人每天不超过600元。

（二）伙食补助费按出差自然（日历）天数计算。
"""


def test_internal_rule_numbered_without_articles():
    assert units(INTERNAL) == [
        ("chapter", "一、", "总则", "ch-1", ()),
        ("article", "（一）", "", "ch-1-art-1", ("ch-1",)),
        ("article", "（二）", "", "ch-1-art-2", ("ch-1",)),
        ("chapter", "二、", "报销标准", "ch-2", ()),
        ("article", "（一）", "", "ch-2-art-1", ("ch-2",)),
        ("article", "（二）", "", "ch-2-art-2", ("ch-2",)),
    ]
    parsed = parse_body(INTERNAL)
    assert [(e.level, e.label, e.title) for e in parsed.toc[:2]] == [
        (2, "一、", "总则"), (4, "（一）", "为加强差旅费管理，规范差旅费开支，制定本办法。")]
    clauses = parse_clauses(parsed.article("ch-2-art-1"))
    assert [(c.kind, c.label, c.text, c.anchor) for c in clauses] == [
        ("paragraph", "", "住宿费按下列标准报销：", "ch-2-art-1-p1"),
        ("item", "1.", "一般员工每人每天不超过400元；", "ch-2-art-1-p1-i1"),
        ("item", "2.", "部门负责人每人每天不超过600元。", "ch-2-art-1-p1-i2"),
    ]


NOTICE = """关于加强实验室安全管理的通知

各学院、各部门：

为进一步加强实验室安全管理，现就有关事项通知如下：

一、高度重视实验室安全工作。各单位要落实安全责任制。

二、全面开展安全隐患排查。排查内容包括：

（一）危险化学品的存放；

（二）特种设备的使用。

排查发现的问题应当限期整改。

三、加强安全教育培训。
"""


def test_a_notice_numbered_with_items_inside():
    assert [u[3] for u in units(NOTICE)] == ["art-1", "art-2", "art-3"]
    clauses = parse_clauses(parse_body(NOTICE).article("art-2"))
    assert [(c.kind, c.label, c.anchor) for c in clauses] == [
        ("paragraph", "", "art-2-p1"), ("item", "（一）", "art-2-p1-i1"), ("item", "（二）", "art-2-p1-i2"),
        ("paragraph", "", "art-2-p2")]


# 最高人民法院关于人民法院执行工作若干问题的规定（试行）: 一、 sections, 1. articles numbered through.
COURT = """# 最高人民法院关于人民法院执行工作若干问题的规定（试行）

<!-- INFO END -->

为了保证在执行程序中正确适用法律，及时有效地执行生效法律文书，维护当事人的合法权益，制定本规定。

## 一、执行机构及其职责

1.人民法院根据需要，依据有关法律的规定，设立执行机构，专门负责执行工作。

2.执行机构负责执行下列生效法律文书：

（1）人民法院民事、行政判决、裁定、调解书，民事制裁决定、支付令，以及刑事附带民事判决、裁定、调解书；

（2）依法应由人民法院执行的行政处罚决定、行政处理决定；

## 二、执行管辖

3.在国内仲裁过程中，当事人申请财产保全，经仲裁机构提交人民法院的，由被申请人住所地或被申请保全的财产所在地的基层人民法院裁定并执行。
"""


def test_court_rules_number_articles_through_their_sections():
    assert units(COURT) == [
        ("chapter", "一、", "执行机构及其职责", "ch-1", ()),
        ("article", "1.", "", "art-1", ("ch-1",)),
        ("article", "2.", "", "art-2", ("ch-1",)),
        ("chapter", "二、", "执行管辖", "ch-2", ()),
        ("article", "3.", "", "art-3", ("ch-2",)),
    ]
    items = parse_clauses(parse_body(COURT).article("art-2"))
    assert [(c.label, c.anchor) for c in items if c.kind == "item"] == [
        ("（1）", "art-2-p1-i1"), ("（2）", "art-2-p1-i2")]


# 中华人民共和国刑法修正案（九）: 一、 units that quote the articles they insert.
AMENDMENT = """# 中华人民共和国刑法修正案（九）

一、在刑法第三十七条后增加一条，作为第三十七条之一:“因利用职业便利实施犯罪，被判处刑罚的，人民法院可以根据犯罪情况，禁止其从事相关职业。

“其他法律、行政法规对其从事相关职业另有禁止或者限制性规定的，从其规定。”

二、将刑法第五十条第一款修改为:“判处死刑缓期执行的，在死刑缓期执行期间，如果没有故意犯罪，二年期满以后，减为无期徒刑。”

七、在刑法第一百二十条之一后增加五条，作为第一百二十条之二、第一百二十条之三:

“第一百二十条之二 有下列情形之一的，处五年以下有期徒刑：

“（一）为实施恐怖活动准备凶器、危险物品或者其他工具的；
"""


def test_amendments_are_units_and_the_articles_they_quote_are_not():
    assert [u[1] for u in units(AMENDMENT)] == ["一、", "二、"]  # 七、 does not follow 二、
    assert "第一百二十条之二" in parse_body(AMENDMENT).segments[-1].text


def test_items_and_their_own_items_in_an_article():
    body = ("第十二条 有下列情形之一的，予以处分：\n（一）违反财务制度，包括：\n1. 虚报冒领的；\n2. 截留挪用的；\n"
            "（二）泄露秘密的。\n前款规定的处分由人事处执行。\n")
    clauses = parse_clauses(parse_body(body).article("art-12"))
    assert [(c.kind, c.label, c.anchor) for c in clauses] == [
        ("paragraph", "", "art-12-p1"), ("item", "（一）", "art-12-p1-i1"),
        ("subitem", "1.", "art-12-p1-i1-s1"), ("subitem", "2.", "art-12-p1-i1-s2"),
        ("item", "（二）", "art-12-p1-i2"), ("paragraph", "", "art-12-p2")]
    assert clauses[2].text == "虚报冒领的；"


def test_parts_and_pian():
    body = "第一部分 总则\n\n第一条 甲。\n\n第二部分 分则\n\n第二条 乙。\n"
    assert units(body) == [
        ("part", "第一部分", "总则", "part-1", ()), ("article", "第一条", "", "art-1", ("part-1",)),
        ("part", "第二部分", "分则", "part-2", ()), ("article", "第二条", "", "art-2", ("part-2",))]
    assert [u[3] for u in units("第一篇 总论\n\n第一章 原则\n\n第一条 甲。\n")] == ["part-1", "part-1-ch-1", "art-1"]


TRADITIONAL = """# 某協會章程

第一章 總則

第一條 本會定名為某協會。

第二條 本會以促進學術交流為宗旨。依第一條之規定辦理登記。
第一條規定之名稱不得變更。

第二章 會員

第三條 本會會員分為下列兩種：
一、個人會員。
二、團體會員。
"""


def test_traditional_script_articles_have_the_same_anchors():
    assert units(TRADITIONAL) == [
        ("chapter", "第一章", "總則", "ch-1", ()), ("article", "第一條", "", "art-1", ("ch-1",)),
        ("article", "第二條", "", "art-2", ("ch-1",)), ("chapter", "第二章", "會員", "ch-2", ()),
        ("article", "第三條", "", "art-3", ("ch-2",))]
    clauses = parse_clauses(parse_body(TRADITIONAL).article("art-3"))
    assert [c.kind for c in clauses] == ["paragraph", "paragraph", "paragraph"]  # 一、 lines are its 款


FINANCIAL = """# 國立某大學學生獎懲辦法

壹、總則

一、本校為鼓勵學生優良表現，特訂定本辦法。

二、本辦法所稱學生，指具有本校學籍者。

貳、獎勵

一、學生有下列情形之一者，予以嘉獎：

（一）熱心公益，有具體事蹟者。

參、附則

一、本辦法經學生事務會議通過後實施。
"""


def test_financial_numerals_head_the_numbered_units():
    assert [(u[1], u[3]) for u in units(FINANCIAL)] == [
        ("壹、", "ch-1"), ("一、", "ch-1-art-1"), ("二、", "ch-1-art-2"), ("貳、", "ch-2"),
        ("一、", "ch-2-art-1"), ("參、", "ch-3"), ("一、", "ch-3-art-1")]


def test_numbered_titles_head_articles():
    body = "一、总则\n第一条 为了规范管理，制定本制度。\n第二条 适用范围。\n二、附则\n第三条 本制度自印发之日起施行。\n"
    assert units(body) == [
        ("chapter", "一、", "总则", "ch-1", ()), ("article", "第一条", "", "art-1", ("ch-1",)),
        ("article", "第二条", "", "art-2", ("ch-1",)), ("chapter", "二、", "附则", "ch-2", ()),
        ("article", "第三条", "", "art-3", ("ch-2",))]


def test_numbered_units_inside_chapters_without_articles():
    body = "第一章 总则\n一、为了规范管理。\n二、适用范围。\n第二章 附则\n一、自印发之日起施行。\n二、由办公室解释。\n"
    assert [(u[0], u[3]) for u in units(body)] == [
        ("chapter", "ch-1"), ("article", "ch-1-art-1"), ("article", "ch-1-art-2"),
        ("chapter", "ch-2"), ("article", "ch-2-art-1"), ("article", "ch-2-art-2")]


BYLAWS = """# Bylaws of the Example Society

ARTICLE I. NAME

The name of this organization shall be the Example Society.

ARTICLE II. PURPOSE

The purpose of the Society is set out in Article IV.B.1.b of the charter.

Section 1. Members

Membership is open to all.

Section 2. Dues

Dues are set each year.

ARTICLE III. OFFICERS

The officers are the President and the Secretary.

## Amendment history

Article II amended by vote of the members, 2019.
Article III — revised 2021.
"""


def test_english_bylaws_articles_hold_sections():
    assert units(BYLAWS) == [
        ("chapter", "ARTICLE I", "NAME", "art-1", ()), ("chapter", "ARTICLE II", "PURPOSE", "art-2", ()),
        ("article", "Section 1", "", "art-2-sec-1", ("art-2",)),
        ("article", "Section 2", "", "art-2-sec-2", ("art-2",)),
        ("chapter", "ARTICLE III", "OFFICERS", "art-3", ()),
    ]
    assert parse_body(BYLAWS).segments[-1].text.endswith("Article III — revised 2021.\n")


OUTLINE = """# Records Retention Policy

1. Purpose

This policy sets out how long records are kept.

2. Scope

2.1 This policy applies to all staff.

2.2 It covers paper and electronic records.

2.2.1 Electronic records include e-mail.

3. Retention

3.1 Records are kept for seven years, as follows:

A. Financial records.

B. Personnel records.

3.2 Records may then be destroyed.
"""


def test_english_decimal_outline():
    assert [(u[0], u[1], u[2], u[3]) for u in units(OUTLINE)] == [
        ("chapter", "1.", "Purpose", "ch-1"), ("chapter", "2.", "Scope", "ch-2"),
        ("article", "2.1", "", "art-2-1"), ("article", "2.2", "", "art-2-2"),
        ("chapter", "3.", "Retention", "ch-3"), ("article", "3.1", "", "art-3-1"),
        ("article", "3.2", "", "art-3-2")]
    assert "2.2.1 Electronic records" in parse_body(OUTLINE).article("art-2-2").text


def test_english_marked_numbering_and_letters():
    body = ("# Marketplace Agreement\n\n## 1.\tDEFINITIONS\n\n\"Action\" means a workflow.\n\n"
            "## 2.\tLICENSE GRANT\n\n**2.1**\tThis Agreement sets forth the terms.\n\n"
            "**2.2**\tDeveloper grants a licence.\n")
    assert [(u[1], u[2], u[3]) for u in units(body)] == [
        ("1.", "DEFINITIONS", "ch-1"), ("2.", "LICENSE GRANT", "ch-2"), ("2.1", "", "art-2-1"), ("2.2", "", "art-2-2")]
    letters = ("# Terms\n\n## A. Definitions\n\nText.\n\n## B. Account Terms\n\n"
               "### 1. Controls\n\nText.\n\n### 2. Security\n")
    assert [u[3] for u in units(letters)] == ["ch-a", "ch-b", "ch-b-art-1", "ch-b-art-2"]
    roman = "I. Scope\n\nText.\n\nII. Duties\n\nText.\n\nIII. Review\n"
    assert [(u[1], u[3]) for u in units(roman)] == [("I.", "art-1"), ("II.", "art-2"), ("III.", "art-3")]
    assert [u[3] for u in units("ARTICLE 1 - NAME\n\nText.\n\nARTICLE 2 - SEAT\n\nText.\n")] == ["art-1", "art-2"]


TABLE_OF_CONTENTS = """# 某大学学生管理规定

目　录

第一章 总则 ………………………… 1
第二章 入学与注册 ………………… 3

## 第一章 总则

第一条 为规范学生管理，制定本规定。

## 第二章 入学与注册

第二条 新生应当按时报到。
"""


def test_a_table_of_contents_is_not_the_chapters():
    assert [u[3] for u in units(TABLE_OF_CONTENTS)] == ["ch-1", "art-1", "ch-2", "art-2"]
    assert "入学与注册 …" in parse_body(TABLE_OF_CONTENTS).segments[0].text
    pdf = "学生管理规定\n第一章 总则\n1\n第二章 学籍\n2\n第一章 总则\n第一条 甲。\n第二章 学籍\n第二条 乙。\n"
    assert [u[3] for u in units(pdf)] == ["ch-1", "art-1", "ch-2", "art-2"]
    lost = ("## 第一章 总则\n\n## 第二章 管理\n\n## 第三章 附则\n\n总则\n\n第一条 甲。\n\n"
            "## 第二章 管理\n\n第二条 乙。\n\n## 第三章 附则\n")
    assert [u[3] for u in units(lost)] == ["art-1", "ch-2", "art-2", "ch-3"]  # its first real heading was lost
    numbered = ("考勤制度\n\n目录\n一、总则\n二、附则\n\n"
                "一、总则\n为规范考勤，制定本制度。\n二、附则\n本制度自印发之日起施行。\n")
    assert [u[3] for u in units(numbered)] == ["art-1", "art-2"]
    assert units(numbered)[0][4] == () and parse_body(numbered).segments[0].text.endswith("二、附则\n\n")


def test_cross_references_are_not_articles():
    body = ("第一条 为了规范管理，制定本办法。\n依照本法第十二条的规定执行。\n第十二条规定的情形除外。\n"
            "第十二條規定之事項另定之。\n第二条 本办法自公布之日起施行。\n")
    assert [u[3] for u in units(body)] == ["art-1", "art-2"]
    english = ("Article 1. Scope\n\nAs Article IV.B.1.b of the charter provides.\n\n"
               "Article IV.B.1.b applies to members.\n\nArticle 2. Fees\n\nArticle 1 — amended 2020.\n")
    assert [u[3] for u in units(english)] == ["art-1", "art-2"]
    dotted = "Article 1.1 Scope\n\nText.\n\nArticle 1.2 Terms\n\nText.\n\nArticle 2.1 Fees\n\nText.\n"
    assert [u[3] for u in units(dotted)] == ["art-1-1", "art-1-2", "art-2-1"]


def test_a_list_inside_a_unit_is_not_a_unit():
    body = ("1. 总体要求。\n2. 工作内容如下：\n1. 清点资产；\n2. 核对账目；\n3. 登记造册。\n"
            "3. 时间安排。\n4. 工作要求。\n")
    parsed = parse_body(body)
    assert [(s.label, s.anchor) for s in parsed.segments] == [("1.", "art-1"), ("2.", "art-2"), ("3.", "art-3"),
                                                             ("4.", "art-4")]
    assert parsed.article("art-2").text == "2. 工作内容如下：\n1. 清点资产；\n2. 核对账目；\n3. 登记造册。\n"
    shorter = "1. 甲。\n2. 乙如下：\n1. 子一；\n2. 子二；\n3. 丙。\n"
    assert [s.anchor for s in parse_body(shorter).segments] == ["art-1", "art-2", "art-3"]


def test_a_list_in_a_section_of_a_markdown_text_is_not_its_structure():
    body = ("# Leave\n\n## Eligibility\n\nYou qualify when:\n\n1. You have worked a year.\n2. You ask early.\n\n"
            "## Requests\n\nWrite to HR.\n")
    assert [s.anchor for s in parse_body(body).segments] == ["body"]


def test_numbers_stay_as_written():
    body = ("（一）总则\n\n1、为规范管理制定本办法。\n\n2、适用于全校。\n\n"
            "（二）附则\n\n1、自发布之日起施行。\n\n2、由办公室解释。\n")
    parsed = parse_body(body)
    assert [s.label for s in parsed.segments] == ["（一）", "1、", "2、", "（二）", "1、", "2、"]
    assert all(s.text.startswith(s.label) for s in parsed.segments)


def test_a_large_numbered_rule_book_parses_fast():
    numerals = [article_label(n)[1:-1] for n in range(1, 31)]
    item = "{}. 丢失属于国家所有的档案的，由主管部门责令改正。\n\n"
    unit = "（{}）为了规范档案管理，有关单位应当建立健全档案工作责任制，依法履行档案保护职责。\n\n"
    body = "".join(f"{numerals[c]}、第{numerals[c]}部分\n\n" + "".join(
        unit.format(numerals[a]) + "".join(item.format(i) for i in range(1, 4)) for a in range(20))
        for c in range(30))
    assert len(body.encode()) > 200_000
    best = 1.0
    for _ in range(3):
        start = time.perf_counter()
        parsed = parse_body(body)
        best = min(best, time.perf_counter() - start)
    assert len(parsed.articles) == 600 and parsed.articles[-1].anchor == "ch-30-art-20"
    assert best < 0.1, f"{best * 1000:.0f} ms for {len(body.encode()) // 1000} KB"  # about 12 ms on one free core


def test_items_that_end_an_article_do_not_head_the_next():
    body = ("第一条 本办法适用于：\n（一）机关\n第二条 下列单位参照执行：\n（一）学院\n（二）附属医院\n"
            "第三条 自发布之日起施行。\n")
    assert [u[3] for u in units(body)] == ["art-1", "art-2", "art-3"]


def test_parenthesised_and_circled_numbers_as_units():
    body = ("# 值班制度\n\n（1）值班人员应当按时到岗。\n\n（2）值班期间不得擅离职守：\n① 不得外出；\n② 不得饮酒。\n\n"
            "（3）交接班应当记录。\n")
    assert [(u[1], u[3]) for u in units(body)] == [("（1）", "art-1"), ("（2）", "art-2"), ("（3）", "art-3")]
    clauses = parse_clauses(parse_body(body).article("art-2"))
    assert [(c.kind, c.label, c.anchor) for c in clauses][1:] == [
        ("item", "①", "art-2-p1-i1"), ("item", "②", "art-2-p1-i2")]
    circled = "# 门禁规定\n\n① 进入机房须登记。\n\n② 离开机房须关门。\n"
    assert [(u[1], u[3]) for u in units(circled)] == [("①", "art-1"), ("②", "art-2")]


def test_three_level_decimal_outline():
    body = ("# Security Standard\n\n1. Scope\n\n1.1 General\n\n1.1.1 This standard applies to every system.\n\n"
            "1.1.2 It applies to contractors, too.\n\n1.2 Exceptions\n\n1.2.1 Exceptions are approved by the CISO.\n\n"
            "2. Controls\n\n2.1 Access\n\n2.1.1 Access is granted on need.\n")
    assert [(u[0], u[1], u[3], u[4]) for u in units(body)] == [
        ("chapter", "1.", "ch-1", ()), ("section", "1.1", "sec-1-1", ("ch-1",)),
        ("article", "1.1.1", "art-1-1-1", ("ch-1", "sec-1-1")), ("article", "1.1.2", "art-1-1-2", ("ch-1", "sec-1-1")),
        ("section", "1.2", "sec-1-2", ("ch-1",)), ("article", "1.2.1", "art-1-2-1", ("ch-1", "sec-1-2")),
        ("chapter", "2.", "ch-2", ()), ("section", "2.1", "sec-2-1", ("ch-2",)),
        ("article", "2.1.1", "art-2-1-1", ("ch-2", "sec-2-1"))]
    assert [e.level for e in parse_body(body).toc[:3]] == [2, 3, 4]
