"""Edits commit small segments that are merged by size tiers: most commits leave every other segment as it was."""

from __future__ import annotations

from datetime import date

from registry.db import db
from registry.search.engine import MERGE_FACTOR, _tier
from tests.search.conftest import codes

BODY = "第一条 为规范印章管理，制定本办法。\n第二条 印章由办公室保管。\n"


def _segment_ids(app) -> list[str]:
    with app.extensions["registry_search"].index.cache.searcher() as state:
        return [sub.reader().segment().segment_id() for sub, _offset in state.searcher.leaf_searchers()]


def test_tiers_count_documents_by_powers_of_the_factor():
    assert [_tier(n) for n in (1, MERGE_FACTOR - 1, MERGE_FACTOR, MERGE_FACTOR ** 2 - 1, MERGE_FACTOR ** 2)] == [
        0, 0, 1, 1, 2]


def test_edits_merge_seldom_and_keep_the_segments_few(app, reader, make_rule, api_search, monkeypatch):
    from whoosh.writing import SegmentWriter

    from registry.rules import queries, services

    rules = 12
    for n in range(rules):
        make_rule(code=f"YZ-{n}", title=f"印章管理办法{n}", versions=[(BODY, date(2020, 1, 1))])
    merged: list[int] = []  # the live documents of each segment a commit rewrote
    add_reader = SegmentWriter.add_reader

    def spy(self, segment_reader):
        merged.append(segment_reader.doc_count())
        return add_reader(self, segment_reader)

    monkeypatch.setattr(SegmentWriter, "add_reader", spy)
    edits, merging_commits, counts = 40, 0, []
    for n in range(edits):
        seen = len(merged)
        with app.app_context():
            services.update_rule(None, queries.rule_by_code(f"YZ-{n % rules}"), tags=[f"第{n}次"])
            db.session.commit()  # indexed at once: one new segment, the rule's old document deleted
        merging_commits += len(merged) > seen
        counts.append(len(_segment_ids(app)))
        assert codes(api_search(f"tag:第{n}次")) == [f"YZ-{n % rules}"]
    assert sorted(codes(api_search("印章"))) == sorted(f"YZ-{n}" for n in range(rules))
    assert max(counts) <= 2 * (MERGE_FACTOR - 1) + 1  # at most MERGE_FACTOR - 1 in each of two tiers, and the new one
    assert merging_commits <= edits // (MERGE_FACTOR - 1)  # most commits wrote their own segment only
    # Each edit's document rewritten about once (log5 of a dozen documents); Whoosh's default merged all twelve at
    # every fifth commit here (88 documents), and the growing small segment at nearly every commit of a large index.
    assert sum(merged) <= edits
