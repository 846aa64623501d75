"""Simplified and traditional Chinese find each other; marks stay on the text as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from registry.search import engine
from registry.search.analysis import fold, is_cjk_word, pieces, written_forms
from registry.search.highlight import highlight_hit, match_spans
from tests.search.conftest import codes

TRADITIONAL = "第一條 本會舉辦之比賽，依本比賽規則辦理。\n第二條 參賽者應遵守比賽規則。\n"
SIMPLIFIED = "第一条 本规则适用于全国足球比赛。\n第二条 比赛规则由裁判委员会解释。\n"


def test_fold_maps_traditional_to_simplified_one_character_for_one():
    assert fold("比賽規則") == "比赛规则" and fold("比赛规则") == "比赛规则"
    assert fold("爲為裏") == "为为里"  # OpenCC's standard, Taiwan and Hong Kong forms
    assert len(fold(TRADITIONAL)) == len(TRADITIONAL)
    assert [p.text for p in pieces("比賽規則", for_query=True)] == [p.text for p in pieces("比赛规则", for_query=True)]
    spans = [(p.start, p.end) for p in pieces(TRADITIONAL)]
    assert all(fold(TRADITIONAL[s:e]) == p.text for (s, e), p in zip(spans, pieces(TRADITIONAL), strict=True)
               if p.text.isalpha() and len(p.text) == 2)
    assert written_forms("比赛规则") == ("比赛规则", "比賽規則") and written_forms("Leave") == ("Leave",)


def test_taiwan_and_hong_kong_forms_are_those_of_opencc():
    """One converter and two character tables (analysis.written_forms) give OpenCC's s2tw and s2hk forms: every
    simplified character those tables change, alone and inside words, and the words of two real texts."""
    from importlib import resources

    from opencc import OpenCC

    regional = [OpenCC("s2tw"), OpenCC("s2hk")]
    tables = "".join((resources.files("opencc") / "dictionary" / name).read_text(encoding="utf-8")
                     for name in ("TWVariants.txt", "HKVariants.txt"))
    changed = {OpenCC("t2s").convert(line[0]) for line in tables.splitlines() if line}
    words = [c for c in changed] + [f"{c}面发展" for c in changed] + ["台湾里面发展", "头发", "干部", "只有", "粽子"]
    words += [run for run in SIMPLIFIED.split() + TRADITIONAL.split() if is_cjk_word(run)]
    for word in words:
        expected = {converter.convert(fold(word)) for converter in regional}
        assert expected <= set(written_forms(word)), word


def test_marks_are_on_the_original_script():
    assert [TRADITIONAL[s:e] for s, e in match_spans(TRADITIONAL, ["比赛规则"], whole=True)] == ["比賽規則"] * 2
    segments = [(0, 22, "art-1", "第一條"), (22, len(TRADITIONAL), "art-2", "第二條")]
    anchor, _label, snippet = highlight_hit(TRADITIONAL, segments, ["参赛者"])
    assert anchor == "art-2" and "<mark>參賽者</mark>" in str(snippet)


def test_each_script_finds_the_other(make_rule, reader, api_search):
    make_rule(code="TW-1", title="比賽辦法", versions=[(TRADITIONAL, date(2020, 1, 1))])
    make_rule(code="CN-1", title="足球比赛规定", versions=[(SIMPLIFIED, date(2020, 1, 1))])
    both = ["CN-1", "TW-1"]
    assert sorted(codes(api_search("比赛规则"))) == both
    assert sorted(codes(api_search("比賽規則"))) == both
    assert sorted(codes(api_search('"比賽規則"'))) == both  # a phrase, confirmed in the text of either script
    assert codes(api_search("参赛者")) == ["TW-1"] and codes(api_search("裁判委員會")) == ["CN-1"]
    hit = next(h for h in api_search("比赛规则")["hits"] if h["code"] == "TW-1")
    assert "<mark>比賽規則</mark>" in hit["snippet"]
    assert codes(api_search("title:比赛办法")) == ["TW-1"]


def test_an_index_without_script_folding_is_rebuilt_once_by_sync(app, make_rule, runner, reader, api_search):
    make_rule(code="TW-2", title="比賽辦法", versions=[(TRADITIONAL, date(2020, 1, 1))])
    root = Path(app.config["INDEX_DIR"])
    old = root / engine.current_name(root)
    (old / "FORMAT").write_text("2", encoding="utf-8")  # as written before script folding
    assert engine.FORMAT >= 3
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "rebuilding" in result.output, result.output
    assert engine.current_name(root) != old.name and engine.generation_format(root) == engine.FORMAT
    again = runner.invoke(args=["search", "sync"])
    assert again.exit_code == 0 and "rebuilding" not in again.output
    assert codes(api_search("比赛规则")) == ["TW-2"]
