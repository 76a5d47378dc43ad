"""Readable renderings of an analysis: a terminal summary and an Excel workbook.

The JSON form is :meth:`AnalysisResult.write_json`; these two are for people. The workbook has
one sheet per table (``network``, ``actors``, ``patrons``, ``clients``, ``clusters``) and opens
in any spreadsheet program; nested values (brokerage counts, role facts) are written as JSON
text in their cell.
"""

from __future__ import annotations

import json
import math
import os
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from jejaring.graph.pipeline import AnalysisResult

__all__ = ["format_text", "write_xlsx"]

_TOP = 10


def _num(x: Any, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int | np.integer):
        return f"{int(x):,}"
    if isinstance(x, float | np.floating):
        if not math.isfinite(float(x)):
            return "–"
        return f"{float(x):.{digits}f}"
    return str(x)


def _top(result: AnalysisResult, key: str, k: int = _TOP) -> list[int]:
    values = np.asarray(result.columns[key], dtype=np.float64)
    ok = np.flatnonzero(np.isfinite(values) & (values > 0))
    order = ok[np.argsort(-values[ok], kind="stable")]
    return order[:k].tolist()


def format_text(result: AnalysisResult) -> str:
    """A summary for the terminal: the network, then the top actors by the main measures.

    Examples
    --------
    >>> from jejaring.graph import analyze
    >>> res = analyze(None, [{"source": "a", "target": "b", "type": "kinship"}])
    >>> print(format_text(res).splitlines()[0])
    Network: 2 actors, 1 ties (undirected, unweighted)
    """
    s = result.summary
    ids = result.ids
    names = np.asarray(result.columns["name"], dtype=object)
    mode = "directed" if s["directed"] else "undirected"
    weight = "weighted" if s["weighted"] else "unweighted"
    lines = [f"Network: {_num(s['actors'])} actors, {_num(s['ties'])} ties ({mode}, {weight})"]
    by_type = ", ".join(f"{t} {_num(c)}" for t, c in s["ties_by_type"].items())
    if by_type:
        lines.append(f"  ties by type: {by_type}")
    lines += [
        f"  density {_num(s['density'], 4)}, mean degree {_num(s['mean_degree'], 2)}, "
        f"mean distance {_num(s['mean_distance'], 2)}",
        f"  components {_num(s['components'])} (largest {_num(s['largest_component'])} actors, "
        f"{_num(s['isolates'])} isolates), strong components {_num(s['strong_components'])}",
        f"  reciprocity {_num(s['reciprocity'])}, transitivity {_num(s['transitivity'])}, "
        f"average clustering {_num(s['average_clustering'])}",
        f"  centralization: degree {_num(s['degree_centralization'])}, "
        f"betweenness {_num(s['betweenness_centralization'])}",
        f"  communities {_num(s['communities'])} ({s['community_method']}, modularity "
        f"{_num(s['modularity'])}); brokerage groups: {s['group_by'] or 'none'}",
    ]
    if not s["paths_exact"]:
        lines.append(
            f"  betweenness and closeness sampled from {_num(s['path_sources'])} actors "
            f"(relative standard error of the top ten: betweenness "
            f"{_num(s['betweenness_relative_error'], 2)}, closeness "
            f"{_num(s['closeness_relative_error'], 2)})"
        )

    def table(title: str, key: str, digits: int = 3) -> None:
        rows = _top(result, key)
        if not rows:
            return
        lines.append("")
        lines.append(f"Top {len(rows)} by {title}:")
        for i in rows:
            lines.append(f"  {_num(result.columns[key][i], digits):>10}  {names[i]} ({ids[i]})")

    table("betweenness (normalised)", "betweenness_normalized")
    table("PageRank", "pagerank", 4)
    if "patron_score" in result.columns or result.patronage is not None:
        cols = result.patronage.actor_columns if result.patronage is not None else {}
        if "patron_score" in cols:
            result.columns.setdefault("patron_score", np.asarray(cols["patron_score"], float))
            table("patron score", "patron_score")
        captive = np.flatnonzero(np.asarray(cols.get("captive", []), dtype=bool))
        if len(captive):
            lines.append("")
            shown = ", ".join(f"{names[i]} ({ids[i]})" for i in captive[:_TOP])
            more = f" and {len(captive) - _TOP} more" if len(captive) > _TOP else ""
            lines.append(f"Captive clients ({len(captive)}): {shown}{more}")
    brokers = [i for i, rs in enumerate(result.roles) if any(r["role"] == "broker" for r in rs)]
    if brokers:
        lines.append("")
        shown = ", ".join(f"{names[i]} ({ids[i]})" for i in brokers[:_TOP])
        more = f" and {len(brokers) - _TOP} more" if len(brokers) > _TOP else ""
        lines.append(f"Brokers ({len(brokers)}): {shown}{more}")
    for w in result.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(float(value)) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _rows_of(items: list[dict]) -> tuple[list[str], list[list[Any]]]:
    header: list[str] = []
    for item in items:
        for key in item:
            if key not in header:
                header.append(key)
    return header, [[_cell(item.get(k)) for k in header] for item in items]


def _flat(rec: dict[str, Any]) -> dict[str, Any]:
    """An actor record with nested brokerage dicts spread into columns."""
    flat: dict[str, Any] = {}
    for key, value in rec.items():
        if key == "role_details":
            continue
        if isinstance(value, dict) and key.startswith("brokerage"):
            for role, count in value.items():
                flat[f"{key}_{role}"] = count
        elif key == "roles":
            flat[key] = ", ".join(value)
        else:
            flat[key] = value
    return flat


def write_xlsx(result: AnalysisResult, path: str | os.PathLike) -> None:
    """Write the analysis to an .xlsx workbook (sheets network, actors, patrons, clients,
    clusters)."""
    from openpyxl import Workbook

    # Names are text, never formulas (=…) or error codes (#N/A) when the workbook is opened;
    # the rule is plain Python, shared with the village exports.
    from jejaring.interchange.cells import xlsx_row

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("network")
    ws.append(["measure", "value"])
    for key, value in result.to_dict()["network"].items():
        ws.append(xlsx_row(ws, [key, _cell(value)]))

    ws = wb.create_sheet("actors")
    attrs = {
        a: result.network.attrs[a]
        for a in ("kind", "category", "hamlet", "gender", "welfare")
        if a in result.network.attrs
    }
    header: list[str] | None = None
    for i, rec in enumerate(result.actor_records(details=False)):
        flat = _flat(rec)
        row = {"id": flat.pop("id"), "name": flat.pop("name")}
        row.update({a: col[i] for a, col in attrs.items()})
        row.update(flat)
        if header is None:
            header = list(row)
            ws.append(xlsx_row(ws, header))
        ws.append(xlsx_row(ws, [_cell(row.get(k)) for k in header]))

    lists = result._lists()
    for name in ("patrons", "clients", "clusters"):
        ws = wb.create_sheet(name)
        header, rows = _rows_of(lists[name])
        if header:
            ws.append(xlsx_row(ws, header))
        for row in rows:
            ws.append(xlsx_row(ws, row))
    wb.save(path)
