"""Every scheduled reminder speaks its recipient's language: the in-app notification and the e-mail (real SMTP).

One department has an English-speaking owner and a Chinese-speaking approver, the other the reverse, so each
item is worded once per recipient: reviews due and overdue, the escalation to the approver, revision tasks,
validity evaluations, acknowledgements and drafting-backlog items. No internal value (a kind, a stage) shows.
"""

from __future__ import annotations

import re
from datetime import timedelta

from registry.db import db
from registry.reviews.schedule import add_months
from tests.reviews.test_reminder_mail import D, due_in, send

RAW = ("review.due", "task.due", "validity.evaluation", "acknowledgement.due", "drafting.due", "before-7",
       "overdue-", "escalate", "None", "in_force", "legal_review")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _people(make_department, make_user, set_locale):
    english_office, chinese_office = make_department(), make_department(code="CWC", name="财务处")
    people = {
        "en_owner": make_user("editor", department_id=english_office, name="Alice Owner"),
        "zh_approver": make_user("approver", department_id=english_office, name="王处长", locale="zh_CN"),
        "zh_owner": make_user("editor", department_id=chinese_office, name="李科员", locale="zh_CN"),
        "en_approver": make_user("approver", department_id=chinese_office, name="Bob Chief"),
    }
    set_locale(people["zh_approver"].id, "zh_CN")
    set_locale(people["zh_owner"].id, "zh_CN")
    return english_office, chinese_office, people


def _everything_due(app, owned_rule, owner, department_id, title, admin_id):
    """Give `owner` one item of each kind, due in seven days, and a review two weeks overdue."""
    from registry.acknowledgements.services import request_acknowledgement
    from registry.auth.models import User
    from registry.proposals.backlog import advance, propose_missing_rule
    from registry.rules.queries import rule_by_code
    from registry.tasks.services import open_revision_task

    code = owned_rule(owner.id, due_in(7), department_id=department_id, title=title)
    late = owned_rule(owner.id, due_in(-14), department_id=department_id, title=title + " (2)")
    with app.app_context():
        rule, person, admin = rule_by_code(code), db.session.get(User, owner.id), db.session.get(User, admin_id)
        open_revision_task(None, rule, person, D + timedelta(days=7), "review")
        rule.valid_until = add_months(D + timedelta(days=7), app.config["VALIDITY_EVALUATION_MONTHS"])
        request_acknowledgement(None, rule.versions[-1], department_ids=[department_id], roles=[], everyone=False,
                                due_on=D + timedelta(days=7))
        item = propose_missing_rule(admin, title=title + ("（新）" if CJK.search(title) else " (new)"), need="need")
        db.session.flush()
        advance(admin, item, "accept", drafter=person, due_on=D + timedelta(days=7))
        db.session.commit()
    return code, late


def _words_left(text: str, *known: str) -> str:
    """The text without its URLs, addresses, rule codes and the names and titles the test gave."""
    text = re.sub(r"https?://\S+|\S+@\S+|\bRV-\d+\b|\d{4}-\d{2}-\d{2}", " ", text)
    for word in known:
        text = text.replace(word, " ")
    return text


def test_each_recipient_gets_each_reminder_in_their_language(app, runner, client, login, smtp_server,
                                                             make_department, make_user, set_locale, owned_rule):
    english_office, chinese_office, people = _people(make_department, make_user, set_locale)
    admin = make_user("admin", name="Admin")
    en_code, en_late = _everything_due(app, owned_rule, people["en_owner"], english_office, "Travel Rules",
                                       admin.id)
    zh_code, zh_late = _everything_due(app, owned_rule, people["zh_owner"], chinese_office, "差旅费管理办法",
                                       admin.id)
    assert send(runner).exit_code == 0

    (en_mail,) = smtp_server.to(people["en_owner"].email)
    (zh_mail,) = smtp_server.to(people["zh_owner"].email)
    (zh_boss,) = smtp_server.to(people["zh_approver"].email)  # escalation of the English owner's late review
    (en_boss,) = smtp_server.to(people["en_approver"].email)
    for mail in (en_mail, zh_mail, zh_boss, en_boss):
        for raw in RAW:
            assert raw not in mail.text and raw not in mail.html, (raw, mail.text)

    for phrase in ("Review due in 7 days", "Review overdue by 14 days", "Revision due in 7 days",
                   "Evaluate due in 7 days", "Read and confirm due in 7 days", "Drafting due in 7 days",
                   "Hello Alice Owner", "All your notifications"):
        assert phrase in en_mail.text, phrase
    assert en_mail.message["Content-Language"] == "en"
    assert not CJK.search(en_mail.text), en_mail.text
    assert "Overdue review in your department" in en_boss.text and zh_late in en_boss.text
    assert not CJK.search(_words_left(en_boss.text, "差旅费管理办法", "李科员")), en_boss.text

    for phrase in ("审查还有 7 天到期", "审查已逾期 14 天", "修订还有 7 天到期", "后评估还有 7 天到期",
                   "请阅读并确认（还有 7 天到期", "起草还有 7 天到期", "请起草", "李科员，您好", "查看全部通知"):
        assert phrase in zh_mail.text, (phrase, zh_mail.text.replace("\n", " | "))
    assert zh_mail.message["Content-Language"] == "zh-CN"
    leftovers = LATIN_WORD.findall(_words_left(zh_mail.text, "差旅费管理办法"))
    assert leftovers == [], (leftovers, zh_mail.text)
    assert en_late in zh_boss.text and "逾期" in zh_boss.text
    assert LATIN_WORD.findall(_words_left(zh_boss.text, "Travel Rules", "Alice Owner")) == [], zh_boss.text

    for person, foreign in ((people["en_owner"], CJK), (people["zh_owner"], LATIN_WORD)):
        login(person)
        page = client.get("/notifications/").get_data(as_text=True)
        client.post("/auth/logout")
        listing = page[page.index('<ul class="notifications">'):]
        items = re.findall(r'<li class="(?:un)?read">.*?</li>', listing[:listing.index("</ul>")], re.S)
        assert len(items) >= 6, page[-3000:]
        for item in items:
            words = _words_left(re.sub(r"<[^>]+>", " ", item), "差旅费管理办法", "Travel Rules")
            assert not foreign.search(words), words
            for raw in RAW:
                assert raw not in item, (raw, item)
