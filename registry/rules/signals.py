"""Signals the catalogue sends after a change, so other areas (reviews) can react in the same transaction."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the acting user (or None); keywords `version` (the approved RuleVersion) and `substantive`
# (the approver's word on an amendment: True, False, or None when not said).
version_approved = _signals.signal("version-approved")
# sender: the acting user (or None); keyword `rule` (the repealed Rule).
rule_repealed = _signals.signal("rule-repealed")
# sender: the acting user; keyword `proposal` (a revision, repeal or merger proposed for a rule).
change_proposed = _signals.signal("change-proposed")
