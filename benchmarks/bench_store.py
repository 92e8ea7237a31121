"""Store benchmark: bulk load and cookbook queries, embedded Oxigraph against rdflib's memory store.

Run:  .venv/bin/python benchmarks/bench_store.py [--triples 1000000] [--small 100000] [--runs 5]

A synthetic stance graph shaped like what `diplograph ingest` writes (a direct edge and a
13-triple dg:Stance statement per stance, an article node per four stances, 200 states) is
generated as N-Triples in memory. Two passes:
  1. LARGE (--triples, ~1 M): pyoxigraph in memory (Store.load), pyoxigraph on disk
     (Store.bulk_load), and rdflib's Graph on Oxigraph (oxrdflib, parse format ox-nt), plus the
     rebuild of every stance edge (`diplograph aggregate`'s update) on the disk store;
  2. SMALL (--small, ~100 k): the same backends and rdflib's own in-memory Graph, whose load and
     queries are too slow to wait for at 1 M; the ratios rdflib / Oxigraph come from this pass,
     both measured on the same graph in the same run.
Queries are passed as strings; results are consumed completely; medians of --runs runs
(rdflib: fewer when one run exceeds 20 s).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

DG = "https://w3id.org/diplograph/ontology#"
RES = "https://w3id.org/diplograph/resource/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RELS = ("condemns", "accuses", "supports", "mediates", "appeals", "demands", "consults", "attacks",
        "threatens", "rejects")
STATES = [f"S{i:03d}" for i in range(200)]
PREFIX = f"PREFIX dg: <{DG}>\nPREFIX res: <{RES}>\nPREFIX xsd: <{XSD}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

QUERIES = {
    "who condemns X": PREFIX + "SELECT DISTINCT ?who WHERE { ?s dg:condemns <https://w3id.org/diplograph/resource/actor/S007> . ?s rdfs:label ?who }",
    "X condemned, 1 week, evidence": PREFIX + """SELECT ?s ?ev ?d WHERE {
        ?st dg:object <https://w3id.org/diplograph/resource/actor/S007> ; dg:relation dg:condemns ; dg:subject ?s ; dg:evidence ?ev ; dg:date ?d
        FILTER(?d >= "2023-03-01"^^xsd:date && ?d < "2023-03-08"^^xsd:date) }""",
    "one week of stances": PREFIX + """SELECT ?st ?s ?r ?o WHERE {
        ?st dg:date ?d ; dg:subject ?s ; dg:relation ?r ; dg:object ?o
        FILTER(?d >= "2023-03-01"^^xsd:date && ?d < "2023-03-08"^^xsd:date) }""",
    "GROUP BY relation": PREFIX + "SELECT ?r (COUNT(*) AS ?n) WHERE { ?st dg:relation ?r } GROUP BY ?r",
    "top pairs (GROUP BY s,o)": PREFIX + """SELECT ?s ?o (COUNT(*) AS ?n) WHERE {
        ?st a dg:Stance ; dg:subject ?s ; dg:object ?o } GROUP BY ?s ?o ORDER BY DESC(?n) LIMIT 20""",
}


def synthetic(n_triples: int, seed: int = 0) -> bytes:
    """N-Triples of a stance graph of about ``n_triples`` triples."""
    rng = random.Random(seed)
    out = []
    for s in STATES:
        out.append(f'<{RES}actor/{s}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{DG}State> .')
        out.append(f'<{RES}actor/{s}> <http://www.w3.org/2000/01/rdf-schema#label> "State {s}" .')
        out.append(f'<{RES}actor/{s}> <{DG}iso3> "{s}" .')
    k = 0
    art = None
    while len(out) < n_triples:
        day = f"2023-{1 + (k // 9000) % 12:02d}-{1 + (k // 300) % 28:02d}"
        if k % 4 == 0:
            art = f"<{RES}article/a{k:08d}>"
            out += [f"{art} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{DG}Article> .",
                    f"{art} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/prov#Entity> .",
                    f'{art} <{DG}contentHash> "{k:064x}" .', f'{art} <{DG}date> "{day}"^^<{XSD}date> .',
                    f'{art} <{DG}source> "synthetic-{k}" .', f'{art} <http://purl.org/dc/terms/title> "Article {k}" .']
        a, b = rng.sample(STATES, 2)
        rel = rng.choice(RELS)
        st = f"<{RES}stance/s{k:08d}>"
        sa, sb = f"<{RES}actor/{a}>", f"<{RES}actor/{b}>"
        out += [f"{sa} <{DG}{rel}> {sb} .",
                f"{st} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{DG}Stance> .",
                f"{st} <{DG}subject> {sa} .", f"{st} <{DG}relation> <{DG}{rel}> .", f"{st} <{DG}object> {sb} .",
                f'{st} <{DG}evidence> "State {a} {rel} State {b}, sentence {k}." .',
                f'{st} <{DG}start> "{k % 900}"^^<{XSD}integer> .', f'{st} <{DG}end> "{k % 900 + 60}"^^<{XSD}integer> .',
                f'{st} <{DG}date> "{day}"^^<{XSD}date> .', f'{st} <{DG}confidence> "0.9"^^<{XSD}decimal> .',
                f'{st} <{DG}rule> "verb" .', f'{st} <{DG}cameoCode> "111" .',
                f'{st} <{DG}goldstein> "-2.0"^^<{XSD}decimal> .', f"{st} <http://www.w3.org/ns/prov#wasDerivedFrom> {art} ."]
        k += 1
    return ("\n".join(out) + "\n").encode()


def median_time(fn, runs: int, cap_s: float = 20.0) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        if times[-1] > cap_s:
            break
    return statistics.median(times)


def backends(data: bytes, tmp: str, with_rdflib: bool):
    """(name, load seconds, run(query) function) for each backend, loaded one after the other."""
    def ox_runner(store):
        return lambda q: sum(1 for _ in store.query(q))

    def rdflib_runner(g):
        return lambda q: sum(1 for _ in g.query(q))

    t = time.perf_counter()
    mem = ox.Store()
    mem.load(data, format=ox.RdfFormat.N_TRIPLES)
    yield "pyoxigraph, memory", time.perf_counter() - t, ox_runner(mem), mem
    del mem
    t = time.perf_counter()
    disk = ox.Store(f"{tmp}/disk")
    disk.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    disk.flush()
    yield "pyoxigraph, disk (bulk_load)", time.perf_counter() - t, ox_runner(disk), disk
    del disk
    t = time.perf_counter()
    g = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
    g.parse(data=data, format="ox-nt")
    yield "rdflib on Oxigraph (oxrdflib)", time.perf_counter() - t, rdflib_runner(g), None
    del g
    gc.collect()
    if with_rdflib:
        t = time.perf_counter()
        g = Graph()
        g.parse(data=data, format="nt")
        yield "rdflib in-memory Graph", time.perf_counter() - t, rdflib_runner(g), None
        del g
        gc.collect()


def run_pass(label: str, n: int, runs: int, with_rdflib: bool, rebuild: bool) -> dict:
    data = synthetic(n)
    lines = data.count(b"\n")
    print(f"\n== {label}: {lines:,} triples ({len(data) / 2**20:.0f} MB of N-Triples) ==")
    names = list(QUERIES)
    print(f"{'backend':<32}{'load s':>8}{'triples/s':>11}" + "".join(f"{q[:18]:>20}" for q in names))
    table = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, load_s, run, store in backends(data, tmp, with_rdflib):
            for q in QUERIES.values():  # warm-up, and a check that every backend answers
                run(q)
            r = runs if "rdflib in-memory" not in name else max(1, runs // 2)
            med = {q: median_time(lambda q=q, run=run: run(QUERIES[q]), r) for q in names}
            table[name] = {"load": load_s, **med}
            print(f"{name:<32}{load_s:>8.2f}{lines / load_s:>11,.0f}" + "".join(f"{med[q] * 1000:>18.2f}ms" for q in names))
            if rebuild and store is not None and "disk" in name:
                from diplograph.graph.aggregate import REBUILD_UPDATE

                t = time.perf_counter()
                store.update(REBUILD_UPDATE)
                edges = sum(1 for _ in store.query(PREFIX + "SELECT ?e WHERE { ?e a dg:StanceEdge }"))
                print(f"{'':<32}rebuild of {edges:,} stance edges (diplograph aggregate): "
                      f"{time.perf_counter() - t:.2f} s")
    return table


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--small", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args(argv)
    run_pass("LARGE", a.triples, a.runs, with_rdflib=False, rebuild=True)
    small = run_pass("SMALL (with rdflib's memory store)", a.small, a.runs, with_rdflib=True, rebuild=False)
    base = small["rdflib in-memory Graph"]
    print("\nratios rdflib in-memory / backend, same SMALL graph, same run (>= 10 is the goal):")
    for name, row in small.items():
        if name == "rdflib in-memory Graph":
            continue
        print(f"{name:<32}" + "".join(f"{base[k] / row[k]:>8.1f}x {k[:14]:<14}" for k in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
