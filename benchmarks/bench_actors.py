"""Actor knowledge base: time to load and validate the data files (the gazetteer), uncached.

Run:  .venv/bin/python benchmarks/bench_actors.py [--rounds 5]

Prints the best and median of --rounds loads of a fresh ``Gazetteer`` (schema validation,
patterns, date-bounded offices) and the figure the project aims for (under 1 s on the
project's 2-core machine). A timing, so it lives here and never in ``make test``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from diplograph.loaders.actors import Gazetteer

GOAL_S = 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    times = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        Gazetteer()
        times.append(time.perf_counter() - t0)
    best, median = min(times), statistics.median(times)
    print(f"gazetteer load: best {best:.3f} s, median {median:.3f} s over {args.rounds} rounds "
          f"(goal < {GOAL_S:.1f} s: {'met' if best < GOAL_S else 'NOT met'})")


if __name__ == "__main__":
    main()
