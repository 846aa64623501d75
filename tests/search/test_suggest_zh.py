"""Did-you-mean for Chinese: a word one edit away whose every character pair some text has, the same
sound first (pinyin), never a word only a draft contains."""

from __future__ import annotations

from datetime import date

from registry.search.suggest_zh import ChineseSpeller, sounds_alike

PAIRS = {"公务": 50, "务接": 40, "接待": 60, "接受": 20, "待遇": 10, "休假": 30, "差旅": 8, "旅费": 8, "年休": 6,
         "annual": 9, "公": 70}


def _speller() -> ChineseSpeller:
    return ChineseSpeller(PAIRS, PAIRS.get)


def test_one_slip_is_mended_by_replacing_swapping_adding_or_removing_a_character():
    speller = _speller()
    assert speller.suggest("公务接侍") == "公务接待"  # a look-alike character (侍 for 待)
    assert speller.suggest("公务待接") == "公务接待"  # two neighbours swapped
    assert speller.suggest("差旅废") == "差旅费"
    assert speller.suggest("年休价") == "年休假"
    assert speller.suggest("公务接接待") == "公务接待"  # one character too many


def test_the_same_sound_counts_but_a_rare_homophone_loses_to_a_common_look_alike():
    assert sounds_alike("接代", "接待") == 2 and sounds_alike("差旅废", "差旅费") == 3  # 差 read cha or chai
    vocabulary = {"公务": 50, "务接": 40, "接待": 30, "接带": 10, "接事": 2, "公文": 9}
    speller = ChineseSpeller(vocabulary, vocabulary.get)
    assert speller.suggest("公务接代") == "公务接待"  # dai: 接待 and 接带 sound the same; 接待 is commoner
    assert speller.suggest("公务接侍") == "公务接待"  # 接事 sounds like 接侍 (shi) but is rare
    vocabulary["接带"] = 35
    assert speller.suggest("公务接代") == "公务接带"
    vocabulary["接带"] = 10
    vocabulary["接事"] = 20
    assert speller.suggest("公务接侍") == "公务接事"  # a homophone counts ten times: 20 × 10 beats 30 × 1.75
    vocabulary.update({"文处": 5, "处理": 20, "处室": 55})  # the demo data's figures
    assert ChineseSpeller(vocabulary, vocabulary.get).suggest("公文处里") == "公文处理"


def test_known_words_nonsense_and_non_chinese_get_nothing():
    speller = _speller()
    assert len(speller) == 9  # only two-character Chinese terms are pairs
    assert speller.suggest("公务接待") is None
    assert speller.suggest("鑫鑫鑫鑫") is None
    assert speller.suggest("anual") is None and speller.suggest("公") is None
    # A refused candidate (one only a draft has) gives way to the next.
    assert speller.suggest("公务接侍", allowed=lambda word: word != "公务接待") == "公务接受"
    assert speller.suggest("公务接侍", allowed=lambda word: False) is None


def test_a_misspelt_chinese_query_gets_a_suggestion_on_the_page(make_rule, reader, client, api_search):
    make_rule(code="GL-003", title="公务接待管理办法",
              versions=[("第一条 公务接待应当从简。\n第二条 接待标准按规定执行。\n", date(2020, 1, 1))])
    result = api_search("公务接侍")
    assert result["total"] == 0 and result["did_you_mean"] == "公务接待"
    html = client.get("/search", query_string={"q": "公务接侍"}).get_data(as_text=True)
    assert "公务接待</a>" in html
    assert "2–4" not in html  # a four-character word needs no advice to shorten it
    assert "2–4" in client.get("/search", query_string={"q": "公务接侍 差旅报销"}).get_data(as_text=True)


def test_no_suggestion_comes_from_a_draft(make_rule, make_user, client, login, api_search):
    login(make_user("reader"))
    make_rule(code="GL-004", title="会议管理办法", versions=[("第一条 会议从简。\n", date(2020, 1, 1))],
              draft="第一条 会议从简，外事接待另行规定。\n")
    assert api_search("外事接侍")["did_you_mean"] is None


def test_a_pair_table_answers_as_the_sets_it_packs():
    """The packed table (two sorted arrays of 32-bit pairs) says what sets of strings would say."""
    from registry.search.suggest_zh import PairTable

    terms = ["公务", "务接", "接待", "接收", "收发", "公文", "annual", "接", "公务接", "𠀀接", "接𠀀"]
    table = PairTable(terms)
    known = {t for t in terms if len(t) == 2 and all("\u4e00" <= c <= "\u9fff" for c in t)}
    assert len(table) == len(known) and table.pairs() == known
    assert all(table.knows(p) for p in known)
    assert not table.knows("待接") and not table.knows("𠀀接") and not table.knows("接𠀀")
    for char in "公务接待收发文𠀀x":
        assert table.after(char) == {p[1] for p in known if p[0] == char}
        assert table.before(char) == {p[0] for p in known if p[1] == char}
