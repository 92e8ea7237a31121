"""Tables of query results and records, readable in a terminal and drawn as HTML in Jupyter.

:func:`table` takes what the project's functions return (an rdflib SELECT result from
:func:`diplograph.graph.cookbook.run_named` or ``graph.query``, a list of dicts, a list of
tuples with column names, or a dict) and gives a :class:`Table`: ``print(t)`` shows aligned
text, and a notebook cell that ends with ``t`` shows an HTML table. No pandas needed.

>>> t = table([{"actor": "France", "stances": 3}, {"actor": "Azerbaijan", "stances": 0}])
>>> print(t)
actor       stances
----------  -------
France      3
Azerbaijan  0
>>> len(t), t.columns
(2, ['actor', 'stances'])
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from diplograph.graph.ontology import DG, RES
from diplograph.loaders.records import DiplographError

__all__ = ["Table", "table"]

#: IRI prefixes shown in short form (the prefixes of :func:`diplograph.graph.store.bind_prefixes`).
PREFIXES = (("res", str(RES)), ("dg", str(DG._NS)), ("prov", str(PROV)), ("rdfs", str(RDFS)),
            ("rdf", str(RDF)), ("owl", str(OWL)), ("skos", str(SKOS)), ("xsd", str(XSD)))


def cell_text(value) -> str:
    """The text of one table cell: IRIs in prefixed form, literals by their lexical form.

    >>> cell_text(URIRef("https://w3id.org/diplograph/resource/actor/AZE"))
    'res:actor/AZE'
    >>> cell_text(Literal("2.5", datatype=XSD.decimal)), cell_text(None), cell_text(0.5)
    ('2.5', '', '0.5')
    >>> cell_text(frozenset({"FRA", "ARM"}))
    'ARM, FRA'
    """
    if value is None:
        return ""
    if isinstance(value, URIRef):
        text = str(value)
        for prefix, ns in PREFIXES:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return text
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(map(cell_text, value)))
    if isinstance(value, (list, tuple)):
        return ", ".join(map(cell_text, value))
    return str(value)


def _numeric(value) -> bool:
    if isinstance(value, Literal):
        value = value.toPython()
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or type(value).__name__ == "Decimal"


class Table:
    """Rows under named columns; ``str()`` is aligned text, ``_repr_html_`` an HTML table.

    Parameters
    ----------
    rows : list of sequences
        One sequence of cell values per row, in the order of ``columns``.
    columns : list of str
        Column names.
    max_rows : int, optional
        How many rows to show (the rest are counted in a last line); ``len()`` counts them all.
    max_width : int, optional
        Longest cell in the text form (longer ones end with "…"); HTML cells are never cut.
    """

    def __init__(self, rows, columns, *, max_rows: int = 50, max_width: int = 60):
        self.columns = [str(c) for c in columns]
        self.rows = [tuple(r) for r in rows]
        for r in self.rows:
            if len(r) != len(self.columns):
                raise DiplographError(f"a row has {len(r)} cells but there are {len(self.columns)} columns")
        self.max_rows = max_rows
        self.max_width = max_width

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def _shown(self):
        return self.rows[: self.max_rows], max(0, len(self.rows) - self.max_rows)

    def __str__(self) -> str:
        shown, hidden = self._shown()
        w = self.max_width
        cells = [[t if len(t) <= w else t[: w - 1] + "…" for t in map(cell_text, r)] for r in shown]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(n) for c, n in zip(self.columns, widths)).rstrip(),
                 "  ".join("-" * n for n in widths)]
        lines += ["  ".join(c.ljust(n) for c, n in zip(r, widths)).rstrip() for r in cells]
        if not self.rows:
            lines.append("(no rows)")
        if hidden:
            lines.append(f"... {hidden} more row{'s' * (hidden != 1)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        shown, hidden = self._shown()
        left = 'style="text-align:left; vertical-align:top"'
        right = 'style="text-align:right; vertical-align:top"'
        head = "".join(f"<th {left}>{html.escape(c)}</th>" for c in self.columns)
        body = []
        for r in shown:
            tds = "".join(f"<td {right if _numeric(v) else left}>{html.escape(cell_text(v))}</td>" for v in r)
            body.append(f"<tr>{tds}</tr>")
        foot = ""
        if not self.rows or hidden:
            note = "no rows" if not self.rows else f"… {hidden} more row{'s' * (hidden != 1)}"
            foot = f'<tr><td colspan="{max(1, len(self.columns))}" {left}><i>{note}</i></td></tr>'
        return (f'<table class="diplograph-table"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}{foot}</tbody></table>")


def table(data, columns: Iterable[str] | None = None, **options) -> Table:
    """A :class:`Table` of a SELECT result, a list of dicts, a list of rows or a dict.

    Parameters
    ----------
    data : rdflib.query.Result, list of dict, list of sequences, or dict
        A SELECT result gives its variables as columns (an unbound value is an empty cell);
        dicts give their keys (the first row's order, then new keys as they appear); a dict
        gives one ``(key, value)`` row per item.
    columns : list of str, optional
        Column names: required for plain rows, a selection and order for dicts and results.
    **options
        ``max_rows`` and ``max_width`` of :class:`Table`.

    Examples
    --------
    >>> from diplograph.graph.store import open_graph
    >>> t = table(open_graph().query("SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) } }"))
    >>> t.columns, t.rows
    (['x', 'y'], [(rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), None)])
    >>> print(table({"AZE": 6, "ARM": 2}, ["actor", "condemned"]))
    actor  condemned
    -----  ---------
    AZE    6
    ARM    2
    >>> table([("FRA", "AZE")])
    Traceback (most recent call last):
    ...
    diplograph.loaders.records.DiplographError: table: plain rows need column names (columns=[...])
    """
    cols = None if columns is None else [str(c) for c in columns]
    if hasattr(data, "vars") and getattr(data, "type", None) == "SELECT":
        names = [str(v) for v in data.vars]
        pick = cols or names
        unknown = [c for c in pick if c not in names]
        if unknown:
            raise DiplographError(f"table: the result has no column {unknown[0]!r} (columns: {', '.join(names)})")
        rows = [tuple(b.get(v) for v in pick) for b in ({str(k): x for k, x in row.items()}
                                                         for row in data.bindings)]
        return Table(rows, pick, **options)
    if hasattr(data, "type") and getattr(data, "type", None) in ("ASK", "CONSTRUCT", "DESCRIBE"):
        raise DiplographError(f"table: a {data.type} result is not a table (only SELECT results are)")
    if isinstance(data, Mapping):
        return Table(list(data.items()), cols or ["key", "value"], **options)
    rows = list(data)
    if rows and all(isinstance(r, Mapping) for r in rows):
        names = cols or list(dict.fromkeys(k for r in rows for k in r))
        return Table([tuple(r.get(c) for c in names) for r in rows], names, **options)
    if cols is None:
        if not rows:
            return Table([], [], **options)
        raise DiplographError("table: plain rows need column names (columns=[...])")
    return Table(rows, cols, **options)
