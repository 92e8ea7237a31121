"""Extraction on a Dask cluster: batches of articles go to workers, N-Triples come back.

The client (``diplograph ingest --scheduler tcp://HOST:PORT``) reads the corpus, sends batches
of articles to the workers and writes what they return, one transaction per article; at most a
few batches per worker are in flight, so memory stays bounded whatever the corpus size. Each
worker loads the spaCy model and the gazetteer once and keeps them.
"""

from __future__ import annotations

import functools
import socket
import urllib.parse
from collections.abc import Iterable, Iterator

from diplograph.graph.ingest import Payload, chunked, local_payloads
from diplograph.loaders.corpus import BadItem
from diplograph.loaders.records import Article, DiplographError

__all__ = ["dask_payloads", "extract_batch"]


@functools.cache
def _worker_extractor(model: str | None):
    from diplograph.loaders.pipeline import Extractor

    return Extractor(model=model)


def extract_batch(articles: list[Article], model: str | None = None) -> list[Payload | BadItem]:
    """Run on a worker: the payloads (N-Triples and edges) of a batch of articles."""
    return list(local_payloads(articles, _worker_extractor(model), batch_size=len(articles) or 1))


def _check_reachable(scheduler: str, timeout: float = 5.0) -> None:
    """Fail at once, with one line, when nothing listens at a tcp:// address (Dask would retry)."""
    parts = urllib.parse.urlsplit(scheduler if "://" in scheduler else "tcp://" + scheduler)
    if parts.scheme != "tcp" or parts.hostname is None or parts.port is None:
        return  # another protocol (tls, inproc, ucx): leave it to Dask
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=timeout).close()
    except OSError as err:
        raise DiplographError(f"cannot reach the Dask scheduler {scheduler}: {err.strerror or err}") from None


def dask_payloads(articles: Iterable[Article], scheduler: str, *, batch_size: int = 32,
                  model: str | None = None, per_worker: int = 2,
                  timeout: float = 20.0) -> Iterator[Payload | BadItem]:
    """Stream payloads computed on the cluster at ``scheduler``, in the order batches finish."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise DiplographError("--scheduler needs dask.distributed: pip install 'diplograph[scale]'") from None
    _check_reachable(scheduler)
    try:
        client = Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise DiplographError(f"cannot reach the Dask scheduler {scheduler}: {str(err).splitlines()[0][:200]}") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        batches = chunked(articles, batch_size)
        running = as_completed(loop=client.loop)
        for batch in batches:
            running.add(client.submit(extract_batch, batch, model, pure=False))
            if running.count() >= per_worker * workers + 1:
                break
        for future in running:
            try:
                results = future.result()
            except Exception as err:
                raise DiplographError(f"a Dask worker failed: {type(err).__name__}: {str(err)[:200]}") from None
            future.release()
            nxt = next(batches, None)
            if nxt is not None:
                running.add(client.submit(extract_batch, nxt, model, pure=False))
            yield from results
    finally:
        client.close()
