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

from jejaring.graph.analyze import AnalysisResult, analyze, load_network
from jejaring.graph.errors import InputError, InputWarning
from jejaring.graph.network import Network
from jejaring.graph.view import GraphView, prepare

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
