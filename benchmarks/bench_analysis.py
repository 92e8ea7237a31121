"""Benchmark: networkx graphs, analysis and pictures for 1,000 actors and 20,000 stances.

Run on demand (not part of the tests)::

    .venv/bin/python benchmarks/bench_analysis.py [--actors 1000] [--stances 20000] [--seed 0]

The synthetic world has latent camps (two by default, ``--camps``): stances inside a camp are
mostly cooperative, across camps mostly hostile, so the bloc search has something to find; the
report says how well the blocs recover the camps. The RDF is made by the real
mapping (``loaders/to_rdf.py``) into an in-memory Oxigraph store; loading it is reported but is
not part of the goal, which covers RDF -> networkx, the analysis and the three pictures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import string
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 30.0
FRIENDLY = ["supports", "mediates", "appeals", "consults"]
HOSTILE = ["condemns", "accuses", "demands", "attacks", "threatens", "rejects"]


def make_world(n_actors: int, n_stances: int, seed: int, camps: int = 2):
    from diplograph.loaders.records import Actor, Article, StanceMention

    rng = random.Random(seed)
    codes = ["".join(c) for c in itertools.product(string.ascii_uppercase, repeat=3)]
    n_states = max(camps, n_actors // 5)
    actors, camp = [], {}
    for i in range(n_actors):
        if i < n_states:
            a = Actor(codes[i], f"State {codes[i]}", "State", codes[i])
        else:
            kind = rng.choices(["Person", "Organization", "NonState"], [5, 2, 1])[0]
            country = None if kind == "NonState" else codes[rng.randrange(n_states)]
            a = Actor(f"{kind[:3].lower()}-{i}", f"{kind} {i}", kind, country)
        actors.append(a)
        camp[a.id] = rng.randrange(camps)
    start = dt.date(2023, 1, 1)
    per_article = 100
    out = []
    for k in range(0, n_stances, per_article):
        date = start + dt.timedelta(days=rng.randrange(120))
        rows = []
        for j in range(min(per_article, n_stances - k)):
            s, o = rng.sample(actors, 2)
            same = camp[s.id] == camp[o.id]
            rel = rng.choice(FRIENDLY if (rng.random() < 0.8) == same else HOSTILE)
            ev = f"{s.label} {rel} {o.label} ({k + j})."
            rows.append((s, rel, o, ev))
        text = " ".join(r[3] for r in rows)
        article = Article(text, date, source=f"synthetic-{k // per_article}")
        stances, offset = [], 0
        for s, rel, o, ev in rows:
            stances.append(StanceMention(s, rel, o, ev, offset, offset + len(ev), date,
                                         round(rng.uniform(0.5, 1.0), 3), "synthetic", article=article.hash))
            offset += len(ev) + 1
        out.append((article, stances))
    return out, camp


def _pairs(G, seed, n=10000):
    rng = random.Random(seed)
    nodes = sorted(G)
    return [tuple(rng.sample(nodes, 2)) for _ in range(n)]


class Timer:
    """Wall time and CPU time of each step (CPU time varies less when other jobs share the cores)."""

    def __init__(self):
        self.rows: list[tuple[str, float, bool, float]] = []

    def __call__(self, name, fn, *args, counted=True, **kw):
        t, c = time.perf_counter(), time.process_time()
        result = fn(*args, **kw)
        self.rows.append((name, time.perf_counter() - t, counted, time.process_time() - c))
        return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--actors", type=int, default=1000)
    p.add_argument("--stances", type=int, default=20000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--camps", type=int, default=2, help="latent camps in the synthetic world (default: 2)")
    p.add_argument("--out", default=None, help="folder for the pictures (default: a temporary one)")
    args = p.parse_args(argv)

    from matplotlib.figure import Figure

    from diplograph.graph import analysis as an
    from diplograph.graph.draw import draw_alliances, draw_matrix, draw_stances
    from diplograph.graph.network import aggregate, stance_graph
    from diplograph.graph.store import open_graph
    from diplograph.loaders.to_rdf import to_triples

    out = Path(args.out or tempfile.mkdtemp(prefix="diplograph-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    T = Timer()
    world, camp = T("generate records", make_world, args.actors, args.stances, args.seed, args.camps,
                    counted=False)

    def load():
        g = open_graph()
        for article, stances in world:
            g.addN((s, pr, o, g) for s, pr, o in to_triples(article, stances))
        return g

    g = T("load RDF (Oxigraph, memory)", load, counted=False)
    G = T("stance_graph (SPARQL -> MultiDiGraph)", stance_graph, g)
    T("stance_graph(rollup=True)", stance_graph, g, rollup=True)
    T("aggregate", aggregate, G)
    A = T("alliance_graph", an.alliance_graph, G)
    result = T("blocs", an.blocs, A, seed=0)
    T("alignment_matrix", an.alignment_matrix, A)
    T("mediators", an.mediators, G)
    T("most_condemned / most_supported", lambda: (an.most_condemned(G), an.most_supported(G)))
    T("net_stance", an.net_stance, G)
    T("centrality (degree)", an.centrality, G)
    T("stance_change (4 windows)", an.stance_change, G,
      [("2023-01-01", "2023-01-31"), ("2023-02-01", "2023-02-28"), ("2023-03-01", "2023-03-31"),
       ("2023-04-01", "2023-04-30")])

    def picture(name, draw, graph, size, **kw):
        fig = Figure(figsize=size)
        draw(graph, ax=fig.add_subplot(), **kw)
        fig.savefig(out / f"{name}.png", dpi=100, bbox_inches="tight")

    T("draw + save stance picture", picture, "stance", draw_stances, G, (24, 17))
    T("draw + save alliance picture", picture, "alliance", draw_alliances, A, (24, 17), partition=result)
    T("draw + save matrix picture", picture, "matrix", draw_matrix, A, (16, 14), partition=result)

    width = max(len(r[0]) for r in T.rows)
    print(f"{args.actors} actors, {args.stances} stances, {len(g)} triples; "
          f"{len(G)} nodes, {G.number_of_edges()} edges; alliance graph {A.number_of_edges()} ties")
    print(f"blocs: sizes {[len(b) for b in result.blocs[:6]]}, frustration {result.frustration:g} "
          f"({result.violations} ties), balance {result.balance:.3f}")
    agree = sum(1 for u, v in _pairs(G, args.seed)
                if (camp[u] == camp[v]) == (result.membership[u] == result.membership[v]))
    print(f"blocs agree with the latent camps on {agree / 10000:.1%} of 10,000 random actor pairs")
    print(f"  {'step':<{width}}  {'wall':>9}  {'CPU':>9}")
    for name, secs, counted, cpu in T.rows:
        print(f"  {name:<{width}}  {secs:7.2f} s  {cpu:7.2f} s{'' if counted else '   (setup, not counted)'}")
    total = sum(secs for _, secs, counted, _ in T.rows if counted)
    cpu = sum(c for _, _, counted, c in T.rows if counted)
    print(f"total (counted): {total:.2f} s wall, {cpu:.2f} s CPU = {total / GOAL_SECONDS:.2f} x the "
          f"{GOAL_SECONDS:.0f} s goal ({'met' if total < GOAL_SECONDS else 'NOT met'}); pictures in {out}")
    return 0 if total < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
