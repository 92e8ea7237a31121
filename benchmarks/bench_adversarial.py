"""Adversarial inputs: the worst time and memory of one article, under the documented limits.

Run:  .venv/bin/python benchmarks/bench_adversarial.py [--cap 120] [--only NAME ...] [--no-ingest]

Generates each pathological input of issue 13 (none is stored), grown to the largest text the
documented limits accept (200,000 characters and 40,000 words and marks an article; the inputs
of the issue were 40 KB of nested brackets, 42 KB of nested "said", 990,000-character rows),
and runs it, in a fresh process, through ``diplograph extract`` and through ``diplograph
ingest`` (which adds the per-article time budget, 30 s). Prints per input the wall time and the
peak resident memory of the process and its children (``wait4``), then the worst of each.
The goal: no input under the limits takes more than 30 s or 2 GB. A run that passes ``--cap``
seconds is killed and shown as ``kill``. Ingest's exit is 1 when its one article was reported
bad (over a limit or over its budget): that is the article skipped, not a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

EXE = str(Path(sys.executable).parent / "diplograph")


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def fit(text: str) -> str:
    """The longest start of ``text`` that the size limits accept."""
    from diplograph.loaders.article import MAX_CHARS, MAX_TOKENS, count_tokens

    text = text[:MAX_CHARS]
    while count_tokens(text) > MAX_TOKENS:
        text = text[: int(len(text) * MAX_TOKENS / count_tokens(text) * 0.995)]
    return text


def inputs() -> dict[str, str]:
    """name -> article text; the issue's inputs, and each pattern at the largest size accepted."""
    big = 1_000_000
    return {
        "nested-parentheses-40KB": "(" * 20_000 + "France condemned Russia." + ")" * 20_000,
        "nested-brackets-mixed-40KB": _repeat("([{", 20_000) + " Iran backed Armenia. " + _repeat("}])", 20_000),
        "nested-said-42KB": "France said that " * 2_500 + "Russia condemned Iran.",
        "nested-quotes-40KB": '"France said "' * 2_800 + "Russia condemned Iran." + '"' * 2_800,
        "nested-parentheses-max": fit("(" * 20_000 + "France condemned Russia." + ")" * 200_000),
        "nested-said-max": fit("France said that " * 60_000 + "Russia condemned Iran."),
        "run-on-row-max": fit(_repeat("France condemned Russia and Iran backed Armenia while ", big)),
        "run-on-commas-max": fit(_repeat("France, Russia, Iran, Armenia, Turkey, ", big)),
        "one-token-max": fit("France condemned " + "x" * big + "."),
        "short-sentences-max": fit(_repeat("France condemned Russia. ", big)),
        "said-chains-max": fit(_repeat("France said that Russia said that Iran said that Turkey condemned Armenia. ", big)),
        "newlines-max": fit(_repeat("France condemned Russia\n", big)),
        "quotes-max": fit(_repeat('"France said "Russia condemned Iran." ', big)),
    }


def measure(cmd: list[str], cap: float, stdin: bytes | None = None) -> tuple[float, float, int | None]:
    """(seconds, peak RSS in MB, exit status or None when killed at ``cap``) of one command."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    killed = threading.Event()

    def kill():
        killed.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(cap, kill)
    timer.start()
    if stdin:
        try:
            proc.stdin.write(stdin)
            proc.stdin.close()
        except BrokenPipeError:
            pass
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    # a killed ingest may leave worker processes in its group: end them too
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return seconds, usage.ru_maxrss / 1024, None if killed.is_set() else proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=float, default=120.0, help="kill a run after this many seconds (default: 120)")
    ap.add_argument("--only", nargs="*", help="names of the inputs to run (default: all)")
    ap.add_argument("--no-ingest", action="store_true", help="run extract only")
    args = ap.parse_args()
    cases = {k: v for k, v in inputs().items() if not args.only or k in args.only}
    tmp = Path(tempfile.mkdtemp(prefix="bench-adv-"))
    rows = []
    print(f"{'input':<28} {'chars':>9}  {'extract s':>9} {'MB':>7} {'exit':>4}   {'ingest s':>9} {'MB':>7} {'exit':>4}",
          flush=True)
    try:
        for name, text in cases.items():
            path = tmp / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            ext = measure([EXE, "extract", str(path), "--date", "2023-09-19", "--format", "jsonl"], args.cap)
            ing = (0.0, 0.0, 0)
            if not args.no_ingest:
                jsonl = tmp / f"{name}.jsonl"
                jsonl.write_text(json.dumps({"text": text, "date": "2023-09-19"}) + "\n", encoding="utf-8")
                store = tmp / f"store-{name}"
                ing = measure([EXE, "ingest", str(jsonl), "--store", str(store), "-q"], args.cap)
                shutil.rmtree(store, ignore_errors=True)

            def show(r):
                return f"{r[0]:>9.1f} {r[1]:>7.0f} {'kill' if r[2] is None else r[2]:>4}"

            print(f"{name:<28} {len(text):>9,}  {show(ext)}   {show(ing)}", flush=True)
            rows.append((name, ext, ing))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    worst_t = max(rows, key=lambda r: max(r[1][0], r[2][0]))
    worst_m = max(rows, key=lambda r: max(r[1][1], r[2][1]))
    print(f"\nworst time:   {max(worst_t[1][0], worst_t[2][0]):.1f} s ({worst_t[0]})")
    print(f"worst memory: {max(worst_m[1][1], worst_m[2][1]):.0f} MB ({worst_m[0]})")
    ok = all(r[1][2] is not None and r[2][2] is not None for r in rows) and \
        max(max(r[1][0], r[2][0]) for r in rows) <= 30 and max(max(r[1][1], r[2][1]) for r in rows) <= 2048
    print(f"goal (every run <= 30 s and <= 2 GB, none killed): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
