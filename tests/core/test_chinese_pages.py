"""Every page of the crawl, rendered in Chinese, shows no internal value and no English sentence that
the catalogue translates (the msgids are compared with the rendered text)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.core import test_no_server_errors
from tests.core.test_no_server_errors import _crawl

PO = Path(__file__).resolve().parents[2] / "registry/translations/zh/LC_MESSAGES/messages.po"
RAW = re.compile(r"\b(under_review|in_force|not_yet_in_force|in_review|accepted|submitted|rejected|withdrawn|"
                 r"drafting|enacted|declined|keep|revise|revision|reader|editor|approver)\b")
EMAIL = re.compile(r"[\w.+-]+@[\w.-]+")
SHOWN_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


class VisibleText(HTMLParser):
    """Collect what a reader sees: text outside scripts and styles, and the attributes read out or shown."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return EMAIL.sub("", "\n".join(parser.parts))  # editor1@example.org is an address, not a role


def translated_sentences() -> list[str]:
    """Return the catalogue's English sentences (three words or more, no placeholder) that have Chinese."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    return [m.id for m in catalogue if isinstance(m.id, str) and m.string and m.string != m.id
            and "%" not in m.id and len(m.id.split()) >= 3 and not m.context]


@pytest.mark.parametrize("role", ["admin", "editor"])
def test_chinese_pages_show_no_raw_value_and_no_translated_english(app, runner, client, make_user, login, role,
                                                                   monkeypatch):
    # The crawl must not follow the header's "English" link, which would switch the person's language.
    monkeypatch.setattr(test_no_server_errors, "SKIP", re.compile(test_no_server_errors.SKIP.pattern + "|/auth/lang/"))
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    login(make_user(role, locale="zh_CN"))
    sentences, problems = translated_sentences(), []
    for url in _crawl(client, limit=120):
        response = client.get(url)
        if not response.mimetype.startswith("text/html"):
            continue
        text = visible_text(response.get_data(as_text=True))
        if not url.startswith("/api/v1/reference"):  # the API reference documents the machine values
            problems += [(url, f"raw {found}") for found in sorted(set(RAW.findall(text)))]
        problems += [(url, sentence) for sentence in sentences if sentence in text]
    assert problems == []
