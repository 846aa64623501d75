"""CPU time per search through the search service (warm), robust to a machine shared with other work.

    .venv/bin/python bench/search_cpu.py /tmp/sb16 [QUERIES] [--app-root DIR]

Reuses a `search_bench.py --workdir` folder (database and index), draws the queries as search_bench.py
does, runs them three times and prints, per kind, the p95 of the better of the last two passes in CPU
time (time.process_time): waiting for a core, which dominates wall-clock figures under load, is left out.
--app-root runs another checkout's code (e.g. main's) on the same folder, for a before/after comparison.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    args = sys.argv[1:]
    root = Path(__file__).resolve().parent.parent
    if "--app-root" in args:
        at = args.index("--app-root")
        root = Path(args[at + 1]).resolve()
        del args[at:at + 2]
    sys.path[:0] = [str(root), str(Path(__file__).resolve().parent)]
    import search_bench as sb

    work, count = Path(args[0]), int(args[1]) if len(args) > 1 else 300
    app = sb.bench_app(work)
    with app.app_context():
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        from registry.db import db, today
        from registry.rules.models import Rule
        from registry.rules.status import version_in_force

        rules = db.session.scalars(select(Rule).options(selectinload(Rule.versions))).all()
        bodies = [(r.id, r.code, v.body) for r in rules if (v := version_in_force(r, today())) is not None]
        queries = sb.make_queries(bodies, random.Random(42), count)
        one = sb.service_timer(app, time.process_time)

        [one(q) for _, q in queries]
        best = [min(a, b) for a, b in zip([one(q) for _, q in queries], [one(q) for _, q in queries], strict=True)]
    pick = lambda v, p: sorted(v)[min(len(v) - 1, int(p * len(v)))] * 1000  # noqa: E731
    kinds: dict[str, list[float]] = {}
    for (kind, _), t in zip(queries, best, strict=True):
        kinds.setdefault(kind, []).append(t)
    print(f"{root}: warm CPU ms per search: p50 {pick(best, .5):.1f}, p95 {pick(best, .95):.1f}, "
          f"mean {statistics.fmean(best) * 1000:.1f}; p95 by kind: "
          + ", ".join(f"{k} {pick(v, .95):.1f}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
