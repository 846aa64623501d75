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
