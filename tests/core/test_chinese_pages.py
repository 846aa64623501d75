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


def visible_pieces(html: str) -> set[str]:
    """Return each text node and shown attribute on its own, stripped (a button's "Open", a heading's "Status")."""
    parser = VisibleText()
    parser.feed(html)
    return {part.strip() for part in parser.parts if part.strip()}


def translated_words() -> set[str]:
    """Return the catalogue's short English entries (labels, buttons, headings) that have a different Chinese."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    return {m.id for m in catalogue if isinstance(m.id, str) and m.string and m.string != m.id
            and "%" not in m.id and re.search("[A-Za-z]{2}", m.id)}


def translated_sentences() -> list[str]:
    """Return the catalogue's English sentences (three words or more, no placeholder) that have Chinese."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    return [m.id for m in catalogue if isinstance(m.id, str) and m.string and m.string != m.id
            and "%" not in m.id and len(m.id.split()) >= 3 and not m.context]


@pytest.mark.demo_data
@pytest.mark.parametrize("role", ["admin", "editor"])
def test_chinese_pages_show_no_raw_value_and_no_translated_english(app, client, make_user, login, role, monkeypatch):
    # The crawl must not follow the header's "English" link, which would switch the person's language.
    monkeypatch.setattr(test_no_server_errors, "SKIP", re.compile(test_no_server_errors.SKIP.pattern + "|/auth/lang/"))
    login(make_user(role, locale="zh_CN"))
    sentences, words, problems = translated_sentences(), translated_words(), []
    for url in _crawl(client, limit=120):
        response = client.get(url)
        if not response.mimetype.startswith("text/html"):
            continue
        html = response.get_data(as_text=True)
        text = visible_text(html)
        if not url.startswith("/api/v1/reference"):  # the API reference documents the machine values
            problems += [(url, f"raw {found}") for found in sorted(set(RAW.findall(text)))]
        problems += [(url, sentence) for sentence in sentences if sentence in text]
        # A whole text node that is a catalogue entry was shown untranslated ("Open", "Replaced by"); the API
        # reference names its schemas (Article, Proposal, Error) and statuses (OK, Created) as the document does.
        if not url.startswith("/api/v1/reference"):
            problems += [(url, f"untranslated {piece}") for piece in sorted(visible_pieces(html) & words)]
    assert problems == []


def test_every_message_of_the_code_and_templates_has_a_chinese_translation(tmp_path):
    """Extract the messages as `make messages` would (code, HTML and plain-text e-mail templates): all have Chinese."""
    from babel.messages.frontend import CommandLineInterface

    root = PO.parents[4]
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), "-k", "_l",
                                "-k", "lazy_gettext", "-o", str(pot), str(root)])
    with pot.open("rb") as handle:
        wanted = [m for m in read_po(handle) if m.id]
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    assert len(wanted) > 500
    missing = []
    for message in wanted:
        found = catalogue.get(message.id, context=message.context)
        strings = found.string if found is not None and isinstance(found.string, tuple) else (found and found.string,)
        if not all(strings):
            missing.append((message.id, message.locations[:1]))
    assert missing == []
