"""Did-you-mean suggestions: the nearest indexed word, the more frequent one on a tie."""

from __future__ import annotations

from registry.search.spelling import Speller, distance

VOCABULARY = {"annual": 40, "leave": 90, "receive": 12, "policy": 30, "police": 3, "government": 8, "travel": 20}


def _speller() -> Speller:
    return Speller(VOCABULARY, VOCABULARY.get)


def test_distance_counts_edits_and_transpositions():
    assert distance("leave", "leave") == 0
    assert distance("levae", "leave") == 1  # adjacent letters swapped
    assert distance("anual", "annual") == 1
    assert distance("goverment", "government") == 1
    assert distance("travle", "travel") == 1
    assert distance("plcy", "policy") == 2


def test_suggests_the_nearest_known_word():
    speller = _speller()
    assert speller.suggest("anual") == "annual"
    assert speller.suggest("Levae") == "leave"
    assert speller.suggest("recieve") == "receive"
    assert speller.suggest("goverment") == "government"


def test_a_tie_goes_to_the_more_frequent_word_and_nonsense_gets_nothing():
    speller = _speller()
    assert speller.suggest("policr") == "policy"  # one edit from policy and from police: policy is commoner
    assert speller.suggest("pfnbt") is None
    assert speller.suggest("leave") is None  # known words need no suggestion
    assert speller.suggest("ab") is None  # too short to guess


def test_the_table_of_hashes_files_words_as_a_dictionary_of_deletions_would():
    import random
    import re

    from bench.search_bench import find_corpus
    from registry.search.spelling import DeletionTable, _deletions

    corpus = find_corpus(None)  # the words of real English rules when the shared corpus is there
    files = sorted((corpus / "en").rglob("*.md"))[:60] if corpus else []
    text = " ".join(p.read_text(encoding="utf-8") for p in files)
    words = sorted(set(re.findall(r"[a-z]{3,}", text.lower()))) or [
        "".join(random.Random(n).choices("abcdefghij", k=3 + n % 8)) for n in range(3000)]
    reference: dict[str, set[str]] = {}
    for word in words:
        for key in _deletions(word) | {word}:
            reference.setdefault(key, set()).add(word)
    table = DeletionTable(words)
    rng = random.Random(7)
    for key in rng.sample(sorted(reference), min(3000, len(reference))):
        assert set(table.get(key)) >= reference[key]  # a shared hash may only add a candidate
    assert table.get("qqqqqzzzz") == ()
    frequency = dict.fromkeys(words, 1).get
    with_dicts = Speller((), frequency, tables=[_DictTable(reference)])
    with_hashes = Speller((), frequency, tables=[table])
    for word in rng.sample(words, min(300, len(words))):
        typo = word[:1] + word[2:] if rng.random() < 0.5 else word[:-1] + "x"
        assert with_hashes.suggest(typo) == with_dicts.suggest(typo)


class _DictTable:
    def __init__(self, table: dict[str, set[str]]):
        self.table = table

    def get(self, key, default=()):
        return sorted(self.table.get(key, default))
