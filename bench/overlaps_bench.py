"""Near-duplicate articles across the shared corpus: python bench/overlaps_bench.py [--dump N].

Builds the overlap index (MinHash/LSH, registry/overlaps/detect.py) over every article of the corpus's texts "in
force": of the versions of one regulation (MANIFEST version_group) only the latest counts, as in the registry;
times the report of the strongest overlaps, and scores its precision on the hand-labelled
pairs of bench/overlap_labels.tsv (pairs the report found; "dup" = the two articles say nearly the same thing).
`--dump N` prints N pairs of the report, to label more.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.overlaps.detect import OverlapIndex, articles_of  # noqa: E402

CORPUS = Path("/work/shared/corpus")
LABELS = Path(__file__).resolve().parent / "overlap_labels.tsv"
THRESHOLD, MIN_CHARACTERS = 0.6, 40  # the defaults of REGISTRY_OVERLAP_THRESHOLD / _MIN_CHARACTERS


def main() -> None:
    if not CORPUS.exists():
        sys.exit(f"the shared corpus is not available at {CORPUS}")
    latest: dict[str, tuple[str, str]] = {}  # version group (or path) -> (date, path)
    for lang in ("zh", "en"):
        with open(CORPUS / lang / "MANIFEST.tsv", encoding="utf-8") as manifest:
            for row in csv.DictReader(manifest, delimiter="\t"):
                group = row["version_group"] or row["path"]
                if group not in latest or (row["date"], row["path"]) > latest[group]:
                    latest[group] = (row["date"], row["path"])
    paths = sorted(path for _date, path in latest.values())
    started = time.perf_counter()
    articles = []
    for path in paths:
        articles += articles_of(path, (CORPUS / path).read_text(encoding="utf-8"), MIN_CHARACTERS)
    parsed = time.perf_counter()
    index = OverlapIndex(articles, THRESHOLD)
    built = time.perf_counter()
    report = index.strongest(limit=100_000)
    done = time.perf_counter()
    print(f"{len(paths)} texts (the latest of each regulation), {len(articles)} articles of {MIN_CHARACTERS}+ "
          f"characters; threshold {THRESHOLD}")
    print(f"  parse {parsed - started:.1f} s, tokens + MinHash + LSH {built - parsed:.1f} s, "
          f"report {done - built:.1f} s: {len(report)} pairs of different texts")
    _approvals(index, paths, articles, built - parsed)
    if "--dump" in sys.argv:
        count = int(sys.argv[sys.argv.index("--dump") + 1])
        step = max(1, len(report) // count)
        for overlap in report[::step][:count]:
            flat = [" ".join(a.text.split())[:140] for a in (overlap.a, overlap.b)]
            print(f"{overlap.a.key}\t{overlap.b.key}\t{overlap.similarity:.2f}\n  A {flat[0]}\n  B {flat[1]}")
        return
    found = {(o.a.key, o.b.key): o.similarity for o in report}
    labelled = [line.split("\t") for line in LABELS.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
    right = sum(1 for a, b, label in labelled if label == "dup")
    reported = sum(1 for a, b, _label in labelled if (a, b) in found)
    print(f"labelled pairs: {len(labelled)} ({reported} still reported); precision {right / len(labelled):.3f} "
          f"({right} say nearly the same thing)")


def _approvals(index: OverlapIndex, paths: list[str], articles: list, rebuild_seconds: float) -> None:
    """Time what an approval costs now (one rule's articles replaced) against the rebuild it used to cost."""
    by_text: dict[str, list] = {}
    for article in articles:
        by_text.setdefault(article.rule_key, []).append(article)
    chosen = [p for p in paths if len(by_text.get(p, ())) >= 5][::97][:20]  # 20 texts spread over the corpus
    started = time.perf_counter()
    for path in chosen:  # a new version: its articles amended (one added), then put back
        text = (CORPUS / path).read_text(encoding="utf-8")
        amended = text + ("\n\n第九百九十九条 本办法的修订稿由制定机关负责解释，自公布之日起施行，"
                          "原有规定与本办法不一致的，以本办法为准。\n")
        index.replace_rule(path, articles_of(path, amended, MIN_CHARACTERS))
        index.replace_rule(path, by_text[path])
    each = (time.perf_counter() - started) / (2 * len(chosen))
    print(f"  an approval: {each * 1000:.1f} ms to replace one text's articles (mean of {2 * len(chosen)}), "
          f"against {rebuild_seconds:.1f} s to rebuild the index: {rebuild_seconds / each:,.0f}x faster")


if __name__ == "__main__":
    main()
