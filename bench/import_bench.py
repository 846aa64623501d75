"""Time `rules import` over the shared corpus and show that memory does not grow with the number of files.

    .venv/bin/python bench/import_bench.py [CORPUS] [--database-url URL] [--no-tracemalloc]

Imports every file of the corpus (shared/corpus, about 1,650 Markdown files) into a fresh database
(a temporary SQLite file unless --database-url is given), committing in batches of 100, and prints
files/second, the peak traced Python memory, and the memory held after 25/50/75/100 % of the files:
those four figures staying flat is the proof that the import streams. Skips (exit 0) when no corpus.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CANDIDATES = [ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")]


def find_corpus(given: str | None) -> Path | None:
    for candidate in ([Path(given)] if given else []) + [Path(p) for p in [os.environ.get("REGISTRY_CORPUS")] if p] \
            + CANDIDATES:
        if candidate.is_dir():
            return candidate
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-tracemalloc", action="store_true", help="measure speed without tracing overhead")
    args = parser.parse_args()
    corpus = find_corpus(args.corpus)
    if corpus is None:
        print("SKIP: no corpus found (pass a folder, set REGISTRY_CORPUS, or place shared/corpus beside the repo)")
        return 0

    from registry import create_app
    from registry.db import Model, db
    from registry.io.importer import ImportReport, import_directory, scan

    workdir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    os.environ.setdefault("REGISTRY_INSTANCE_PATH", str(workdir / "instance"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "INDEX_DIR": str(workdir / "ix")})
    with app.app_context():
        Model.metadata.create_all(db.engine)

    total_files = sum(len(g.files) for g in scan(corpus))
    groups_total = len(scan(corpus))
    checkpoints = {max(1, round(groups_total * share)): share for share in (0.25, 0.5, 0.75, 1.0)}
    samples: list[tuple[float, int, float]] = []
    trace = not args.no_tracemalloc

    def progress(groups):
        for done, group in enumerate(groups, 1):
            yield group
            if done in checkpoints:
                current = tracemalloc.get_traced_memory()[0] if trace else 0
                samples.append((checkpoints[done], current, time.perf_counter() - started))

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with app.app_context():
        report = import_directory(corpus, progress=progress, report=ImportReport())
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()

    print(f"corpus: {corpus} ({total_files} files, {groups_total} rules)")
    print(f"result: {report.summary}")
    for path, reason in report.failed[:10]:
        print(f"  failed: {path}: {reason}")
    print(f"time: {elapsed:.1f} s, {total_files / elapsed:.1f} files/s"
          + (" (with tracemalloc on; --no-tracemalloc for raw speed)" if trace else ""))
    if trace:
        print(f"peak traced memory: {peak / 1048576:.1f} MiB")
        for share, current, at in samples:
            print(f"  after {share:>4.0%} of the files ({at:6.1f} s): {current / 1048576:6.1f} MiB held")
    print(f"max RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
