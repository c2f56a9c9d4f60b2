"""`allies bench paths`: introduction paths over a seeded power-law graph of people.

Builds the engine (`connections.graph.ConnectionGraph`) from arrays, then answers 200 random
queries (k=5, at most 4 hops; a quarter of them between high-degree people, the hard case), and
the same queries with networkx as the baseline: `shortest_simple_paths` with weight -log(strength/5)
over the subgraph within two hops of the source and of the target (on the whole graph it does not
finish), taking the first k simple paths of at most 4 hops.
"""

from __future__ import annotations

import math
import statistics
import time
import tracemalloc

import numpy as np

from allies.connections.graph import NO_OWNER, ConnectionGraph
from allies.core.bench import percentile

DESCRIPTION = "Introduction paths (k=5, 4 hops) over a power-law graph, against networkx."
USERS = 50  # staff members who keep private links
PRIVATE_SHARE = 0.2
K = 5
MAX_HOPS = 4
BASELINE_PATHS_EXAMINED = 50  # stop networkx after this many simple paths, however long


def add_arguments(parser) -> None:
    """Options of `allies bench paths`."""
    parser.add_argument("--people", type=int, default=100_000, help="People in the graph.")
    parser.add_argument(
        "--connections", type=int, default=1_000_000, help="Connections between them."
    )
    parser.add_argument("--queries", type=int, default=200, help="Random queries to time.")
    parser.add_argument(
        "--seed", type=int, default=1, help="Seed of the generated graph and queries."
    )
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=None,
        help="Run networkx on the first N of the same queries only (default: all of them).",
    )
    parser.add_argument(
        "--no-baseline", action="store_true", help="Skip networkx (too slow at large sizes)."
    )


def generate(people: int, connections: int, seed: int, progress=None) -> dict[str, np.ndarray]:
    """A Chung-Lu graph with a power-law degree sequence (exponent about 2.7), as link arrays."""
    rng = np.random.default_rng(seed)
    weight = (np.arange(1, people + 1, dtype=np.float64)) ** -0.6
    weight /= weight.sum()
    ids = rng.permutation(people).astype(np.int64) + 1  # hubs get random ids
    chunks = max(1, connections // 250_000)
    bar = progress(chunks, "generate") if progress else None
    parts = []
    for size in np.diff(np.linspace(0, connections, chunks + 1).astype(np.int64)):
        a = ids[rng.choice(people, size=int(size), p=weight)]
        b = ids[rng.choice(people, size=int(size), p=weight)]
        parts.append((a, b))
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    a = np.concatenate([p[0] for p in parts])
    b = np.concatenate([p[1] for p in parts])
    private = rng.random(connections) < PRIVATE_SHARE
    owner = np.where(private, rng.integers(1, USERS + 1, connections), NO_OWNER)
    return {
        "a": a,
        "b": b,
        "strength": rng.integers(1, 6, connections),
        "kind": rng.integers(0, 10, connections),
        "owner": owner,
    }


def pick_queries(graph: ConnectionGraph, count: int, seed: int) -> list[tuple[int, int, int]]:
    """(source id, target id, viewer) triples; a quarter between the top 1% by degree."""
    rng = np.random.default_rng(seed + 1)
    degree = np.diff(graph.indptr)
    hubs = np.argsort(-degree, kind="stable")[: max(2, len(degree) // 100)]
    queries = []
    for i in range(count):
        pool = hubs if i % 4 == 0 else np.arange(len(degree))
        source, target = rng.choice(pool, size=2, replace=False)
        viewer = int(rng.integers(1, USERS + 1))
        queries.append((int(graph.ids[source]), int(graph.ids[target]), viewer))
    return queries


def baseline_paths(graph: ConnectionGraph, source: int, target: int, viewer: int) -> list[float]:
    """networkx: the first k simple paths of <= 4 hops on the two-hop neighbourhoods' subgraph."""
    import networkx as nx

    s_found, t_found = graph._index_of([source]), graph._index_of([target])
    if not len(s_found) or not len(t_found):
        return []
    s_index, t_index = int(s_found[0]), int(t_found[0])
    nodes = set()
    for start in (s_index, t_index):
        frontier = np.array([start])
        nodes.update(frontier.tolist())
        for _ in range(2):
            entries = _entries(graph, frontier, viewer)
            frontier = np.unique(graph.neighbour[entries])
            nodes.update(frontier.tolist())
    node_array = np.fromiter(nodes, dtype=np.int64)
    inside = np.zeros(graph.people_count, dtype=bool)
    inside[node_array] = True
    entries = _entries(graph, node_array, viewer)
    owner_node = np.searchsorted(graph.indptr, entries, side="right") - 1
    other = graph.neighbour[entries].astype(np.int64)
    keep = inside[other] & (owner_node < other)
    strength = graph.strength[entries][keep]
    order = np.argsort(strength, kind="stable")  # the strongest link between two people wins
    edges = zip(
        owner_node[keep][order].tolist(),
        other[keep][order].tolist(),
        (-np.log(strength[order] / 5.0)).tolist(),
        strict=True,
    )
    nxgraph = nx.Graph()
    nxgraph.add_weighted_edges_from(edges)
    scores: list[float] = []
    try:
        for examined, path in enumerate(
            nx.shortest_simple_paths(nxgraph, s_index, t_index, weight="weight")
        ):
            if len(path) - 1 <= MAX_HOPS:
                weight = sum(nxgraph[x][y]["weight"] for x, y in zip(path, path[1:], strict=False))
                scores.append(math.exp(-weight))
                if len(scores) == K:
                    break
            if examined >= BASELINE_PATHS_EXAMINED:
                break
    except nx.NetworkXNoPath:
        pass
    return scores


def _entries(graph: ConnectionGraph, nodes: np.ndarray, viewer: int) -> np.ndarray:
    """All usable CSR entries of the given people."""
    starts = graph.indptr[nodes]
    lengths = graph.indptr[nodes + 1] - starts
    total = int(lengths.sum())
    item = np.repeat(np.arange(len(nodes)), lengths)
    entries = starts[item] + (np.arange(total) - (np.cumsum(lengths) - lengths)[item])
    owners = graph.owner[entries]
    return entries[(owners == NO_OWNER) | (owners == viewer)]


def run(options: dict, progress) -> dict:
    """Generate, build, query; return the figures."""
    people, connections, seed = options["people"], options["connections"], options["seed"]
    links = generate(people, connections, seed, progress)
    tracemalloc.start()
    start = time.perf_counter()
    graph = ConnectionGraph.from_arrays(
        links["a"], links["b"], links["strength"], links["kind"], links["owner"]
    )
    build_s = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del links
    queries = pick_queries(graph, options["queries"], seed)

    ours: list[float] = []
    hub_ours: list[float] = []
    best_scores: list[float] = []
    bar = progress(len(queries), "queries")
    for i, (source, target, viewer) in enumerate(queries):
        started = time.perf_counter()
        found = graph.paths([source], [target], viewer=viewer, k=K, max_hops=MAX_HOPS)
        elapsed = (time.perf_counter() - started) * 1000
        ours.append(elapsed)
        if i % 4 == 0:
            hub_ours.append(elapsed)
        best_scores.append(found[0].score if found else 0.0)
        bar.update(1)
    bar.close()

    figures = {
        "people": people,
        "connections": connections,
        "queries": len(queries),
        "build_s": round(build_s, 2),
        "memory_mb": round(graph.nbytes / 2**20, 1),
        "build_peak_mb": round(peak / 2**20, 1),
        "p50_ms": round(statistics.median(ours), 3),
        "p99_ms": round(percentile(ours, 0.99), 3),
        "hub_p50_ms": round(statistics.median(hub_ours), 3),
        "hub_p99_ms": round(percentile(hub_ours, 0.99), 3),
        "found_share": round(sum(1 for s in best_scores if s > 0) / len(queries), 3),
    }
    if options.get("no_baseline"):
        return figures
    try:
        import networkx  # noqa: F401
    except ImportError:
        figures["baseline"] = "networkx is not installed: pip install 'allies[bench]'"
        return figures

    theirs: list[float] = []
    agree = 0
    subset = queries[: options.get("baseline_queries") or len(queries)]
    bar = progress(len(subset), "networkx")
    for (source, target, viewer), our_best in zip(subset, best_scores, strict=False):
        started = time.perf_counter()
        scores = baseline_paths(graph, source, target, viewer)
        theirs.append((time.perf_counter() - started) * 1000)
        # networkx examines paths by weight whatever their length and may stop before a short one.
        agree += abs((scores[0] if scores else 0.0) - our_best) < 1e-9
        bar.update(1)
    bar.close()
    ours_on_subset = statistics.median(ours[: len(subset)])
    figures["baseline_queries"] = len(subset)
    figures["subset_p50_ms"] = round(ours_on_subset, 3)
    figures["baseline_p50_ms"] = round(statistics.median(theirs), 3)
    figures["baseline_p99_ms"] = round(percentile(theirs, 0.99), 3)
    figures["ratio"] = round(statistics.median(theirs) / ours_on_subset, 1)
    figures["best_score_agrees"] = f"{agree}/{len(subset)}"
    return figures
