"""GraphML: the network with every actor and tie attribute, for NetworkX, igraph, yEd, Gephi.

Written so that :func:`networkx.read_graphml` reads it back: one ``<graph>`` whose default
edge direction is *directed* when any tie is; whether each tie is directed is a data key
(``directed``) rather than the XML attribute, which NetworkX refuses in a mixed graph.
Parallel ties (two types between the same pair) make NetworkX return a multigraph, keyed by
the tie ids.

Reading accepts Jejaring's own files and those of other tools: a node's ``label`` or ``name``
becomes the actor's name (its id when there is none), unknown keys become attributes.
Files with a DOCTYPE or entities are refused (no XML bombs).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from django.utils.translation import gettext_noop

from jejaring.interchange import schema
from jejaring.interchange.export import ExportData, table_rows
from jejaring.interchange.export import xml_value as _value
from jejaring.interchange.problems import Problems
from jejaring.interchange.tables import Table

NS = "http://graphml.graphdrawing.org/xmlns"
CONTENT_TYPE = "application/graphml+xml"

_TYPES = {
    schema.INT: "int",
    schema.FLOAT: "double",
    schema.DECIMAL: "double",
    schema.BOOL: "boolean",
}


def write(data: ExportData) -> bytes:
    """The GraphML document of an export."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    keys: dict[tuple[str, str], str] = {}

    def add_keys(domain: str, cols, extra):
        for col in cols:
            if domain == "node" and col.name == "id":
                continue
            if domain == "edge" and col.name in ("id", "source", "target"):
                continue
            key = f"{domain[0]}_{col.name}"
            keys[(domain, col.name)] = key
            ET.SubElement(
                root,
                f"{{{NS}}}key",
                {
                    "id": key,
                    "for": domain,
                    "attr.name": col.name,
                    "attr.type": _TYPES.get(col.kind, "string"),
                },
            )
        for i, name in enumerate(extra):
            key = f"{domain[0]}x{i}"
            keys[(domain, name)] = key
            ET.SubElement(
                root,
                f"{{{NS}}}key",
                {"id": key, "for": domain, "attr.name": name, "attr.type": "string"},
            )

    add_keys("node", data.actor_cols, data.actor_extra)
    add_keys("edge", data.tie_cols, data.tie_extra)
    any_directed = any(t["directed"] for t in data.ties)
    graph = ET.SubElement(
        root,
        f"{{{NS}}}graph",
        {"id": data.village.slug, "edgedefault": "directed" if any_directed else "undirected"},
    )
    names = [c.name for c in data.actor_cols] + data.actor_extra
    col_of = {c.name: c for c in data.actor_cols}
    for row in table_rows(data.actors, data.actor_cols, data.actor_extra):
        values = dict(zip(names, row, strict=True))
        node = ET.SubElement(graph, f"{{{NS}}}node", {"id": values.pop("id")})
        for name, value in values.items():
            text = _value(col_of.get(name), value)
            if text:
                ET.SubElement(node, f"{{{NS}}}data", {"key": keys[("node", name)]}).text = text
    names = [c.name for c in data.tie_cols] + data.tie_extra
    col_of = {c.name: c for c in data.tie_cols}
    used_ids: set[str] = set()
    for row in table_rows(data.ties, data.tie_cols, data.tie_extra):
        values = dict(zip(names, row, strict=True))
        attrs = {"source": values.pop("source"), "target": values.pop("target")}
        tie_id = values.pop("id")
        if tie_id and tie_id not in used_ids:
            attrs = {"id": tie_id, **attrs}
            used_ids.add(tie_id)
        edge = ET.SubElement(graph, f"{{{NS}}}edge", attrs)
        for name, value in values.items():
            text = _value(col_of.get(name), value)
            if text:
                ET.SubElement(edge, f"{{{NS}}}data", {"key": keys[("edge", name)]}).text = text
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes, label: str, problems: Problems):
    """The root element of an XML document, refusing DTDs and entities."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        problems.add(
            gettext_noop("the file declares a DTD or entities, which are not accepted"), file=label
        )
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        problems.add(gettext_noop("this is not a well-formed XML file"), file=label, row=line)
    except (ValueError, UnicodeError):
        problems.add(gettext_noop("this is not a well-formed XML file"), file=label)
    return None


def read(data: bytes, label: str, problems: Problems) -> tuple[Table, Table] | None:
    """The actors (nodes) and ties (edges) of a GraphML file as tables; a node or edge's
    position in the file is its row number in messages."""
    root = parse_xml(data, label, problems)
    if root is None:
        return None
    if _local(root.tag) != "graphml":
        problems.add(gettext_noop("this is not a GraphML file"), file=label)
        return None
    keys: dict[str, tuple[str, str]] = {}
    for key in root:
        if _local(key.tag) == "key":
            name = key.get("attr.name") or key.get("id") or ""
            keys[key.get("id", "")] = (key.get("for", "all"), name)
    graph = next((g for g in root if _local(g.tag) == "graph"), None)
    if graph is None:
        problems.add(gettext_noop("the GraphML file holds no graph"), file=label)
        return None
    default_directed = graph.get("edgedefault", "directed") == "directed"
    nodes: list[dict[str, str]] = []
    edges: list[dict[str, str]] = []
    for element in graph:
        tag = _local(element.tag)
        if tag not in ("node", "edge"):
            continue
        values: dict[str, str] = {}
        for d in element:
            if _local(d.tag) == "data":
                name = keys.get(d.get("key", ""), ("", d.get("key", "")))[1]
                values[name] = (d.text or "").strip()
        if tag == "node":
            values["id"] = element.get("id", "")
            nodes.append(values)
        else:
            values["source"] = element.get("source", "")
            values["target"] = element.get("target", "")
            if element.get("id") and "id" not in values:
                values["id"] = element.get("id", "")
            if "directed" not in values:
                attr = element.get("directed")
                directed = default_directed if attr is None else attr == "true"
                values["directed"] = "yes" if directed else "no"
            edges.append(values)
    actors = _table(f"{label} (nodes)", nodes, schema.ACTORS)
    ties = _table(f"{label} (edges)", edges, schema.TIES)
    return actors, ties


def _table(label: str, items: list[dict[str, str]], kind: str) -> Table:
    headers: list[str] = []
    for item in items:
        for name in item:
            if name not in headers:
                headers.append(name)
    if kind == schema.ACTORS and items:
        names = {schema.columns.canonical_column(h, schema.ACTOR_ALIASES) for h in headers}
        if "name" not in names:
            headers.append("name")
            for item in items:
                item["name"] = item.get("id", "")
    table = Table(label, headers)
    for number, item in enumerate(items, start=1):
        table.rows.append((number, [item.get(h, "") for h in headers]))
    return table
