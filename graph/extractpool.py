"""Extraction with a time and memory budget per article: worker processes that can be killed.

``diplograph ingest`` hands batches of articles to ``jobs`` worker processes, each holding the
spaCy model. A worker that does not answer within the budget is killed and replaced: a batch
that overran is retried one article at a time, and the one article that overruns alone is
reported as a bad item ("took longer than N s"), so one pathological text never holds up the
rest of the corpus. Each worker's memory is capped (``RLIMIT_DATA``); a worker that dies of it
is handled the same way. Batches keep ``nlp.pipe``'s speed for ordinary articles.
"""

from __future__ import annotations

import collections
import multiprocessing as mp
import signal
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait

from diplograph.loaders.corpus import BadItem
from diplograph.loaders.records import Article, DiplographError

__all__ = ["ARTICLE_TIMEOUT", "MAX_MEMORY", "ExtractPool"]

#: Seconds one article (or one batch) may take before its worker is killed.
ARTICLE_TIMEOUT = 30.0
#: Memory one extraction worker may use, in bytes.
MAX_MEMORY = 2 * 1024 ** 3
_START_SECONDS = 180.0  # loading the model on a loaded machine


def _worker_main(conn, model: str | None, max_memory: int | None) -> None:
    from diplograph.graph.server import _die_with_parent

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    from diplograph.graph.ingest import local_payloads
    from diplograph.graph.sandbox import limit_memory
    from diplograph.loaders.pipeline import Extractor

    try:
        extractor = Extractor(model=model)
    except DiplographError as err:
        conn.send(("failed", str(err)))
        return
    if max_memory:
        limit_memory(max_memory)
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            reply = ("done", list(local_payloads(task, extractor, batch_size=max(1, len(task)))))
        except MemoryError:
            reply = ("failed", "out of memory")
        except Exception as err:
            reply = ("failed", f"{type(err).__name__}: {str(err)[:160]}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, ctx, model, max_memory):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, model, max_memory),
                                   name="diplograph-extract-worker", daemon=True)
        self.process.start()
        child.close()
        self.task: list[Article] | None = None
        self.deadline = 0.0

    def wait_ready(self) -> None:
        from diplograph.graph.sandbox import await_ready

        await_ready(self.conn, _START_SECONDS, "extraction worker", self.kill)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        self.conn.close()


class ExtractPool:
    """``jobs`` extraction workers with a per-article time budget and a memory cap.

    Use as a context manager; :meth:`payloads` streams a :class:`~diplograph.graph.ingest.Payload`
    or a :class:`BadItem` per article, in the order they finish.
    """

    def __init__(self, *, jobs: int = 1, model: str | None = None, timeout: float = ARTICLE_TIMEOUT,
                 max_memory: int | None = MAX_MEMORY):
        self.jobs, self.model, self.timeout, self.max_memory = max(1, jobs), model, timeout, max_memory
        self._ctx = mp.get_context("spawn")  # a fresh interpreter: never fork the parent's threads
        self.workers: list[_Worker] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, self.model, self.max_memory)
        worker.wait_ready()
        return worker

    def payloads(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator:
        source = iter(articles)
        pending: collections.deque[list[Article]] = collections.deque()
        exhausted = False

        def refill():
            nonlocal exhausted
            while not exhausted and len(pending) < self.jobs:
                batch = []
                for article in source:
                    batch.append(article)
                    if len(batch) >= batch_size:
                        break
                if not batch:
                    exhausted = True
                    return
                pending.append(batch)

        refill()
        if not pending:
            return
        while len(self.workers) < min(self.jobs, len(pending)):
            self.workers.append(self._start())
        while True:
            for worker in self.workers:
                if worker.task is None:
                    refill()
                    if not pending:
                        break
                    worker.task = pending.popleft()
                    worker.deadline = time.monotonic() + self.timeout
                    worker.conn.send(worker.task)
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                return
            now = time.monotonic()
            ready = wait([w.conn for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - now))
            for worker in busy:
                if worker.conn in ready:
                    try:
                        state, result = worker.conn.recv()
                    except (EOFError, OSError):
                        state, result = "died", None
                    if state == "done":
                        worker.task = None
                        yield from result
                        continue
                    yield from self._lost(worker, "ran out of memory or crashed" if state == "died"
                                          else f"failed ({result})", pending)
                elif time.monotonic() >= worker.deadline:
                    yield from self._lost(worker, f"took longer than {self.timeout:g} s", pending)

    def _lost(self, worker: _Worker, why: str, pending: collections.deque) -> Iterator[BadItem]:
        """The worker's task failed: replace the worker; retry a batch article by article, report
        a single article as bad."""
        task = worker.task
        worker.task = None
        worker.kill()
        self.workers[self.workers.index(worker)] = self._start()
        if len(task) > 1:
            pending.extendleft([a] for a in reversed(task))
            return
        yield BadItem(task[0].source or task[0].hash[:12], f"extraction {why}; skipped")

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in self.workers:
            worker.process.join(2)
            worker.kill()
        self.workers = []
