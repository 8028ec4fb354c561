"""The face of path_between: all shortest paths between two entities, in Cypher's order.

The statement orders paths by their ids joined with spaces, then their types,
then their directions. Ids hold no whitespace (`name_key` removes it), so that
order is the order of the id lists, and walking the graph of shortest paths
with each step's candidates sorted by id yields the paths already in it: the
walk stops as soon as ``limit`` rows are out, however many paths there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import pairwise, product

from graph.stores.graph_view import StoredGraph
from queries.index import EmbeddedIndex
from queries.rows import Params, Row, name_of

Distances = dict[str, int]


class _Adjacency:
    """The nodes joined to each node by a fact relationship, either way (memoised)."""

    def __init__(self, g: StoredGraph) -> None:
        self.g = g
        self.found: dict[str, set[str]] = {}

    def __call__(self, n: str) -> set[str]:
        found = self.found.get(n)
        if found is None:
            # The stored graph keeps MENTIONED_IN apart: these are fact relationships only.
            found = self.found[n] = self.g.neighbours(n)
        return found

    def cost(self, frontier: list[str]) -> int:
        return sum(map(self.g.degree, frontier))


def meet(
    adjacent: _Adjacency, a: str, b: str, max_hops: int
) -> tuple[int, int, Distances, Distances]:
    """Bidirectional breadth-first search: (length, ra, distances from a, from b).

    The frontier with fewer relationships grows by one level at a time. When the two searches
    first touch, after radii ra and rb, the shortest length is exactly ra + rb
    (a path that short would have touched them a level earlier), and the nodes
    where they touch are at ra from a and rb from b. Length 0: no path within
    ``max_hops``.
    """
    dist_a, dist_b = {a: 0}, {b: 0}
    frontier_a, frontier_b = [a], [b]
    radius_a = radius_b = 0
    while radius_a + radius_b < max_hops and frontier_a and frontier_b:
        grow_a = adjacent.cost(frontier_a) <= adjacent.cost(frontier_b)
        frontier, dist, other = (
            (frontier_a, dist_a, dist_b) if grow_a else (frontier_b, dist_b, dist_a)
        )
        depth = dist[frontier[0]] + 1
        reached = []
        for u in frontier:
            for v in adjacent(u):
                if v not in dist:
                    dist[v] = depth
                    reached.append(v)
        if grow_a:
            frontier_a, radius_a = reached, depth
        else:
            frontier_b, radius_b = reached, depth
        if any(v in other for v in reached):
            return radius_a + radius_b, radius_a, dist_a, dist_b
    return 0, 0, dist_a, dist_b


def shortest_node_paths(g: StoredGraph, a: str, b: str, max_hops: int) -> Iterator[list[str]]:
    """Every shortest node sequence from a to b, in the order of their id lists."""
    adjacent = _Adjacency(g)
    length, radius_a, dist_a, dist_b = meet(adjacent, a, b, max_hops)
    if not length:
        return
    radius_b = length - radius_a
    # Nodes at position i <= radius_a that lead on to b: back from where the searches met.
    on_path: list[set[str]] = [set() for _ in range(radius_a + 1)]
    on_path[radius_a] = {
        v for v, d in dist_a.items() if d == radius_a and dist_b.get(v) == radius_b
    }
    for i in range(radius_a - 1, -1, -1):
        on_path[i] = {u for v in on_path[i + 1] for u in adjacent(v) if dist_a.get(u) == i}

    @cache
    def after(u: str, i: int) -> list[str]:
        """The nodes that can follow u (at position i) on a shortest path, by id."""
        if i + 1 <= radius_a:
            return sorted(w for w in adjacent(u) if w in on_path[i + 1])
        return sorted(w for w in adjacent(u) if dist_b.get(w) == length - i - 1)

    def walk(path: list[str]) -> Iterator[list[str]]:
        if len(path) == length + 1:
            yield path
            return
        for w in after(path[-1], len(path) - 1):
            yield from walk([*path, w])

    yield from walk([a])


def _steps(g: StoredGraph, u: str, v: str) -> list[tuple[str, str]]:
    """Each fact relationship between u and v, as (type, direction walking from u to v)."""
    out = [(k, "out") for k in g.succ[u].get(v, {})]
    back = [(k, "in") for k in g.succ[v].get(u, {})]
    return out + back


def relationship_paths(g: StoredGraph, nodes: list[str]) -> list[list[tuple[str, str]]]:
    """Every relationship path along a node path, by types and then directions."""
    steps = [_steps(g, u, v) for u, v in pairwise(nodes)]
    return sorted(
        (list(choice) for choice in product(*steps)),
        key=lambda path: (
            "".join(f"{kind} " for kind, _ in path),
            "".join(f"{direction} " for _, direction in path),
        ),
    )


def path_between(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    rows: list[Row] = []
    for aid in index.resolve(p["a_key"]):
        for bid in index.resolve(p["b_key"]):
            if aid == bid:
                continue
            for nodes in shortest_node_paths(g, aid, bid, p["max_hops"]):
                for steps in relationship_paths(g, nodes):
                    rows.append(
                        {
                            "source": name_of(g, aid),
                            "source_id": aid,
                            "target": name_of(g, bid),
                            "target_id": bid,
                            "hops": len(steps),
                            "nodes": [name_of(g, n) for n in nodes],
                            "ids": list(nodes),
                            "relationships": [kind for kind, _ in steps],
                            "directions": [direction for _, direction in steps],
                        }
                    )
                    if len(rows) == p["limit"]:
                        return rows
    return rows
