"""What a search finds: Chinese words anywhere in a sentence, English by stem, codes as typed, phrases."""

from __future__ import annotations

from datetime import date

from tests.search.conftest import codes

RECEPTION = (
    "# 公务接待管理办法\n\n"
    "第一条 为了规范机关公务接待管理，厉行勤俭节约，反对铺张浪费，根据有关规定，结合本单位实际，制定本办法。\n\n"
    "第二条 本办法所称差旅费是指工作人员临时到常驻地以外地区公务出差所发生的城市间交通费、住宿费和伙食补助费。\n\n"
    "第三条 文书档案的保管期限分为永久和定期两种，定期分为三十年和十年。\n\n"
    "第四条 本办法依据办发〔2024〕3号文件制定，自发布之日起施行。\n"
)
LEAVE = (
    "Article 1. Staff members take their annual leave in agreement with their managers.\n\n"
    "Article 2. Travelling expenses are reimbursed within thirty days.\n"
)


def _rules(make_rule):
    make_rule(code="GL-003", title="公务接待管理办法", versions=[(RECEPTION, date(2020, 1, 1))])
    make_rule(code="HR-001", title="Leave policy", versions=[(LEAVE, date(2020, 1, 1))])


def test_every_chinese_word_inside_a_long_sentence_is_found(make_rule, reader, api_search):
    _rules(make_rule)
    sentence = "本办法所称差旅费是指工作人员临时到常驻地以外地区公务出差所发生的城市间交通费"
    words = {sentence[i:i + n] for n in (2, 3, 4) for i in range(0, len(sentence) - n + 1, 2)}
    for word in sorted(words):
        result = api_search(word)
        assert codes(result) == ["GL-003"], word
        assert f"<mark>{word}</mark>" in result["hits"][0]["snippet"], word


def test_the_matching_article_is_named_and_linked(make_rule, reader, api_search):
    _rules(make_rule)
    expected = (("公务接待", "第一条", "art-1"), ("保管期限", "第三条", "art-3"), ("施行", "第四条", "art-4"))
    for word, label, anchor in expected:
        hit = api_search(word)["hits"][0]
        assert (hit["article"], hit["anchor"]) == (label, anchor)
        assert hit["url"].endswith(f"/rules/GL-003/v/1#{anchor}")


def test_words_do_not_join_across_article_boundaries(make_rule, reader, api_search):
    # 第一条 ends with "本办法。" and 第二条 starts with "本办法所称": "制定本办法本办法" spans both.
    _rules(make_rule)
    assert api_search('"制定本办法本办法"')["total"] == 0
    assert api_search("十年")["hits"][0]["article"] == "第三条"


def test_single_characters_and_unknown_words(make_rule, reader, api_search):
    _rules(make_rule)
    assert "GL-003" in codes(api_search("俭"))
    assert api_search("量子计算")["total"] == 0


def test_english_is_stemmed_and_case_folded(make_rule, reader, api_search):
    _rules(make_rule)
    for query in ("annual leave", "ANNUAL LEAVES", "manager", "travel", "reimburse"):
        assert codes(api_search(query)) == ["HR-001"], query


def test_codes_are_found_as_typed(make_rule, reader, api_search):
    _rules(make_rule)
    assert codes(api_search("GL-003"))[0] == "GL-003"
    assert codes(api_search("gl-003"))[0] == "GL-003"
    assert codes(api_search("code:GL-003")) == ["GL-003"]
    hit = api_search("办发〔2024〕3号")["hits"][0]
    assert (hit["code"], hit["article"]) == ("GL-003", "第四条")
    assert api_search("办发〔2023〕3号")["total"] == 0


def test_phrases_operators_and_fields(make_rule, reader, api_search):
    _rules(make_rule)
    assert codes(api_search('"annual leave"')) == ["HR-001"]
    assert api_search('"leave annual"')["total"] == 0
    assert sorted(codes(api_search("差旅费 OR travel"))) == ["GL-003", "HR-001"]
    assert codes(api_search("差旅费 AND travel")) == []
    # AND and NOT apply to the whole text of a version, across its articles.
    assert codes(api_search("annual NOT managers")) == []
    assert codes(api_search("annual -managers")) == []
    assert codes(api_search("annual reimbursed")) == ["HR-001"]
    assert codes(api_search("reimbursed NOT 公务")) == ["HR-001"]
    assert codes(api_search("title:leave")) == ["HR-001"]
    assert codes(api_search("title:差旅费")) == []


def test_title_and_code_matches_rank_above_body_matches(make_rule, reader, api_search):
    make_rule(code="CW-001", title="差旅费管理办法", versions=[("第一条 出差按标准报销。\n", date(2020, 1, 1))])
    _rules(make_rule)
    assert codes(api_search("差旅费"))[0] == "CW-001"


def test_snippets_highlight_the_matched_words(make_rule, reader, api_search):
    body = "Article 1. Use <b>annual</b> leave & rest.\n"
    make_rule(code="X-1", title="Escaping", versions=[(body, date(2020, 1, 1))])
    _rules(make_rule)
    snippet = api_search("公务接待")["hits"][0]["snippet"]
    assert "<mark>公务接待</mark>" in snippet
    snippet = next(h["snippet"] for h in api_search("leaves")["hits"] if h["code"] == "X-1")
    assert "<mark>leave</mark>" in snippet and "<b>" not in snippet and "&lt;b&gt;" in snippet


def test_search_page_shows_hits_with_links_and_marks(make_rule, reader, client):
    _rules(make_rule)
    html = client.get("/search", query_string={"q": "保管期限"}).get_data(as_text=True)
    assert "<mark>保管期限</mark>" in html
    assert "/rules/GL-003?hl=%E4%BF%9D%E7%AE%A1%E6%9C%9F%E9%99%90#art-3" in html and "第三条" in html


def test_a_quoted_chinese_phrase_must_occur_as_typed(make_rule, reader, api_search):
    body = "第一条 公务活动。第二条 事务接洽。第三条 接待标准。\n"  # 公务 务接 接待, never side by side
    make_rule(code="S-1", title="杂项", versions=[(body, date(2020, 1, 1))])
    _rules(make_rule)
    assert codes(api_search('"公务接待"')) == ["GL-003"]
    assert "S-1" in codes(api_search("公务接待"))  # unquoted: all its bigrams, anywhere in the text
