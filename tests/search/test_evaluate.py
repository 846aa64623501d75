"""The set-at-a-time evaluator finds exactly what Whoosh's matchers find, with the same scores."""

from __future__ import annotations

import random

import pytest

from registry.lru import Lru
from registry.search import engine, whoosh_internals
from registry.search.compile import compile_query
from registry.search.contract import Document
from registry.search.evaluate import evaluate, to_whoosh
from registry.search.querylang import parse
from registry.search.searcher import SearcherState, SegmentCache
from registry.search.whoosh_internals import posting_list

ZH = ["公务接待", "差旅费", "保管期限", "人民政府", "应当", "管理", "规定", "审批", "预算", "档案", "会议", "采购"]
EN = ["annual", "leave", "leaves", "travel", "expenses", "policy", "policies", "records", "the", "public", "staff"]
QUERIES = [
    "人民政府", "应当", "公务接待 差旅费", "保管期限 OR 审批", '"人民政府"', "政", "leave", "policies",
    "annual leave", '"annual leave"', "the public", '"the public"', "title:管理", "code:T-7", "T-7", "tag:预算",
    "管理 OR leave OR 会议", "档案 采购 预算",
]


def _document(n: int, rng: random.Random, **changes) -> Document:
    words = [rng.choice(ZH + EN) for _ in range(rng.randint(5, 80))]
    body = "".join(w if w[0] > "z" else f" {w} " for w in words)
    return Document(**{
        "doc_id": str(n), "rule_id": str(n), "version_id": n, "number": 1, "code_key": f"t-{n}",
        "code": f"T-{n}", "title": "".join(rng.sample(ZH, 2)), "tags": rng.choice(ZH), "body": body,
        "words": body, "segments": [], "category": 0, "department": 0, "kind": "approved",
        "effective": 20200101, "until": 99991231, "repealed": 99991231, "fingerprint": "",
    } | changes)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """An index of 240 documents in three segments, some documents deleted and replaced."""
    root = tmp_path_factory.mktemp("index")
    rng = random.Random(11)
    for batch in range(3):
        with engine.writing(root) as writer:
            ids = range(batch * 80, batch * 80 + 80)
            writer.replace([], [_document(n, rng) for n in ids])
    with engine.writing(root) as writer:  # deletions and a fourth, small segment
        replaced = [3, 50, 81, 170]  # new texts: the writer skips documents whose fingerprint is unchanged
        writer.replace(replaced, [_document(n, rng, fingerprint=f"new-{n}") for n in replaced])
    cache = engine.SearcherCache(root)
    with cache.searcher() as state:
        s = state.searcher
        assert len(s.leaf_searchers()) > 1 and s.reader().has_deletions()
        yield s
    cache.close()


def _fresh(searcher, biwords: bool = False) -> SearcherState:
    """The state of this searcher with nothing kept yet (what a fresh memo was)."""
    return SearcherState(searcher, SegmentCache(), biwords)


def _whoosh(searcher, query) -> dict[int, float]:
    return {docnum: score for score, docnum in searcher.search(to_whoosh(query), limit=None).top_n}


def _live(searcher, found: dict[int, float]) -> dict[int, float]:
    live = set(searcher.reader().all_doc_ids())
    return {doc: score for doc, score in found.items() if doc in live}


@pytest.mark.parametrize("text", QUERIES)
def test_same_documents_and_scores_as_whoosh(searcher, text):
    query = compile_query(parse(text))
    expected = _whoosh(searcher, query)
    found = _live(searcher, evaluate(_fresh(searcher), query))
    assert expected, f"{text!r} should match something in the test index"
    assert found.keys() == expected.keys()
    assert all(found[doc] == pytest.approx(score, rel=1e-9) for doc, score in expected.items())


@pytest.mark.parametrize("text", ['"annual leave"', '"the public"', '"leave policy"', '"annual leave policy"',
                                  '"the public staff"', '"staff the public"', "T-7", '"records the"'])
def test_phrases_by_biwords_find_what_whoosh_finds(searcher, text):
    query = compile_query(parse(text))
    expected = _whoosh(searcher, query)
    found = _live(searcher, evaluate(_fresh(searcher, biwords=True), query))
    assert found.keys() == expected.keys()


def test_a_longer_phrase_needs_its_words_together_not_just_its_pairs(tmp_path):
    document = _document(1, random.Random(1), body="annual leave is paid. leave policy is written.")
    with engine.writing(tmp_path) as writer:
        writer.replace([], [document])
    cache = engine.SearcherCache(tmp_path)
    with cache.searcher() as state:
        assert state.biwords
        assert evaluate(state, compile_query(parse('"leave policy"')))
        assert not evaluate(state, compile_query(parse('"annual leave policy"')))
    cache.close()


def test_not_removes_every_document_with_the_word(searcher):
    positive = _live(searcher, evaluate(_fresh(searcher), compile_query(parse("应当"))))
    negative = _live(searcher, evaluate(_fresh(searcher), compile_query(parse("管理"))))
    found = _live(searcher, evaluate(_fresh(searcher), compile_query(parse("应当 -管理"))))
    assert found.keys() == positive.keys() - negative.keys() and found
    assert all(found[doc] == positive[doc] for doc in found)


def test_posting_lists_read_by_block_equal_the_public_matcher(searcher):
    for subsearcher, _offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        matcher = reader.postings("body", "应当")
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        fast_ids, fast_weights = posting_list(reader, "body", "应当")
        live = [(i, w) for i, w in zip(fast_ids, fast_weights, strict=True) if not reader.is_deleted(i)]
        assert live == list(zip(ids, weights, strict=True))


def test_a_cache_stays_within_its_budget():
    cache = Lru(budget=10)
    for n in range(5):
        cache.put(("body", str(n)), {i: 1.0 for i in range(4)}, 4)
    assert cache.size <= 10 and cache.get(("body", "4")) is not None and cache.get(("body", "0")) is None


def test_a_commit_reads_only_the_new_segment_again(tmp_path, monkeypatch):
    """Postings are kept per segment for the process: a new searcher after a commit reuses them."""
    rng = random.Random(5)
    with engine.writing(tmp_path) as writer:
        writer.replace([], [_document(n, rng) for n in range(60)])
    reads = []
    real = whoosh_internals.posting_list
    monkeypatch.setattr(whoosh_internals, "posting_list", lambda r, f, t: reads.append(f) or real(r, f, t))
    cache = engine.SearcherCache(tmp_path)
    query = compile_query(parse("应当"))
    with cache.searcher() as state:
        evaluate(state, query)
    first = len(reads)
    with engine.writing(tmp_path) as writer:
        writer.replace([], [_document(n, rng, body="应当") for n in range(60, 62)])
    with cache.searcher() as state:
        s = state.searcher
        assert len(s.leaf_searchers()) == 2
        found = _live(s, evaluate(state, query))
        expected = _whoosh(s, query)
        assert found.keys() == expected.keys() and {60, 61} <= found.keys()
        assert all(found[doc] == pytest.approx(score, rel=1e-9) for doc, score in expected.items())
    assert 0 < len(reads) - first < first  # only the new segment's postings were read
    cache.close()


def test_the_fast_positions_format_writes_what_whoosh_writes():
    from whoosh.formats import Positions

    from registry.search.whoosh_fields import BigramPositions, BigramTokenizer

    text = "第一条 为规范公务接待管理，Annual leave is paid; annual leaves GL-003 办发〔2024〕3号 人民政府人民"
    for boost in (1.0, 4.0):
        expected = sorted(Positions(field_boost=boost).word_values(text, BigramTokenizer()))
        assert sorted(BigramPositions(field_boost=boost).word_values(text, BigramTokenizer())) == expected
    assert any(text == "annual leav" and count == 2 for text, count, _w, _v in expected)  # biwords are there
