"""How often a served process runs Python's cyclic garbage collector.

A worker holds a large, long-lived heap (the search index's tables, kept pages and texts), and Python's
default thresholds (700, 10, 10) collect the youngest generation every 700 net allocations and walk the
whole heap every hundred of those. Under the load benchmark that cost each worker 2.8 s of 65 (seven
full collections of about a quarter of a second each); with (20000, 20, 50) it costs 1.1 s, serves 7–14 %
more requests and holds 10–15 MiB more memory. Only the served application (wsgi.py) changes it: tests and
commands keep Python's own.
"""

from __future__ import annotations

import gc

from registry.settings_types import InvalidSettings


def tune_collector(thresholds: tuple[int, ...]) -> None:
    """Set the collector's thresholds (youngest generation first); an empty tuple leaves Python's."""
    if not thresholds:
        return
    if len(thresholds) > 3 or thresholds[0] < 1 or any(t < 0 for t in thresholds):
        raise InvalidSettings([f"REGISTRY_GC_THRESHOLDS: up to three whole numbers, the first at least 1 "
                               f"(e.g. 20000,20,50), not {','.join(map(str, thresholds))}"])
    gc.set_threshold(*thresholds)
