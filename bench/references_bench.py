"""Reference recognition on the shared corpus: python bench/references_bench.py.

Prints precision and recall on the hand-labelled lines of bench/reference_labels.tsv (each miss listed), and the
time to read every reference of every text of the corpus, with how many were found of each form.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.links.references import find_references  # noqa: E402
from registry.links.sample import score  # noqa: E402

CORPUS = Path("/work/shared/corpus")


def main() -> None:
    if not CORPUS.exists():
        sys.exit(f"the shared corpus is not available at {CORPUS}")
    result = score(CORPUS)
    print(f"labelled sample: {result.lines} lines, {result.expected} references "
          "(names without 《》 matched against the corpus's titles, as the registry's)")
    print(f"  precision {result.precision:.3f} ({result.right}/{result.found})  "
          f"recall {result.recall:.3f} ({result.right}/{result.expected})")
    for miss in result.misses:
        print("  " + miss)
    for label, part in (("the first 66 lines (the old figure: recall 0.912)", score(CORPUS, rows=slice(0, 66))),
                        ("the 25 held-out lines (labelled after the last change)",
                         score(CORPUS, rows=slice(122, None))),
                        ("all lines, no registry titles (well-formed law names only)", score(CORPUS, known=set()))):
        print(f"  {label}: precision {part.precision:.3f}, recall {part.recall:.3f} ({part.right}/{part.expected})")
    texts = []
    for lang in ("zh", "en"):
        with open(CORPUS / lang / "MANIFEST.tsv", encoding="utf-8") as manifest:
            texts += [(CORPUS / row["path"]).read_text(encoding="utf-8")
                      for row in csv.DictReader(manifest, delimiter="\t")]
    started = time.perf_counter()
    kinds: Counter = Counter()
    for text in texts:
        for ref in find_references(text):
            kinds["own article" if ref.title is None else "rule + article" if ref.article else "whole rule"] += 1
    elapsed = time.perf_counter() - started
    characters = sum(len(t) for t in texts)
    print(f"whole corpus: {len(texts)} texts, {characters / 1e6:.1f} M characters in {elapsed:.2f} s; "
          + ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()))


if __name__ == "__main__":
    main()
