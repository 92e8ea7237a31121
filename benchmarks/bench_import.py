"""Event-data import: GDELT-layout rows per second and peak memory against file size.

Run:  .venv/bin/python benchmarks/bench_import.py [--sizes 2000 20000 100000]

Each size is a generated GDELT 2.0 events file (61 tab-separated columns; actor pairs drawn from
twenty states and a few leaders, CAMEO codes from the ten relations and from codes outside them)
imported by `diplograph import-events` in its own process into a fresh store; peak RSS is that
process's (os.wait4). The whole file is one transaction built in memory, so memory grows with the
file: the figures show how much per 1,000 rows (the row cap is MAX_ROWS in graph/events.py).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from diplograph.graph.events import GDELT_COLUMNS

DIPLOGRAPH = [sys.executable, "-m", "diplograph.graph.cli"]
STATES = ["AZE", "ARM", "FRA", "RUS", "TUR", "USA", "GBR", "DEU", "IRN", "CHN", "UKR", "ISR", "EGY", "IND",
          "PAK", "JPN", "KOR", "BRA", "ZAF", "NGA"]
NAMES = {"FRA": ["FRANCE", "EMMANUEL MACRON"], "ARM": ["ARMENIA", "NIKOL PASHINYAN", "PRIME MINISTER"],
         "TUR": ["TURKEY", "RECEP TAYYIP ERDOGAN"], "RUS": ["RUSSIA", "VLADIMIR PUTIN"]}
CODES = ["111", "112", "051", "045", "020", "100", "040", "042", "190", "195", "130", "120", "036", "057", "073"]


def write_file(path: Path, n: int, seed: int = 0) -> None:
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            a, b = rnd.sample(STATES, 2)
            day = f"202309{rnd.randint(1, 28):02d}"
            c = dict.fromkeys(GDELT_COLUMNS, "")
            code = rnd.choice(CODES)
            c.update({"GLOBALEVENTID": str(1_000_000 + i), "SQLDATE": day, "Actor1CountryCode": a,
                      "Actor1Name": rnd.choice(NAMES.get(a, [a])), "Actor2CountryCode": b,
                      "Actor2Name": rnd.choice(NAMES.get(b, [b])), "EventCode": code, "QuadClass": "",
                      "GoldsteinScale": "-2.0", "SOURCEURL": f"https://news.example/{i}"})
            fh.write("\t".join(c[k] for k in GDELT_COLUMNS) + "\n")


def run(path: Path, store: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.Popen([*DIPLOGRAPH, "import-events", str(path), "--format", "gdelt", "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"import failed: {err}")
    return time.perf_counter() - start, usage.ru_maxrss // 1024, err.strip().splitlines()[-1]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 100000])
    args = p.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"{n}.export.CSV"
            write_file(path, n)
            seconds, rss, line = run(path, Path(tmp) / f"store-{n}")
            results.append((n, seconds, rss))
            print(f"{n:>7,} rows: {seconds:6.1f} s, {n / seconds:7,.0f} rows/s, peak {rss:,} MB   [{line}]")
    (n0, _, r0), (n1, _, r1) = results[0], results[-1]
    if n1 > n0:
        print(f"memory per 1,000 more rows: {(r1 - r0) / ((n1 - n0) / 1000):.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
