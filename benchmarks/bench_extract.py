"""Extraction overhead: the full pipeline against the spaCy parse alone, over the same texts.

Run:  .venv/bin/python benchmarks/bench_extract.py [--n 600] [--rounds 3]

Two corpora: N generated short articles (benchmarks/make_corpus.py) and the bundled example
article repeated 20 times (long, real prose). For each, in alternating rounds:
  parse     nlp.pipe over the texts with the same pipeline (entity ruler included)
  extract   parse + stance rules + discourse layer (Extractor.pipe)
  full      extract + the RDF payload of each article (to_triples, edge links, N-Triples)
Medians over the rounds. Goal (issue 8): parse / full >= 0.85, i.e. extraction costs at most
about 15 % beyond the parse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate  # noqa: E402  (the benchmarks folder is not a package)

from diplograph.graph.ingest import article_payload  # noqa: E402
from diplograph.loaders.pipeline import Extractor  # noqa: E402
from diplograph.loaders.records import Article  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench(ex: Extractor, articles: list[Article], rounds: int, batch_size: int) -> dict:
    texts = [a.text for a in articles]

    def parse():
        for _ in ex.nlp.pipe(texts, batch_size=batch_size):
            pass

    def extract():
        for _ in ex.pipe(articles, batch_size=batch_size):
            pass

    def full():
        for art, stances in ex.pipe(articles, batch_size=batch_size):
            article_payload(art, stances, ex.gazetteer)

    words = sum(len(d) for d in ex.nlp.pipe(texts, batch_size=batch_size))  # tokens, also a warm-up
    times = {"parse": [], "extract": [], "full": []}
    for _ in range(rounds):
        for name, fn in (("parse", parse), ("extract", extract), ("full", full)):
            times[name].append(timed(fn))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"words": words, **med}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=600)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=64)
    a = p.parse_args(argv)
    ex = Extractor()
    generated = [Article(r["text"], dt.date.fromisoformat(r["date"]), f"gen-{i}")
                 for i, r in enumerate(generate(a.n, seed=0))]
    example = (ROOT / "examples" / "karabakh-2023-09-19.txt").read_text(encoding="utf-8")
    real = [Article(example + f"\n\n(copy {i})", dt.date(2023, 9, 19), f"example-{i}") for i in range(20)]
    print(f"{'corpus':<28}{'tokens':>8}{'parse s':>9}{'extract s':>10}{'full s':>8}"
          f"{'parse/extract':>15}{'parse/full':>12}{'tokens/s full':>15}")
    for name, arts in ((f"generated x{a.n}", generated), ("example article x20", real)):
        r = bench(ex, arts, a.rounds, a.batch_size)
        print(f"{name:<28}{r['words']:>8}{r['parse']:>9.2f}{r['extract']:>10.2f}{r['full']:>8.2f}"
              f"{r['parse'] / r['extract']:>15.2f}{r['parse'] / r['full']:>12.2f}{r['words'] / r['full']:>15.0f}")
    print("goal: parse/full >= 0.85 (medians of", a.rounds, "rounds, one process, batch size", a.batch_size, ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
