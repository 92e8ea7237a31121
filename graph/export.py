"""Exports of the stance graph for other tools: GraphML, GEXF (Gephi), CSV and an offline HTML page;
and dumps of the whole store as RDF (N-Triples, N-Quads, Turtle, TriG, JSON-LD).

Each ``write_*`` function takes a networkx graph first (normally the stance multigraph of
:func:`diplograph.graph.network.stance_graph`) and writes atomically: a temporary file beside
the target, renamed on success. :func:`export` goes from an RDF graph to a file, choosing the
format from the suffix; an RDF suffix (:data:`RDF_EXPORTS`) writes every triple of the graph,
streamed (:func:`diplograph.graph.store.dump_rdf`), not the stance graph.

GraphML and GEXF keep one edge per stance statement (keyed by its IRI) with plain attributes:
dates become ``YYYY-MM-DD`` strings, dicts and lists become text, missing values are left out.
The HTML page is self-contained: its data and its script are inline, it loads nothing from the
network, and hovering an arrow shows the sentences behind it.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import os
import re
from pathlib import Path

import networkx as nx

from diplograph.loaders.records import DiplographError

__all__ = [
    "EXPORT_FORMATS",
    "RDF_EXPORTS",
    "export",
    "plain_graph",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_html",
]

#: File suffix -> export format.
EXPORT_FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".csv": "csv", ".html": "html", ".htm": "html"}
#: File suffixes that dump the whole RDF graph or store instead of the stance graph.
RDF_EXPORTS = (".nt", ".nq", ".ttl", ".trig", ".jsonld")

CSV_COLUMNS = ["source", "target", "source_label", "target_label",
               "source_type", "source_country", "source_wikidata", "target_type", "target_country", "target_wikidata",
               "relation", "family", "goldstein", "cameo", "cameo_root", "quad_class", "plover_type", "plover_mode",
               "date", "confidence", "evidence", "quote", "article", "dataset", "statement"]

#: Columns written as quoted text: codes keep their leading zeros ("040"); read them with
#: ``pandas.read_csv(path, dtype={c: str for c in CODE_COLUMNS})``.
CODE_COLUMNS = ("cameo", "cameo_root", "plover_type", "plover_mode", "source_wikidata", "target_wikidata")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (form feeds from PDFs, other control
    characters, lone surrogates), each replaced by a space.

    >>> xml_text("page\x0cbreak")
    'page break'
    """
    return _NOT_XML.sub(" ", value)


def _plain(value):
    if isinstance(value, str):
        return xml_text(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "; ".join(f"{k}={_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "; ".join(str(_plain(v)) for v in items)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def plain_graph(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes are all ``str``, ``int``, ``float`` or ``bool``.

    Dates become ISO strings, dicts ``"k=v; k=v"``, lists and sets ``"a; b"``; ``None`` values
    are dropped (GraphML and GEXF cannot store them).

    >>> import datetime as dt
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("FRA", label="France", members=["FRA", "emmanuel-macron"], country=None)
    >>> _ = G.add_edge("FRA", "AZE", relation="condemns", date=dt.date(2023, 9, 19))
    >>> P = plain_graph(G)
    >>> P.nodes["FRA"], P.edges["FRA", "AZE", 0]["date"]
    ({'label': 'France', 'members': 'FRA; emmanuel-macron'}, '2023-09-19')
    """
    if not isinstance(G, nx.Graph):
        raise DiplographError(f"plain_graph needs a networkx graph, not {type(G).__name__}")
    P = G.__class__()
    P.graph.update({k: _plain(v) for k, v in G.graph.items() if v is not None})
    for n, d in G.nodes(data=True):
        P.add_node(xml_text(str(n)), **{k: _plain(v) for k, v in d.items() if v is not None})
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            P.add_edge(xml_text(str(u)), xml_text(str(v)), key=k if isinstance(k, int) else xml_text(str(k)),
                       **{a: _plain(x) for a, x in d.items() if x is not None})
    else:
        for u, v, d in G.edges(data=True):
            P.add_edge(xml_text(str(u)), xml_text(str(v)), **{a: _plain(x) for a, x in d.items() if x is not None})
    return P


def _atomic(path, write, mode="wb"):
    from diplograph.graph.store import atomic_write

    path = Path(path)
    with atomic_write(path, mode) as fh:
        write(fh)
    return path


def write_graphml(G: nx.Graph, path: str | os.PathLike) -> Path:
    """Write ``G`` as GraphML (attributes made plain first).

    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> G = nx.MultiDiGraph([("FRA", "AZE", {"relation": "condemns", "goldstein": -2.0})])
    >>> out = write_graphml(G, pathlib.Path(tmp.name) / "g.graphml")
    >>> H = nx.read_graphml(out)
    >>> list(H.edges(data="relation"))
    [('FRA', 'AZE', 'condemns')]
    >>> tmp.cleanup()
    """
    P = plain_graph(G)
    return _atomic(path, lambda fh: nx.write_graphml(P, fh, encoding="utf-8"))


def write_gexf(G: nx.Graph, path: str | os.PathLike) -> Path:
    """Write ``G`` as GEXF 1.2 for Gephi (attributes made plain first).

    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> G = nx.MultiDiGraph([("FRA", "AZE", {"relation": "condemns"})])
    >>> out = write_gexf(G, pathlib.Path(tmp.name) / "g.gexf")
    >>> sorted(nx.read_gexf(out).nodes)
    ['AZE', 'FRA']
    >>> tmp.cleanup()
    """
    P = plain_graph(G)
    return _atomic(path, lambda fh: nx.write_gexf(P, fh, encoding="utf-8"))


def write_csv(G: nx.Graph, path: str | os.PathLike) -> Path:
    """Write one row per stance edge: source, target, their labels, types, countries and Wikidata
    ids, relation, event codes, evidence and more.

    The columns are :data:`CSV_COLUMNS`. Every text cell is quoted and numbers are not, so the
    CAMEO code ``"040"`` is text in the file; ``pandas.read_csv`` still guesses numbers for a
    column of digits unless told: ``dtype={"cameo": str, "cameo_root": str}`` (or ``dtype=str``).
    A missing value is an empty quoted cell.

    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("FRA", label="France", type="State", country="FRA", wikidata="Q142")
    >>> _ = G.add_edge("FRA", "AZE", relation="consults", cameo="040", quad_class=1,
    ...                evidence="France consults Azerbaijan.")
    >>> print(write_csv(G, pathlib.Path(tmp.name) / "g.csv").read_text().splitlines()[1])
    "FRA","AZE","France","AZE","State","FRA","Q142","","","","consults","","","040","",1,"","","","","France consults Azerbaijan.","","","",""
    >>> tmp.cleanup()
    """
    if not isinstance(G, nx.Graph):
        raise DiplographError(f"write_csv needs a networkx graph, not {type(G).__name__}")

    def node(n, side):
        d = G.nodes[n] if n in G else {}
        return {f"{side}_label": d.get("label") or n, f"{side}_type": d.get("type"),
                f"{side}_country": d.get("country"), f"{side}_wikidata": d.get("wikidata")}

    def cell(value):
        value = _plain(value)
        if value is None:
            return ""
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)

    def write(fh):
        fh.write(",".join(CSV_COLUMNS) + "\n")  # plain names; the cells below are quoted
        w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        for u, v, d in G.edges(data=True):
            row = {**d, "source": u, "target": v, **node(u, "source"), **node(v, "target")}
            w.writerow([cell(row.get(c)) for c in CSV_COLUMNS])

    return _atomic(path, write, mode="w")


def _page_data(G: nx.Graph, seed: int) -> dict:
    from diplograph.graph.draw import FAMILY_STYLES, TYPE_STYLES, layout
    from diplograph.graph.network import strongest_first

    pos = layout(G, seed=seed)
    degree = dict(G.degree())
    nodes = []
    for n in sorted(G, key=str):
        d = G.nodes[n]
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({"id": str(n), "label": str(d.get("label") or n), "type": d.get("type"),
                      "country": d.get("country"), "degree": degree.get(n, 0),
                      "x": round(float(x), 4), "y": round(float(-y), 4)})
    groups: dict = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        g = groups.setdefault((str(u), str(v), d.get("family")), {
            "source": str(u), "target": str(v), "family": d.get("family"), "stances": []})
        g["stances"].append({"relation": d.get("relation"), "date": _plain(d.get("date")),
                             "evidence": d.get("evidence"), "quote": d.get("quote"),
                             "confidence": d.get("confidence"),
                             "article": d.get("article") or f"statement:{k}"})
    edges = sorted(groups.values(), key=lambda g: (g["source"], g["target"], str(g["family"])))
    for g in edges:
        g["stances"].sort(key=lambda s: strongest_first({**s, "text": s["evidence"]}))
    types = {str(t): {"color": s["color"], "name": s["name"]} for t, s in TYPE_STYLES.items()}
    styles = {f: {"color": st["color"], "dash": _DASHES[st["linestyle"]], "head": _HEADS[st["arrow"].split(",")[0]]}
              for f, st in FAMILY_STYLES.items()}
    return {"nodes": nodes, "edges": edges, "families": {f: st["color"] for f, st in FAMILY_STYLES.items()},
            "styles": styles, "types": types}


_DASHES = {"solid": "", "dashed": "7 4", "dotted": "2 3", "dashdot": "8 3 2 3"}
_HEADS = {"->": "open", "-|>": "filled", "-[": "bar"}


def write_html(G: nx.Graph, path: str | os.PathLike, *, seed: int = 0, title: str | None = None) -> Path:
    """Write a self-contained interactive page: zoom, search, filter by date and family, and
    hover an arrow for its evidence, the strongest sentence first.

    Positions come from :func:`diplograph.graph.draw.layout` (same seed, same picture); the data
    and the script are inline, so the page works offline and from a file. Zooming spreads the
    actors apart but keeps labels, nodes and arrows at their size (semantic zoom), and a label
    is shown only where it overlaps no other, so more names appear as you zoom in. The search
    box (or ``page.html#find=NAME``) highlights the actors whose name contains the text and
    zooms in on the best connected one; the two date sliders
    keep the stances of a date range; clicking a relation family hides or shows it.

    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> G = nx.MultiDiGraph([("FRA", "AZE", {"relation": "condemns", "family": "disapprove",
    ...                                      "evidence": "France condemns </script> Azerbaijan."})])
    >>> text = write_html(G, pathlib.Path(tmp.name) / "g.html").read_text()
    >>> "<script src" in text, text.count("</script>")
    (False, 2)
    >>> tmp.cleanup()
    """
    if not isinstance(G, nx.Graph):
        raise DiplographError(f"write_html needs a networkx graph, not {type(G).__name__}")
    data = json.dumps(_page_data(G, seed), ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    n_edges = G.number_of_edges()
    title = title or f"Diplomatic stances: {len(G)} actors, {n_edges} stances"
    page = _PAGE.replace("@TITLE@", html.escape(title)).replace("@DATA@", data)
    return _atomic(path, lambda fh: fh.write(page), mode="w")


def export(rdf_graph, path: str | os.PathLike, fmt: str | None = None, *, rollup: bool = False,
           seed: int = 0, filters: dict | None = None) -> Path:
    """Export the stance graph of an RDF graph to GraphML, GEXF, CSV or HTML (optionally cut down by
    ``filters``, the keywords of :func:`diplograph.graph.network.filter_graph`), or the whole graph as
    RDF (``.nt``, ``.nq``, ``.ttl``, ``.trig``, ``.jsonld``; streamed from the store).

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        The graph (a store or parsed files).
    path : str or path-like
        Where to write.
    fmt : {"graphml", "gexf", "csv", "html"}, optional
        Default: from the suffix of ``path`` (:data:`EXPORT_FORMATS`).
    rollup : bool, optional
        Merge people and organs into their state or organisation first.
    seed : int, optional
        Layout seed of the HTML page.
    filters : dict, optional
        Keywords of :func:`diplograph.graph.network.filter_graph`, applied after the roll-up.

    Raises
    ------
    DiplographError
        For an unknown format or suffix, a bad filter, or a file that cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> from diplograph.graph.store import open_graph
    >>> export(open_graph(), pathlib.Path(tmp.name) / "g.xlsx")
    Traceback (most recent call last):
    ...
    diplograph.loaders.records.DiplographError: ...g.xlsx: unknown export type '.xlsx' (use .graphml, .gexf, .csv, .html, .nt, .nq, .ttl, .trig or .jsonld)
    >>> tmp.cleanup()
    """
    from diplograph.graph.network import filter_graph, stance_graph

    path = Path(path)
    if fmt is None and path.suffix.lower() in RDF_EXPORTS:
        from diplograph.graph.store import dump_rdf

        if filters or rollup:
            raise DiplographError(f"{path}: an RDF dump holds every triple; the filters and --rollup "
                                  "apply to .graphml, .gexf, .csv and .html")

        dump_rdf(rdf_graph, path)
        return path
    if fmt is None:
        fmt = EXPORT_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise DiplographError(f"{path}: unknown export type {path.suffix!r} "
                                  "(use .graphml, .gexf, .csv, .html, .nt, .nq, .ttl, .trig or .jsonld)")
    writers = {"graphml": write_graphml, "gexf": write_gexf, "csv": write_csv,
               "html": lambda G, p: write_html(G, p, seed=seed)}
    if fmt not in writers:
        raise DiplographError(f"unknown export format {fmt!r}; choose graphml, gexf, csv or html")
    G = stance_graph(rdf_graph, rollup=rollup)
    if filters:
        G = filter_graph(G, **filters)
    return writers[fmt](G, path)


_PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<style>
  html, body { margin: 0; height: 100%; font: 14px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
  #wrap { display: flex; height: 100%; }
  #view { flex: 1; background: #fff; cursor: grab; }
  #side { width: 280px; padding: 12px 14px; border-left: 1px solid #ddd; overflow: auto; background: #fafafa; }
  h1 { font-size: 15px; margin: 0 0 8px; }
  .row { display: flex; align-items: center; gap: 8px; margin: 3px 0; cursor: pointer; user-select: none; }
  .row.off { opacity: .35; }
  .hint { color: #777; font-size: 12px; margin-top: 12px; }
  input[type=search] { width: 100%; box-sizing: border-box; padding: 4px 6px; font: inherit; }
  input[type=range] { width: 100%; }
  #found { color: #777; font-size: 12px; min-height: 16px; }
  #tip { position: fixed; pointer-events: none; max-width: 440px; background: #fff; border: 1px solid #bbb;
         border-radius: 4px; padding: 7px 9px; box-shadow: 0 2px 8px rgba(0,0,0,.15); font-size: 13px; display: none; }
  #tip .ev { margin-top: 5px; border-left: 3px solid #ccc; padding-left: 6px; }
  text.lab { font-size: 12px; paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; pointer-events: none; }
  text.lab.hit { font-weight: bold; }
  .dim { opacity: .12; }
</style>
</head>
<body>
<div id="wrap">
  <svg id="view" xmlns="http://www.w3.org/2000/svg"></svg>
  <div id="side">
    <h1>@TITLE@</h1>
    <input type="search" id="search" placeholder="Find an actor" aria-label="Find an actor">
    <div id="found"></div>
    <div id="dates" style="margin-top:8px"><b>Dates</b> <span id="span" class="hint" style="margin:0"></span>
      <input type="range" id="from" min="0" value="0" aria-label="first day">
      <input type="range" id="to" min="0" value="0" aria-label="last day"></div>
    <div style="margin-top:8px"><b>Relations</b> <span class="hint">(click to hide)</span></div>
    <div id="fams"></div>
    <div style="margin-top:10px"><b>Actors</b></div>
    <div id="types"></div>
    <div class="hint">Hover an arrow for its evidence, strongest first; an actor for its ties. Scroll to
      zoom: names stay the same size and more of them appear. Drag actors or the background.
      Thicker arrows: more articles; bigger actors: more stances.</div>
  </div>
</div>
<div id="tip"></div>
<script type="application/json" id="data">@DATA@</script>
<script>
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("view"), tip = document.getElementById("tip");
  var W = 1000, H = 700, scale = 1, tx = 0, ty = 0, hidden = {}, query = "", dayLo = "", dayHi = "";
  var MAXTIP = 8, frame = 0, centred = null, fitScale = 1;
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }
  var defs = el("defs", {}, svg), gEdges = el("g", {}, svg), gNodes = el("g", {}, svg), gLabels = el("g", {}, svg);
  var many = D.edges.length > 600, rmax = Math.max(5, Math.min(12, 12 * Math.sqrt(80 / Math.max(D.nodes.length, 1))));
  var style = function (f) { return D.styles[f] || {color: "#555", dash: "", head: "filled"}; };
  Object.keys(D.styles).concat(["null"]).forEach(function (f) {
    var st = style(f), m = el("marker", {id: "a-" + f, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6,
                                         markerHeight: 6, orient: "auto-start-reverse", markerUnits: "userSpaceOnUse"}, defs);
    m.setAttribute("markerWidth", 12); m.setAttribute("markerHeight", 12);
    if (st.head === "open") el("path", {d: "M1,1 L9,5 L1,9", fill: "none", stroke: st.color, "stroke-width": 1.8}, m);
    else if (st.head === "bar") el("path", {d: "M8,0 L8,10", fill: "none", stroke: st.color, "stroke-width": 2.5}, m);
    else el("path", {d: "M0,0 L10,5 L0,10 z", fill: st.color}, m);
  });
  var byId = {}, maxDeg = 1;
  D.nodes.forEach(function (n) {
    n.px = (n.x + 1.1) / 2.2 * W; n.py = (n.y + 1.1) / 2.2 * H; byId[n.id] = n; maxDeg = Math.max(maxDeg, n.degree || 1);
  });
  // parallel edges of a pair curve apart, each direction to its own side
  var count = {}, days = {};
  D.edges.forEach(function (e) {
    var k = e.source + "\u0001" + e.target; e.idx = count[k] = (count[k] || 0); count[k]++;
    e.stances.forEach(function (s) { if (s.date) days[s.date] = 1; });
  });
  days = Object.keys(days).sort();
  D.edges.forEach(function (e) {
    var back = count[e.target + "\u0001" + e.source] || 0, st = style(e.family);
    e.bend = (count[e.source + "\u0001" + e.target] + back > 1) ? 0.12 + 0.16 * e.idx : 0;
    e.path = el("path", {fill: "none", stroke: st.color, "stroke-dasharray": st.dash,
                         "marker-end": "url(#a-" + e.family + ")", opacity: many ? .4 : .85}, gEdges);
    e.hit = el("path", {fill: "none", stroke: "transparent", "stroke-width": 10}, gEdges);
    e.hit.addEventListener("mousemove", function (ev) { showEdge(e, ev); });
    e.hit.addEventListener("mouseleave", hideTip);
  });
  var shapes = {State: "circle", Person: "tri", Organization: "square", NonState: "diamond"};
  D.nodes.forEach(function (n) {
    var t = D.types[n.type] || D.types["None"], r = 2.5 + rmax * Math.sqrt((n.degree || 1) / maxDeg), s = shapes[n.type];
    n.r = r;
    n.g = el("g", {cursor: "pointer"}, gNodes);
    var a = {fill: t.color, stroke: "#fff", "stroke-width": 1.5};
    if (s === "circle" || !s) el("circle", Object.assign({r: r}, a), n.g);
    else if (s === "square") el("rect", Object.assign({x: -r * .9, y: -r * .9, width: 1.8 * r, height: 1.8 * r}, a), n.g);
    else if (s === "tri") el("path", Object.assign({d: "M0," + (-1.15 * r) + " L" + r + "," + .8 * r + " L" + (-r) + "," + .8 * r + " z"}, a), n.g);
    else el("path", Object.assign({d: "M0," + (-1.2 * r) + " L" + 1.2 * r + ",0 L0," + 1.2 * r + " L" + (-1.2 * r) + ",0 z"}, a), n.g);
    n.lab = el("text", {"class": "lab", "text-anchor": "middle"}, gLabels);
    n.lab.textContent = n.label;
    n.g.addEventListener("mouseenter", function (ev) { focus(n, ev); });
    n.g.addEventListener("mouseleave", function () { focus(null); hideTip(); });
    n.g.addEventListener("mousedown", function (ev) { ev.stopPropagation(); drag = {node: n, x: ev.clientX, y: ev.clientY}; });
  });
  D.nodes.forEach(function (n) { n.lw = n.lab.getComputedTextLength ? n.lab.getComputedTextLength() || 7 * n.label.length : 7 * n.label.length; });
  var ranked = D.nodes.slice().sort(function (a, b) { return (b.degree || 0) - (a.degree || 0) || (a.id < b.id ? -1 : 1); });
  function sx(n) { return n.px * scale + tx; }
  function sy(n) { return n.py * scale + ty; }
  function inRange(s) { return (!dayLo || (s.date && s.date >= dayLo)) && (!dayHi || (s.date && s.date <= dayHi)); }
  function curve(e) {
    var a = byId[e.source], b = byId[e.target], ax = sx(a), ay = sy(a), bx = sx(b), by = sy(b);
    var dx = bx - ax, dy = by - ay, len = Math.sqrt(dx * dx + dy * dy) || 1, ux = dx / len, uy = dy / len;
    var x1 = ax + ux * (a.r + 2), y1 = ay + uy * (a.r + 2), x2 = bx - ux * (b.r + 3), y2 = by - uy * (b.r + 3);
    var cx = (x1 + x2) / 2 - e.bend * (y2 - y1), cy = (y1 + y2) / 2 + e.bend * (x2 - x1);
    return "M" + x1.toFixed(1) + "," + y1.toFixed(1) + " Q" + cx.toFixed(1) + "," + cy.toFixed(1) + " " + x2.toFixed(1) + "," + y2.toFixed(1);
  }
  function render() {
    frame = 0;
    var live = {};
    var most = 1;
    D.edges.forEach(function (e) {
      var seen = {};
      e.n = 0;
      e.shown = hidden[e.family] ? [] : e.stances.filter(inRange);
      e.shown.forEach(function (s) { if (!seen[s.article]) { seen[s.article] = 1; e.n++; } });
      most = Math.max(most, e.n);
    });
    D.edges.forEach(function (e) {
      var on = e.shown.length > 0;
      e.path.style.display = e.hit.style.display = on ? "" : "none";
      if (!on) return;
      live[e.source] = live[e.target] = 1;
      var d = curve(e);
      e.path.setAttribute("d", d); e.hit.setAttribute("d", d);
      // 1.2 px for one article up to 4.5 (3 when crowded) for the most reported arrow, log scale
      var w = most > 1 ? 1.2 + ((many ? 3 : 4.5) - 1.2) * Math.log(e.n) / Math.log(most) : 1.2;
      e.path.setAttribute("stroke-width", (w * (e.family === "force" ? 1.2 : 1)).toFixed(2));
    });
    D.nodes.forEach(function (n) {
      n.live = !!live[n.id] || !D.edges.length;
      n.g.style.display = n.live ? "" : "none";
      n.g.setAttribute("transform", "translate(" + sx(n).toFixed(1) + "," + sy(n).toFixed(1) + ")");
      n.lab.setAttribute("x", sx(n).toFixed(1)); n.lab.setAttribute("y", (sy(n) + n.r + 13).toFixed(1));
    });
    // labels: best connected first, a name only where it overlaps no name already shown
    var boxes = [], dots = [];
    D.nodes.forEach(function (n) { if (n.live) dots.push([sx(n) - n.r, sy(n) - n.r, sx(n) + n.r, sy(n) + n.r, n]); });
    function apart(b, o) { return b[2] < o[0] || b[0] > o[2] || b[3] < o[1] || b[1] > o[3]; }
    ranked.filter(function (n) { return n.hit; }).concat(ranked.filter(function (n) { return !n.hit; })).forEach(function (n) {
      if (!n.live) return;
      var x = sx(n), y = sy(n) + n.r + 13, w = n.lw / 2 + 3;
      var b = [x - w, y - 12, x + w, y + 4], free = boxes.every(function (o) { return apart(b, o); }) &&
        (n.hit || dots.every(function (o) { return o[4] === n || apart(b, o); }));
      n.lab.style.display = free ? "" : "none";
      n.lab.classList.toggle("dim", n.g.classList.contains("dim"));
      if (free) boxes.push(b);
    });
  }
  function later() { if (!frame) frame = requestAnimationFrame(render); }
  function place(ev) {
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + 450 > window.innerWidth) x = ev.clientX - 450;
    tip.style.left = Math.max(4, x) + "px"; tip.style.top = Math.max(4, Math.min(y, window.innerHeight - tip.offsetHeight - 4)) + "px";
    tip.style.display = "block";
  }
  function hideTip() { tip.style.display = "none"; }
  function showEdge(e, ev) {
    var a = byId[e.source], b = byId[e.target], h = "<b>" + esc(a.label) + "</b> \u2192 <b>" + esc(b.label) + "</b>";
    var list = e.shown || e.stances;
    list.slice(0, MAXTIP).forEach(function (s) {
      h += '<div class="ev"><span style="color:' + style(e.family).color + '">' + esc(s.relation) + "</span>" +
           (s.date ? " \u00b7 " + esc(s.date) : "") + (s.confidence != null ? " \u00b7 confidence " + esc(s.confidence) : "") +
           "<br>" + esc(s.evidence) + (s.quote ? "<br><i>\u201c" + esc(s.quote) + "\u201d</i>" : "") + "</div>";
    });
    if (list.length > MAXTIP) h += '<div class="hint">and ' + (list.length - MAXTIP) + " weaker sentence(s)</div>";
    tip.innerHTML = h; place(ev);
  }
  function focus(n, ev) {
    var near = {};
    if (n) { near[n.id] = 1; D.edges.forEach(function (e) {
      if (e.source === n.id || e.target === n.id) { near[e.source] = near[e.target] = 1; } }); }
    D.nodes.forEach(function (m) { var dim = n ? !near[m.id] : !!query && !m.hit;
      m.g.classList.toggle("dim", dim); m.lab.classList.toggle("dim", dim); });
    D.edges.forEach(function (e) { e.path.classList.toggle("dim", !!n && e.source !== n.id && e.target !== n.id); });
    if (n) {
      var out = 0, inn = 0;
      D.edges.forEach(function (e) { var k = (e.shown || e.stances).length;
        if (e.source === n.id) out += k; if (e.target === n.id) inn += k; });
      tip.innerHTML = "<b>" + esc(n.label) + "</b> (" + esc(n.type || "actor") + (n.country && n.country !== n.id ? ", " + esc(n.country) : "") +
                      ")<br>" + out + " stance(s) taken, " + inn + " received";
      place(ev);
    }
  }
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = {x: ev.clientX, y: ev.clientY}; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y; drag.x = ev.clientX; drag.y = ev.clientY;
    if (drag.node) { drag.node.px += dx / scale; drag.node.py += dy / scale; } else { tx += dx; ty += dy; }
    later();
  });
  window.addEventListener("mouseup", function () { drag = null; });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var k = ev.deltaY < 0 ? 1.2 : 1 / 1.2, r = svg.getBoundingClientRect();
    var mx = ev.clientX - r.left, my = ev.clientY - r.top;
    tx = mx - (mx - tx) * k; ty = my - (my - ty) * k; scale *= k; later();
  }, {passive: false});
  function fit() {
    var r = svg.getBoundingClientRect();
    // a tenth of room around the drawing, so labels at its edges stay inside the view
    scale = fitScale = 0.9 * (Math.min(r.width / W, r.height / H) || 1); tx = (r.width - W * scale) / 2; ty = (r.height - H * scale) / 2;
    if (centred) centre(centred); else render();
  }
  var search = document.getElementById("search"), found = document.getElementById("found");
  function centre(n) {  // centre an actor, zoomed in to at least 2.5 times the whole view
    var r = svg.getBoundingClientRect();
    centred = n;
    scale = Math.max(scale, 2.5 * fitScale);
    tx = r.width / 2 - n.px * scale; ty = r.height / 2 - n.py * scale; later();
  }
  search.addEventListener("input", function () {
    query = search.value.trim().toLowerCase();
    var hits = [];
    D.nodes.forEach(function (n) {
      n.hit = !!query && (n.label.toLowerCase().indexOf(query) >= 0 || n.id.toLowerCase().indexOf(query) >= 0);
      n.lab.classList.toggle("hit", n.hit);
      n.g.classList.toggle("dim", !!query && !n.hit); n.lab.classList.toggle("dim", !!query && !n.hit);
      if (n.hit) hits.push(n);
    });
    D.edges.forEach(function (e) { e.path.classList.toggle("dim", !!query && !byId[e.source].hit && !byId[e.target].hit); });
    hits.sort(function (a, b) { return (b.degree || 0) - (a.degree || 0) || (a.label < b.label ? -1 : 1); });
    found.innerHTML = query ? hits.length + " actor(s) found" : "";
    hits.slice(0, 12).forEach(function (n) {  // each name centres its actor
      var a = document.createElement("div"); a.className = "row"; a.textContent = "→ " + n.label;
      a.addEventListener("click", function () { centre(n); }); found.appendChild(a);
    });
    if (hits.length) centre(hits[0]); else { centred = null; later(); }
  });
  var from = document.getElementById("from"), to = document.getElementById("to"), span = document.getElementById("span");
  function dates() {
    var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
    dayLo = a > 0 || b < days.length - 1 ? days[a] : ""; dayHi = a > 0 || b < days.length - 1 ? days[b] : "";
    span.textContent = days.length ? days[a] + " to " + days[b] : "";
    later();
  }
  if (days.length > 1) {
    from.max = to.max = days.length - 1; to.value = days.length - 1;
    from.addEventListener("input", dates); to.addEventListener("input", dates); dates();
  } else { document.getElementById("dates").style.display = "none"; }
  var present = {};
  D.edges.forEach(function (e) { present[e.family] = present[e.family] || {}; e.stances.forEach(function (s) { present[e.family][s.relation] = 1; }); });
  var fams = document.getElementById("fams");
  Object.keys(D.styles).filter(function (f) { return present[f]; }).forEach(function (f) {
    var row = document.createElement("div"), st = style(f); row.className = "row";
    row.innerHTML = '<svg width="34" height="12"><path d="M2,6 L24,6" stroke="' + st.color + '" stroke-width="2.5" stroke-dasharray="' + st.dash +
                    '" marker-end="url(#a-' + f + ')"/></svg>' + esc(f) +
                    ' <span class="hint" style="margin:0">' + esc(Object.keys(present[f]).sort().join(", ")) + "</span>";
    row.addEventListener("click", function () { hidden[f] = !hidden[f]; row.classList.toggle("off", hidden[f]); later(); });
    fams.appendChild(row);
  });
  var tdiv = document.getElementById("types"), seen = {};
  D.nodes.forEach(function (n) { seen[n.type] = 1; });
  Object.keys(D.types).filter(function (t) { return seen[t] || (t === "None" && seen[null]); }).forEach(function (t) {
    var row = document.createElement("div"); row.className = "row";
    row.innerHTML = '<span style="display:inline-block;height:12px;width:12px;border-radius:6px;background:' + D.types[t].color + '"></span>' + esc(D.types[t].name);
    tdiv.appendChild(row);
  });
  if (!D.nodes.length) { var t = el("text", {x: W / 2, y: H / 2, "text-anchor": "middle", fill: "#777"}, gNodes); t.textContent = "no stances"; }
  window.addEventListener("resize", fit);
  fit();
  var asked = /^#find=(.+)$/.exec(location.hash);  // page.html#find=Name opens with that search
  if (asked) { search.value = decodeURIComponent(asked[1]); search.dispatchEvent(new Event("input")); }
})();
</script>
</body>
</html>
"""
