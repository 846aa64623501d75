"""Signals the catalogue sends after a change, so other areas (reviews) can react in the same transaction."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the acting user (or None); keyword `version` (the approved RuleVersion).
version_approved = _signals.signal("version-approved")
# sender: the acting user (or None); keyword `rule` (the repealed Rule).
rule_repealed = _signals.signal("rule-repealed")
