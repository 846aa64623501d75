"""Three-way merge at article level: carry a proposal written on an older text onto the newest one.

Base is the text the proposal started from, latest the newest approved text, proposed the proposal's
text. An article only the proposal changed takes the proposal's wording (under the latest number); an
article only the newer version changed keeps the newer wording; an article both changed differently is
a conflict: the merge keeps the newer wording and lists the conflict, so nothing is lost silently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from registry.proposals.compare import Unit, align, units_of


@dataclass
class Conflict:
    """An article both the newer version and the proposal changed, differently."""

    base: str
    latest: str
    proposed: str


@dataclass
class Merge:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)


def _text(unit: Unit) -> str:
    return unit.text.rstrip() + "\n\n"  # one blank line between articles, whatever the source had


def _relabel(unit: Unit, label: str) -> str:
    """Return the unit's text under another article label (the newer numbering)."""
    if unit.label and label and unit.label != label:
        return _text(unit).replace(unit.label, label, 1)
    return _text(unit)


def merge3(base: str, latest: str, proposed: str) -> Merge:
    """Apply the proposal's article changes (base → proposed) onto `latest`."""
    b_units, l_units, p_units = units_of(base), units_of(latest), units_of(proposed)
    replaced: dict[int, list[int]] = {}
    added_after: dict[int, list[int]] = defaultdict(list)
    last = -1
    for olds, news in align(b_units, p_units):
        if not olds:
            added_after[last].extend(news)
            continue
        unchanged = len(olds) == len(news) == 1 and (b_units[olds[0]].content, b_units[olds[0]].label) == (
            p_units[news[0]].content, p_units[news[0]].label)  # a renumbering is a change too
        if not unchanged:
            replaced[olds[0]] = news
            replaced.update({o: [] for o in olds[1:]})
        last = olds[-1]
    out = [_text(p_units[j]) for j in added_after[-1]]
    conflicts = []
    for olds, news in align(b_units, l_units):
        if not olds:
            out.extend(_text(l_units[j]) for j in news)
            continue
        latest_units = [l_units[j] for j in news]
        latest_same = len(olds) == len(news) == 1 and b_units[olds[0]].content == latest_units[0].content
        touched = [o for o in olds if o in replaced]
        proposal_units = [p_units[j] for o in olds for j in replaced.get(o, [])]
        if not touched:
            out.extend(_text(u) for u in latest_units)
        elif latest_same:
            if len(proposal_units) == 1 and proposal_units[0].label == b_units[olds[0]].label:
                out.append(_relabel(proposal_units[0], latest_units[0].label))  # the newer numbering
            else:
                out.extend(_text(u) for u in proposal_units)
        elif [u.content for u in proposal_units] == [u.content for u in latest_units]:
            out.extend(_text(u) for u in latest_units)
        else:
            out.extend(_text(u) for u in latest_units)
            conflicts.append(Conflict("".join(_text(b_units[o]) for o in olds).strip(),
                                      "".join(_text(u) for u in latest_units).strip(),
                                      "".join(_text(u) for u in proposal_units).strip()))
        for o in olds:
            out.extend(_text(p_units[j]) for j in added_after[o])
    return Merge("".join(out), conflicts)
