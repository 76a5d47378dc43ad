"""One call from tables to every measure: :func:`analyze` and its :class:`AnalysisResult`.

The shortest-path searches, the costliest part, run on every core in the native kernel
(:mod:`jejaring.graph.sweep`). See docs/measures.md for every measure.
"""

from __future__ import annotations

import itertools
import math
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np

from jejaring.graph import brokerage as _brokerage
from jejaring.graph import centrality as _centrality
from jejaring.graph import cohesion as _cohesion
from jejaring.graph import forked as _forked
from jejaring.graph import heap as _heap
from jejaring.graph import paths as _paths
from jejaring.graph.community import modularity
from jejaring.graph.jsontext import strings, write_array
from jejaring.graph.network import Network
from jejaring.graph.structuralholes import structural_holes
from jejaring.graph.view import GraphView, prepare

__all__ = ["ACTOR_KEYS", "NETWORK_KEYS", "AnalysisResult", "analyze", "load_network"]

Progress = Callable[[str, int, int], None]

#: Above this many actors ``analyze`` leaves out the recommendations unless asked: they are
#: for a facilitator's village, and cost time on a district.
RECOMMEND_MAX = 20_000

#: Keys of the network summary, in output order.
NETWORK_KEYS = (
    "actors",
    "ties",
    "ties_by_type",
    "dependency_ties",
    "edges",
    "directed",
    "weighted",
    "types",
    "group_by",
    "density",
    "components",
    "strong_components",
    "largest_component",
    "isolates",
    "reciprocity",
    "transitivity",
    "average_clustering",
    "mean_degree",
    "mean_distance",
    "degree_centralization",
    "in_degree_centralization",
    "out_degree_centralization",
    "betweenness_centralization",
    "communities",
    "modularity",
    "community_method",
    "paths_exact",
    "path_sources",
    "betweenness_relative_error",
    "closeness_relative_error",
    "seed",
)

#: Measure keys of an actor record before the patron–client columns, in output order.
ACTOR_KEYS = (
    "id",
    "name",
    "degree",
    "in_degree",
    "out_degree",
    "strength",
    "in_strength",
    "out_strength",
    "betweenness",
    "betweenness_normalized",
    "betweenness_se",
    "closeness",
    "closeness_se",
    "harmonic_closeness",
    "pagerank",
    "eigenvector",
    "hub",
    "authority",
    "k_core",
    "clustering",
    "constraint",
    "effective_size",
    "community",
    "group",
    "brokerage",
)
_LEAD_PATRONAGE = ("patron_score", "dependency_concentration", "captive")
#: ``role_details`` are written by default up to this many actors (they dominate the size of
#: the JSON of a district: about 1 kB per actor).
DETAILS_MAX = 50_000

#: Actor records turned into JSON text at a time.
_RECORDS_BLOCK = 20_000


# --------------------------------------------------------------------------- input


def _is_path(x: Any) -> bool:
    return isinstance(x, str | os.PathLike)


def _table(obj: Any, kind: str, actor_ids: list[str] | None = None, actors_label: str = ""):
    from jejaring.graph.tables import read_table, table_from_frame, table_from_records

    if obj is None:
        return None
    if _is_path(obj):
        return read_table(obj, kind, actor_ids=actor_ids, actors_label=actors_label)
    if hasattr(obj, "iloc") and hasattr(obj, "columns"):
        return table_from_frame(obj, kind, kind)
    return table_from_records(obj, kind, kind)


def load_network(
    actors: Any = None,
    ties: Any = None,
    *,
    workbook: str | os.PathLike | None = None,
    tie_types: Mapping[str, Any] | None = None,
) -> Network:
    """A :class:`Network` from files, DataFrames or records (whatever :func:`analyze` takes).

    ``actors`` may also be a ready :class:`Network` (returned as is).
    """
    if isinstance(actors, Network):
        return actors

    if workbook is not None:
        from jejaring.graph.tables import read_workbook

        kinds = ("ties",) if actors is not None else ("actors", "ties")
        if ties is not None:
            kinds = ("actors",)
        tables = read_workbook(workbook, kinds=kinds)
        a = tables.get("actors") if actors is None else _table(actors, "actors")
        t = tables.get("ties") if ties is None else _table(ties, "ties")
        return Network.from_tables(a, t, tie_types=tie_types)
    if ties is None:
        raise ValueError("ties are required (a file, a DataFrame or records)")
    from jejaring.graph.builder import actor_ids

    a = _table(actors, "actors")
    ids = actor_ids(a) if a is not None else None
    t = _table(ties, "ties", ids, a.label if a is not None else "")
    return Network.from_tables(a, t, tie_types=tie_types)


# --------------------------------------------------------------------------- result


def _clean(value: Any) -> Any:
    """JSON-ready value: numpy scalars to Python, NaN and infinities to None."""
    # Exact-type checks first: the patronage lists hold a few hundred thousand plain values,
    # and most of them need no change.
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is dict:
        return {k if type(k) is str else str(k): _clean(v) for k, v in value.items()}
    if kind is list:
        return [_clean(v) for v in value]
    if isinstance(value, float | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_clean(v) for v in value.tolist()]
    return value


def _json_default(value: Any) -> Any:
    """numpy scalars and arrays for :func:`json.dumps` (NaN is caught by allow_nan)."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _column_json(values: Any, start: int, stop: int) -> list[str]:
    """A slice of a per-actor column as JSON texts (NaN and infinity as null)."""
    import json

    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        part = values[start:stop]
        if part.dtype.kind == "b":
            return ["true" if x else "false" for x in part.tolist()]
        if part.dtype.kind in "iu":
            return list(map(str, part.tolist()))
        texts = list(map(float.__repr__, part.astype(np.float64).tolist()))
        for i in np.flatnonzero(~np.isfinite(part)).tolist():
            texts[i] = "null"
        return texts

    def one(v: Any) -> str:
        if v is None:
            return "null"
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        return json.dumps(_clean(v), ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    items = list(values[start:stop])
    # Plain text (ids, names): quoted directly when nothing in the block needs escaping,
    # checked with one regular-expression pass over the joined block.
    if items and all(type(v) is str or v is None for v in items):
        # Text with gaps (a patron's superior, its cluster): the texts quoted together.
        quoted = iter(strings([v for v in items if v is not None]))
        return ["null" if v is None else next(quoted) for v in items]
    return [one(v) for v in items]


def _column_list(values: Any, start: int, stop: int) -> list:
    """A slice of a per-actor column as JSON-ready Python values."""
    if isinstance(values, np.ndarray):
        part = values[start:stop]
        if part.dtype.kind == "f":
            bad = ~np.isfinite(part)
            if bad.any():
                obj = part.astype(object)
                obj[bad] = None
                return obj.tolist()
            return part.tolist()
        if part.dtype.kind in "iub":
            return part.tolist()
        return [_clean(v) for v in part.tolist()]
    return [_clean(v) for v in list(values[start:stop])]


def _dumper(indent: int | None) -> Callable[[Any], str]:
    """``json.dumps`` as the JSON output writes every value (numpy values as Python ones,
    NaN as null)."""
    import json

    seps = (",", ":") if indent is None else (",", ": ")

    def dump(obj: Any) -> str:
        try:
            return json.dumps(
                obj, ensure_ascii=False, indent=indent, allow_nan=False, separators=seps,
                default=_json_default,
            )  # fmt: skip
        except ValueError:  # a NaN somewhere: clean the whole object
            return json.dumps(
                _clean(obj), ensure_ascii=False, indent=indent, allow_nan=False,
                separators=seps,
            )  # fmt: skip

    return dump


def _write_list(out: IO[str], items: list[Any], dump: Callable[[Any], str]) -> None:
    # Slices of a few thousand items per dumps call: far fewer calls than one per item.
    write_array(out, (dump(items[lo : lo + 5_000])[1:-1] for lo in range(0, len(items), 5_000)))


def _lists_part(pat: Any, dump: Callable[[Any], str], compact: bool, *, fork: bool) -> Any:
    """The patronage lists' text, written by a forked child where ``fork`` and safe
    (:func:`jejaring.graph.forked.deferred_text`); a part dropped unwritten stops its child."""
    return _forked.deferred_text(
        lambda out: _write_patronage(pat, out, dump, compact), fork=fork and pat is not None
    )


def _write_patronage(pat: Any, out: IO[str], dump: Callable[[Any], str], compact: bool) -> None:
    """The output's ``,"patrons":[…],"clients":[…],"clusters":[…]``."""
    for key in ("patrons", "clients", "clusters"):
        out.write(f',"{key}":')
        if pat is None:
            out.write("[]")
        elif key == "clients" and compact and "clients" not in vars(pat):
            from jejaring.graph.patronage import write_clients_json

            write_clients_json(pat, out)  # from the arrays, not the dicts
        else:
            cached = key in vars(pat)
            _write_list(out, list(getattr(pat, key)), dump)
            if not cached:
                # Built just for this write: let it go before the next list is built (on a
                # district each is a gigabyte of Python objects); it is rebuilt if asked for.
                vars(pat).pop(key, None)


@dataclass
class AnalysisResult:
    """Everything :func:`analyze` computed.

    Attributes
    ----------
    network : Network
        The analysed network (only the kept tie types, no self-loops).
    view : GraphView
        The simple graph the measures were computed on.
    summary : dict
        The network summary (JSON-ready; keys :data:`NETWORK_KEYS`).
    columns : dict of str to numpy.ndarray
        Per-actor measures, flat (brokerage counts as ``brokerage_<role>``), plus the
        patron–client columns.
    patronage : PatronageResult or None
        Patron–client measures (:mod:`jejaring.graph.patronage`).
    roles : list of list of dict
        Per actor, ``{"role", "rule", "facts"}`` (:mod:`jejaring.graph.roles`). Above
        :data:`DETAILS_MAX` actors a :class:`jejaring.graph.roles.LazyRoles`: the same
        lists, built on first use (the JSON output without ``role_details`` needs only its
        codes).
    options : dict
        The options used.
    timings : list of dict
        ``{"step", "seconds", "process", "max_rss_mb"}`` per step.
    warnings : list of str
        Messages about the input (self-loops dropped, unknown codes kept …).
    """

    network: Network
    view: GraphView
    summary: dict[str, Any]
    columns: dict[str, np.ndarray]
    patronage: Any
    roles: list[list[dict]]
    options: dict[str, Any]
    timings: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    #: Output parts already being written by a forked child (see ``fork_output`` of
    #: :func:`analyze`), taken by :meth:`write_json`.
    _parts: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def ids(self) -> list[str]:
        return self.network.ids

    def _actor_keys(self) -> list[str]:
        keys = [k for k in ACTOR_KEYS if k != "brokerage"]
        return keys

    def _patronage_keys(self) -> list[str]:
        if self.patronage is None:
            return []
        cols = list(self.patronage.actor_columns)
        lead = [k for k in _LEAD_PATRONAGE if k in cols]
        return lead + [k for k in cols if k not in lead]

    def _details(self, details: bool | None) -> bool:
        return self.network.n <= DETAILS_MAX if details is None else bool(details)

    def actor_records(
        self, start: int = 0, stop: int | None = None, *, details: bool | None = True
    ) -> Iterator[dict]:
        """JSON-ready actor records (DESIGN.md keys), ``start``..``stop`` in input order.

        ``details``: include ``role_details`` (None: only up to :data:`DETAILS_MAX` actors).
        """
        n = self.network.n
        stop = n if stop is None else min(stop, n)
        block = 20_000
        roles_on = self.options.get("roles", True)
        with_details = roles_on and self._details(details)
        z_on = "brokerage_z_coordinator" in self.columns
        for lo in range(start, stop, block):
            hi = min(lo + block, stop)
            yield from self._records_block(lo, hi, roles_on, z_on, with_details)

    def _records_block(
        self, lo: int, hi: int, roles_on: bool, z_on: bool, with_details: bool
    ) -> Iterator[dict]:
        cols = self.columns
        keys = self._actor_keys()
        lists = [_column_list(cols[k], lo, hi) for k in keys]
        roles = _brokerage.ROLES
        bro = [_column_list(cols[f"brokerage_{r}"], lo, hi) for r in roles]
        extra: list[tuple[str, list]] = []
        if z_on:
            for prefix in ("brokerage_expected", "brokerage_z"):
                parts = [_column_list(cols[f"{prefix}_{r}"], lo, hi) for r in roles]
                extra.append(
                    (
                        prefix,
                        [dict(zip(roles, vals, strict=True)) for vals in zip(*parts, strict=True)],
                    )
                )
        pkeys = self._patronage_keys()
        plists = [_column_list(self.patronage.actor_columns[k], lo, hi) for k in pkeys]
        codes = getattr(self.roles, "codes", None)  # a district's LazyRoles
        for j, values in enumerate(zip(*lists, strict=True)):
            rec = dict(zip(keys, values, strict=True))
            rec["brokerage"] = {r: b[j] for r, b in zip(roles, bro, strict=True)}
            for name, dicts in extra:
                rec[name] = dicts[j]
            for k, vals in zip(pkeys, plists, strict=True):
                rec[k] = vals[j]
            if roles_on and codes is not None and not with_details:
                rec["roles"] = codes.codes(lo + j)
            elif roles_on:
                details = self.roles[lo + j] if self.roles else []
                rec["roles"] = list(dict.fromkeys(r["role"] for r in details))
                if with_details:
                    rec["role_details"] = _clean(details)
            yield rec

    def _records_json(self, lo: int, hi: int, details: bool | None, dump) -> str:
        """Actor records ``lo..hi`` as JSON text, column by column.

        Same content as :meth:`actor_records`, about four times faster: each column is
        turned into JSON text at once, and one %-format per record assembles them.
        """
        roles_on = self.options.get("roles", True)
        with_details = roles_on and self._details(details)
        keys = self._actor_keys()
        cols = [_column_json(self.columns[k], lo, hi) for k in keys]
        parts = [f'"{k}":%s' for k in keys]
        roles = _brokerage.ROLES
        nested = ["brokerage"]
        if "brokerage_z_coordinator" in self.columns:
            nested += ["brokerage_expected", "brokerage_z"]
        for prefix in nested:
            col_prefix = "brokerage" if prefix == "brokerage" else prefix
            parts.append(f'"{prefix}":{{' + ",".join(f'"{r}":%s' for r in roles) + "}")
            cols += [_column_json(self.columns[f"{col_prefix}_{r}"], lo, hi) for r in roles]
        for k in self._patronage_keys():
            parts.append(f'"{k}":%s')
            cols.append(_column_json(self.patronage.actor_columns[k], lo, hi))
        codes = getattr(self.roles, "codes", None)  # a district's LazyRoles
        if roles_on and codes is not None and not with_details:
            parts.append('"roles":%s')
            cols.append(codes.json_texts(lo, hi))
        elif roles_on:
            rows = self.roles[lo:hi] if self.roles else [[] for _ in range(hi - lo)]
            parts.append('"roles":%s')
            # Role codes are plain identifiers: no escaping needed.
            cols.append(
                [
                    '["' + '","'.join(dict.fromkeys(r["role"] for r in rs)) + '"]' if rs else "[]"
                    for rs in rows
                ]
            )
            if with_details:
                parts.append('"role_details":%s')
                cols.append([dump(rs) for rs in rows])
        template = "{" + ",".join(parts) + "}"
        return ",".join(template % values for values in zip(*cols, strict=True))

    def drop_graph(self) -> None:
        """Release the analysed graph's arrays (hundreds of MB on a district) when only the
        measures are still needed; :meth:`to_networkx` is unavailable afterwards."""
        v = self.view
        empty = np.zeros(0, dtype=np.int64)
        v.src = v.dst = v.su = v.sv = empty
        v.weight = v.tie_weight = v.mutual = np.zeros(0)
        v._cache.clear()
        self._graph_dropped = True
        _heap.trim()

    def recommendation_input(self) -> dict[str, Any]:
        """What :func:`jejaring.graph.recommend.recommend` reads of the analysis, straight from
        the result's columns: cheaper than :meth:`to_dict`, which also formats every measure."""
        between = np.asarray(self.columns["betweenness_normalized"], dtype=float)
        community = self.columns.get("community")
        rows = []
        for i, actor_id in enumerate(self.network.ids):
            details = self.roles[i] if self.roles else []
            b = float(between[i])
            rows.append(
                {
                    "id": actor_id,
                    "roles": list(dict.fromkeys(d["role"] for d in details)),
                    "role_details": details,
                    "betweenness_normalized": b if b == b else None,
                    "community": None if community is None else int(community[i]),
                }
            )
        # The patronage lists are JSON-ready as built (plain Python values, NaN as None):
        # handed over as they are, not copied through _clean.
        return {"actors": rows, **self._lists(clean=False)}

    def _lists(self, *, clean: bool = True) -> dict[str, list]:
        if self.patronage is None:
            return {"patrons": [], "clients": [], "clusters": []}
        keep = _clean if clean else (lambda items: items)
        return {
            "patrons": keep(self.patronage.patrons),
            "clients": keep(self.patronage.clients),
            "clusters": keep(self.patronage.clusters),
        }

    def to_dict(self, *, details: bool | None = True) -> dict[str, Any]:
        """The analysis as the JSON object of DESIGN.md (NaN and infinity as None).

        Keys: ``network``, ``actors``, ``patrons``, ``clients``, ``clusters``,
        ``recommendations`` (:func:`jejaring.graph.recommend.flatten`; empty when not asked
        for) and
        ``warnings``. ``details``: include each actor's ``role_details`` (None: only up to
        :data:`DETAILS_MAX` actors).
        """
        out = {
            "network": _clean(self.summary),
            "actors": list(self.actor_records(details=details)),
        }
        out.update(self._lists())
        out["recommendations"] = _clean(self.recommendations)
        out["warnings"] = list(self.warnings)
        return out

    def write_json(
        self,
        fh: IO[str],
        *,
        indent: int | None = None,
        details: bool | None = None,
        fork: bool | None = None,
    ) -> None:
        """Write :meth:`to_dict` as JSON, streaming the records (memory stays flat).

        ``details``: include ``role_details`` (default: only up to :data:`DETAILS_MAX`
        actors). ``fork``: let forked child processes write the patronage lists and the
        second half of the actors meanwhile (default: from
        :data:`jejaring.graph.forked.FORK_MIN_ACTORS` actors, where it is safe; compact
        JSON only). The text is the same either way.
        """
        dump = _dumper(indent)
        # On a district, forked children write the patronage lists (the clients list is the
        # largest) and the second half of the actors while this process writes the first
        # half: see jejaring.graph.forked. The lists' child may already be running
        # (fork_output of analyze).
        n = self.network.n
        if fork is None:
            fork = n >= _forked.FORK_MIN_ACTORS
        compact = indent is None
        fork = fork and compact  # the children write compact text
        lists = self._parts.pop("lists", None)
        if lists is not None and not compact:
            lists.cancel()
            lists = None
        tail = None
        try:
            if lists is None:
                lists = _lists_part(self.patronage, dump, compact, fork=fork)
            half = n
            if fork and n > 2 * _RECORDS_BLOCK:
                half = n // 2 // _RECORDS_BLOCK * _RECORDS_BLOCK

                def write_tail(out: IO[str]) -> None:
                    sep = ""
                    for lo in range(half, n, _RECORDS_BLOCK):
                        hi = min(lo + _RECORDS_BLOCK, n)
                        out.write(sep + self._records_json(lo, hi, details, dump))
                        sep = ","

                tail = _forked.deferred_text(write_tail)
            fh.write('{"network":' + dump(_clean(self.summary)) + ',"actors":')
            head = (
                self._records_json(lo, min(lo + _RECORDS_BLOCK, half), details, dump)
                for lo in range(0, half, _RECORDS_BLOCK)
            )
            write_array(fh, itertools.chain(head, [] if tail is None else [tail]))
            tail = None
            lists.write_into(fh)
            lists = None
        finally:
            for part in (lists, tail):
                if part is not None:
                    part.cancel()
        fh.write(',"recommendations":')
        _write_list(fh, _clean(self.recommendations), dump)
        fh.write(',"warnings":' + dump(list(self.warnings)) + "}\n")

    def actor_frame(self):
        """Per-actor table as a pandas DataFrame (attributes, measures, roles)."""
        import pandas as pd

        data: dict[str, Any] = {"id": self.network.ids}
        for name in ("name", "kind", "category", "hamlet", "gender", "welfare"):
            if name in self.network.attrs:
                data[name] = self.network.attrs[name]
        for k in self._actor_keys():
            if k not in data:
                data[k] = self.columns[k]
        for key, col in self.columns.items():
            if key.startswith("brokerage_"):
                data[key] = col
        if self.patronage is not None:
            for k in self._patronage_keys():
                data[k] = list(self.patronage.actor_columns[k])
        data["roles"] = [",".join(r["role"] for r in rs) for rs in self.roles] or None
        return pd.DataFrame(data)

    def to_pandas(self) -> dict[str, Any]:
        """``{"network", "actors", "patrons", "clients", "clusters"}`` as DataFrames."""
        import pandas as pd

        lists = self._lists()
        summary = _clean(self.summary)
        return {
            "network": pd.DataFrame(
                {
                    "measure": list(summary),
                    "value": [
                        str(v) if isinstance(v, dict | list) else v for v in summary.values()
                    ],
                }
            ),
            "actors": self.actor_frame(),
            "patrons": pd.DataFrame(lists["patrons"]),
            "clients": pd.DataFrame(lists["clients"]),
            "clusters": pd.DataFrame(lists["clusters"]),
        }

    def to_networkx(self):
        """The analysed simple graph as a NetworkX (Di)Graph with every measure on the nodes.

        Edges carry ``weight`` (summed tie weights) and ``types`` (comma-separated).
        """
        import networkx as nx

        if getattr(self, "_graph_dropped", False):
            raise RuntimeError("the graph was released with drop_graph()")
        v = self.view
        g = nx.DiGraph() if v.directed else nx.Graph()
        records = {r["id"]: r for r in self.actor_records()}
        for i, aid in enumerate(self.network.ids):
            attrs = {k: val for k, val in records[aid].items() if k != "role_details"}
            attrs.pop("id", None)
            for key in ("kind", "category", "hamlet", "welfare"):
                if key in self.network.attrs:
                    attrs.setdefault(key, self.network.attrs[key][i])
            g.add_node(aid, **attrs)
        types = _edge_types(v)
        ids = self.network.ids
        for k, (a, b) in enumerate(zip(v.src.tolist(), v.dst.tolist(), strict=True)):
            g.add_edge(ids[a], ids[b], weight=float(v.tie_weight[k]), types=types[k])
        return g


def _edge_types(v: GraphView) -> list[str]:
    """Comma-separated tie types behind each edge of the view."""
    net = v.net
    s, d = net.src, net.dst
    if v.directed:
        und = ~net.directed
        a, b = np.concatenate([s, d[und]]), np.concatenate([d, s[und]])
        t = np.concatenate([net.type, net.type[und]])
    else:
        a, b, t = np.minimum(s, d), np.maximum(s, d), net.type
    keys = v.src * v.n + v.dst
    pos = np.searchsorted(keys, a * v.n + b)
    out: list[set[str]] = [set() for _ in range(v.m)]
    for p, ty in zip(pos.tolist(), t.tolist(), strict=True):
        if ty:
            out[p].add(str(ty))
    return [",".join(sorted(x)) for x in out]


# --------------------------------------------------------------------------- analysis


class _Clock:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0
        self.timings: list[dict[str, Any]] = []
        self._t = time.perf_counter()

    def step(self, name: str) -> None:
        """Close the current step under ``name`` and report progress."""
        now = time.perf_counter()
        self.timings.append(
            {"step": name, "seconds": now - self._t, "process": "main", "max_rss_mb": _rss_mb()}
        )
        self._t = now
        self.done += 1
        if self.progress is not None:
            self.progress(name, min(self.done, self.total), self.total)


def _rss_mb() -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    except ImportError:  # pragma: no cover - Windows
        return float("nan")


def default_group_by(net: Network) -> str | None:
    """``hamlet`` when any actor has one, else ``category``, else None (one group)."""
    for name in ("hamlet", "category"):
        col = net.attrs.get(name)
        if col is not None and len(col) and np.any(np.asarray(col, dtype=object) != ""):
            return name
    return None


def _ties_by_type(net: Network) -> dict[str, int]:
    from jejaring.graph.builder import factorize_objects

    codes, uniq = factorize_objects(np.asarray(net.type, dtype=object))
    counts = np.bincount(codes, minlength=len(uniq)) if len(uniq) else []
    pairs = sorted(
        ((str(u) if u else "untyped", int(c)) for u, c in zip(uniq, counts, strict=True)),
        key=lambda p: (-p[1], p[0]),
    )
    return dict(pairs)


def analyze(
    actors: Any = None,
    ties: Any = None,
    *,
    workbook: str | os.PathLike | None = None,
    types: Iterable[str] | None = None,
    undirected: bool = False,
    weighted: bool = False,
    group_by: str | None = "auto",
    exact_max: int = _paths.DEFAULT_EXACT_MAX,
    samples: int | None = None,
    seed: int | None = 0,
    brokerage_z: bool = False,
    community_method: str = "leiden",
    patronage: bool = True,
    patronage_weights: Mapping[str, Mapping[str, float]] | None = None,
    poor: frozenset[str] | None = None,
    tie_types: Mapping[str, Any] | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    recommend: bool | None = None,
    fork_output: bool = False,
) -> AnalysisResult:
    """Analyse a stakeholder network: every measure of docs/measures.md.

    Parameters
    ----------
    actors : path, DataFrame, iterable of dict, Network or None
        The actors table (``id``, ``name`` …) or a ready :class:`Network` (then ``ties`` is
        not given). None: actors are the tie endpoints.
    ties : path, DataFrame or iterable of dict
        The ties table (``source``, ``target`` …).
    workbook : path, optional
        An .xlsx with ``actors`` and ``ties`` sheets (instead of, or completing, the above).
    types : iterable of str, optional
        Keep only ties of these types.
    undirected : bool
        Treat every tie as undirected.
    weighted : bool
        Use tie weights (see :mod:`jejaring.graph.view`).
    group_by : str or None
        Actor attribute for Gould–Fernandez brokerage; ``"auto"`` (default) takes
        ``hamlet``, else ``category``, else one group for all.
    exact_max : int
        Exact betweenness and closeness up to this many actors; sampled above.
    samples : int, optional
        Sampled source actors above ``exact_max`` (default by network size).
    seed : int or None
        Seed for sampling and communities (same seed, same result).
    brokerage_z : bool
        Add expected brokerage counts and z-scores.
    community_method : {"leiden", "louvain"}
    patronage : bool
        Compute the patron–client measures and roles.
    patronage_weights, poor
        Passed to :func:`jejaring.graph.patronage.compute_patronage`.
    tie_types : mapping, optional
        Direction/dependency per tie type (see :func:`jejaring.graph.builder.resolve_tie_types`).
    workers : int, optional
        Threads of the shortest-path kernel (default: one per CPU); results do not depend
        on it.
    progress : callable, optional
        ``progress(step, done, total)`` after each step.
    recommend : bool or None
        Add the explained recommendations (:mod:`jejaring.graph.recommend`) as the result's
        ``recommendations`` list. None (default): for networks up to
        :data:`RECOMMEND_MAX` actors (a village, not a district).
    fork_output : bool
        For a caller that will write the result with :meth:`AnalysisResult.write_json`
        (the CLI): on a large network, start writing the patronage lists (``patrons``,
        ``clients``, ``clusters``) in a forked child process as soon as they are known,
        while this process computes the rest (see
        :mod:`jejaring.graph.forked`). The output is the same; the child is stopped if the
        result is written otherwise or dropped.

    Returns
    -------
    AnalysisResult

    Raises
    ------
    jejaring.graph.errors.InputError
        Bad input (the message names file, row and column).

    Examples
    --------
    >>> res = analyze(
    ...     [{"id": "h", "name": "Haji Salim", "category": "landowner", "welfare": "well_off"},
    ...      {"id": "a", "name": "Pak Amir", "welfare": "poor"},
    ...      {"id": "b", "name": "Bu Tini", "welfare": "poor"}],
    ...     [{"source": "a", "target": "h", "type": "land"},
    ...      {"source": "b", "target": "h", "type": "land"},
    ...      {"source": "a", "target": "b", "type": "kinship"}])
    >>> res.summary["actors"], res.summary["ties"], res.summary["directed"]
    (3, 3, True)
    >>> rec = res.to_dict()["actors"][0]
    >>> rec["id"], rec["in_degree"], "patron" in rec["roles"]
    ('h', 2, True)
    """
    clock = _Clock(progress, 15)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _centrality.ignore_igraph_notes()
        net = load_network(actors, ties, workbook=workbook, tie_types=tie_types)
        _heap.trim()  # the reader's buffers: hundreds of MB on a district
        clock.step("read")
        result = _analyze_network(
            net,
            clock,
            types=types,
            undirected=undirected,
            weighted=weighted,
            group_by=group_by,
            exact_max=exact_max,
            samples=samples,
            seed=seed,
            brokerage_z=brokerage_z,
            community_method=community_method,
            patronage=patronage,
            patronage_weights=patronage_weights,
            poor=poor,
            workers=workers,
            fork_output=fork_output,
        )
        if recommend is None:
            recommend = patronage and result.network.n <= RECOMMEND_MAX
        if recommend:
            from jejaring.graph.recommend import flatten
            from jejaring.graph.recommend import recommend as _recommend

            result.recommendations = flatten(_recommend(result.network, result, seed=seed or 0))
            clock.step("recommendations")
        result.options["recommend"] = bool(recommend)
    seen = []
    for w in caught:
        msg = str(w.message)
        if msg not in seen:
            seen.append(msg)
    result.warnings = seen
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result


def _analyze_network(
    net: Network,
    clock: _Clock,
    *,
    types,
    undirected,
    weighted,
    group_by,
    exact_max,
    samples,
    seed,
    brokerage_z,
    community_method,
    patronage,
    patronage_weights,
    poor,
    workers,
    fork_output=False,
) -> AnalysisResult:
    view = prepare(net, types=types, undirected=undirected, weighted=weighted)
    sub = view.net
    n = view.n
    clock.step("prepare")

    clock.total = 11 + 2 * int(bool(patronage))
    cols: dict[str, np.ndarray] = {
        "id": np.asarray(sub.ids, dtype=object),
        "name": np.asarray(sub.attrs.get("name", sub.ids), dtype=object),
    }

    late: dict[str, Any] = {}  # what the measures below find besides columns

    def community_measures() -> None:
        if side is not None:
            labels, tri = side.result()
            view.set_triangles(tri)
        elif n:
            from jejaring.graph.community import communities

            labels = communities(view, method=community_method, seed=seed)
        else:
            labels = np.zeros(0, dtype=np.int64)
        cols["community"] = labels
        clock.step("communities")

        cols["constraint"], cols["effective_size"] = structural_holes(view)
        cols["clustering"] = _cohesion.clustering(view)
        clock.step("structural holes")

        gb = default_group_by(sub) if group_by == "auto" else group_by
        if gb is not None and gb not in sub.attrs:
            from jejaring.graph.errors import InputError

            raise InputError(
                f"no actor attribute {gb!r} to group brokerage by "
                f"(attributes: {', '.join(sorted(sub.attrs))})",
                "options",
            )
        groups = np.asarray(sub.attrs[gb], dtype=object) if gb else np.full(n, "all", dtype=object)
        if gb and np.asarray(groups).dtype.kind == "f":
            groups = np.array(
                ["" if x != x else repr(float(x)) for x in groups.tolist()], dtype=object
            )
        cols["group"] = groups
        counts = _brokerage.brokerage(view, groups)
        for role, values in counts.items():
            cols[f"brokerage_{role}"] = values
        if brokerage_z:
            expected, z = _brokerage.brokerage_expected(counts, groups)
            for role in _brokerage.ROLES:
                cols[f"brokerage_expected_{role}"] = expected[role]
                cols[f"brokerage_z_{role}"] = z[role]
        late["group_by"] = gb
        clock.step("brokerage")

    def patronage_measures() -> None:
        from jejaring.graph.patronage import compute_patronage

        late["patronage"] = compute_patronage(sub, weights=patronage_weights, poor=poor)
        clock.step("patronage")

    def local_measures() -> None:
        # k-core first: on a district it alone needs the igraph graph (hundreds of MB),
        # freed before the other measures build their sparse matrices.
        cols["k_core"] = _centrality.k_core(view)
        if side is not None:
            view._cache.pop("igraph", None)
        clock.step("k_core")
        cols["degree"] = _centrality.degree(view)
        cols["in_degree"] = view.in_degree()
        cols["out_degree"] = view.out_degree()
        cols["strength"] = _centrality.strength(view)
        if view.directed:
            cols["in_strength"] = _centrality.strength(view, "in")
            cols["out_strength"] = _centrality.strength(view, "out")
        else:
            cols["in_strength"] = cols["out_strength"] = cols["strength"]
        clock.step("degree")
        cols["pagerank"] = _centrality.pagerank(view)
        clock.step("pagerank")
        cols["eigenvector"] = _centrality.eigenvector(view)
        cols["hub"], cols["authority"] = _centrality.hits(view)
        clock.step("eigenvector")

    # On a district a forked child finds the communities and lists the triangles (igraph,
    # one core each) while this process computes the other measures; forked first, while
    # this process has no other thread.
    side = None
    if n >= _forked.FORK_MIN_ACTORS and community_method == "leiden" and n > exact_max:
        side = _forked.forked_call(lambda: _communities_and_triangles(view, seed))
    path_options = {"exact_max": exact_max, "samples": samples, "seed": seed, "workers": workers}
    background = _paths_in_background(view, path_options, yield_cpu=side is not None)
    local_measures()
    if side is not None:
        # The rest needs no transposed matrix: free it (hundreds of MB on a district).
        view._cache.pop("csr_t", None)
    # The communities first (on a district: the child's result, waited for), so that the
    # child's memory is gone before the patron–client measures allocate theirs.
    community_measures()
    pm = None
    if side is not None:
        # What the structural holes, clustering and brokerage needed and the summary does
        # not: freed before the patron–client measures (a district's peak) allocate theirs;
        # so are the path searches' graph and buffers (they run at a lower priority, and
        # may not have finished yet).
        for key in _LOCAL_CACHES:
            view._cache.pop(key, None)
        if background is not None:
            pm = background.result()
            clock.step("shortest paths (waited for)")
        _heap.trim()
    if patronage:
        patronage_measures()
    labels, gb = cols["community"], late["group_by"]
    if pm is None and background is not None:
        pm = background.result()
        clock.step("shortest paths (waited for)")
    elif pm is None:
        pm = _paths.shortest_path_measures(
            view,
            **path_options,
            progress=None if clock.progress is None else _sub_progress(clock),
        )
        clock.step("shortest paths")
    cols["betweenness"] = pm.betweenness
    cols["betweenness_normalized"] = pm.betweenness_normalized
    cols["betweenness_se"] = pm.betweenness_se
    cols["closeness"] = pm.closeness
    cols["closeness_se"] = pm.closeness_se
    cols["harmonic_closeness"] = pm.harmonic

    pat = late.get("patronage")
    roles: Any = []
    if patronage and n > DETAILS_MAX:
        # A district's output lists only the role codes: found on whole arrays; the rules
        # and facts (gigabytes of Python objects there) only if asked for.
        from jejaring.graph.roles import LazyRoles, assign_roles, role_codes

        roles = LazyRoles(
            role_codes(sub, cols, pat, group_by=gb or "hamlet"),
            lambda: assign_roles(sub, cols, pat, group_by=gb or "hamlet"),
        )
        clock.step("roles")
    elif patronage:
        from jejaring.graph.roles import assign_roles

        roles = assign_roles(sub, cols, pat, group_by=gb or "hamlet")
        clock.step("roles")
    else:
        roles = [[] for _ in range(n)]

    summary = _summary(view, cols, pm, labels, gb, community_method, seed)
    # Graphs, sparse matrices and search keys are rebuilt on demand; dropping them here
    # halves the memory the result holds on a district.
    view._cache.clear()
    _heap.trim()
    clock.step("summary")
    parts: dict[str, Any] = {}
    if fork_output and "patronage" in late and n >= _forked.FORK_MIN_ACTORS:
        # A child writes the patronage lists while this process finishes (compact JSON, what
        # the CLI writes; write_json drops it for indented output). Forked only now: the
        # kernel's threads have finished, and the graph's caches are freed, so the child
        # does not keep them alive in the process tree after this process lets them go.
        parts["lists"] = _lists_part(late["patronage"], _dumper(None), True, fork=True)
    timings = clock.timings
    options = {
        "types": list(view.types) if view.types else None,
        "undirected": undirected,
        "weighted": weighted,
        "group_by": gb,
        "exact_max": exact_max,
        "samples": samples,
        "seed": seed,
        "brokerage_z": brokerage_z,
        "community_method": community_method,
        "roles": patronage,
        "workers": _threads_used(workers),
    }
    result = AnalysisResult(sub, view, summary, cols, pat, roles, options, timings)
    result._parts.update(parts)
    return result


#: Caches of the view that only the structural holes, clustering and brokerage use (the
#: summary's reciprocity still reads the arcs' skeleton index and directions).
_LOCAL_CACHES = ("triangle_edges", "skeleton_keys")


def _communities_and_triangles(view: GraphView, seed: int | None) -> tuple:
    """Leiden communities and the triangles of the skeleton (work for a forked child)."""
    from jejaring.graph.community import communities

    labels = communities(view, method="leiden", seed=seed)
    # Leiden's working memory, freed by igraph (C), is not reused by the Python objects of
    # the triangle list that follows: given back first, it does not add to the child's peak.
    _heap.trim()
    return labels, view.triangles()


class _Background(threading.Thread):
    """A call on a thread of its own; :meth:`result` joins it (so that no thread is left
    when the output's children are forked) and returns its value or raises its error."""

    def __init__(self, call: Callable[[], Any]) -> None:
        super().__init__(name="jejaring-paths", daemon=True)
        self._call = call
        self._value: Any = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            self._value = self._call()
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> Any:
        self.join()
        if self._error is not None:
            raise self._error
        return self._value


#: Niceness added to the background path searches while a forked child computes the
#: communities (Linux): see :func:`_paths_in_background`.
PATHS_NICE = 5


def _paths_in_background(
    view: GraphView, options: dict[str, Any], *, yield_cpu: bool = False
) -> _Background | None:
    """Start the shortest-path measures on a background thread when the native kernel runs
    them: it releases the global lock, so its searches use the cores this thread leaves
    idle while it computes the measures that need no shortest paths. None: compute them in
    line (igraph holds the lock; nothing would run alongside).

    ``yield_cpu`` (a district, whose communities a forked child computes): the searches run
    at a lower priority. They are needed last, while this process soon waits for the child;
    without it the kernel's threads take the cores from both, and the wait grows.
    """
    from jejaring.graph.sweep import native_available

    if not native_available() or view.n == 0:
        return None

    def paths() -> _paths.PathMeasures:
        if yield_cpu:
            _lower_priority()  # this thread's, inherited by the kernel's worker threads
        try:
            return _paths.shortest_path_measures(view, **options)
        finally:
            view._cache.pop("sweep_arrays", None)  # the kernel's copy of the graph

    job = _Background(paths)
    job.start()
    return job


def _lower_priority() -> None:
    """Lower the calling thread's priority by :data:`PATHS_NICE` (Linux: niceness is per
    thread, and threads it starts inherit it); nothing where that is not possible."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + PATHS_NICE)
    except (AttributeError, OSError):
        pass


def _threads_used(workers: int | None) -> int:
    """Threads the shortest-path searches ran on (1 without the native kernel)."""
    from jejaring.graph.sweep import native_available, thread_count

    if not native_available():
        return 1
    return max(1, int(workers)) if workers is not None else thread_count()


def _sub_progress(clock: _Clock) -> Progress:
    def report(step: str, done: int, total: int) -> None:
        assert clock.progress is not None
        clock.progress(f"{step} {done}/{total}", clock.done, clock.total)

    return report


def _summary(
    view: GraphView,
    cols: dict[str, np.ndarray],
    pm: _paths.PathMeasures,
    labels: np.ndarray,
    group_by: str | None,
    community_method: str,
    seed: int | None,
) -> dict[str, Any]:
    n = view.n
    net = view.net
    weak, strong, largest = _cohesion.components(view)
    skel_deg = np.bincount(view.su, minlength=n) + np.bincount(view.sv, minlength=n)
    mean_degree = float(np.mean(cols["degree"])) if n else float("nan")
    return {
        "actors": n,
        "ties": net.m,
        "ties_by_type": _ties_by_type(net),
        "dependency_ties": int(np.count_nonzero(net.dependency)),
        "edges": view.m,
        "directed": view.directed,
        "weighted": view.weighted,
        "types": list(view.types) if view.types else None,
        "group_by": group_by,
        "density": _cohesion.density(view),
        "components": weak,
        "strong_components": strong,
        "largest_component": largest,
        "isolates": int(np.count_nonzero(skel_deg == 0)),
        "reciprocity": _cohesion.reciprocity(view),
        "transitivity": _cohesion.transitivity(view),
        "average_clustering": float(np.mean(cols["clustering"])) if n else float("nan"),
        "mean_degree": mean_degree,
        "mean_distance": pm.mean_distance,
        "degree_centralization": _cohesion.degree_centralization(view),
        "in_degree_centralization": _cohesion.degree_centralization(view, "in"),
        "out_degree_centralization": _cohesion.degree_centralization(view, "out"),
        "betweenness_centralization": _cohesion.betweenness_centralization(
            pm.betweenness_normalized
        ),
        "communities": int(labels.max()) + 1 if len(labels) else 0,
        "modularity": modularity(view, labels) if len(labels) else float("nan"),
        "community_method": community_method,
        "paths_exact": pm.exact,
        "path_sources": pm.sources,
        "betweenness_relative_error": pm.betweenness_relative_error,
        "closeness_relative_error": pm.closeness_relative_error,
        "seed": seed,
    }
