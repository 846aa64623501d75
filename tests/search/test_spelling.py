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
