"""新旧对照 of rules whose units are chapters or numbered headings: the text they hold is compared too."""

from __future__ import annotations

from registry.proposals.compare import compare_texts, units_of

OLD = ("# 实验室安全守则\n\n## 第一章 总则\n\n为保障师生安全，制定本守则。\n\n"
       "## 第二章 安全要求\n\n进入实验室须穿实验服。\n")
NEW = OLD.replace("须穿实验服。", "须穿实验服，严禁吸烟。")


def test_a_change_inside_a_chapter_without_articles_is_shown():
    assert [(u.kind, u.label, u.content) for u in units_of(OLD)][1:] == [
        ("chapter", "第一章", "总则 为保障师生安全，制定本守则。"),
        ("chapter", "第二章", "安全要求 进入实验室须穿实验服。")]
    changes = compare_texts(OLD, NEW).changes
    assert [(row.kind, row.new[0].label) for row in changes] == [("changed", "第二章")]


def test_numbered_units_are_compared_one_by_one():
    old = "一、总则\n\n（一）为加强管理。\n\n（二）适用于全体员工。\n\n二、附则\n\n（一）自印发之日起施行。\n"
    new = old.replace("全体员工", "全体员工和实习生")
    changes = compare_texts(old, new).changes
    assert [(row.kind, row.new[0].label, row.new[0].anchor) for row in changes] == [("changed", "（二）", "ch-1-art-2")]
