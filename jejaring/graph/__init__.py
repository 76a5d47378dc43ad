"""Jejaring's analysis engine: stakeholder and patron–client network measures.

Pure Python on numpy, scipy and igraph; it never imports Django, so it works the same from
Jupyter, the ``jejaring analyze`` command and the web app.

>>> from jejaring.graph import analyze
>>> res = analyze(None, [{"source": "a", "target": "b", "type": "kinship"}])
>>> res.summary["actors"], res.summary["directed"]
(2, False)

Modules, one per family of measures: :mod:`~jejaring.graph.centrality` (degree, PageRank,
eigenvector, hubs, k-core), :mod:`~jejaring.graph.paths` (betweenness, closeness),
:mod:`~jejaring.graph.structuralholes` (Burt), :mod:`~jejaring.graph.brokerage`
(Gould–Fernandez), :mod:`~jejaring.graph.community`, :mod:`~jejaring.graph.cohesion`
(whole-network measures), :mod:`~jejaring.graph.patronage` and :mod:`~jejaring.graph.roles`
(patron–client). Input: :class:`Network` and its builders; :mod:`~jejaring.graph.columns`
lists the accepted column names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jejaring.graph.errors import InputError, InputWarning
    from jejaring.graph.network import Network
    from jejaring.graph.pipeline import AnalysisResult, analyze, load_network
    from jejaring.graph.view import GraphView, prepare

# The names are imported on first use (PEP 562): importing one module of the engine does
# not pay for the rest of it.
_HOME = {
    "AnalysisResult": "pipeline",
    "analyze": "pipeline",
    "load_network": "pipeline",
    "InputError": "errors",
    "InputWarning": "errors",
    "Network": "network",
    "GraphView": "view",
    "prepare": "view",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__all__ = [
    "AnalysisResult",
    "GraphView",
    "InputError",
    "InputWarning",
    "Network",
    "analyze",
    "load_network",
    "prepare",
]
