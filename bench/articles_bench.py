"""Time the article parser on the biggest texts of the shared corpus: python bench/articles_bench.py.

Prints CPU time (best of 30, so a busy machine does not inflate it) for the largest texts, for the
largest ones numbered without 第X条, and for the whole corpus, with how many texts get anchors.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.rules.articles import parse_body  # noqa: E402

CORPUS = Path("/work/shared/corpus")


def best_ms(body: str, rounds: int = 30) -> float:
    """Return the least CPU time of `rounds` parses of `body`, in milliseconds."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        parse_body(body)
        best = min(best, time.process_time() - started)
    return best * 1000


def main() -> None:
    if not CORPUS.exists():
        sys.exit(f"the shared corpus is not available at {CORPUS}")
    texts = {}
    for lang in ("zh", "en"):
        with open(CORPUS / lang / "MANIFEST.tsv", encoding="utf-8") as manifest:
            for row in csv.DictReader(manifest, delimiter="\t"):
                texts[row["path"]] = (CORPUS / row["path"]).read_text(encoding="utf-8")
    anchored = {p for p, body in texts.items() if parse_body(body).segments[-1].anchor != "body"}
    numbered = [p for p in anchored if not any(a.label.startswith(("第", "Article", "ARTICLE", "Art.", "§"))
                                               for a in parse_body(texts[p]).articles)]
    for title, paths in (("largest texts", sorted(texts, key=lambda p: -len(texts[p]))[:6]),
                         ("largest numbered without 第X条", sorted(numbered, key=lambda p: -len(texts[p]))[:4])):
        print(title)
        for path in paths:
            print(f"  {len(texts[path].encode()) // 1000:4d} KB {best_ms(texts[path]):6.2f} ms  {path}")
    total = sum(best_ms(body, 3) for body in texts.values())
    print(f"whole corpus: {len(texts)} texts in {total:.0f} ms; {len(anchored)} with anchors "
          f"(zh {sum(p.startswith('zh/') for p in anchored)}, en {sum(p.startswith('en/') for p in anchored)})")


if __name__ == "__main__":
    main()
