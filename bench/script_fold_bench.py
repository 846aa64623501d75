"""What folding traditional to simplified costs the index: python bench/script_fold_bench.py [N files].

Tokenizes a sample of the shared corpus (and the same texts converted to traditional) as the index
does (`analysis.raw_tokens`), with the width-only table of format 2 and with the script table of format 3.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.search import analysis  # noqa: E402

CORPUS = Path("/work/shared/corpus")


def _tokenize(texts: list[str]) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        count = sum(1 for text in texts for _token in analysis.raw_tokens(text))
        best = min(best, time.perf_counter() - started)
    return best, count


def main() -> None:
    if not CORPUS.exists():
        sys.exit(f"the shared corpus is not available at {CORPUS}")
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    files = sorted(CORPUS.rglob("*.md"))[::max(1, len(list(CORPUS.rglob("*.md"))) // limit)][:limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    started = time.perf_counter()
    analysis.fold_table()
    load = time.perf_counter() - started
    traditional = [analysis._converter("s2t").convert(t) for t in texts[:50]]
    characters = sum(map(len, texts))
    print(f"{len(texts)} files, {characters / 1e6:.2f} M characters; tables loaded in {load * 1000:.0f} ms")
    script_table = analysis.fold_table
    for label, table in (("format 2 (widths only)", lambda: analysis._WIDTH), ("format 3 (widths + script)",
                                                                                script_table)):
        analysis.fold_table = table
        try:
            seconds, tokens = _tokenize(texts)
            trad_seconds, _ = _tokenize(traditional)
        finally:
            analysis.fold_table = script_table
        print(f"{label:28} {seconds:6.2f} s  {tokens:,} tokens  ({seconds / characters * 1e9:.0f} ns a character);"
              f" 50 traditional texts {trad_seconds:.2f} s")


if __name__ == "__main__":
    main()
