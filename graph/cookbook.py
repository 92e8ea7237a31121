"""The SPARQL cookbook: named, documented queries in ``graph/queries/*.rq``.

Each ``.rq`` file opens with a header of ``#`` comments::

    # title: Who condemns a target
    # description: Every actor that condemns TARGET, with ...
    #   (an indented line continues the field above)
    # param: target string - the condemned actor: its label, ISO3 code or actor id
    # param: min_shared integer default=1 - the least number of shared targets

A parameter has a type (``string``, ``date``, ``integer`` or ``relation``), an optional default
(no default means required) and a description. :func:`run_named` turns the values into typed
RDF terms (a date into an ``xsd:date`` literal, a relation name into its ``dg:`` property, a
string into a plain literal) and binds them with rdflib's ``initBindings``: parameter values are
never spliced into the query text.

Oxigraph (which ``initBindings`` reaches through oxrdflib's ``substitutions``) only substitutes
variables that the query *projects*, so every parameter variable is in the ``SELECT`` clause of
its query (and of any sub-query it crosses); :func:`run_named` drops those constant columns from
the result it returns.

>>> [q.name for q in list_queries()][:3]
['aligned-pairs', 'by-cameo', 'extracted-vs-imported']
>>> load_query("who-condemns").params[0].name
'target'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from rdflib import Literal, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from diplograph.graph.ontology import DG, RELATIONS
from diplograph.loaders.records import DiplographError

__all__ = ["PARAM_TYPES", "NamedQuery", "Param", "QueryInfo", "bind_params", "list_queries", "load_query",
           "run_named"]

#: The parameter types a query header may declare.
PARAM_TYPES = ("string", "date", "integer", "relation")

_FIELD = re.compile(r"^#\s?(title|description|param):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\w+)"
                    r"(?:\s+default=(?P<default>\"[^\"]*\"|\S+))?\s+-\s+(?P<doc>.+)$")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query; ``default`` is None when the parameter is required."""

    name: str
    type: str
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its header fields and its SPARQL text (the whole ``.rq`` file)."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str


class QueryInfo(NamedTuple):
    """What :func:`list_queries` gives for each query."""

    name: str
    title: str
    params: tuple[Param, ...]


def _queries_dir():
    return resources.files(__package__) / "queries"


def _parse_header(name: str, text: str) -> NamedQuery:
    fields: dict[str, str] = {"title": "", "description": ""}
    raw_params: list[str] = []
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _FIELD.match(line):
            current = m.group(1)
            if current == "param":
                raw_params.append(m.group(2).strip())
            else:
                fields[current] = m.group(2).strip()
        elif (m := _CONTINUATION.match(line)) and current:
            if current == "param":
                raw_params[-1] += " " + m.group(1).strip()
            else:
                fields[current] += " " + m.group(1).strip()
        else:
            current = None
    params = []
    for raw in raw_params:
        m = _PARAM.match(raw)
        if m is None or m.group("type") not in PARAM_TYPES:
            raise DiplographError(f"query {name}: bad parameter declaration {raw!r} "
                                  f"(expected 'NAME TYPE [default=VALUE] - description', "
                                  f"TYPE one of {', '.join(PARAM_TYPES)})")
        default = m.group("default")
        if default is not None and default.startswith('"'):
            default = default[1:-1]
        params.append(Param(m.group("name"), m.group("type"), default, m.group("doc")))
    if not fields["title"]:
        raise DiplographError(f"query {name}: the header has no '# title:' line")
    return NamedQuery(name, fields["title"], fields["description"], tuple(params), text)


@functools.cache
def _catalogue() -> dict[str, NamedQuery]:
    out = {}
    for entry in sorted(_queries_dir().iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out[name] = _parse_header(name, entry.read_text(encoding="utf-8"))
    return out


def list_queries() -> list[QueryInfo]:
    """Every named query as ``(name, title, params)``, sorted by name.

    >>> info = {q.name: q for q in list_queries()}
    >>> [p.name for p in info["stances-between-dates"].params]
    ['from', 'to']
    """
    return [QueryInfo(q.name, q.title, q.params) for q in _catalogue().values()]


def load_query(name: str) -> NamedQuery:
    """The named query ``name`` (header fields, parameters and SPARQL text).

    >>> load_query("no-such-query")
    Traceback (most recent call last):
    ...
    diplograph.loaders.records.DiplographError: unknown query 'no-such-query'; the named queries are: aligned-pairs, by-cameo, extracted-vs-imported, goldstein-totals, mediators, stance-profile, stances-between-dates, who-condemns
    """
    catalogue = _catalogue()
    if name not in catalogue:
        raise DiplographError(f"unknown query {name!r}; the named queries are: {', '.join(catalogue)}")
    return catalogue[name]


def _term(query: NamedQuery, param: Param, value):
    where = f"query {query.name}, parameter {param.name}"
    if param.type == "string":
        return Literal(str(value))
    if param.type == "date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                raise DiplographError(f"{where}: invalid date {value!r}: expected YYYY-MM-DD") from None
        return Literal(value, datatype=XSD.date)
    if param.type == "integer":
        try:
            return Literal(int(str(value).strip()), datatype=XSD.integer)
        except ValueError:
            raise DiplographError(f"{where}: {value!r} is not an integer") from None
    if param.type == "relation":
        name = str(value).strip()
        if name not in RELATIONS:
            raise DiplographError(f"{where}: unknown relation {name!r}; "
                                  f"choose one of {', '.join(RELATIONS)}")
        return DG[name]
    raise AssertionError(param.type)  # the header parser only admits PARAM_TYPES


def bind_params(name: str, **params) -> dict[str, object]:
    """Check ``params`` against the query's declared parameters and type them as RDF terms.

    A trailing underscore is dropped from a keyword, so ``from_=`` reaches the ``from``
    parameter. Defaults fill in what is not given.

    >>> bind_params("stances-between-dates", from_="2023-09-19", to="2023-09-21")["from"]
    rdflib.term.Literal('2023-09-19', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    >>> bind_params("who-condemns")
    Traceback (most recent call last):
    ...
    diplograph.loaders.records.DiplographError: query who-condemns: missing parameter target (parameters: target)
    """
    query = load_query(name)
    declared = {p.name: p for p in query.params}
    valid = ", ".join(declared) or "none"
    given = {key[:-1] if key.endswith("_") and key[:-1] in declared else key: value
             for key, value in params.items()}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise DiplographError(f"query {name}: unknown parameter{'s' if len(unknown) > 1 else ''} "
                              f"{', '.join(unknown)} (parameters: {valid})")
    bindings = {}
    for p in query.params:
        if p.name in given and given[p.name] is not None:
            value = given[p.name]
        elif p.default is not None:
            value = p.default
        else:
            raise DiplographError(f"query {name}: missing parameter {p.name} (parameters: {valid})")
        bindings[p.name] = _term(query, p, value)
    return bindings


def run_named(graph, name: str, **params) -> Result:
    """Run the named query ``name`` on ``graph`` with ``params`` bound through ``initBindings``.

    Returns an rdflib :class:`~rdflib.query.Result` whose columns are the query's own (the
    projected parameter variables are dropped). Unknown queries, unknown or missing parameters
    and badly typed values raise :class:`DiplographError` naming the valid choices.

    >>> from diplograph.graph.store import open_graph
    >>> result = run_named(open_graph(), "who-condemns", target="Azerbaijan")
    >>> [str(v) for v in result.vars]
    ['condemner', 'condemnerLabel', 'date', 'evidence', 'quote', 'source']
    >>> len(result)
    0
    """
    query = load_query(name)
    bindings = bind_params(name, **params)
    try:
        raw = graph.query(query.sparql, initBindings=bindings)
    except Exception as err:
        msg = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise DiplographError(f"query {name}: {msg[:300]}") from None
    if raw.type != "SELECT":
        return raw
    drop = {Variable(p) for p in bindings}
    result = Result("SELECT")
    result.vars = [v for v in raw.vars if v not in drop]
    result.bindings = [{v: row[v] for v in result.vars if row.get(v) is not None} for row in raw.bindings]
    return result
