"""Measure search: index build, size, update latency, query latency (cold, warm, after a commit) and
recall, with SQLite FTS5 (over the same bigrams, and with its trigram tokenizer) answering the same
queries as a reference, with its own recall.

    .venv/bin/python bench/search_bench.py                 # the shared corpus (or a generated one), N=1
    .venv/bin/python bench/search_bench.py --scale 4       # the corpus copied 4 times under new codes
    .venv/bin/python bench/search_bench.py --limit 200     # a quick run on the first 200 files
    .venv/bin/python bench/search_bench.py --scale 16 --workdir /tmp/sb16   # keep it: later runs reuse it
    .venv/bin/python bench/search_bench.py --scale 4 --against /tmp/before  # another checkout first, then this one

With --against, this bench runs first on the other checkout's code (--app-root, the same arguments, a folder of
its own), then on this checkout's, and prints the headline figures of both side by side: a before/after
comparison in one run. The search API from before the adapter (fc9ddc6 and earlier) is recognised too.

Everything happens in a temporary folder (SQLite database + index); nothing in the repository changes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CJK = re.compile(r"[\u4e00-\u9fff]{2,}")


def find_corpus(explicit: str | None) -> Path | None:
    """Return the corpus folder: --corpus, ../shared/corpus, /work/shared/corpus, or None (generate)."""
    for candidate in (explicit, ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus",
                      Path("/work/shared/corpus")):
        if candidate and Path(candidate, "zh").is_dir() or candidate and Path(candidate, "en").is_dir():
            return Path(candidate)
    return None


def generate_corpus(target: Path, files: int = 300) -> None:
    """Write a synthetic corpus of Chinese and English rules (used when the shared corpus is absent)."""
    rng = random.Random(7)
    words = ["公务接待", "差旅费", "保管期限", "报销", "审批", "预算", "会议", "培训", "采购", "合同", "档案",
             "安全", "保密", "考勤", "请假", "财务", "资产", "车辆", "印章", "信息"]
    glue = ["应当", "按照", "有关规定", "办理", "不得", "由", "负责", "实行", "管理", "制度"]
    en = ["annual", "leave", "travel", "expense", "approval", "records", "retention", "security", "staff",
          "manager", "policy", "request", "budget", "contract", "training"]
    for i in range(files):
        lang = "zh" if i % 4 else "en"
        folder = target / lang / f"cat{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        if lang == "zh":
            arts = "\n".join(f"第{n}条 " + "".join(rng.choice(words + glue) for _ in range(30)) + "。"
                             for n in range(1, 25))
            text = f"# 管理办法{i}\n\n{arts}\n"
        else:
            arts = "\n\n".join(f"Article {n}. " + " ".join(rng.choice(en) for _ in range(40)) + "."
                               for n in range(1, 20))
            text = f"# Policy {i}\n\n{arts}\n"
        (folder / f"rule{i}.md").write_text(text, encoding="utf-8")


def stage_corpus(corpus: Path, target: Path, scale: int, limit: int | None) -> int:
    """Copy the corpus files `scale` times into `target` (copies get new paths, hence new codes)."""
    files = sorted(p for p in corpus.rglob("*") if p.suffix in {".md", ".txt"} and p.is_file()
                   and p.name != "README.md")
    if limit:
        files = sorted(random.Random(3).sample(files, min(limit, len(files))))
    for k in range(scale):
        for path in files:
            link = target / f"copy{k}" / path.relative_to(corpus)
            link.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, link)  # copies: the importer does not follow symbolic links
    return len(files) * scale


def percentiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] * 1000  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.fmean(values) * 1000}


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, load average {load[0]:.2f} at start")


def make_queries(bodies: list[tuple[int, str, str]], rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Draw (kind, query) pairs from the texts: Chinese words, English words, phrases, codes."""
    import jieba

    jieba.setLogLevel(60)
    zh = [b for b in bodies if CJK.search(b[2])]
    en = [b for b in bodies if not CJK.search(b[2])]
    out: list[tuple[str, str]] = []
    per = max(1, count // 5)
    while len([q for q in out if q[0] == "zh-word"]) < per * 2 and zh:
        _, _, text = rng.choice(zh)
        runs = CJK.findall(text[rng.randrange(len(text)):][:200])
        words = [w for r in runs for w in jieba.cut(r) if 2 <= len(w) <= 4 and CJK.fullmatch(w)]
        if words:
            out.append(("zh-word", rng.choice(words)))
    for _ in range(per):
        if zh:
            _, _, text = rng.choice(zh)
            runs = [r for r in CJK.findall(text) if len(r) >= 6]
            if runs:
                run = rng.choice(runs)
                start = rng.randrange(len(run) - 5)
                out.append(("zh-phrase", '"' + run[start:start + rng.randint(5, 6)] + '"'))
        if en:
            _, _, text = rng.choice(en)
            words = re.findall(r"(?<![A-Za-z0-9])[A-Za-z]{4,}(?![A-Za-z0-9])", text)  # words, not parts of "1Pfnbt6Y"
            if words:
                out.append(("en-word", rng.choice(words).lower()))
            seq = re.findall(r"(?<![A-Za-z0-9])[A-Za-z]+(?: [A-Za-z]+){1,2}(?![A-Za-z0-9])", text)
            if seq:
                out.append(("en-phrase", '"' + rng.choice(seq).lower() + '"'))
    codes = [b[1] for b in bodies]
    for _ in range(per):
        out.append(("code", rng.choice(codes)))
    rng.shuffle(out)
    return out[:count] if len(out) > count else out


def truth_for(kind: str, query: str, bodies: list[tuple[int, str, str]]) -> set[int]:
    """Return the rule ids whose text in force contains the query (the substring ground truth)."""
    text = query.strip('"')
    if kind == "code":
        return {rid for rid, code, _ in bodies if code == text}
    if kind.startswith("en"):
        pattern = re.compile(r"(?<![A-Za-z0-9])" + r"\s+".join(map(re.escape, text.split())) + r"(?![A-Za-z0-9])",
                             re.I)
        return {rid for rid, _, body in bodies if pattern.search(body)}
    return {rid for rid, _, body in bodies if text in body}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", help="folder of .md/.txt rules (default: ../shared/corpus)")
    parser.add_argument("--scale", type=int, default=1, help="copy the corpus N times under new codes")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files (quick run)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workdir", help="keep the database and index here; a second run reuses them and "
                                          "skips the import and the full build (for N=16: build once)")
    parser.add_argument("--rebuild", action="store_true", help="with --workdir: build the index again anyway")
    parser.add_argument("--against", help="another checkout: run on its code first, then on this one, and compare")
    parser.add_argument("--app-root", help="run the code of this checkout (default: the bench's own)")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)  # the child of full_build()
    args = parser.parse_args()
    if args.app_root:
        sys.path.insert(0, str(Path(args.app_root).resolve()))
    if args.build_only:
        build_only(Path(args.workdir))
        return
    if args.against:
        argv, rest = sys.argv[1:], []
        while argv:  # the same arguments without --against DIR (or --against=DIR)
            arg = argv.pop(0)
            if arg == "--against":
                argv.pop(0)
            elif not arg.startswith("--against="):
                rest.append(arg)
        compare_checkouts(Path(args.against).resolve(), rest)
        return

    began = time.perf_counter()
    print(f"machine: {machine()}")
    import registry

    print(f"code: {Path(registry.__file__).resolve().parent.parent}")
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    reuse = (work / "bench.sqlite3").exists()
    corpus = find_corpus(args.corpus)
    if corpus is None:
        corpus = work / "generated"
        generate_corpus(corpus)
        print(f"corpus: generated ({corpus})")
    else:
        print(f"corpus: {corpus}")
    staged = work / "staged"
    if not reuse:
        files = stage_corpus(corpus, staged, args.scale, args.limit)
        print(f"files: {files} (scale {args.scale}{', limit ' + str(args.limit) if args.limit else ''})")

    from registry.db import Model, db

    app = bench_app(work)
    with app.app_context():
        Model.metadata.create_all(db.engine)
        from registry.io.importer import import_directory

        if reuse:
            print(f"database and index: reused from {work} (no import{'' if args.rebuild else ', no full build'})")
        else:
            t = time.perf_counter()
            report = import_directory(staged)
            print(f"import (database only): {time.perf_counter() - t:.1f} s — {report.summary}")
        run_search_bench(app, args, work, build=not reuse or args.rebuild)
    print(f"benchmark took {time.perf_counter() - began:.0f} s")


HEADLINES = {  # what the comparison prints: label -> (pattern over a run's output, group)
    "full build, s": (r"full index build[^:]*: ([\d.]+) s", 1),
    "cold p95, ms": (r"registry search \(cold pass\)\s+[\d.]+\s+([\d.]+)", 1),
    "warm p50, ms": (r"registry search \(warm pass\)\s+([\d.]+)", 1),
    "warm p95, ms": (r"registry search \(warm pass\)\s+[\d.]+\s+([\d.]+)", 1),
    "after-commit p95, ms": (r"first pass after a commit\)\s+[\d.]+\s+([\d.]+)", 1),
    "FTS5 bigrams + total p95, ms": (r"FTS5 over bigrams, top 20 \+ total \(warm\)\s+[\d.]+\s+([\d.]+)", 1),
}


def compare_checkouts(before: Path, argv: list[str]) -> None:
    """Run this bench on `before`'s code and then on this checkout's with the same arguments; print both runs,
    then the headline figures side by side and the recall of each kind."""
    outputs = {}
    for label, root in (("before", before), ("after", ROOT)):
        print(f"=== {label}: {root}", flush=True)
        done = subprocess.run([sys.executable, __file__, *argv, "--app-root", str(root)], cwd=root,
                              capture_output=True, text=True)
        print(done.stdout + done.stderr[-3000:], flush=True)
        if done.returncode:
            raise SystemExit(f"{label} failed ({done.returncode})")
        outputs[label] = done.stdout
        folder = re.search(r"\(work folder: (.+?); delete it when done\)", done.stdout)
        if folder:  # a temporary folder of this comparison (a --workdir is kept)
            shutil.rmtree(folder.group(1), ignore_errors=True)
    print(f"{'before/after':<32}{'before':>10}{'after':>10}{'after/before':>14}")
    for label, (pattern, group) in HEADLINES.items():
        values = [re.search(pattern, outputs[k]) for k in ("before", "after")]
        if all(values):
            a, b = (float(v.group(group)) for v in values)
            print(f"{label:<32}{a:>10.1f}{b:>10.1f}{b / a if a else 0:>14.2f}")
    for k in ("before", "after"):
        table = outputs[k].split("recall vs substring ground truth", 1)[-1].splitlines()[2:]
        ours = ", ".join(f"{row.split()[0]} {row.split()[2]}" for row in table
                         if row.startswith("  ") and len(row.split()) > 2)
        print(f"recall ({k}): {ours}")


def bench_app(work: Path):
    os.environ.setdefault("REGISTRY_SECRET_KEY", "bench-only")
    from registry import create_app

    return create_app({"DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}", "INDEX_DIR": str(work / "index"),
                       "SEARCH_SYNC_ON_COMMIT": False, "TESTING": True, "DEFAULT_LOCALE": "en"})


def build_only(work: Path) -> None:
    """Run `search rebuild` in this (fresh) process and print its time and peak memory as JSON."""
    import resource

    app = bench_app(work)
    with app.app_context():
        from registry.search import services

        t, cpu = time.perf_counter(), time.process_time()
        documents = services.rebuild()
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
    print(json.dumps({"documents": documents, "seconds": seconds, "cpu": cpu, "peak": peak}))


def full_build(work: Path) -> dict:
    """Build the index in a process of its own, so that its peak memory is the build's alone."""
    root = Path(sys.modules["registry"].__file__).resolve().parent.parent  # the checkout under test
    done = subprocess.run([sys.executable, __file__, "--build-only", "--workdir", str(work), "--app-root", str(root)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def service_timer(app, clock=time.perf_counter):
    """Return a function that runs one search through the service, as an anonymous reader, and times it."""
    from registry.search.queries import SearchRequest, search

    anon = SimpleNamespace(is_authenticated=False, department_id=None, has_role=lambda role: False)

    def through_service(q: str) -> float:
        with app.test_request_context("/search"):
            t0 = clock()
            search(SearchRequest(q=q, per_page=20), anon)
            return clock() - t0

    return through_service


class Engine:
    """What the bench asks of the index beyond the search service, through the adapter or, in a checkout from
    before it (fc9ddc6 and earlier), through the searcher cache it replaced."""

    def __init__(self, state) -> None:
        self.state = state
        self.adapter = hasattr(state, "index")

    def close(self) -> None:
        (self.state.index if self.adapter else self.state.cache).close()

    def matching_rule_ids(self, compiled, on) -> set[int]:
        if self.adapter:
            from registry.search.contract import Scope

            return self.state.index.matching_rule_ids(compiled, Scope(on=on))
        from registry.search.compile import Scope
        from registry.search.lookup import matching_rule_ids

        with self.state.cache.searcher() as searcher:
            return matching_rule_ids(searcher, self.state.cache.memo, compiled, Scope(on=on))


def run_search_bench(app, args, work: Path, *, build: bool = True) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from registry.db import db, today
    from registry.rules import services as rule_services
    from registry.rules.models import Rule
    from registry.rules.status import version_in_force
    from registry.search import services
    from registry.search.compile import compile_query
    from registry.search.querylang import parse

    rules = db.session.scalars(select(Rule).options(selectinload(Rule.versions))).all()
    bodies = []
    for rule in rules:
        version = version_in_force(rule, today())
        if version is not None:
            bodies.append((rule.id, rule.code, version.body))
    chars = sum(len(b[2]) for b in bodies)
    print(f"rules in force: {len(bodies)}, {chars / 1e6:.1f} M characters")

    if build:
        built = full_build(work)
        print(f"full index build (a process of its own): {built['seconds']:.1f} s ({built['cpu']:.1f} s of CPU), "
              f"{built['documents']} documents, {built['documents'] / built['seconds']:.0f} documents/s, "
              f"peak memory {built['peak'] / 1e9:.2f} GB")
        services.sync()
    else:
        services.sync()
    size = sum(f.stat().st_size for f in (work / "index").rglob("*") if f.is_file())
    print(f"index size {size / 1e6:.0f} MB")

    # Incremental update: one new version approved and committed, applied to the index after commit.
    app.config["SEARCH_SYNC_ON_COMMIT"] = True

    def commit_update(rule) -> float:
        body = (rule.versions[-1].body + f"\n\n补充条款 bench update {time.time_ns()}\n")
        version = rule_services.add_draft_version(None, rule, body)
        rule_services.approve_version(None, version, max(today(), rule.versions[-2].effective_on or today())
                                      if len(rule.versions) > 1 else today())
        t = time.perf_counter()
        db.session.commit()
        return time.perf_counter() - t

    # Only rules without an open draft get a new version (an undated import is a draft: edited, not added to).
    updatable = [rule for rule in rules if rule.versions and all(v.status != "draft" for v in rule.versions)]
    latencies = [commit_update(rule) for rule in random.Random(1).sample(updatable, min(5, len(updatable)))]
    print(f"incremental update (commit + index write): median {statistics.median(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")
    rules_by_id = {b[0]: b for b in bodies}
    bodies = [(r.id, r.code, version_in_force(r, today()).body) for r in rules if r.id in rules_by_id]

    rng = random.Random(args.seed)
    queries = make_queries(bodies, rng, args.queries)
    through_service = service_timer(app)
    state = app.extensions["registry_search"]
    engine = Engine(state)
    engine.close()
    t = time.perf_counter()
    through_service("公务接待")
    first = time.perf_counter() - t
    cold = [through_service(q) for _, q in queries]
    warm = [through_service(q) for _, q in queries]
    commit_update(updatable[0])  # a new searcher: what every search meets after someone saves a rule
    after_commit = [through_service(q) for _, q in queries]

    # Recall against the substring ground truth (all matches, not just the first page).
    recall: dict[str, list[float]] = {}
    truths = [truth_for(kind, q, bodies) for kind, q in queries]
    for (kind, q), truth in zip(queries, truths, strict=True):
        if truth:
            found = engine.matching_rule_ids(compile_query(parse(q)), today())
            recall.setdefault(kind, []).append(len(truth & found) / len(truth))

    reference, reference_recall, builds = fts5_references(work, bodies, queries, truths)

    ours_cold, ours_warm = percentiles(cold), percentiles(warm)
    figures = {name: percentiles(times) for name, times in reference.items()}
    kinds = sorted({q[0] for q in queries})
    print(f"queries: {len(queries)} ({', '.join(f'{k} {sum(1 for q in queries if q[0] == k)}' for k in kinds)})")
    print(f"first search in a fresh process (open + sync): {first * 1000:.0f} ms")
    print("query latency through the search service, ms      p50     p95     p99    mean")
    for name, p in (("registry search (cold pass)", ours_cold), ("registry search (warm pass)", ours_warm),
                    ("registry search (first pass after a commit)", percentiles(after_commit)),
                    *((f"{name} (warm)", p) for name, p in figures.items())):
        print(f"  {name:<44}{p['p50']:8.1f}{p['p95']:8.1f}{p['p99']:8.1f}{p['mean']:8.1f}")
    print("warm p95 by kind of query, ms (ours, then each reference with the top 20 + total)")
    totals = [name for name in figures if name.endswith("+ total")]
    print(f"  {'kind':<12}{'ours':>8}" + "".join(f"{name.split(',')[0]:>20}" for name in totals))
    for kind in kinds:
        row = [percentiles([t for t, (k, _) in zip(times, queries, strict=True) if k == kind])["p95"]
               for times in (warm, *(reference[name] for name in totals))]
        print(f"  {kind:<12}" + "".join(f"{value:>8.1f}" if i == 0 else f"{value:>20.1f}"
                                        for i, value in enumerate(row)))
    print("ratios of warm p95, ours / reference:")
    for name, p in figures.items():
        print(f"  ours / {name:<40}{ours_warm['p95'] / p['p95']:8.2f}")
    print(f"FTS5 build: bigrams {builds['bigrams']:.1f} s, trigram {builds['trigram']:.1f} s")
    print("recall vs substring ground truth (all matches, not one page): ours, then each reference")
    print(f"  {'kind':<12}{'queries':>8}{'ours':>8}" + "".join(f"{name:>20}" for name in reference_recall))
    for kind, values in sorted(recall.items()):
        print(f"  {kind:<12}{len(values):>8}{statistics.fmean(values):>8.3f}"
              + "".join(f"{statistics.fmean(r[kind]):>20.3f}" for r in reference_recall.values()))
    print(f"(work folder: {work}; {'reuse it with --workdir' if args.workdir else 'delete it when done'})")


def fts5_references(work: Path, bodies: list[tuple[int, str, str]], queries: list[tuple[str, str]],
                    truths: list[set[int]]) -> tuple[dict[str, list[float]], dict[str, dict[str, list[float]]],
                                                     dict[str, float]]:
    """Answer the same queries with SQLite FTS5, over our bigrams and with its trigram tokenizer.

    One row per rule in force: its code and its text, as the registry indexes them. Returns the
    latencies per reference (first 20 ranked rows only, and those plus the total count — the work a
    results page does; ours also counts facets, finds the article and marks the snippet), each
    reference's recall per kind of query, and the build times.

    The trigram tokenizer indexes three characters at a time: a query of fewer (a two-character
    Chinese word — most Chinese words) cannot use the index. SQLite's documentation promises a table
    scan for such a LIKE pattern, but the FTS5 of SQLite 3.40 answers it with no rows at all, fast and
    wrong; the scan is therefore asked for explicitly with instr(), the LIKE fallback that trigram
    users write. The recall printed for each reference shows that it finds what ours finds.
    """
    from registry.search.analysis import pieces, raw_tokens

    path = work / "fts.sqlite3"
    path.unlink(missing_ok=True)
    fts = sqlite3.connect(path)
    fts.execute("CREATE VIRTUAL TABLE bi USING fts5(body, rule UNINDEXED, tokenize='unicode61')")
    fts.execute("CREATE VIRTUAL TABLE tri USING fts5(body, rule UNINDEXED, tokenize='trigram')")
    rows = [(f"{code}\n{body}", rid) for rid, code, body in bodies]
    builds = {}
    t = time.perf_counter()
    fts.executemany("INSERT INTO bi VALUES (?, ?)",  # the tokens of pieces(), without its objects (faster)
                    [(" ".join(t for t, *_ in raw_tokens(text) if " " not in t), rid) for text, rid in rows])
    fts.commit()
    builds["bigrams"] = time.perf_counter() - t
    t = time.perf_counter()
    fts.executemany("INSERT INTO tri VALUES (?, ?)", rows)
    fts.commit()
    builds["trigram"] = time.perf_counter() - t

    def bigram_where(q: str) -> tuple[str, str]:
        inner = q.strip('"')
        words = [p.text for p in pieces(inner, for_query=True)]
        quoted = [f'"{w}"' for w in words]
        match = f'"{" ".join(words)}"' if q.startswith('"') or not CJK.fullmatch(inner) else " AND ".join(quoted)
        return "bi MATCH ?", match

    def trigram_where(q: str) -> tuple[str, str]:
        text = q.strip('"')
        if len(text) >= 3:
            return "tri MATCH ?", '"' + text.replace('"', '""') + '"'
        return "instr(body, ?) > 0", text  # fewer than three characters: a scan (see above)

    references = {"FTS5 over bigrams": ("bi", bigram_where), "FTS5 trigram": ("tri", trigram_where)}

    def timed(table: str, where: tuple[str, str], total: bool) -> float:
        condition, param = where
        ranked = "ORDER BY rank " if condition.endswith("MATCH ?") else ""
        t0 = time.perf_counter()
        fts.execute(f"SELECT rowid, rule FROM {table} WHERE {condition} {ranked}LIMIT 20", (param,)).fetchall()
        if total:
            fts.execute(f"SELECT count(*) FROM {table} WHERE {condition}", (param,)).fetchone()
        return time.perf_counter() - t0

    latencies: dict[str, list[float]] = {}
    for _ in range(2):  # the second pass is the warm one
        for total in (False, True):
            suffix = ", top 20 + total" if total else ", top 20 only"
            for name, (table, where) in references.items():
                latencies[name + suffix] = [timed(table, where(q), total) for _, q in queries]
    recall: dict[str, dict[str, list[float]]] = {}
    for name, (table, where) in references.items():
        for (kind, q), truth in zip(queries, truths, strict=True):
            if truth:
                condition, param = where(q)
                found = {rid for (rid,) in fts.execute(f"SELECT rule FROM {table} WHERE {condition}", (param,))}
                recall.setdefault(name, {}).setdefault(kind, []).append(len(truth & found) / len(truth))
    fts.close()
    return latencies, recall, builds


if __name__ == "__main__":
    main()
