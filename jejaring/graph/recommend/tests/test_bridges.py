"""Sole bridges: the block listing behind them, against igraph's own."""


def test_blocks_equal_igraphs_own_listing_on_random_graphs():
    # Provenance: igraph's Python-level biconnected_components (VertexCover of each block).
    from types import SimpleNamespace

    import numpy as np

    from jejaring.graph.recommend.bridges import _blocks, _graph

    rng = np.random.default_rng(1)
    for _ in range(30):
        n = int(rng.integers(3, 120))
        m = int(rng.integers(1, 3 * n))
        net = SimpleNamespace(src=rng.integers(0, n, m), dst=rng.integers(0, n, m))
        g = _graph(SimpleNamespace(n=n, net=net))
        blocks, points = _blocks(g)
        ref_blocks, ref_points = g.biconnected_components(return_articulation_points=True)
        assert sorted(map(sorted, blocks)) == sorted(sorted(b) for b in ref_blocks)
        assert sorted(points) == sorted(ref_points)
