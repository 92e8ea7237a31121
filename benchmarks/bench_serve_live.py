"""A store fed while it is served: what watching the folder costs a query, at ~1 M triples.

Run:  .venv/bin/python benchmarks/bench_serve_live.py [--triples 1000000] [--rounds 20]

Builds a store of --triples generated triples, starts the server's query pool on it (two
read-only workers, watching the folder as ``diplograph serve --store`` does) while this process
keeps the store open read-write as ``diplograph ingest`` would, and prints medians of: the look
at the folder each query makes (``store_state``), a query when nothing changed, and a query
right after a one-triple commit (the worker reopens its view first). Timings, so they live here
and never in ``make test``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from diplograph.graph.server import QueryPool, store_state

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/fresh> ?o }"


def build(path: Path, n: int) -> ox.Store:
    store = ox.Store(str(path))
    step = 100_000
    for start in range(0, n, step):
        store.bulk_load("".join(f'<http://example.org/s{i}> <http://example.org/p{i % 7}> "{i}" .\n'
                                for i in range(start, min(n, start + step))).encode(), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    return store


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.2f} ms (min {min(values) * 1000:.2f}, max {max(values) * 1000:.2f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-serve-live-"))
    try:
        t0 = time.perf_counter()
        writer = build(folder / "store", args.triples)
        print(f"store: {args.triples} triples built in {time.perf_counter() - t0:.1f} s, "
              f"{len(store_state(str(folder / 'store')))} files")
        looks = []
        for _ in range(args.rounds * 10):
            t = time.perf_counter()
            store_state(str(folder / "store"))
            looks.append(time.perf_counter() - t)
        pool = QueryPool(str(folder / "store"), read_only=True, size=2, timeout=60, watch=True)
        job = {"kind": "query", "text": QUERY, "accept": [("text/csv", 1)], "max_rows": 10, "max_bytes": 10_000}
        try:
            for _ in range(4):
                pool.run(job)  # warm both workers
            idle, before = [], pool.generation()
            for _ in range(args.rounds):  # no writes of ours (RocksDB may still compact the bulk load)
                t = time.perf_counter()
                pool.run(job)
                idle.append(time.perf_counter() - t)
            changes = pool.generation() - before
            still, fresh = [], []
            for i in range(args.rounds):
                writer.update(f"INSERT DATA {{ <http://example.org/n{i}> <http://example.org/fresh> {i} }}")
                t = time.perf_counter()
                status, _, body, _ = pool.run(job)  # one worker reopens
                fresh.append(time.perf_counter() - t)
                assert status == 200 and body.split()[-1] == str(i + 1).encode(), body  # the commit is seen
                pool.run(job)  # the other worker reopens too
                t = time.perf_counter()
                pool.run(job)
                still.append(time.perf_counter() - t)
        finally:
            pool.close()
        print(f"look at the folder (every query): {ms(looks)}")
        print(f"query, no writes of ours:         {ms(idle)}  ({changes} changes of the folder meanwhile)")
        print(f"query, store unchanged:           {ms(still)}")
        print(f"query right after a commit:       {ms(fresh)}  (the worker reopens its view first)")
        print(f"reopen cost, median of the difference: {(statistics.median(fresh) - statistics.median(still)) * 1000:.1f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
