"""Marks in snippets: English words by stem, Chinese words as typed, in the article with most matches."""

from __future__ import annotations

from registry.search.highlight import highlight_hit, match_spans


def _marked(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_english_words_are_marked_by_their_stem():
    text = "Policies on leaving: the policy says staff may leave; a police officer is not involved. Happily happy."
    assert _marked(text, match_spans(text, ["policy"], whole=True)) == ["Policies", "policy"]
    assert _marked(text, match_spans(text, ["leaves"], whole=True)) == ["leaving", "leave"]
    assert _marked(text, match_spans(text, ["happiness"], whole=True)) == ["happy"]  # y→i: both "happi"
    assert _marked(text, match_spans(text, ["involve"], whole=True)) == ["involved"]


def test_without_whole_only_the_first_window_is_marked():
    text = "leave " + "x" * 400 + " leave"
    assert _marked(text, match_spans(text, ["leave"])) == ["leave"]
    assert len(match_spans(text, ["leave"], whole=True)) == 2


def test_the_article_with_most_matches_is_chosen():
    text = "第一条 公务接待。\n第二条 公务接待和公务接待。\n"
    segments = [(0, 10, "art-1", "第一条"), (10, len(text), "art-2", "第二条")]
    anchor, label, snippet = highlight_hit(text, segments, ["公务接待"])
    assert (anchor, label) == ("art-2", "第二条")
    assert str(snippet).count("<mark>公务接待</mark>") == 2


def test_words_inside_other_words_and_mixed_scripts():
    text = "Useless users use it; 使用use规则 and abuse. USE"
    assert _marked(text, match_spans(text, ["use"], whole=True)) == ["use", "use", "USE"]
    assert _marked(text, match_spans(text, ["user"], whole=True)) == ["users"]


def test_phrases_and_codes_in_any_case_and_width():
    text = "Staff MAY NOT  BE absent. ｍａｙ ｎｏｔ ｂｅ. Code ＧＬ－００３ and gl-003; dismay not be."
    assert _marked(text, match_spans(text, ["may not be"], whole=True)) == ["MAY NOT  BE", "ｍａｙ ｎｏｔ ｂｅ"]
    assert _marked(text, match_spans(text, ["GL-003"], whole=True)) == ["ＧＬ－００３", "gl-003"]


def test_compact_segments_read_and_highlight_as_the_stored_list():
    from registry.rules.articles import parse_body
    from registry.search.searcher import ArticleOffsets

    text = "第一章 总则\n第一条 为规范印章管理，制定本办法。\n第二条 印章由办公室保管。\n第三条 用印须登记。\n"
    units = [(seg.start, seg.end, seg.anchor, seg.label) for seg in parse_body(text).segments]  # as documents.py
    assert len(units) >= 3
    compact = ArticleOffsets(units)
    assert list(compact) == [tuple(u) for u in units] and len(compact) == len(units)
    assert compact[1:3] == [tuple(u) for u in units[1:3]] and compact[-1] == tuple(units[-1])
    for needles in (["印章"], ["保管", "登记"], ["不存在"]):
        assert highlight_hit(text, compact, needles) == highlight_hit(text, units, needles)
