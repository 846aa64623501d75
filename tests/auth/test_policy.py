"""The policy table, tested whole: every route of the URL map, as every kind of visitor, with real ids.

One app and database per role: the world is seeded once (drafts of two departments, a proposal, a
notification and a calendar of a reader, a backlog item, a campaign, an editor's upload …), then
every route is requested (GET and POST, as its methods allow) with the ids of those objects — so a
route that answers another user's object where the table says it may not (IDOR) fails here, and so
does a route that the table does not list. Every answer a visitor gets is searched for the titles and
words of the drafts that visitor may not see: lists, searches, facets, suggestions, feeds, exports
and the API together.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from registry.auth import policy
from registry.db import db
from tests.conftest import PASSWORD, sign_in
from tests.io.samples import zip_bytes
from tests.io.webimport import follow, upload

TEXT = "第一条 出差住宿费按标准报销。\n\n第二条 会议费另行规定。\n"
SEAL_RULE_ZIP = zip_bytes({"印章管理办法.md": ("# 印章管理办法\n\n" + TEXT).encode()})
# Drafts and what would betray each: its title and a word only its text contains.
DRAFT_A = ("SEC-A", "甲部门保密草案 Zeppelin", "第一条 zeppelin 项目预算保密。\n")
DRAFT_B = ("SEC-B", "乙部门保密草案 Quagga", "第一条 quagga 项目预算保密。\n")
MARKERS = {"A": ("甲部门保密草案", "zeppelin"), "B": ("乙部门保密草案", "quagga")}
ROLES = ["anonymous", "anonymous-open", "reader", "other-editor", "editor", "approver", "admin"]
# Whose drafts each visitor may see ("editor" edits department A, "other-editor" department B).
SEES = {"anonymous": "", "anonymous-open": "", "reader": "", "other-editor": "B", "editor": "A",
        "approver": "AB", "admin": "AB"}
RANK = {"reader": 0, "other-editor": 1, "editor": 1, "approver": 2, "admin": 3}
AUDIENCE_RANK = {policy.EDITORS: 1, policy.APPROVERS: 2, policy.ADMINS: 3}
# Who passes each object check on the objects below: the reader owns rule PUB and wrote the proposal,
# the notification and the calendar; the editor (department A) uploaded the files; nobody drafts the
# backlog item. Stated here independently of permissions.py, as the office's policy.
CHECKS = {
    policy.RULE_EDIT: {"editor", "approver", "admin"},
    policy.RULE_REVIEW: {"reader", "approver", "admin"},
    policy.RULE_DISPOSE: {"reader", "editor", "approver", "admin"},
    policy.PROPOSER: {"reader"},
    policy.PROPOSAL_ACT: {"reader", "editor", "approver", "admin"},
    policy.BACKLOG_TAKE: {"approver", "admin"},
    policy.UPLOADER: {"editor"},
    policy.UPLOAD_FOLLOW: {"editor", "admin"},
}
# Run last, in this order: they change what the requests before them would find.
LAST = ["rules.discard", "search.delete_synonym", "proposals.campaign_close", "io.confirm", "auth.logout"]
# Answers that a permitted visitor may legitimately get for the draft rule SEC-A (it has no text in
# force, so there is no review due and nothing to propose a change to).
DRAFT_NOT_FOUND = {"reviews.rule_ics", "proposals.new", "proposals.compare_export"}


def _seed(app, client) -> SimpleNamespace:
    """Create the world every role is tested against; return the ids the URLs need."""
    from registry.admin.services import save_department
    from registry.auth.services import create_user
    from registry.notifications.services import notify
    from registry.proposals.backlog import propose_missing_rule
    from registry.proposals.campaigns import open_campaign
    from registry.proposals.services import submit_proposal
    from registry.reviews.services import calendar_token, set_basis
    from registry.rules import services
    from registry.search.services import save_synonym

    with app.app_context():
        a = save_department(None, None, code="BGS", name="办公室")
        b = save_department(None, None, code="CWC", name="财务处")
        people = {
            "reader": create_user(None, email="reader@example.org", name="Reader", role="reader", password=PASSWORD),
            "other-editor": create_user(None, email="other@example.org", name="Other", role="editor",
                                        password=PASSWORD, department=b),
            "editor": create_user(None, email="editor@example.org", name="Editor", role="editor",
                                  password=PASSWORD, department=a),
            "approver": create_user(None, email="approver@example.org", name="Approver", role="approver",
                                    password=PASSWORD),
            "admin": create_user(None, email="admin@example.org", name="Admin", role="admin", password=PASSWORD),
        }
        public = services.create_rule(None, code="PUB-1", title="差旅费管理办法", department=a,
                                      owner=people["reader"], review_cycle_months=12)
        for body, on in ((TEXT, date(2020, 1, 1)), (TEXT + "第三条 补充。\n", date(2022, 1, 1))):
            services.approve_version(None, services.add_draft_version(None, public, body), on)
        services.add_draft_version(None, public, TEXT + "第三条 待批。\n")  # v3, a draft
        drafts = {}
        for key, (code, title, body), department in (("A", DRAFT_A, a), ("B", DRAFT_B, b)):
            drafts[key] = services.create_rule(None, code=code, title=title, department=department)
            services.add_draft_version(None, drafts[key], body)
        from registry.rules.attachments import add_attachment

        for version in public.versions[1:] + drafts["A"].versions:  # annex 1 of v2, of the draft v3, of draft A
            add_attachment(None, version, "附件1 申请表", body="附件1\n\n申请表\n")
        from registry.usage.models import ArticleEvidence

        evidence = {rule.code: ArticleEvidence(rule=rule, kind="file", reference="检查记录", filename="检查记录.pdf",
                                               media_type="application/pdf", size=4, content=b"%PDF")
                    for rule in (public, drafts["A"])}  # an evidence file of each (a draft's, kept from before)
        db.session.add_all(evidence.values())
        services.update_rule(None, public, related=list(drafts.values()))
        set_basis(None, public, list(drafts.values()))
        proposal = submit_proposal(people["reader"], public, "revision", "更合理", body=TEXT + "第三条 建议。\n")
        note = notify(people["reader"], "test", "给读者的通知", "", "/rules")
        missing = propose_missing_rule(people["reader"], title="缺少的办法", need="需要", department=a)
        campaign = open_campaign(people["admin"], title="梳理", deadline_on=date(2030, 1, 1))
        synonym = save_synonym(people["admin"], None, "差旅, 出差")
        token = calendar_token(people["reader"])
        db.session.commit()
        ids = SimpleNamespace(proposal=proposal.id, notification=note.id, missing=missing.id, campaign=campaign.id,
                              item=campaign.items[0].id, synonym=synonym.id, token=token, department=a.id,
                              category=None, user=people["reader"].id,
                              evidence={code: e.id for code, e in evidence.items()},
                              people={k: u.email for k, u in people.items()})
        assert [i.rule.code for i in campaign.items] == ["PUB-1"]  # drafts are not inventoried
        from registry.rules.models import Category

        db.session.add(Category(name="财务"))
        db.session.commit()
        ids.category = db.session.scalar(select(Category.id))
    sign_in(client, ids.people["editor"])
    page = upload(client, SEAL_RULE_ZIP, "规章.zip").get_data(as_text=True)
    ids.upload = re.search(r"/io/import/([0-9a-f]{32})", page).group(1)
    client.post(f"/io/import/{ids.upload}")
    assert follow(client, ids.upload)["state"] == "done"  # the job's pages exist once it has run
    client.post("/auth/logout")
    return ids


def _variants(rule, ids) -> list[tuple[str, str]]:
    """Return (label, URL) for each object the route is tried on."""
    values = {"proposal_id": ids.proposal, "item_id": ids.item if "campaign_id" in rule.arguments else ids.missing,
              "campaign_id": ids.campaign, "synonym_id": ids.synonym, "token": ids.token,
              "user_id": ids.user, "department_id": ids.department, "category_id": ids.category,
              "filename": "registry.css", "lang": "en", "position": 1}
    if rule.endpoint.startswith("io.") and "token" in rule.arguments:
        values["token"] = ids.upload
    for options, name in re.findall(r"<any\(([^)]*)\):(\w+)>", rule.rule):
        values[name] = options.split(",")[0].strip()
    if "fmt" in rule.arguments and "fmt" not in values:
        values["fmt"] = "csv"
    if rule.endpoint == "auth.set_language":
        values["code"] = "en"
    variants = []
    coded = "code" in rule.arguments or rule.endpoint in ("proposals.new", "proposals.compare",
                                                          "proposals.compare_export")
    objects = [("published", "PUB-1", 2), ("draft", DRAFT_A[0], 1)] if coded else [("", None, None)]
    if "number" in rule.arguments:
        objects.append(("draft", "PUB-1", 3))  # the pending draft of a rule in force
    for label, code, number in objects:
        args = dict(values)
        if "code" in rule.arguments and rule.endpoint != "auth.set_language":
            args["code"] = code
        if "number" in rule.arguments:
            args["number"] = number
        if "evidence_id" in rule.arguments:
            args["evidence_id"] = ids.evidence[code]
        url = rule.build(args, append_unknown=False)[1]
        if coded and "code" not in rule.arguments:
            url += f"?code={code}"
        variants.append((label, url))
    if rule.endpoint == "reviews.calendar_feed":
        variants.append(("bad-token", rule.build({"token": "not-a-token"}, append_unknown=False)[1]))
    return variants


def _expected(role: str, endpoint: str, label: str, method: str, login_required: bool) -> bool:
    """Say whether the office's policy lets this visitor through this route on this object."""
    access = policy.POLICY[endpoint]
    anonymous = role.startswith("anonymous")
    if label == "bad-token":
        return False
    if access.audience == policy.ANYONE:
        return True
    if anonymous:
        admitted = access.audience == policy.READERS and not login_required and method == "GET"
    else:
        admitted = RANK[role] >= AUDIENCE_RANK.get(access.audience, 0)
    if not admitted:
        return False
    if label == "draft" and "A" not in SEES[role]:
        return False
    return role in CHECKS.get(access.check, {role})


def _refused(response, endpoint: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/auth/login?next=" in location:
        return True  # sent to sign in (signing out also ends on the sign-in page, without a next)
    # Someone else's (or an expired) upload is answered as unknown: back to the upload form.
    return endpoint == "io.confirm" and location.rstrip("/").endswith("/io/import")


def _text(response) -> str:
    """Return what a visitor could read in the response, unpacking .xlsx and .docx."""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                            if n.endswith(".xml"))
    text = data.decode("utf-8", "replace")
    if response.is_json:
        text = json.dumps(response.get_json(), ensure_ascii=False)
    return text


def _hidden_markers(role: str) -> list[str]:
    return [m for key, words in MARKERS.items() if key not in SEES[role] for m in words]


def _leaks(role: str, text: str) -> list[str]:
    lowered = text.lower()
    return [m for m in _hidden_markers(role) if m.lower() in lowered]


# Lists, searches, suggestions, feeds, exports and the API: where a draft could be named by title.
REVEALING = [
    "/rules", "/rules?status=draft", "/rules?q=保密", "/rules/PUB-1", "/rules/PUB-1?tab=history",
    "/search?q=保密&drafts=1", "/search?q=项目预算&drafts=1", "/search?q=zeppelln", "/search?q=quaga",
    "/api/v1/rules", "/api/v1/rules?status=draft", "/api/v1/rules/PUB-1", "/api/v1/search?q=保密&drafts=1",
    "/api/v1/search?q=zeppelln", "/api/v1/search?q=quaga&drafts=1", "/io/catalogue.csv", "/io/catalogue.xlsx",
    "/io/catalogue.csv?status=draft", "/reviews/", "/reviews/ics/PUB-1", "/proposals/", "/proposals/campaigns",
    "/proposals/backlog", "/proposals/compare?code=PUB-1", "/notifications/", "/reviews/rule/PUB-1/basis",
    "/rules/PUB-1/edit",
]


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_every_role_as_the_table_says(make_app, role):
    login_required = role != "anonymous-open"
    app = make_app(LOGIN_REQUIRED=login_required)
    client = app.test_client()
    ids = _seed(app, client)
    if not role.startswith("anonymous"):
        sign_in(client, ids.people[role])
    _nothing_hidden_is_named(client, ids, role)  # first: the routes below change things
    routes = sorted(app.url_map.iter_rules(),
                    key=lambda r: (LAST.index(r.endpoint) if r.endpoint in LAST else -1, r.endpoint, r.rule))
    missing = sorted({r.endpoint for r in routes} - set(policy.POLICY))
    assert not missing, f"routes without an entry in registry/auth/policy.py: {missing}"
    assert not set(policy.POLICY) - {r.endpoint for r in routes}, "entries for routes that do not exist"
    wrong, leaks = [], []
    for rule in routes:
        for label, url in _variants(rule, ids):
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(url, method=method, data={} if method == "POST" else None)
                assert response.status_code < 500, (method, url, response.status_code)
                allowed = _expected(role, rule.endpoint, label, method, login_required)
                refused = _refused(response, rule.endpoint)
                if refused == allowed and not (label == "draft" and rule.endpoint in DRAFT_NOT_FOUND
                                               and allowed and response.status_code == 404):
                    wrong.append(f"{method} {url} ({rule.endpoint}): {response.status_code} "
                                 f"{response.headers.get('Location', '')}, table says "
                                 f"{'allowed' if allowed else 'refused'}")
                leaks += [f"{method} {url}: {m}" for m in _leaks(role, _text(response))]
                response.close()
    assert not wrong, "\n".join(wrong)
    assert not leaks, "\n".join(leaks)
    _reader_notification_untouched_by_others(app, ids, role)


def _reader_notification_untouched_by_others(app, ids, role: str) -> None:
    from registry.notifications.models import Notification

    with app.app_context():
        note = db.session.get(Notification, ids.notification)
        assert (note.read_at is not None) == (role == "reader"), "someone else marked the reader's notification read"


def _nothing_hidden_is_named(client, ids, role: str) -> None:
    """No list, search, suggestion, feed, export or API answer names a draft the visitor may not see."""
    feed = f"/reviews/feed/{ids.token}.ics"
    seen = ""
    for url in REVEALING + [feed, f"/proposals/campaigns/{ids.campaign}",
                            f"/proposals/campaigns/{ids.campaign}/export.csv",
                            f"/proposals/campaigns/{ids.campaign}/export.xlsx", f"/proposals/{ids.proposal}"]:
        response = client.get(url)
        assert response.status_code < 500, url
        text = _text(response)
        response.close()
        assert not _leaks(role, text), (url, _leaks(role, text))
        seen += text
    # The test would see a leak: those who may see a draft find its title in these same answers.
    for key in SEES[role]:
        assert MARKERS[key][0] in seen, (role, key)
