"""Whatever is typed, the search answers: a best-effort search or a helpful note, never an error page."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.search.querylang import parse

PIECES = st.sampled_from(['"', "“", "」", "AND", "OR", "NOT", "-", "!", "(", ")", "title:", "code:", "body:",
                          ":", "*", "?", "~", "^", "\\", "公务", "接待", "leave", "GL-003", "办发〔2024〕3号",
                          "\x00", "\x1b", "\u200b", "\ufeff", " ", "\n", "%", "'", "<script>"])
QUERIES = st.one_of(st.text(max_size=60), st.lists(PIECES, max_size=12).map("".join),
                    st.lists(PIECES, max_size=12).map(" ".join))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES)
def test_any_query_gets_an_answer(make_rule_once, client, query):
    page = client.get("/search", query_string={"q": query})
    assert page.status_code == 200
    api = client.get("/api/v1/search", query_string={"q": query})
    assert api.status_code == 200 and "hits" in api.get_json()


@given(query=QUERIES)
def test_the_parser_never_raises(query):
    parsed = parse(query)
    assert all(clause.text for group in parsed.groups for clause in group)


def test_malformed_input_is_explained(make_rule_once, client):
    cases = {'"公务接待': "quotation mark", "AND OR": "lone operators", "公务" * 2600: "first 500 characters"}
    for query, note in cases.items():
        html = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        assert note in html, query[:20]
    html = client.get("/search", query_string={"q": '"公务接待'}).get_data(as_text=True)
    assert "<mark>公务接待</mark>" in html  # and still searched
    assert client.get("/search", query_string={"q": "接待\x00\x07管理"}).status_code == 200


def test_no_results_suggest_spelling_and_broader_filters(make_rule, reader, client, api_search):
    make_rule(code="HR-1", title="Leave policy",
              versions=[("Article 1. Staff take annual leave after approval.\n", date(2020, 1, 1))])
    result = api_search("anual leave")
    assert result["total"] == 0 and result["did_you_mean"] == "annual leave"
    html = client.get("/search", query_string={"q": "anual", "year": 1999}).get_data(as_text=True)
    assert "Did you mean" in html and "without filters" in html and "repealed" in html


# A module-level fixture: hypothesis runs many examples against one app, so build its data once.
import pytest  # noqa: E402


@pytest.fixture
def make_rule_once(make_rule, make_user, login):
    login(make_user("reader"))
    make_rule(code="GL-003", title="公务接待管理办法",
              versions=[("第一条 为规范公务接待管理，办发〔2024〕3号。\n第二条 annual leave.\n", date(2020, 1, 1))])
