"""Time `reminders send` on a synthetic registry: N rules, M owners, a real SMTP server on loopback.

Usage: .venv/bin/python bench/reminders_bench.py [RULES] [USERS]   (prints the figures; changes nothing else)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date, timedelta

from aiosmtpd.controller import Controller

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Counter:
    def __init__(self) -> None:
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 OK"


def main(rules: int = 2000, users: int = 100) -> None:
    from registry import create_app
    from registry.auth.models import User
    from registry.db import Model, db
    from registry.reviews.schedule import add_months
    from registry.rules.models import APPROVED, Rule, RuleVersion

    workdir = tempfile.mkdtemp()
    os.environ["REGISTRY_INSTANCE_PATH"] = workdir
    inbox = Counter()
    controller = Controller(inbox, hostname="127.0.0.1", port=8625)
    controller.start()
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
                      "INDEX_DIR": f"{workdir}/index", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 8625})
    today = date(2026, 12, 1)
    with app.app_context():
        Model.metadata.create_all(db.engine)
        people = [User(email=f"owner{i}@example.org", name=f"Owner {i}", role="editor", locale="en")
                  for i in range(users)]
        db.session.add_all(people)
        db.session.flush()
        for n in range(rules):  # due dates spread over 120 days back and 240 days ahead
            due = today + timedelta(days=(n * 7) % 360 - 120)
            rule = Rule(code=f"B-{n:05d}", title=f"Rule {n}", owner_id=people[n % users].id, review_cycle_months=12)
            rule.versions.append(RuleVersion(number=1, status=APPROVED, body="第一条 x\n", content_hash="x",
                                              effective_on=add_months(due, -12)))
            db.session.add(rule)
        db.session.commit()
    runner = app.test_cli_runner()
    for label in ("first run", "second run (nothing new)"):
        start = time.perf_counter()
        result = runner.invoke(args=["reminders", "send", "--today", today.isoformat()])
        elapsed = time.perf_counter() - start
        print(f"{label}: {elapsed:.2f} s, exit {result.exit_code}, {result.output.splitlines()[0]}")
    print(f"{rules} rules, {users} owners: {inbox.messages} e-mails received by the SMTP server")
    controller.stop()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
