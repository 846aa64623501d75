"""A rule's numbered lines keep the numbers they were written with: on the page, in .docx and PDF, in search."""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from docx import Document
from pypdf import PdfReader

from registry.io.documents import find_cjk_font
from registry.rules.render import render_body

# Every line numbered as in real rules, and lines Markdown would take for lists or headings.
TRICKY = [
    "3. Definitions",
    "4. Scope of this policy",
    "",
    "1) First bracketed item",
    "2) Second bracketed item",
    "",
    "(1) Parenthesised one",
    "（2）全角括号第二项",
    "① 圈码第一项",
    "② 圈码第二项",
    "",
    "1.1 Nested first",
    "1.1.1 Nested deeper",
    "1.2 Nested second",
    "",
    "- a dash line",
    "* a star line",
    "+ a plus line",
    "#1 priority is not a heading",
    "#3 of the agreement stays as written",
    "",
    "7. Seven after a gap",
    "7. Seven again, as the source repeats it",
    "    9. indented nine",
]
BODY = "\n".join(TRICKY) + "\n"
LINES = [line.strip() for line in TRICKY if line.strip()]


class _Lines(HTMLParser):
    """The text of rendered HTML, one entry per visual line (<br> and block ends split lines)."""

    def __init__(self):
        super().__init__()
        self.lines, self.current = [], ""

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()

    def handle_endtag(self, tag):
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()

    def handle_data(self, data):
        self.current += data

    def _flush(self):
        if self.current.strip():
            self.lines.append(self.current.strip())
        self.current = ""


def _html_lines(html: str) -> list[str]:
    parser = _Lines()
    parser.feed(html)
    parser._flush()
    return parser.lines


def test_rendered_html_shows_each_line_with_its_own_number():
    html = "".join(section.html for section in render_body(BODY).sections)
    assert "<ol" not in html and "<ul" not in html and "<h1" not in html and "<pre" not in html
    assert _html_lines(html) == LINES


def test_a_list_starting_at_three_is_not_shown_as_one(client, login, make_user, make_rule):
    body = "第一条 总则。\n\n3. Definitions\n\n4. Terms\n\n6. Notices\n"
    code = make_rule(code="NUM-1", versions=[(body, date(2024, 1, 1))])
    login(make_user())
    page = client.get(f"/rules/{code}").get_data(as_text=True)
    assert "<ol" not in page
    text = _html_lines(page)
    for line in ("3. Definitions", "4. Terms", "6. Notices"):
        assert line in text


@pytest.fixture
def numbered(make_rule):
    return make_rule(code="NUM-2", title="Numbering Policy", versions=[(BODY, date(2024, 1, 1))])


def test_docx_paragraphs_keep_the_source_numbers(client, login, make_user, numbered):
    login(make_user())
    document = Document(io.BytesIO(client.get(f"/io/export/docx/{numbered}").data))
    texts = [line.strip() for p in document.paragraphs for line in p.text.split("\n") if line.strip()]
    assert [t for t in texts if t in LINES] == LINES


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (make fonts)")
def test_pdf_text_keeps_the_source_numbers(client, login, make_user, numbered):
    login(make_user())
    reader = PdfReader(io.BytesIO(client.get(f"/io/export/pdf/{numbered}").data))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().split("\n")]
    assert [line for line in lines if line in LINES] == LINES
    numbers = [m.group() for line in lines for m in [re.match(r"\d+[.)](?!\d)", line)] if m]
    assert numbers == ["3.", "4.", "1)", "2)", "7.", "7.", "9."]


def test_search_finds_and_shows_the_written_number(client, login, make_user, numbered):
    login(make_user())
    result = client.get("/api/v1/search", query_string={"q": '"Seven after a gap"'}).get_json()
    assert [hit["code"] for hit in result["hits"]] == [numbered]
    assert "7. Seven" in re.sub(r"</?mark>", "", result["hits"][0]["snippet"])
