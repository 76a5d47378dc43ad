"""GEXF 1.3 for Gephi: checked against the rules of the GEXF 1.3 schema and read by NetworkX.

The official XSD files (gexf.xsd, viz.xsd, data.xsd) are not shipped by any package in the
registries this project may use (checked: PyPI gexfpy, pygexf, simplegexf, gephipy,
colcon-gephi, graphistry; npm gexf, graphology-gexf; Debian has no GEXF package), so the rules
the schema states for what Jejaring writes are checked here one by one (GEXF 1.3 primer and
schema documentation, gexf.net): element order, enumerated attribute values, typed values,
unique ids and references.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree as ET

import networkx as nx
import pytest

from jejaring.interchange import services as S
from jejaring.interchange.export import ExportFilter

pytestmark = pytest.mark.django_db

NS = "{http://gexf.net/1.3}"
ATTRIBUTE_TYPES = {
    "integer",
    "long",
    "double",
    "float",
    "boolean",
    "string",
    "liststring",
    "anyURI",
    "listboolean",
    "listinteger",
    "listdouble",
    "listfloat",
    "listlong",
    "byte",
    "short",
    "char",
    "bigdecimal",
    "biginteger",
}
EDGE_TYPES = {"directed", "undirected", "mutual"}


def check_value(kind: str, text: str) -> None:
    if kind in ("integer", "long"):
        int(text)
    elif kind in ("double", "float"):
        float(text)
    elif kind == "boolean":
        assert text in ("true", "false"), text


def validate_gexf(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{NS}gexf" and root.get("version") == "1.3"
    children = [c.tag for c in root]
    assert children in ([f"{NS}meta", f"{NS}graph"], [f"{NS}graph"]), children
    meta = root.find(f"{NS}meta")
    if meta is not None:
        dt.date.fromisoformat(meta.get("lastmodifieddate"))
        assert {c.tag for c in meta} <= {f"{NS}creator", f"{NS}description", f"{NS}keywords"}
    graph = root.find(f"{NS}graph")
    assert graph.get("defaultedgetype") in EDGE_TYPES
    assert graph.get("mode") in ("static", "dynamic")
    order = [c.tag.replace(NS, "") for c in graph]
    assert order == sorted(order, key=["attributes", "nodes", "edges"].index), order
    declared: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for attributes in graph.findall(f"{NS}attributes"):
        klass = attributes.get("class")
        assert klass in declared
        for a in attributes:
            assert a.tag == f"{NS}attribute" and a.get("title")
            assert a.get("type") in ATTRIBUTE_TYPES
            assert a.get("id") not in declared[klass], "attribute ids are unique per class"
            declared[klass][a.get("id")] = a.get("type")
    node_ids = set()
    for node in graph.find(f"{NS}nodes"):
        assert node.tag == f"{NS}node" and node.get("id") not in node_ids
        node_ids.add(node.get("id"))
        for v in node.iter(f"{NS}attvalue"):
            check_value(declared["node"][v.get("for")], v.get("value"))
    edge_ids = set()
    for edge in graph.find(f"{NS}edges"):
        assert edge.tag == f"{NS}edge" and edge.get("id") not in edge_ids
        edge_ids.add(edge.get("id"))
        assert edge.get("source") in node_ids and edge.get("target") in node_ids
        assert edge.get("type", "directed") in EDGE_TYPES
        if edge.get("weight") is not None:
            float(edge.get("weight"))
        for v in edge.iter(f"{NS}attvalue"):
            check_value(declared["edge"][v.get("for")], v.get("value"))
    return root


def test_whole_village_follows_the_schema_rules(demo_village):
    root = validate_gexf(S.export(demo_village, "gexf").data)
    edges = root.find(f"{NS}graph").find(f"{NS}edges")
    assert len(edges) == demo_village.ties.count()
    kinds = {e.get("kind") for e in edges}
    assert {"credit", "kinship", "advice"} <= kinds  # parallel types stay apart in Gephi
    types = {e.get("type") for e in edges}
    assert types == {"directed", "undirected"}  # GEXF 1.3 allows mixed graphs


def test_networkx_reads_a_directed_export(demo_village):
    data = S.export(demo_village, "gexf", flt=ExportFilter(dependency_only=True)).data
    validate_gexf(data)
    g = nx.read_gexf(io.BytesIO(data), version="1.3")
    dependency = demo_village.ties.filter(type__is_dependency=True)
    assert g.is_directed() and g.number_of_edges() == dependency.count()
    assert g.nodes["HAJI-SLAMET"]["label"] == "H. Slamet Riyadi"
