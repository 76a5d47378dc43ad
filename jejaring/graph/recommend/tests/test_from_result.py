"""recommend() reads the engine's result object directly: same lists as from its JSON."""

from __future__ import annotations

import json

from jejaring.graph import analyze
from jejaring.graph.recommend import recommend


def test_result_object_and_its_json_give_the_same_recommendations():
    # Two hamlets joined by a broker; a moneylender with poor clients; facilitator F knows a1.
    actors = [
        {"id": "F", "name": "F", "is_facilitator": "yes"},
        {"id": "a1", "name": "a1", "hamlet": "A", "welfare": "poor"},
        {"id": "a2", "name": "a2", "hamlet": "A", "welfare": "very_poor"},
        {"id": "b", "name": "b", "hamlet": "A", "welfare": "middle"},
        {"id": "c1", "name": "c1", "hamlet": "B", "welfare": "poor"},
        {"id": "m", "name": "m", "hamlet": "B", "category": "moneylender", "welfare": "well_off"},
    ]
    ties = [
        {"source": "F", "target": "a1", "type": "communication"},
        {"source": "a1", "target": "a2", "type": "kinship"},
        {"source": "a2", "target": "b", "type": "kinship"},
        {"source": "b", "target": "c1", "type": "communication"},
        {"source": "a1", "target": "m", "type": "credit"},
        {"source": "a2", "target": "m", "type": "credit", "exclusive": "yes"},
        {"source": "c1", "target": "m", "type": "credit"},
    ]
    result = analyze(actors, ties, recommend=False)
    from_object = recommend(result.network, result, seed=3)
    from_json = recommend(result.network, json.loads(json.dumps(result.to_dict())), seed=3)
    assert from_object == from_json
    assert from_object["entry_points"] and from_object["patron_levers"][0]["actor"] == "m"
