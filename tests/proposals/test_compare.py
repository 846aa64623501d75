"""新旧对照 alignment: articles paired by content, changes marked, on written and on real texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from registry.proposals.compare import compare_texts, diff_chunks, units_of
from registry.rules.articles import article_label, parse_body

CORPUS = Path("/work/shared/corpus")
OLD = """# 公务接待管理办法

## 第一章 总则

第一条 为规范公务接待工作，厉行节约，制定本办法。

第二条 本办法适用于机关各部门的国内公务接待。

第三条 公务接待应当坚持有利公务、简化礼仪、务实节俭的原则。接待单位应当严格控制陪餐人数，不得超标准接待。

第四条 接待住宿应当安排在定点饭店，不得超标准安排住房。

第五条 本办法由办公室负责解释。
"""


def kinds(comparison):
    return [(row.kind, row.old_label, row.new_label) for row in comparison.rows if row.is_change or
            row.kind == "renumbered"]


def test_an_inserted_article_shifts_numbers_but_not_content():
    new = OLD.replace("第三条 公务", "第三条 接待单位应当建立公务接待审批制度。\n\n第四条 公务").replace(
        "第四条 接待住宿", "第五条 接待住宿").replace("第五条 本办法", "第六条 本办法")
    comparison = compare_texts(OLD, new)
    assert kinds(comparison) == [("added", "", "第三条"), ("renumbered", "第三条", "第四条"),
                                 ("renumbered", "第四条", "第五条"), ("renumbered", "第五条", "第六条")]
    assert comparison.counts["added"] == 1


def test_a_deleted_article_is_marked_and_the_rest_align():
    new = OLD.replace("第四条 接待住宿应当安排在定点饭店，不得超标准安排住房。\n\n", "").replace("第五条", "第四条")
    assert kinds(compare_texts(OLD, new)) == [("deleted", "第四条", ""), ("renumbered", "第五条", "第四条")]


def test_a_split_article_pairs_one_old_with_two_new():
    new = OLD.replace("的原则。接待单位", "的原则。\n\n第四条 接待单位").replace(
        "第四条 接待住宿", "第五条 接待住宿").replace("第五条 本办法", "第六条 本办法")
    comparison = compare_texts(OLD, new)
    split = [row for row in comparison.rows if row.kind == "split"]
    assert [(r.old_label, r.new_label) for r in split] == [("第三条", "第三条、第四条")]
    assert not [c for c in split[0].chunks if c[0] != "equal" and c[1].strip()]  # no words changed
    assert [r.kind for r in comparison.rows][-2:] == ["renumbered", "renumbered"]


def test_a_reworded_article_highlights_only_the_changed_characters():
    new = OLD.replace("定点饭店", "协议饭店")
    comparison = compare_texts(OLD, new)
    (row,) = comparison.changes
    assert (row.kind, row.old_label, row.new_label) == ("changed", "第四条", "第四条")
    assert [c for c in row.chunks if c[0] != "equal"] == [("delete", "定点"), ("insert", "协议")]


def test_pure_renumbering_shows_no_change_of_content():
    old = "第一条 甲乙丙。\n\n第二条 丁戊己。\n"
    new = "第三条 甲乙丙。\n\n第四条 丁戊己。\n"
    comparison = compare_texts(old, new)
    assert [r.kind for r in comparison.rows] == ["renumbered", "renumbered"]
    assert not comparison.changes
    assert all(op == "equal" for row in comparison.rows for op, _ in row.chunks)


def test_english_is_compared_word_by_word():
    chunks = diff_chunks("Staff may claim travel costs.", "Staff may claim reasonable travel costs.")
    assert [c for c in chunks if c[0] != "equal"] == [("insert", "reasonable ")]


def test_a_text_without_articles_is_compared_by_paragraph():
    old = "Leave must be requested in advance.\n\nManagers approve leave.\n"
    new = "Leave must be requested two weeks in advance.\n\nManagers approve leave.\n\nHR keeps the records.\n"
    comparison = compare_texts(old, new)
    assert [r.kind for r in comparison.rows] == ["changed", "same", "added"]
    assert len(units_of(new)) == 3


# --- real texts from the shared corpus -------------------------------------------------------------

def _real(path: str) -> str:
    file = CORPUS / path
    if not file.exists():
        pytest.skip(f"the shared corpus is not available ({file})")
    return file.read_text(encoding="utf-8")


def _renumber(body: str) -> str:
    """Number the articles of `body` 第一条, 第二条 … in order, as an office would after an edit."""
    counter = iter(range(1, 10_000))
    return re.sub(r"(?m)^第[零〇一二两三四五六七八九十百千]+条", lambda m: article_label(next(counter)), body)


@pytest.fixture
def inspection():
    return _real("zh/地方性法规/上海/上海市检验检测条例(2024-12-31).md")


def test_real_versions_pair_every_article_and_find_the_term_replaced(inspection):
    old = _real("zh/地方性法规/上海/上海市检验检测条例.md")
    comparison = compare_texts(old, inspection)
    assert "added" not in comparison.counts and "deleted" not in comparison.counts
    article_7 = next(r for r in comparison.rows if r.new_label == "第七条")
    assert ("insert", "市场监管") in article_7.chunks and ("delete", "质量技监") in article_7.chunks


def test_real_text_with_an_inserted_and_a_deleted_article(inspection):
    articles = parse_body(inspection).articles
    third, tenth = articles[2], articles[9]
    new = inspection.replace(third.text, "第三条 检验检测机构应当公开其服务承诺。\n\n" + third.text)
    new = _renumber(new.replace(tenth.text, ""))
    comparison = compare_texts(inspection, new)
    assert comparison.counts["added"] == 1 and comparison.counts["deleted"] == 1
    assert comparison.counts.get("changed", 0) == 0  # only numbers moved: cross-references aside
    added = next(r for r in comparison.rows if r.kind == "added")
    deleted = next(r for r in comparison.rows if r.kind == "deleted")
    assert added.new_label == "第三条" and deleted.old_label == "第十条"


def test_real_text_with_a_split_and_a_reworded_article(inspection):
    articles = parse_body(inspection).articles
    long_one = max(articles[:20], key=lambda a: a.text.count("。"))
    sentences = long_one.text.rstrip().split("。")
    cut = len(sentences) // 2
    split = "。".join(sentences[:cut]) + "。\n\n第九十九条 " + "。".join(sentences[cut:]).lstrip() + "\n\n"
    new = inspection.replace(long_one.text, split)
    reworded = next(a for a in articles[20:] if "本市" in a.text)
    new = _renumber(new.replace(reworded.text, reworded.text.replace("本市", "上海市", 1) + "\n\n"))
    comparison = compare_texts(inspection, new)
    assert comparison.counts.get("split") == 1
    assert next(r for r in comparison.rows if r.kind == "split").old_label == long_one.label
    assert "deleted" not in comparison.counts and "added" not in comparison.counts
    row = next(r for r in comparison.rows if r.old_label == reworded.label)
    assert row.kind == "changed"
    assert [c for c in row.chunks if c[0] != "equal"] == [("delete", "本"), ("insert", "上海")]
