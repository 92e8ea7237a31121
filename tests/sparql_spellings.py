"""Spellings of SERVICE and LOAD for the differential tests of the server's query filter.

:func:`spellings` generates, from a seed, queries and updates that ask the engine to fetch a URL
on a local listener, written in the ways Oxigraph's grammar allows: any case, ``\\u`` escapes,
the keyword run into what follows (``SERVICESILENT``, ``SERVICE:x``, ``SERVICE?e``), comments
and odd white space between tokens, prefixed names and variables as endpoints, every query
form and nesting. :class:`Listener` counts the connections it receives, so a test can tell
which spellings really reached the network.
"""

from __future__ import annotations

import random
import socket
import threading

# white space and comments the grammar allows between two tokens; "" runs them together
SEPARATORS = ["", " ", "  ", "\t", "\n", "\r\n", " #c\n", "#SERVICE LOAD\n", "", " ", "\u00a0"]


def _case(rng: random.Random, word: str) -> str:
    style = rng.randrange(10)
    if style == 0:
        return word.upper()
    if style == 1:
        return word.lower()
    if style == 2:
        return word.capitalize()
    if style == 3:  # one letter as a \u escape (SPARQL expands them before parsing; Oxigraph does not)
        i = rng.randrange(len(word))
        esc = f"\\u{ord(word[i]):04X}" if rng.random() < 0.7 else f"\\U{ord(word[i]):08x}"
        return word[:i] + esc + word[i + 1:]
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def _sep(rng: random.Random, allow_empty: bool = True) -> str:
    choices = SEPARATORS if allow_empty else SEPARATORS[1:]
    return rng.choice(choices)


def _endpoint(rng: random.Random, url: str) -> tuple[str, str, str]:
    """``(prologue, endpoint as written, values clause)``: an IRI, a prefixed name or a variable."""
    base, _, local = url.rpartition("/")
    style = rng.randrange(7)
    if style in (0, 5, 6):
        return "", f"<{url}>", ""
    if style == 1:
        return f"PREFIX : <{base}/> ", f":{local}", ""
    if style == 2:
        prefix = rng.choice(["p", "ex", "svc", "x1"])
        return f"PREFIX {prefix}: <{base}/> ", f"{prefix}:{local}", ""
    if style == 3:
        return f"BASE <{base}/> ", f"<{local}>", ""
    var = rng.choice(["?e", "$e", "?endpoint"])
    return "", var, f"VALUES {var} {{ <{url}> }} "


def _service_pattern(rng: random.Random, url: str) -> tuple[str, str]:
    """``(prologue, group graph pattern)`` of a pattern that holds a SERVICE call."""
    prologue, endpoint, values = _endpoint(rng, url)
    keyword = _case(rng, "SERVICE")
    silent = _case(rng, "SILENT") + _sep(rng) if rng.random() < 0.4 else ""
    inner = rng.choice(["{ ?s ?p ?o }", "{?s ?p ?o}", "{ ?s ?p ?o . }", "{}", "{ SELECT * { ?s ?p ?o } LIMIT 1 }"])
    service = f"{keyword}{_sep(rng)}{silent}{endpoint}{_sep(rng)}{inner}"
    before = rng.choice(["", "", "{ } ", "BIND(1 AS ?one) ", "FILTER(true)", "?a ?b ?c . ", "OPTIONAL { ?a ?b ?c } "])
    body = values + before + service
    wrap = rng.randrange(5)
    if wrap == 1:
        body = f"{{ {body} }}"
    elif wrap == 2:
        body = f"{{ {body} }} UNION {{ BIND(2 AS ?two) }}"
    elif wrap == 3:
        body = f"{{ SELECT * WHERE {{ {body} }} }}"
    return prologue, f"{{{_sep(rng)}{body}{_sep(rng)}}}"


def service_query(rng: random.Random, url: str) -> str:
    prologue, pattern = _service_pattern(rng, url)
    head = rng.choice([f"SELECT *{_sep(rng, False)}WHERE", "SELECT *", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE",
                       "SELECT (COUNT(*) AS ?n) WHERE", "SELECT ?s WHERE"])
    return f"{prologue}{head}{_sep(rng)}{pattern}"


def load_update(rng: random.Random, url: str) -> str:
    base, _, local = url.rpartition("/")
    style = rng.randrange(3)
    if style == 0:
        prologue, iri = "", f"<{url}>"
    elif style == 1:
        prologue, iri = f"PREFIX : <{base}/> ", f":{local}"
    else:
        prologue, iri = f"BASE <{base}/> ", f"<{local}>"
    keyword = _case(rng, "LOAD")
    silent = _case(rng, "SILENT") + _sep(rng) if rng.random() < 0.4 else ""
    into = f"{_sep(rng, False)}INTO GRAPH <http://example.org/g>" if rng.random() < 0.3 else ""
    op = f"{keyword}{_sep(rng)}{silent}{iri}{into}"
    before = rng.choice(["", "", "CLEAR SILENT GRAPH <http://example.org/h> ;", "INSERT DATA { <a:a> <a:b> <a:c> } ;"])
    return f"{prologue}{before}{_sep(rng)}{op}"


def service_update(rng: random.Random, url: str) -> str:
    """An update whose WHERE holds a SERVICE (a query-side request made by an update)."""
    prologue, pattern = _service_pattern(rng, url)
    template = rng.choice(["INSERT { <a:a> <a:b> <a:c> } WHERE", "DELETE { ?s ?p ?o } WHERE",
                           "INSERT { <a:a> <a:b> <a:c> }", "WITH <http://example.org/g> INSERT { <a:a> <a:b> <a:c> } WHERE"])
    return f"{prologue}{template}{_sep(rng)}{pattern}"


def spellings(url: str, n: int, seed: int = 13) -> list[tuple[str, str]]:
    """``n`` ``(kind, text)`` pairs, ``kind`` "query" or "update", about half of them LOAD or
    an update; the same seed gives the same list."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        roll = i % 4
        if roll in (0, 1):
            out.append(("query", service_query(rng, url)))
        elif roll == 2:
            out.append(("update", load_update(rng, url)))
        else:
            out.append(("update", service_update(rng, url)))
    return out


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections and closes each at once."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/x"
        self.hits = 0
        self._stop = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self._stop:
                conn.close()
                return
            self.hits += 1
            conn.close()

    def close(self):
        self._stop = True
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            pass
        self.sock.close()
        self.thread.join(5)


def one_triple_store():
    """An in-memory store with one triple, so that a join in front of a SERVICE is not empty."""
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"),
                      ox.NamedNode("http://example.org/c")))
    return store


def engine_reaches_network(text: str, kind: str, listener: Listener, store=None) -> bool:
    """Whether Oxigraph itself (no filter, no sandbox) connects to ``listener`` running ``text``."""
    import pyoxigraph as ox

    store = store if store is not None else one_triple_store()
    before = listener.hits
    try:
        if kind == "query":
            result = store.query(text)
            if not isinstance(result, ox.QueryBoolean):
                for _ in result:
                    pass
        else:
            store.update(text)
    except Exception:  # the listener closes at once: the engine reports a failed request
        pass
    return listener.hits > before
