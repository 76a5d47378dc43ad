"""GEXF 1.3, the format Gephi opens natively.

Each tie is one ``<edge>`` with its own ``type`` (directed or undirected: GEXF 1.3 allows mixed
graphs), its tie type as the edge ``kind`` (so Gephi keeps parallel ties of different types
apart) and its ``weight``; every other column is a declared attribute. Actors are nodes
labelled with their name.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from jejaring import __version__
from jejaring.interchange import schema
from jejaring.interchange.export import ExportData, table_rows
from jejaring.interchange.export import xml_value as _value

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
CONTENT_TYPE = "application/gexf+xml"

_TYPES = {
    schema.INT: "integer",
    schema.FLOAT: "double",
    schema.DECIMAL: "double",
    schema.BOOL: "boolean",
}


def write(data: ExportData, *, today: dt.date | None = None) -> bytes:
    """The GEXF 1.3 document of an export."""
    ET.register_namespace("", NS)
    ET.register_namespace("viz", VIZ)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(
        f"{{{NS}}}gexf", {"version": "1.3", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION}
    )
    meta = ET.SubElement(
        root, f"{{{NS}}}meta", {"lastmodifieddate": (today or dt.date.today()).isoformat()}
    )
    ET.SubElement(meta, f"{{{NS}}}creator").text = f"Jejaring {__version__}"
    ET.SubElement(meta, f"{{{NS}}}description").text = (
        "pseudonymised export" if data.pseudonymized else data.village.name
    )
    any_directed = any(t["directed"] for t in data.ties)
    graph = ET.SubElement(
        root,
        f"{{{NS}}}graph",
        {"defaultedgetype": "directed" if any_directed else "undirected", "mode": "static"},
    )
    node_cols = [c for c in data.actor_cols if c.name not in ("id", "name")]
    edge_cols = [
        c for c in data.tie_cols if c.name not in ("id", "source", "target", "directed", "weight")
    ]

    def declare(klass: str, cols, extra) -> dict[str, str]:
        attributes = ET.SubElement(graph, f"{{{NS}}}attributes", {"class": klass, "mode": "static"})
        ids = {}
        for i, col in enumerate(cols):
            ids[col.name] = str(i)
            ET.SubElement(
                attributes,
                f"{{{NS}}}attribute",
                {"id": str(i), "title": col.name, "type": _TYPES.get(col.kind, "string")},
            )
        for j, name in enumerate(extra, start=len(cols)):
            ids[name] = str(j)
            ET.SubElement(
                attributes,
                f"{{{NS}}}attribute",
                {"id": str(j), "title": name, "type": "string"},
            )
        return ids

    node_ids = declare("node", node_cols, data.actor_extra)
    edge_ids = declare("edge", edge_cols, data.tie_extra)

    nodes = ET.SubElement(graph, f"{{{NS}}}nodes")
    names = [c.name for c in data.actor_cols] + data.actor_extra
    col_of = {c.name: c for c in data.actor_cols}
    for row in table_rows(data.actors, data.actor_cols, data.actor_extra):
        values = dict(zip(names, row, strict=True))
        node = ET.SubElement(
            nodes, f"{{{NS}}}node", {"id": values["id"], "label": values["name"] or values["id"]}
        )
        _attvalues(node, values, node_ids, col_of)

    edges = ET.SubElement(graph, f"{{{NS}}}edges")
    names = [c.name for c in data.tie_cols] + data.tie_extra
    col_of = {c.name: c for c in data.tie_cols}
    used: set[str] = set()
    for n, row in enumerate(table_rows(data.ties, data.tie_cols, data.tie_extra)):
        values = dict(zip(names, row, strict=True))
        edge_id = values["id"] if values["id"] and values["id"] not in used else f"e{n}"
        used.add(edge_id)
        attrs = {
            "id": edge_id,
            "source": values["source"],
            "target": values["target"],
            "type": "directed" if values["directed"] else "undirected",
            "kind": values["type"],
            "label": data.label("type", values["type"]),
        }
        if values.get("weight") is not None:
            attrs["weight"] = repr(float(values["weight"]))
        edge = ET.SubElement(edges, f"{{{NS}}}edge", attrs)
        _attvalues(edge, values, edge_ids, col_of)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _attvalues(element, values: dict, ids: dict[str, str], col_of: dict) -> None:
    found = []
    for name, attr_id in ids.items():
        text = _value(col_of.get(name), values.get(name))
        if text:
            found.append((attr_id, text))
    if found:
        container = ET.SubElement(element, f"{{{NS}}}attvalues")
        for attr_id, text in found:
            ET.SubElement(container, f"{{{NS}}}attvalue", {"for": attr_id, "value": text})
