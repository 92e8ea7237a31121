"""Pictures at three sizes: the stance, alliance and matrix pictures and the HTML page.

Run on demand (not part of the tests)::

    .venv/bin/python benchmarks/bench_pictures.py OUT [--eval ../shared/eval] [--corpus 400]
                                                      [--actors 300] [--stances 5000]

Writes ``OUT/<case>/{stance,alliance,matrix}.png`` and ``OUT/<case>/page.html`` for

- ``dev``: the development articles of the evaluation kit plus the bundled example, ingested into
  a temporary store (the articles are read where they are and never copied into the project);
- ``corpus``: the same plus ``--corpus`` articles of :mod:`make_corpus` (real extraction);
- ``large``: the synthetic world of :mod:`bench_analysis` (``--actors``, ``--stances``; mapped to
  RDF without extraction).

Without the evaluation kit the first two cases use the generated corpus alone. Every case prints
its actors, stances and the seconds each picture took; open the files to judge them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def _ingest(store: Path, paths: list[Path]) -> None:
    cmd = [str(Path(sys.executable).parent / "diplograph"), "ingest", *map(str, paths), "--store", str(store), "-q"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)


def _cases(args, work: Path):
    from bench_analysis import make_world
    from make_corpus import write_corpus

    from diplograph.graph.store import open_graph
    from diplograph.loaders.to_rdf import to_triples

    dev = []
    kit = Path(args.eval) / "articles" if args.eval else None
    if kit is not None and kit.is_dir():
        dev = [kit, ROOT / "examples" / "karabakh-2023-09-19.txt"]
    else:
        print(f"no evaluation kit at {args.eval}: the dev case uses 40 generated articles", file=sys.stderr)
        dev = [write_corpus(work / "dev.jsonl", 40, seed=1)]
    corpus = write_corpus(work / "corpus.jsonl", args.corpus, seed=0)
    for name, paths in (("dev", dev), ("corpus", [*dev, corpus])):
        if args.only and name not in args.only:
            continue
        store = work / f"{name}-store"
        if not store.exists():
            _ingest(store, paths)
        yield name, open_graph(store, read_only=True)
    if not args.only or "large" in args.only:
        world, _ = make_world(args.actors, args.stances, args.seed)
        g = open_graph()
        for article, stances in world:
            g.addN((s, p, o, g) for s, p, o in to_triples(article, stances))
        yield "large", g


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", help="folder for the pictures and pages")
    p.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"),
                   help="evaluation kit with articles/ (default: ../shared/eval beside the project)")
    p.add_argument("--corpus", type=int, default=400, help="generated articles added for the corpus case")
    p.add_argument("--actors", type=int, default=300)
    p.add_argument("--stances", type=int, default=5000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--work", default=None, help="folder for the temporary stores (kept; default: a temporary one)")
    p.add_argument("--only", action="append", choices=["dev", "corpus", "large"], help="only this case")
    args = p.parse_args(argv)

    from diplograph.graph.draw import save_picture
    from diplograph.graph.export import export
    from diplograph.graph.network import stance_graph

    out = Path(args.out)
    tmp = None
    if args.work:
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="diplograph-pictures-")
        work = Path(tmp.name)
    try:
        for name, g in _cases(args, work):
            folder = out / name
            folder.mkdir(parents=True, exist_ok=True)
            G = stance_graph(g)
            R = stance_graph(g, rollup=True)
            times = []
            for kind in ("stance", "alliance", "matrix"):
                t = time.perf_counter()
                save_picture(g, folder / f"{kind}.png", kind=kind, rollup=kind != "stance")
                times.append(f"{kind} {time.perf_counter() - t:.2f} s")
            t = time.perf_counter()
            export(g, folder / "page.html")
            times.append(f"page {time.perf_counter() - t:.2f} s")
            print(f"{name}: {len(G)} actors, {G.number_of_edges()} stances "
                  f"({len(R)} actors rolled up); {', '.join(times)}; in {folder}")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
