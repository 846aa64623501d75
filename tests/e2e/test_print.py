"""Printing a rule page prints the rule: no header, search box, buttons, forms or side panels."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from tests.e2e.test_browser import BODY_1, _sign_in

HIDDEN = ("header.site", "header.site form.search", "footer.site", "main .actions", "form[aria-label]", "aside",
          "#proposals", "#history")


def _visible(page, selector: str) -> bool:
    return page.evaluate(
        """s => [...document.querySelectorAll(s)].some(e => {
               const r = e.getBoundingClientRect();
               return getComputedStyle(e).display !== 'none' && r.height > 0; })""",
        selector)


def test_printing_a_rule_page_prints_only_the_rule(live_server, browser, in_thread, make_user, make_rule):
    user = in_thread(make_user, "editor")
    code = in_thread(make_rule, code="办发〔2024〕9号", title="公务接待管理办法", versions=[(BODY_1, date(2020, 1, 1))])
    page = browser.new_page()
    _sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/rules/{code}")
    assert all(_visible(page, s) for s in ("header.site", "main .actions", "aside"))  # on screen they are there
    page.emulate_media(media="print")
    for selector in HIDDEN:
        assert not _visible(page, selector), selector
    assert _visible(page, ".rule-body") and _visible(page, "main h1")
    assert page.evaluate("getComputedStyle(document.querySelector('.layout.rule')).display") == "block"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages).replace(" ", "")
    assert "公务接待管理办法" in text and "第一条为规范公务接待工作" in text and "第三条接待单位" in text
    for absent in ("Rulesregistry", "Search", "Proposeachange", "History", "Details", "Versions", "Show"):
        assert absent not in text, absent
