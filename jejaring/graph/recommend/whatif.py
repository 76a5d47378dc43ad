"""What changes when some actors are marked approached or supportive (nothing is saved).

:func:`~jejaring.graph.recommend.recommend` takes the marks as ``what_if``; this module says
what moved between the lists without the marks and with them, so a page can show "coverage
42 % → 55 %; new entry point: X; no longer needed: Y".
"""

from __future__ import annotations

from typing import Any

__all__ = ["compare"]

_LISTS = ("entry_points", "patron_levers", "blockers")


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["actor"] for item in items]


def compare(baseline: dict[str, Any], changed: dict[str, Any]) -> dict[str, Any]:
    """Differences between two :func:`recommend` results.

    Returns
    -------
    dict
        ``coverage``: ``{"weighted": [before, after], "poor": [...], "after_entry_points":
        [...]}`` – the village reached by the supportive actors alone, and with the entry
        points, without and with the marks; per list (``entry_points``, ``patron_levers``,
        ``blockers``, ``forum``): ``added`` and ``removed`` actor ids.

    Examples
    --------
    >>> a = {"coverage": {"before": {"weighted": 0.1, "poor": 0.2},
    ...                   "after": {"weighted": 0.5, "poor": 0.6}},
    ...      "entry_points": [{"actor": "x"}, {"actor": "y"}], "patron_levers": [],
    ...      "blockers": [], "forum": {"members": []}}
    >>> b = {"coverage": {"before": {"weighted": 0.3, "poor": 0.3},
    ...                   "after": {"weighted": 0.6, "poor": 0.7}},
    ...      "entry_points": [{"actor": "y"}, {"actor": "z"}], "patron_levers": [],
    ...      "blockers": [], "forum": {"members": []}}
    >>> d = compare(a, b)
    >>> d["coverage"]["weighted"], d["entry_points"]
    ([0.1, 0.3], {'added': ['z'], 'removed': ['x']})
    """
    out: dict[str, Any] = {}
    cb, cc = baseline["coverage"], changed["coverage"]
    out["coverage"] = {
        "weighted": [cb["before"]["weighted"], cc["before"]["weighted"]],
        "poor": [cb["before"]["poor"], cc["before"]["poor"]],
        "after_entry_points": [cb["after"]["weighted"], cc["after"]["weighted"]],
    }
    for key in _LISTS:
        a, b = _ids(baseline[key]), _ids(changed[key])
        out[key] = {
            "added": [x for x in b if x not in a],
            "removed": [x for x in a if x not in b],
        }
    a, b = _ids(baseline["forum"]["members"]), _ids(changed["forum"]["members"])
    out["forum"] = {"added": [x for x in b if x not in a], "removed": [x for x in a if x not in b]}
    return out
