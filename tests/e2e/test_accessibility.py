"""axe-core (npm, pinned in package.json) finds no serious or critical violation on the main pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.e2e.test_browser import BODY_1, BODY_2, _sign_in

AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
PAGES = ["/home/", "/rules", "/rules/CL-1", "/rules/CL-1/v/1", "/search?q=接待", "/reviews/", "/proposals/",
         "/proposals/compare?code=CL-1&a=1&b=2", "/notifications/", "/admin/users", "/admin/audit", "/rules/new"]
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_main_pages_have_no_serious_accessibility_violation(live_server, browser, in_thread, make_user, make_rule,
                                                            locale):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm ci (package.json; .ci/run does it)")
    admin = in_thread(make_user, "admin", locale=locale)
    in_thread(make_rule, code="CL-1", title="公务接待管理办法",
              versions=[(BODY_1, date(2020, 1, 1)), (BODY_2, date(2024, 1, 1))])
    # The page's policy forbids inline scripts, which is how Playwright injects one: let the test's own in.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    _sign_in(page, live_server, admin.email)
    found = {}
    for path in PAGES:
        page.goto(live_server + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}
