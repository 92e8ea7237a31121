"""A deterministic generator of short news articles about diplomatic stances.

Run:  python benchmarks/make_corpus.py OUT --n 2000 --format jsonl --seed 0

Each article is a few templated sentences over real state names and the stance verbs the
extractor knows. Each day has a small pool of events and each article reports some of them,
so the same stance is reported by many articles (what aggregation is for). The same seed gives
the same corpus, byte for byte. Formats: ``jsonl`` and ``csv`` (one file OUT) or ``txt`` (a
folder OUT of ``YYYY-MM-DD-article-NNNNN.txt`` files).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

STATES = ("France", "Germany", "Russia", "China", "Iran", "Turkey", "Armenia", "Azerbaijan", "Georgia",
          "Ukraine", "Israel", "Egypt", "Qatar", "Jordan", "India", "Pakistan", "Japan", "Brazil",
          "Mexico", "Canada", "Italy", "Spain", "Poland", "Greece", "Cyprus", "Serbia", "Ethiopia",
          "Sudan", "Kenya", "Nigeria", "Venezuela", "Colombia", "Cuba", "Syria", "Lebanon", "Iraq",
          "Belarus", "Hungary")

#: relation -> sentence templates over A (subject), B (object) and C (a second party).
TEMPLATES = {
    "condemns": ("{A} condemned {B}.", "{A} strongly condemned {B} on {day}."),
    "supports": ("{A} supported {B}.", "{A} said it backed {B}."),
    "accuses": ("{A} accused {B} of aggression.",),
    "appeals": ("{A} urged {B} to resume talks.", "{A} called on {B} to show restraint."),
    "demands": ("{A} demanded that {B} withdraw its troops.",),
    "consults": ("{A} held talks with {B}.",),
    "threatens": ("{A} threatened {B} with sanctions.",),
    "rejects": ("{A} rejected the proposal of {B}.",),
    "mediates": ("{A} offered to mediate between {B} and {C}.",),
}
FILLER = ("Officials gave no further details.", "The statement was published late in the evening.",
          "Diplomats described the situation as tense.", "Markets in the region were calm.",
          "Talks are expected to continue next week.", "Reporters gathered outside the ministry.")


def _events(rng: random.Random, k: int) -> list[tuple[str, str, str, str]]:
    out = []
    for _ in range(k):
        rel = rng.choice(sorted(TEMPLATES))
        a, b, c = rng.sample(STATES, 3)
        out.append((rel, a, b, c))
    return out


def generate(n: int, seed: int = 0, *, start: str = "2023-09-01", days: int = 14,
             events_per_day: int = 8) -> Iterator[dict]:
    """``n`` articles as dicts with text, date, url and title (deterministic for a seed)."""
    rng = random.Random(seed)
    first = dt.date.fromisoformat(start)
    pools = {d: _events(rng, events_per_day) for d in range(days)}
    for i in range(n):
        d = rng.randrange(days)
        date = first + dt.timedelta(days=d)
        chosen = rng.sample(pools[d], rng.randint(2, 4))
        sentences = [f"Dispatch {seed}-{i:06d}: {rng.choice(FILLER)}"]
        for rel, a, b, c in chosen:
            template = rng.choice(TEMPLATES[rel])
            sentences.append(template.format(A=a, B=b, C=c, day=date.strftime("%A")))
            if rng.random() < 0.5:
                sentences.append(rng.choice(FILLER))
        yield {"text": " ".join(sentences), "date": date.isoformat(),
               "url": f"https://news.example.org/{date.isoformat()}/{i:06d}",
               "title": f"Diplomatic roundup {i}"}


def write_corpus(out: str | Path, n: int, fmt: str = "jsonl", seed: int = 0, **kw) -> Path:
    """Write ``n`` generated articles to ``out`` as ``jsonl``, ``csv`` or a folder of ``txt``."""
    out = Path(out)
    rows = generate(n, seed, **kw)
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["text", "date", "url", "title"])
            w.writeheader()
            w.writerows(rows)
    elif fmt == "txt":
        out.mkdir(parents=True, exist_ok=True)
        for i, row in enumerate(rows):
            (out / f"{row['date']}-article-{i:05d}.txt").write_text(row["text"] + "\n", encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}: use jsonl, csv or txt")
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out")
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--format", choices=["jsonl", "csv", "txt"], default="jsonl")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--days", type=int, default=14)
    a = p.parse_args(argv)
    write_corpus(a.out, a.n, a.format, a.seed, days=a.days)
    print(f"wrote {a.n} articles to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
