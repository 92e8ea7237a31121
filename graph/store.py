"""Open a store: Oxigraph on disk (the default persistent store) or in memory, through rdflib.

The rdflib ``Graph`` returned is backed by :class:`oxrdflib.OxigraphStore` and names the
default graph explicitly, so a reopened disk store shows its data (an anonymous identifier
would hide it). Pass SPARQL as strings with ``initBindings``: rdflib falls back to its own,
much slower engine for prepared queries on this store.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, PROV, RDFS, SKOS, XSD

from diplograph.graph.ontology import DG, RES
from diplograph.loaders.records import DiplographError

__all__ = ["ox_store", "open_graph", "read_graph", "write_graph", "has_article", "add_triples",
           "atomic_write", "FORMATS", "bind_prefixes"]

DEFAULT_GRAPH = ox.DefaultGraph()
#: Serialisation formats the command line accepts -> (rdflib format name, file suffix).
FORMATS = {"ttl": ("turtle", ".ttl"), "nt": ("nt", ".nt"), "jsonld": ("json-ld", ".jsonld")}
_SUFFIX_FORMAT = {".ttl": "ox-turtle", ".turtle": "ox-turtle", ".nt": "ox-nt", ".jsonld": "json-ld",
                  ".json": "json-ld"}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in (("dg", DG._NS), ("res", RES), ("prov", PROV), ("rdfs", RDFS), ("owl", OWL),
                       ("skos", SKOS), ("xsd", XSD)):
        graph.bind(prefix, ns, override=True)
    return graph


def _graph(store: ox.Store) -> Graph:
    return bind_prefixes(Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID))


def open_graph(path: str | os.PathLike | None = None, *, read_only: bool = False) -> Graph:
    """An rdflib graph on Oxigraph: on disk at ``path`` (created if missing), else in memory.

    >>> g = open_graph()
    >>> len(g)
    0
    """
    if path is None:
        return _graph(ox.Store())
    path = Path(path)
    try:
        if read_only:
            if not path.is_dir():
                raise DiplographError(f"no store at {path}")
            return _graph(ox.Store.read_only(str(path)))
        path.mkdir(parents=True, exist_ok=True)
        return _graph(ox.Store(str(path)))
    except (OSError, RuntimeError) as err:  # a missing permission, a lock held by another process
        raise DiplographError(f"cannot open store {path}: {str(err).splitlines()[0][:200]}") from None


def read_graph(path: str | os.PathLike, graph: Graph | None = None) -> Graph:
    """Parse a Turtle, N-Triples or JSON-LD file into ``graph`` (a new in-memory one by default)."""
    path = Path(path)
    fmt = _SUFFIX_FORMAT.get(path.suffix.lower())
    if fmt is None:
        raise DiplographError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .nt or .jsonld)")
    if not path.is_file():
        raise DiplographError(f"{path}: no such file")
    if fmt == "json-ld":
        _check_json_ld(path)
    graph = open_graph() if graph is None else graph
    try:
        graph.parse(str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as err:
        raise DiplographError(f"{path}: not valid RDF: {(str(err).splitlines() or [type(err).__name__])[0][:200]}") from None
    except RecursionError:
        raise DiplographError(f"{path}: not valid RDF: nested too deeply") from None
    return graph


def _check_json_ld(path: Path) -> None:
    """Refuse a JSON-LD file rdflib would choke on or that would make it fetch a URL: JSON nested
    too deeply, or a remote ``@context`` (a string, or ``@import``); it is never fetched."""
    import json

    from diplograph.loaders.article import open_regular

    try:
        with open_regular(path) as fh:
            doc = json.load(fh)
    except RecursionError:
        raise DiplographError(f"{path}: not valid RDF: JSON nested too deeply") from None
    except (ValueError, OSError) as err:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise DiplographError(f"{path}: not valid RDF: {str(err).splitlines()[0][:200]}") from None
    stack = [doc]
    while stack:  # no recursion: the depth is the JSON's
        node = stack.pop()
        if isinstance(node, dict):
            context = node.get("@context")
            if isinstance(context, str) or "@import" in node or (
                    isinstance(context, list) and any(isinstance(c, str) for c in context)):
                raise DiplographError(f"{path}: a remote @context is not fetched; put the context in the file")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


@contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w"):
    """Write to a temporary file beside ``path`` and rename it over ``path`` only on success.

    A file system error (a folder that cannot be made, a full disk) is a :class:`DiplographError`
    naming ``path``; nothing is left behind.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as err:
        raise DiplographError(f"{path}: cannot write: {err.strerror or err}") from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the output should look like any other file
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise DiplographError(f"{path}: cannot write: {err.strerror or err}") from None
        raise


def write_graph(graph: Graph, path: str | os.PathLike | None, fmt: str = "ttl") -> str | None:
    """Serialise ``graph`` as ``fmt`` (ttl, nt or jsonld) to ``path`` atomically, or return the text."""
    if fmt not in FORMATS:
        raise DiplographError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    text = graph.serialize(format=FORMATS[fmt][0])
    if path is None:
        return text
    with atomic_write(path) as fh:
        fh.write(text)
    return None


def has_article(graph: Graph, content_hash: str) -> bool:
    """Whether an article with this content hash is already in the graph."""
    return (None, DG.contentHash, Literal(content_hash, datatype=XSD.string)) in graph


def ox_store(graph: Graph) -> ox.Store | None:
    """The pyoxigraph store under an rdflib graph (for hot paths), or None for another store."""
    store = graph.store
    return store._inner if isinstance(store, OxigraphStore) else None


def add_triples(graph: Graph, triples: Iterable[tuple]) -> None:
    """Add triples in one transaction (all or nothing) and flush them to disk."""
    graph.addN((s, p, o, graph) for s, p, o in triples)
    inner = ox_store(graph)
    if inner is not None:
        inner.flush()
