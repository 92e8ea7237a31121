"""pandas DataFrames of query results and of stances (``pip install 'diplograph[pandas]'``).

:func:`to_dataframe` turns a SPARQL SELECT result into a DataFrame with typed columns (``xsd:date``
and ``xsd:dateTime`` become ``datetime64``, integers ``Int64``, decimals and doubles ``float64``,
booleans ``boolean``, everything else text); :func:`stances_frame` gives one row per stance of a
graph with every field, extracted and imported alike, in the columns :data:`STANCE_COLUMNS`.
CAMEO codes stay text (``"040"``).

>>> from diplograph.graph.store import open_graph
>>> df = to_dataframe(open_graph().query(
...     'SELECT ?n ?d WHERE { VALUES (?n ?d) { (-8 "2023-09-19"^^<http://www.w3.org/2001/XMLSchema#date>) } }'))
>>> df.dtypes.astype(str).to_dict(), int(df.loc[0, "n"])
({'n': 'Int64', 'd': 'datetime64[us]'}, -8)
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from diplograph.loaders.records import DiplographError

__all__ = ["STANCE_COLUMNS", "to_dataframe", "stances_frame"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                                "unsignedShort", "unsignedByte")}
_FLOAT = {_XSD + t for t in ("decimal", "double", "float")}

#: The columns of :func:`stances_frame`, in order.
STANCE_COLUMNS = [
    "statement", "date", "subject", "subject_label", "subject_type", "subject_country", "subject_wikidata",
    "relation", "object", "object_label", "object_type", "object_country", "object_wikidata",
    "family", "goldstein", "cameo", "cameo_root", "quad_class", "plover_type", "plover_mode",
    "origin", "evidence", "quote", "confidence", "article",
]


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise DiplographError("DataFrames need pandas: pip install 'diplograph[pandas]'") from None
    return pd


def _kind(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = None if term.datatype is None else str(term.datatype)
        if dt in _INTEGER:
            return "int"
        if dt in _FLOAT:
            return "float"
        if dt == _XSD + "date":
            return "date"
        if dt == _XSD + "dateTime":
            return "datetime"
        if dt == _XSD + "boolean":
            return "bool"
    return "text"


def _text(term, prefixed: bool):
    if term is None:
        return None
    if prefixed and isinstance(term, URIRef):
        from diplograph.graph.tables import cell_text

        return cell_text(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _column(pd, terms: list, prefixed: bool):
    kinds = {_kind(t) for t in terms} - {None}
    texts = [_text(t, prefixed) for t in terms]
    if len(kinds) == 1:
        kind = kinds.pop()
        try:
            if kind == "int":
                return pd.array([None if t is None else int(t) for t in texts], dtype="Int64")
            if kind == "float":
                return pd.array([None if t is None else float(t) for t in texts], dtype="float64")
            if kind == "bool":
                return pd.array([None if t is None else t in ("true", "1") for t in texts], dtype="boolean")
            if kind == "date":
                return pd.to_datetime(pd.Series(texts, dtype="object"), format="%Y-%m-%d").astype("datetime64[us]").array
            if kind == "datetime":
                return pd.to_datetime(pd.Series(texts, dtype="object"), format="ISO8601", utc=True).astype(
                    "datetime64[us, UTC]").array
        except (ValueError, TypeError, OverflowError):
            pass  # an ill-typed literal somewhere: the column stays text
    return pd.array(texts, dtype="str")


def to_dataframe(result, *, prefixed: bool = False):
    """A :class:`pandas.DataFrame` of a SPARQL SELECT result, one column per variable.

    Parameters
    ----------
    result : rdflib.query.Result
        A SELECT result (``graph.query(...)``, :func:`diplograph.graph.cookbook.run_named`).
    prefixed : bool, optional
        Show IRIs in prefixed form (``res:actor/AZE``) instead of in full.

    Returns
    -------
    pandas.DataFrame
        A column whose values are all ``xsd:date`` is ``datetime64``, ``xsd:dateTime`` is
        ``datetime64`` in UTC, integers ``Int64`` (missing values are ``<NA>``), decimals and
        doubles ``float64``, booleans ``boolean``; any other column (IRIs, strings, a mix of
        types) is text. An unbound value is missing.

    Raises
    ------
    DiplographError
        For an ASK, CONSTRUCT or DESCRIBE result, or without pandas.

    Examples
    --------
    >>> from diplograph.graph.store import open_graph
    >>> df = to_dataframe(open_graph().query('SELECT ?code ?g WHERE { VALUES (?code ?g) { ("040" 1.0) ("111" UNDEF) } }'))
    >>> df["code"].tolist(), df["g"].isna().tolist(), str(df["g"].dtype)
    (['040', '111'], [False, True], 'float64')
    """
    pd = _pandas()
    if getattr(result, "type", None) != "SELECT" or not hasattr(result, "vars"):
        kind = getattr(result, "type", type(result).__name__)
        raise DiplographError(f"to_dataframe needs a SELECT result, not {kind}")
    names = [str(v) for v in result.vars]
    rows = [tuple(row.get(v) for v in result.vars) for row in result.bindings]
    return pd.DataFrame({n: _column(pd, [r[i] for r in rows], prefixed) for i, n in enumerate(names)},
                        columns=names)


def stances_frame(graph, *, rollup: bool = False, relations=None, start=None, end=None):
    """One row per stance of an RDF graph, with every field (:data:`STANCE_COLUMNS`).

    Stances extracted from articles and events imported from GDELT, ICEWS or POLECAT
    (``origin`` is ``"extracted"`` or the data set's name) that fall on one of the ten relations;
    an imported event kept with its code only has no relation and is not a row here (query it
    with SPARQL). Read through :func:`diplograph.graph.network.stance_graph`.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph or store.
    rollup : bool, optional
        People and organs merged into their state or organisation first (``subject`` and
        ``object`` are then the merged actors).
    relations : str or list of str, optional
        Keep these relations only.
    start, end : str or datetime.date, optional
        Keep stances dated from ``start`` to ``end`` (both included).

    Returns
    -------
    pandas.DataFrame
        Sorted by date, subject, relation and object; ``date`` is ``datetime64``, ``quad_class``
        ``Int64``, ``goldstein`` and ``confidence`` ``float64``, codes text.

    Raises
    ------
    DiplographError
        For a ``start`` or ``end`` that is not a date.

    Examples
    --------
    >>> import datetime as dt
    >>> from diplograph.graph.store import open_graph
    >>> from diplograph.loaders.records import Actor, Article, StanceMention
    >>> from diplograph.loaders.to_rdf import to_triples
    >>> fra, aze = Actor("FRA", "France", "State", "FRA"), Actor("AZE", "Azerbaijan", "State", "AZE")
    >>> art = Article("France consults Azerbaijan.", dt.date(2023, 9, 19))
    >>> g = open_graph()
    >>> g += to_triples(art, [StanceMention(fra, "consults", aze, art.text, 0, 27, art.date, 0.9, "t",
    ...                                     article=art.hash)])
    >>> df = stances_frame(g)
    >>> df.loc[0, ["subject", "relation", "object", "cameo", "plover_type", "origin"]].tolist()
    ['FRA', 'consults', 'AZE', '040', 'CONSULT', 'extracted']
    >>> int(df.loc[0, "quad_class"]), str(df["date"].dtype)
    (1, 'datetime64[us]')
    """
    from diplograph.graph.network import _as_day, stance_graph

    lo, hi = _as_day(start, "start"), _as_day(end, "end")  # a bad date before the store is read
    pd = _pandas()
    G = stance_graph(graph, rollup=rollup)
    keep = None if relations is None else ({relations} if isinstance(relations, str) else set(relations))
    records = []
    for u, v, d in G.edges(data=True):
        if keep is not None and d.get("relation") not in keep:
            continue
        day = d.get("date")
        if (lo is not None or hi is not None) and (day is None or (lo and day < lo) or (hi and day > hi)):
            continue
        su, ob = G.nodes[u], G.nodes[v]
        records.append({
            "statement": d.get("statement"), "date": day,
            "subject": u, "subject_label": su.get("label"), "subject_type": su.get("type"),
            "subject_country": su.get("country"), "subject_wikidata": su.get("wikidata"),
            "relation": d.get("relation"),
            "object": v, "object_label": ob.get("label"), "object_type": ob.get("type"),
            "object_country": ob.get("country"), "object_wikidata": ob.get("wikidata"),
            **{k: d.get(k) for k in ("family", "goldstein", "cameo", "cameo_root", "quad_class", "plover_type",
                                     "plover_mode")},
            "origin": d.get("dataset") or "extracted",
            **{k: d.get(k) for k in ("evidence", "quote", "confidence", "article")},
        })
    records.sort(key=lambda r: (str(r["date"]), r["subject"], r["relation"], r["object"], r["statement"]))
    df = pd.DataFrame.from_records(records, columns=STANCE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[us]")  # microseconds: years 1 to 9999 fit
    df["quad_class"] = df["quad_class"].astype("Int64")
    for col in ("goldstein", "confidence"):
        df[col] = df[col].astype("float64")
    for col in STANCE_COLUMNS:
        if col not in ("date", "quad_class", "goldstein", "confidence"):
            df[col] = df[col].astype("str")
    return df
