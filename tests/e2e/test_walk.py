"""The whole interface walked as a user would, in Chromium, over the demo data: both languages, 1280 and 390 px.

On each main page — home, catalogue, search, a rule page, a version, 新旧对照, the dashboard, proposals,
the backlog, campaigns (one closed), the inventory's lists, procedures and a run, acknowledgements and the
admin pages — nothing is wider than the screen, no table column is squeezed to a character a line, no
internal value shows, no line is in the other language, and axe-core finds no serious or
critical violation.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.core.test_chinese_pages import translated_words
from tests.core.test_english_pages import chinese_interface_pieces
from tests.e2e.test_accessibility import AXE, RUN
from tests.e2e.test_browser import _sign_in

WIDE = "() => document.documentElement.scrollWidth"
SHOWN = "() => document.body.innerText"
# Cells of a table squeezed to a few characters a line ("办/公/室"): more than three lines in under 4 em.
SQUEEZED = """() => [...document.querySelectorAll("main table.list th, main table.list td")].filter(c => {
  const size = parseFloat(getComputedStyle(c).fontSize), range = document.createRange();
  range.selectNodeContents(c);
  const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  return c.innerText.trim().length >= 4 && lines > 3 && c.clientWidth < 4 * size + 20;
}).map(c => c.innerText.trim().slice(0, 24))"""
RAW = re.compile(r"\b(under_review|in_force|not_yet_in_force|in_review|legal_review|fair_competition|"
                 r"hard_to_follow|stage_kind|[a-z]+\.(?:due|opened|arrived|assigned|decided|evaluation))\b")
FIXED = ["/home/", "/rules", "/rules?category=1", "/search?q=差旅费", "/search?q=公务接侍", "/reviews/",
         "/reviews/calendar", "/reviews/log", "/proposals/", "/proposals/backlog", "/proposals/campaigns",
         "/procedures/", "/procedures/settings", "/acknowledgements/", "/overlaps/", "/usage/dormant",
         "/notifications/", "/notifications/preferences", "/account/tokens", "/admin/", "/admin/users",
         "/admin/audit", "/admin/categories", "/admin/departments", "/admin/webhooks", "/admin/search/synonyms"]


def _walk_pages(app, admin_id: int) -> list[str]:
    """The fixed pages, and the pages of things in the demo data: a rule, its versions, a campaign closed."""
    from sqlalchemy import func, select

    from registry.acknowledgements.services import request_acknowledgement
    from registry.auth.models import User
    from registry.db import db, today
    from registry.procedures.models import RUNNING, ProcedureRun
    from registry.proposals import campaigns, services
    from registry.rules.models import Rule, RuleVersion

    with app.app_context():
        admin = db.session.get(User, admin_id)
        twice = db.session.scalars(select(Rule).join(Rule.versions).where(Rule.repealed_on.is_(None))
                                   .group_by(Rule.id).having(func.count(RuleVersion.id) > 1)).first()
        campaign = campaigns.open_campaign(admin, title="2026年度制度清理", deadline_on=today() + timedelta(days=30))
        for item, disposition in zip(campaign.items[:4], ("keep", "revision", "repeal", "keep"), strict=False):
            campaigns.dispose(admin, item, disposition, note="梳理意见")
        campaigns.close_campaign(admin, campaign)
        db.session.commit()
        pages = FIXED + [f"/rules/{twice.code}", f"/rules/{twice.code}/v/1",
                         f"/proposals/compare?code={twice.code}&a=1&b=2", f"/proposals/campaigns/{campaign.id}",
                         f"/cleanup/campaigns/{campaign.id}/lists"]
        approved = max((v for v in twice.versions if v.is_approved), key=lambda v: v.number)
        body = approved.body + "\n\n第九十九条 本办法自印发之日起施行。\n"
        proposal = services.submit_proposal(admin, twice, "revision", "与新规衔接", body=body)
        request_acknowledgement(admin, approved, department_ids=[],
                                roles=["editor"], everyone=False, due_on=today() + timedelta(days=14))
        db.session.commit()
        pages += [f"/proposals/{proposal.id}", f"/acknowledgements/rules/{twice.code}/progress"]
        run = db.session.scalars(select(ProcedureRun).where(ProcedureRun.status == RUNNING)).first()
        if run is not None:
            pages.append(f"/procedures/rules/{run.version.rule.code}/v/{run.version.number}")
        return pages


def typed(path: str) -> set[str]:
    """What the page echoes from its address (a search's words)."""
    return {v for values in parse_qs(urlsplit(path).query).values() for v in values}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_walk_the_main_pages_in_both_languages_and_widths(live_server, browser, in_thread, app, make_user, locale):
    if not Path(AXE).exists():
        pytest.skip("axe-core is not installed: npm ci (package.json; .ci/run does it)")
    assert in_thread(app.test_cli_runner().invoke, args=["demo", "load"]).exit_code == 0
    admin = in_thread(make_user, "admin", locale=locale)
    paths = in_thread(_walk_pages, app, admin.id)
    # whole lines of the other language: an English catalogue entry on a Chinese page, a Chinese one on an English
    foreign = translated_words() if locale == "zh_CN" else chinese_interface_pieces()
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script of the test's own
    page = context.new_page()
    _sign_in(page, live_server, admin.email)
    problems = []
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for path in paths:
            response = page.goto(live_server + path)
            if response.status >= 400:
                problems.append((width, path, f"status {response.status}"))
                continue
            if (shown := page.evaluate(WIDE)) > width:
                problems.append((width, path, f"{shown} px wide"))
            problems += [(width, path, f"squeezed {cell!r}") for cell in page.evaluate(SQUEEZED)]
            shown_text = page.evaluate(SHOWN)
            problems += [(width, path, f"raw {raw}") for raw in sorted(set(RAW.findall(shown_text)))]
            lines = {line.strip() for line in shown_text.splitlines()} - typed(path)
            problems += [(width, path, f"other language: {line}") for line in sorted(lines & foreign)]
            if width == 1280 or path in FIXED[:6]:  # axe once a page; the phone layout of the main ones too
                page.add_script_tag(path=str(AXE))
                problems += [(width, path, f"axe {v}") for v in page.evaluate(RUN)]
    context.close()
    assert problems == [], "\n".join(map(str, problems))
