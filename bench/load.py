"""Load benchmark: gunicorn on PostgreSQL with the corpus imported, a closed-loop mix of users from a second process.

    .venv/bin/python bench/load.py                          # the shared corpus, 1/5/20/50 users, 30 s each
    .venv/bin/python bench/load.py --rules 300 --duration 10 --users 1,5,20   # a quick run
    .venv/bin/python bench/load.py --app-root /tmp/perf-base                  # the same bench against a checkout

Everything lives in its own PostgreSQL schema (bench_load_<pid>, migrated with `flask db upgrade`) and a temporary
folder, both removed at the end; the server listens on 127.0.0.1 only. Per concurrency level it measures /health
alone (the machine's own ceiling) and then the mix: 80 % search (Chinese and English words drawn from the texts),
15 % rule pages (the longest laws included), 5 % catalogue, dashboard, proposals, a 新旧对照 and an edit (which goes
through the search outbox). It prints, per kind, requests/s, p50/p95/p99 and errors, then each worker's RSS and
any worker that died (workers run with PYTHONFAULTHANDLER=1, so a crash leaves its traceback in the log).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.search_bench import find_corpus, generate_corpus  # noqa: E402

PASSWORD = "bench-pass-2026"
EMAIL = "bench@example.org"
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
LATIN_WORD = re.compile(r"\b[a-z]{5,12}\b")


# --- set-up -----------------------------------------------------------------------------------------

def stage(corpus: Path, target: Path, count: int | None) -> list[Path]:
    """Copy `count` corpus files (the five longest always among them) into `target`; return the copies."""
    files = sorted(p for p in corpus.rglob("*.md") if p.name != "README.md")
    if count and count < len(files):
        longest = sorted(files, key=lambda p: p.stat().st_size)[-5:]
        rest = [p for p in files if p not in longest]
        files = sorted(longest + random.Random(5).sample(rest, max(0, count - 5)))
    copies = []
    for path in files:
        copy = target / path.relative_to(corpus)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def flask(root: Path, env: dict, *args: str, stdin: str | None = None) -> None:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=root, env=env,
                            input=stdin, capture_output=True, text=True, timeout=3600)
    if result.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")


def queries_from(files: list[Path], rng: random.Random, count: int = 400) -> list[str]:
    """Return search queries cut from the texts: 3/4 Chinese words (2–4 characters), 1/4 English words."""
    cjk, latin = [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        cjk.extend(rng.sample(CJK_RUN.findall(text), min(20, len(CJK_RUN.findall(text)))))
        latin.extend(LATIN_WORD.findall(text.lower())[:200])
    out = []
    for _ in range(count):
        if latin and rng.random() < 0.25:
            out.append(" ".join(rng.sample(latin, rng.choice((1, 1, 2)))))
        else:
            run = rng.choice(cjk)
            size = rng.choice((2, 2, 3, 4))
            start = rng.randrange(0, len(run) - size + 1)
            out.append(run[start:start + size])
    return out


# --- the client ---------------------------------------------------------------------------------------

class FormReader(HTMLParser):
    """Collect the named inputs and selected options of a page's forms."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox"):
            self.values.setdefault(a["name"], a.get("value") or "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


class Client:
    """One user: a cookie jar and one HTTP connection per request (sync workers close each connection)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, data, dict(response.headers)
        finally:
            conn.close()

    def sign_in(self) -> None:
        status, html, _ = self.request("GET", "/auth/login")
        token = FormReader()
        token.feed(html)
        status, _html, _ = self.request("POST", "/auth/login", {
            "email": EMAIL, "password": PASSWORD, "csrf_token": token.values.get("csrf_token", "")})
        if status != 302:
            raise SystemExit(f"sign-in failed with {status}")


class Mix:
    """What one request of the mix is: (kind, method, path, form) drawn at random."""

    def __init__(self, queries, rule_codes, longest, compared, editable, rng) -> None:
        self.queries, self.rule_codes, self.longest = queries, rule_codes, longest
        self.compared, self.editable, self.rng = compared, editable, rng

    def next(self) -> tuple[str, str]:
        r = self.rng.random()
        if r < 0.80:
            return "search", "/search?" + urlencode({"q": self.rng.choice(self.queries)})
        if r < 0.95:
            code = self.rng.choice(self.longest) if self.rng.random() < 0.1 else self.rng.choice(self.rule_codes)
            return "rule", "/rules/" + quote(code)
        other = self.rng.choice(("catalogue", "catalogue", "dashboard", "proposals", "compare",
                                 "edit" if self.editable else "catalogue"))
        if other == "catalogue":
            return "catalogue", f"/rules?page={self.rng.randint(1, 5)}"
        if other == "dashboard":
            return "dashboard", "/reviews/"
        if other == "proposals":
            return "proposals", "/proposals/"
        if other == "compare" and self.compared:
            return "compare", "/proposals/compare?" + urlencode({"code": self.rng.choice(self.compared)})
        return "edit", "/rules/" + quote(self.rng.choice(self.editable)) + "/edit"


def edit(client: Client, path: str, rng: random.Random) -> int:
    """Open a rule's edit form and save it with one tag changed; return the final status."""
    status, html, _ = client.request("GET", path)
    if status != 200:
        return status
    reader = FormReader()
    reader.feed(html)
    form = {k: v for k, v in reader.values.items() if k != "q"}
    tags = [t for t in form.get("tags", "").split(",") if t.strip() and not t.strip().startswith("压测")]
    form["tags"] = ", ".join(tags + [f"压测{rng.randint(1, 9)}"])
    status, _html, _ = client.request("POST", path, form)
    return 200 if status in (200, 302) else status  # 200: the form again, e.g. a concurrent edit refused


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def closed_loop(port: int, cookies: dict, users: int, seconds: float, make_request) -> tuple[list, float]:
    """Run `users` threads, each sending its next request as soon as the last one is answered."""
    records: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(n: int) -> None:
        client, rng = Client(port, cookies), random.Random(n)
        while time.monotonic() < stop_at:
            t = time.perf_counter()
            try:
                kind, ok = make_request(client, rng)
            except (OSError, http.client.HTTPException):
                kind, ok = "error", False
            with lock:
                records.append((kind, time.perf_counter() - t, ok))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return records, time.monotonic() - started


def drive(port: int, cookies: dict, levels: list[int], seconds: float, warmup: float, material: dict,
          out) -> None:
    """The load process: a warm-up (not reported), then for each level /health alone and the mix."""
    def health(client, _rng):
        status, _html, _ = client.request("GET", "/health")
        return "health", status == 200

    def mixed(client, rng):
        mix = Mix(rng=rng, **material)
        kind, path = mix.next()
        status = edit(client, path, rng) if kind == "edit" else client.request("GET", path)[0]
        return kind, status == 200

    closed_loop(port, cookies, 4, warmup, mixed)  # each worker opens the index and loads the dictionaries
    results = []
    for users in levels:
        results.append((users, "health", *closed_loop(port, cookies, users, max(3.0, seconds / 3), health)))
        results.append((users, "mix", *closed_loop(port, cookies, users, seconds, mixed)))
    out.put(results)


# --- the server -------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> set[int]:
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.add(int(entry.name))
    return pids


def memory_mib(pid: int) -> dict[str, float]:
    """Return a process's resident memory in MiB: all of it (VmRSS), its own (RssAnon), file pages (RssFile:
    mostly the search index, mapped by every worker and held once by the kernel) and its proportional share
    of everything (Pss, shared pages divided among the processes that map them)."""
    found = {}
    for name in ("status", "smaps_rollup"):
        try:
            lines = Path(f"/proc/{pid}/{name}").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "Pss") and value.split():
                found[key] = int(value.split()[0]) / 1024
    return found


def report(results: list) -> None:
    """Print each level's figures; the mix's throughput also as a share of /health's, p50 and p95 as multiples of
    /health's p50, both measured at the same level in the same run (the machine's own ceiling)."""
    print(f"\n{'users':>5} {'kind':<10} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
          f" {'% health/s':>10} {'p50 ×h':>7} {'p95 ×h':>7}")
    ceiling: dict[int, tuple[float, float]] = {}
    for users, phase, records, elapsed in results:
        kinds = sorted({k for k, _t, _ok in records}, key=lambda k: (k != "health", k))
        rows = [("all", records)] if phase == "mix" else []
        rows += [(k, [r for r in records if r[0] == k]) for k in kinds]
        for kind, rs in rows:
            times = [t * 1000 for _k, t, _ok in rs]
            errors = sum(1 for *_x, ok in rs if not ok)
            rate, p50, p95 = len(rs) / elapsed, percentile(times, 50), percentile(times, 95)
            if phase == "health":
                ceiling[users] = (rate, p50)
            relative = ""
            if phase == "mix" and ceiling.get(users, (0, 0))[0] and ceiling[users][1]:
                health_rate, health_p50 = ceiling[users]
                relative = f" {100 * rate / health_rate:>10.1f} {p50 / health_p50:>7.1f} {p95 / health_p50:>7.1f}"
            print(f"{users:>5} {kind:<10} {len(rs):>6} {rate:>7.1f} {p50:>8.1f} {p95:>8.1f} "
                  f"{percentile(times, 99):>8.1f} {errors:>6}{relative}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rules", type=int, default=None, help="import only this many corpus files")
    parser.add_argument("--duration", type=float, default=30, help="seconds of the mix per level")
    parser.add_argument("--users", default="1,5,20,50", help="concurrency levels")
    parser.add_argument("--warmup", type=float, default=20, help="seconds of the mix before measuring")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-edit", action="store_true",
                        help="a catalogue page instead of the edit (what the edits cost: each re-indexes a rule)")
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--corpus", default=os.environ.get("REGISTRY_CORPUS"))
    parser.add_argument("--app-root", default=str(ROOT), help="the checkout whose wsgi:app is served")
    args = parser.parse_args()
    from sqlalchemy import create_engine, text

    app_root, work = Path(args.app_root).resolve(), Path(tempfile.mkdtemp(prefix="registry-load-"))
    schema = f"bench_load_{os.getpid()}"
    admin_engine = create_engine(args.database)
    with admin_engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{args.database}?options=-csearch_path%3D{schema}"
    env = {**os.environ, "REGISTRY_DATABASE_URL": url, "REGISTRY_INDEX_DIR": str(work / "index"),
           "REGISTRY_INSTANCE_PATH": str(work / "instance"), "REGISTRY_SECRET_KEY": os.urandom(16).hex(),
           "REGISTRY_SESSION_COOKIE_SECURE": "0", "PYTHONFAULTHANDLER": "1", "PYTHONPATH": str(app_root)}
    server = None
    try:
        corpus = find_corpus(args.corpus)
        if corpus is None:
            corpus = work / "generated"
            generate_corpus(corpus, args.rules or 300)
        files = stage(corpus, work / "corpus", args.rules)
        t = time.perf_counter()
        flask(app_root, env, "db", "upgrade")
        flask(app_root, env, "users", "create", "--email", EMAIL, "--name", "Bench", "--role", "admin",
              stdin=PASSWORD + "\n")
        flask(app_root, env, "rules", "import", str(work / "corpus"), "--as", EMAIL)
        flask(app_root, env, "search", "rebuild")
        print(f"{app_root}: {len(files)} files from {corpus} imported, indexed in {time.perf_counter() - t:.0f} s")
        data_engine = create_engine(url)
        with data_engine.connect() as conn:
            lengths = conn.execute(text("SELECT r.code, max(length(v.body)), count(v.id) FROM rules r "
                                        "JOIN rule_versions v ON v.rule_id = r.id GROUP BY r.code")).all()
        data_engine.dispose()
        by_length = sorted(lengths, key=lambda row: row[1])
        material = {"queries": queries_from(files, random.Random(11)), "rule_codes": [r[0] for r in lengths],
                    "longest": [r[0] for r in by_length[-5:]], "compared": [r[0] for r in lengths if r[2] > 1],
                    "editable": [] if args.no_edit else [r[0] for r in by_length[:20]]}
        port = free_port()
        log = work / "gunicorn.log"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
             "--timeout", "120", "--error-logfile", str(log), "wsgi:app"], cwd=app_root, env=env)
        client = Client(port)
        for _ in range(600):
            try:
                if client.request("GET", "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        client.sign_in()
        workers_before = worker_pids(server.pid)
        levels = [int(n) for n in args.users.split(",")]
        out = multiprocessing.get_context("spawn").Queue()
        load = multiprocessing.get_context("spawn").Process(
            target=drive, args=(port, client.cookies, levels, args.duration, args.warmup, material, out))
        load.start()
        results = out.get(timeout=args.warmup + len(levels) * (args.duration * 2 + 300))
        load.join(60)
        report(results)
        workers_after = worker_pids(server.pid)
        print("\nworker memory after the run, MiB (RSS = own anonymous + file pages such as the shared index; PSS):")
        for pid in sorted(workers_after):
            m = memory_mib(pid)
            print(f"  {pid}: RSS {m.get('VmRSS', 0):.0f} = anonymous {m.get('RssAnon', 0):.0f} + file "
                  f"{m.get('RssFile', 0):.0f}; PSS {m.get('Pss', 0):.0f}")
        died = workers_before - workers_after
        crashes = [line for line in log.read_text(errors="replace").splitlines()
                   if "Fatal Python error" in line or "was sent" in line or "Worker (pid" in line]
        print(f"workers that died: {len(died)} {sorted(died)}" + ("\n" + "\n".join(crashes) if crashes else ""))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        with admin_engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin_engine.dispose()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
