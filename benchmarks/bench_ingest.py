"""Corpus ingest end to end: throughput, peak memory against corpus size, and a resumed run.

Run:  .venv/bin/python benchmarks/bench_ingest.py [--sizes 200 1000 2000] [--jobs 1]

Each size is a fresh generated corpus (benchmarks/make_corpus.py, JSON Lines) ingested by
`diplograph ingest` in its own process into a fresh store; peak RSS is that process's
(os.wait4 / getrusage). Then the largest corpus is ingested again: every article is skipped.
Memory is bounded when peak RSS does not grow with the corpus (ratio largest/smallest ~ 1).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import write_corpus

DIPLOGRAPH = [sys.executable, "-m", "diplograph.graph.cli"]


def ingest(corpus: Path, store: Path, jobs: int) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.Popen([*DIPLOGRAPH, "ingest", str(corpus), "--store", str(store), "-q", "--jobs", str(jobs),
                             "--batch-size", "64"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"ingest failed: {err}")
    return time.perf_counter() - start, usage.ru_maxrss // 1024, err.strip().splitlines()[-1]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    p.add_argument("--jobs", type=int, default=1)
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows = []
        for n in a.sizes:
            corpus = write_corpus(tmp / f"c{n}.jsonl", n, "jsonl", seed=0)
            secs, rss, line = ingest(corpus, tmp / f"s{n}", a.jobs)
            rows.append((n, secs, rss))
            print(f"{n:>6} articles  {secs:6.1f} s  {n / secs:6.1f} articles/s  peak RSS {rss:5d} MB   [{line}]")
        n = a.sizes[-1]
        secs, rss, line = ingest(tmp / f"c{n}.jsonl", tmp / f"s{n}", a.jobs)
        print(f"{n:>6} again     {secs:6.1f} s  (resume: {line.split(';')[0]})  peak RSS {rss:5d} MB")
        small, large = rows[0], rows[-1]
        print(f"peak RSS ratio {large[0]} vs {small[0]} articles: {large[2] / small[2]:.2f} "
              f"(1.00 = flat; corpus {large[0] / small[0]:.0f}x larger)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
