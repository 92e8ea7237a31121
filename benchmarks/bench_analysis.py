"""Analysis and drawing at scale: 1,000 actors and 20,000 stances.

Run:  .venv/bin/python benchmarks/bench_analysis.py [--actors 1000] [--stances 20000]

A random stance graph (deterministic seed) is built as RDF the way ingest writes it (to_triples,
into an in-memory Oxigraph store), then each step is timed once: RDF -> networkx (stance_graph),
aggregate_edges, per-pair aggregation, the alliance graph, blocs, centrality, mediators, most
condemned, the layout, and the three pictures (PNG) through save_picture.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from diplograph.graph import analysis, network
from diplograph.graph.aggregate import aggregate_edges
from diplograph.graph.draw import layout, save_picture
from diplograph.graph.ontology import RELATIONS
from diplograph.graph.store import open_graph, ox_store
from diplograph.loaders.records import Actor, Article, StanceMention
from diplograph.loaders.to_rdf import to_triples


def build(n_actors: int, n_stances: int, seed: int = 0):
    rng = random.Random(seed)
    actors = [Actor(f"A{i:04d}", f"Actor {i}", "State", None) for i in range(n_actors)]
    g = open_graph()
    store = ox_store(g)
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    quads = []
    for k in range(0, n_stances, 5):
        art = Article(f"synthetic article {k}", dt.date(2023, 1, 1) + dt.timedelta(days=k % 365), f"a{k}")
        stances = []
        for j in range(5):
            a, b = rng.sample(actors, 2)
            stances.append(StanceMention(a, rng.choice(RELATIONS), b, f"sentence {k + j}", j * 10, j * 10 + 9,
                                         art.date, 0.9, "bench", article=art.hash))
        quads += [ox.Quad(*map(to_ox, t)) for t in to_triples(art, stances)]
    store.bulk_extend(quads)
    return g


def step(name: str, fn):
    start = time.perf_counter()
    out = fn()
    print(f"{name:<44}{time.perf_counter() - start:>9.2f} s")
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--actors", type=int, default=1000)
    p.add_argument("--stances", type=int, default=20000)
    a = p.parse_args(argv)
    rdf = step(f"build RDF ({a.actors} actors, {a.stances} stances)", lambda: build(a.actors, a.stances))
    print(f"{'':<44}{len(rdf):>9,} triples")
    G = step("stance_graph (RDF -> networkx)", lambda: network.stance_graph(rdf))
    step("aggregate_edges (RDF -> per day edges)", lambda: aggregate_edges(rdf))
    step("network.aggregate (per pair)", lambda: network.aggregate(G))
    A = step("analysis.alliance_graph", lambda: analysis.alliance_graph(G))
    step("analysis.blocs", lambda: analysis.blocs(A, seed=0))
    step("analysis.centrality (degree)", lambda: analysis.centrality(G))
    step("analysis.mediators", lambda: analysis.mediators(G))
    step("analysis.most_condemned", lambda: analysis.most_condemned(G))
    step("draw.layout", lambda: layout(G, seed=0))
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("stance", "alliance", "matrix"):
            step(f"save_picture kind={kind} (PNG)", lambda kind=kind: save_picture(rdf, Path(tmp) / f"{kind}.png",
                                                                                  kind=kind, seed=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
