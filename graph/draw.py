"""Pictures of the stance graph, the alliance graph and the alignment matrix (matplotlib).

Following networkx's drawing conventions, every ``draw_*`` function draws on ``ax`` (the
current axes by default), returns what it drew and never calls ``plt.show()``; the layout is its
own function (:func:`layout`) and is the same for the same graph and seed.
:func:`save_picture` is the one-call path from an RDF graph to a PNG, SVG or PDF file.

An empty graph draws a picture that says "no stances" rather than raising: a pipeline run on an
article where nothing was found still produces its picture.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections import defaultdict
from pathlib import Path

import networkx as nx

from diplograph.loaders.records import DiplographError

__all__ = [
    "FAMILY_COLORS",
    "FAMILY_STYLES",
    "KINDS",
    "PICTURE_FORMATS",
    "RC_PARAMS",
    "TYPE_STYLES",
    "draw_alliances",
    "draw_matrix",
    "draw_stances",
    "layout",
    "save_picture",
]

#: Colour, line style and arrow head of each relation family (the legend lists them in this
#: order). The colours are Okabe and Ito's colour-blind-safe palette (with a dark grey for
#: consult); friendly families have open heads, hostile ones filled heads, and no two families
#: share both line style and head, so a greyscale print still tells them apart.
FAMILY_STYLES = {
    "support": {"color": "#009e73", "linestyle": "solid", "arrow": "->"},
    "mediate": {"color": "#56b4e9", "linestyle": "dotted", "arrow": "->"},
    "appeal": {"color": "#e69f00", "linestyle": "dashed", "arrow": "->"},
    "consult": {"color": "#5a5a5a", "linestyle": "dotted", "arrow": "-[,widthB=0.4,lengthB=0.25"},
    "disapprove": {"color": "#d55e00", "linestyle": "dashed", "arrow": "-|>"},
    "reject": {"color": "#cc79a7", "linestyle": "dashdot", "arrow": "-|>"},
    "force": {"color": "#000000", "linestyle": "solid", "arrow": "-|>"},
}
#: Edge colour of each relation family (from :data:`FAMILY_STYLES`).
FAMILY_COLORS = {f: s["color"] for f, s in FAMILY_STYLES.items()}
_OTHER_FAMILY = {"color": "#555555", "linestyle": "solid", "arrow": "-|>"}
#: Matplotlib settings every saved picture uses: SVG text stays text, PDF fonts are TrueType.
RC_PARAMS = {"svg.fonttype": "none", "pdf.fonttype": 42, "ps.fonttype": 42}
#: Marker and fill colour of each actor type (``None``: type unknown).
TYPE_STYLES = {
    "State": {"marker": "o", "color": "#4c72b0", "name": "State"},
    "Person": {"marker": "^", "color": "#dd8452", "name": "Person"},
    "Organization": {"marker": "s", "color": "#55a868", "name": "Organisation"},
    "NonState": {"marker": "D", "color": "#8172b3", "name": "Non-state actor"},
    None: {"marker": "h", "color": "#999999", "name": "Unknown"},
}
#: File suffix -> matplotlib format.
PICTURE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: The pictures :func:`save_picture` draws.
KINDS = ("stance", "alliance", "matrix")

_BLOC_COLORS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
                "#882255", "#44aa99", "#999933"]
_SIDE_TOGETHER = ("#009e73", "solid")
_OPPOSE = ("#d55e00", (0, (4, 3)))
_UNALIGNED = "#c8c8c8"
_MAX_ARROWS = 600      # above this many drawn edges: straight lines without arrow heads
_MAX_LABELS = 100      # above this many nodes: try to label only the best connected ones
_MAX_TIES = 3000       # the alliance picture draws at most this many ties, the strongest


# ------------------------------------------------------------------ layout
def layout(G: nx.Graph, seed: int = 0, *, iterations: int = 60, aspect: float = 1.4) -> dict:
    """Positions for a picture: each connected component laid out on its own, then packed.

    A component is laid out force-directed (Fruchterman-Reingold, NumPy only, so it also runs
    on thousands of nodes) at a scale where neighbours sit about one unit apart; components are
    then packed in rows, largest first, into a rectangle about ``aspect`` times as wide as high,
    so unconnected groups sit beside the main one instead of in far corners. Edge direction,
    multiplicity and sign are ignored. The same graph and seed give the same positions.

    Parameters
    ----------
    G : networkx.Graph
        Any graph.
    seed : int, optional
        Seed of the initial positions.
    iterations : int, optional
        Number of cooling steps.
    aspect : float, optional
        Width over height of the packed drawing.

    Returns
    -------
    dict
        node -> numpy array ``[x, y]``, scaled into [-1, 1].

    Examples
    --------
    >>> G = nx.path_graph(4)
    >>> nx.add_path(G, [10, 11])
    >>> pos = layout(G, seed=1)
    >>> sorted(pos) == [0, 1, 2, 3, 10, 11] and all(abs(c) <= 1 for p in pos.values() for c in p)
    True
    >>> all((layout(G, seed=1)[n] == pos[n]).all() for n in G)
    True
    """
    import numpy as np

    if len(G) == 0:
        return {}
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(U)), key=lambda c: (-len(c), str(c[0])))
    placed = []
    for comp in comps:
        if len(comp) == 1:
            xy = np.zeros((1, 2))
        elif len(comp) == 2:
            xy = np.array([[-0.5, 0.0], [0.5, 0.0]])
        else:
            xy = _force_layout(comp, U.subgraph(comp).edges(), seed, iterations) * (math.sqrt(len(comp)) / 2)
        placed.append((comp, xy - (xy.min(axis=0) + xy.max(axis=0)) / 2))
    return _pack(placed, aspect)


def _pack(placed, aspect: float, gap: float = 1.0) -> dict:
    """Shelf packing: components (node list, centred positions) in rows of about the same width;
    the whole is centred on the origin and scaled into [-1, 1]."""
    import numpy as np

    sizes = [xy.max(axis=0) - xy.min(axis=0) + gap for _, xy in placed]
    area = sum(float(w * h) for w, h in sizes)
    width = max(max(float(w) for w, _ in sizes), math.sqrt(area * aspect))
    pos, x, y, row = {}, 0.0, 0.0, 0.0
    for (nodes, xy), (w, h) in zip(placed, sizes):
        if x > 0 and x + w > width + 1e-9:
            x, y, row = 0.0, y - row, 0.0
        centre = np.array([x + w / 2, y - h / 2])
        for node, p in zip(nodes, xy):
            pos[node] = p + centre
        x += w
        row = max(row, float(h))
    xy = np.array(list(pos.values()))
    xy -= (xy.min(axis=0) + xy.max(axis=0)) / 2
    scale = np.abs(xy).max()
    if scale > 0:
        xy /= scale
    return dict(zip(pos, xy))


def _force_layout(nodes: list, edges, seed: int, iterations: int):
    """Fruchterman-Reingold on ``nodes`` (sorted), scaled into [-1, 1]; returns an (n, 2) array."""
    import numpy as np

    n = len(nodes)
    index = {u: i for i, u in enumerate(nodes)}
    A = np.zeros((n, n))
    for u, v in edges:
        if u != v:
            A[index[u], index[v]] = A[index[v], index[u]] = 1.0
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)
    t = 0.1
    step = t / (iterations + 1)
    chunk = max(1, 2_000_000 // n)
    for _ in range(iterations):
        disp = np.empty((n, 2))
        for lo in range(0, n, chunk):
            delta = pos[lo:lo + chunk, None, :] - pos[None, :, :]
            dist = np.sqrt((delta ** 2).sum(axis=-1))
            np.clip(dist, 0.01, None, out=dist)
            force = k * k / dist ** 2 - A[lo:lo + chunk] * dist / k
            disp[lo:lo + chunk] = np.einsum("ijk,ij->ik", delta, force)
        length = np.sqrt((disp ** 2).sum(axis=-1))
        length = np.where(length < 0.01, 0.1, length)
        pos += disp * (t / length)[:, None]
        t -= step
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


def _bloc_layout(A: nx.Graph, result, seed: int, aspect: float = 1.4) -> dict:
    """Each conflict neighbourhood on its own: its blocs side by side (a ring each, or a force
    layout of a big one), its actors in no bloc in a row below; neighbourhoods packed like the
    components of :func:`layout`."""
    import numpy as np

    groups = defaultdict(list)
    for node, b in result.membership.items():
        groups[b].append(node)
    areas = list(result.neighbourhoods) or [frozenset(c) for c in nx.connected_components(A)]
    placed = []
    for area in sorted(areas, key=lambda c: (-len(c), min(map(str, c)))):
        bl = sorted({result.membership[n] for n in area}, key=lambda b: (-len(groups[b]), b))
        real = [b for b in bl if len(groups[b]) > 1]
        alone = sorted((groups[b][0] for b in bl if len(groups[b]) == 1), key=str)
        pos, x = {}, 0.0
        for b in real:
            members = groups[b]
            if len(members) <= 16:  # a ring, states first, so no two members collide
                ring = sorted(members, key=lambda n: (A.nodes[n].get("type") != "State",
                                                      str(A.nodes[n].get("label") or n)))
                r = max(0.6, 1.1 * len(ring) / (2 * math.pi))
                inner = {n: r * np.array([math.cos(math.pi / 2 + 2 * math.pi * i / len(ring)),
                                          math.sin(math.pi / 2 + 2 * math.pi * i / len(ring))])
                         for i, n in enumerate(ring)}
            else:
                sub = A.subgraph(members)
                positive = nx.Graph((u, v) for u, v, d in sub.edges(data=True) if d.get("weight", 1) > 0)
                positive.add_nodes_from(sub)
                inner = layout(positive, seed=seed)
                inner = {n: p * math.sqrt(len(members)) / 1.6 for n, p in inner.items()}
            xs = [p[0] for p in inner.values()]
            x += -min(xs)
            for n, p in inner.items():
                pos[n] = p + np.array([x, 0.0])
            x += max(xs) + 2.2
        if alone:
            ys = [p[1] for p in pos.values()]
            y = (min(ys) - 1.6) if ys else 0.0
            width = max(x - 2.2, 1.2 * (len(alone) - 1)) if pos else 1.2 * (len(alone) - 1)
            per_row = max(1, int(width / 1.2) + 1)
            for i, node in enumerate(alone):
                row, col = divmod(i, per_row)
                pos[node] = np.array([1.2 * col, y - 1.3 * row])
        nodes = sorted(pos, key=str)
        xy = np.array([pos[n] for n in nodes], dtype=float)
        placed.append((nodes, xy - (xy.min(axis=0) + xy.max(axis=0)) / 2))
    return _pack(placed, aspect, gap=1.6)


# ------------------------------------------------------------------ helpers
def _ax(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    return ax


def _renderer(fig):
    get = getattr(fig.canvas, "get_renderer", None)
    if get is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
        get = fig.canvas.get_renderer
    return get()


def _node_size(n: int) -> float:
    return max(40.0, min(700.0, 700.0 * 14 / max(n, 14)))


def _node_sizes(G, n: int | None = None) -> dict:
    """Marker area (points squared) of each node: from a third to all of the base size, by degree."""
    base = _node_size(len(G) if n is None else n) * 1.2
    degree = dict(G.degree())
    top = max(degree.values(), default=1) or 1
    return {v: base * (0.33 + 0.67 * math.sqrt(degree[v] / top)) for v in G}


def _label(G, node, width=18) -> str:
    label = str(G.nodes[node].get("label") or node)
    return "\n".join(textwrap.wrap(label, width)) or label


def _set_limits(ax, pos, margin=0.12):
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    dx = max(max(xs) - min(xs), 0.5)
    dy = max(max(ys) - min(ys), 0.5)
    ax.set_xlim(min(xs) - margin * dx, max(xs) + margin * dx)
    ax.set_ylim(min(ys) - margin * dy * 1.3, max(ys) + margin * dy)


def _draw_nodes(ax, G, pos, size, color_of=None):
    """One scatter per actor type (its marker); colour by type unless ``color_of`` says otherwise.
    ``size`` is one marker area or a dict node -> area."""
    out = []
    by_type = defaultdict(list)
    for node in G:
        t = G.nodes[node].get("type")
        by_type[t if t in TYPE_STYLES else None].append(node)
    for t, style in TYPE_STYLES.items():
        nodes = by_type.get(t)
        if not nodes:
            continue
        colors = [color_of(n) for n in nodes] if color_of else style["color"]
        out.append(ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes],
                              s=[size[n] for n in nodes] if isinstance(size, dict) else size,
                              marker=style["marker"], c=colors, edgecolors="white", linewidths=1.5,
                              zorder=3))
    return out


def _edge_points(ax, arcs, px):
    """Points every few pixels along each arc ``(xy_a, xy_b, rad)`` (matplotlib's arc3), in pixels."""
    import numpy as np

    if not arcs:
        return np.zeros((0, 2))
    out = []
    for a, b, rad in arcs:
        (x1, y1), (x2, y2) = ax.transData.transform([a, b])
        cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
        steps = max(8, int(math.hypot(x2 - x1, y2 - y1) / (3 * px)))
        t = np.linspace(0.0, 1.0, steps)[:, None]
        out.append((1 - t) ** 2 * [x1, y1] + 2 * (1 - t) * t * [cx, cy] + t ** 2 * [x2, y2])
    return np.vstack(out)


def _place_labels(ax, G, pos, size, nodes=None, fontsize=9, arcs=()):
    """Put each label beside its node where it overlaps no other label, node or edge.

    Labels are tried below, above, right and left of the node, and farther out (with a thin
    leader line to the node) only where those would cover another label or node; the best connected actors choose first.
    Overlapping a node costs most, lying over an edge (``arcs``: ``(xy_a, xy_b, rad)``) costs
    less; the cheapest place wins. A label that would overlap a
    label already placed wherever it goes is left out (the HTML page names every actor in its
    tooltip). A white box under each label keeps the edges that still cross it from hiding it.
    ``size`` is one marker area (points squared) or a dict node -> area.
    """
    fig = ax.figure
    renderer = _renderer(fig)
    nodes = list(G) if nodes is None else list(nodes)
    px = fig.dpi / 72.0
    to_px = ax.transData.transform

    def radius(n):  # points
        return math.sqrt(size[n] if isinstance(size, dict) else size) / 2

    import numpy as np

    order_all = list(G)
    where = {n: i for i, n in enumerate(order_all)}
    centres = to_px(np.array([pos[n] for n in order_all], dtype=float)) if order_all else np.zeros((0, 2))
    radii = np.array([radius(n) * px for n in order_all])
    markers = np.column_stack([centres - radii[:, None], centres + radii[:, None]])  # x0, y0, x1, y1
    ring = [(0, -1, "center", "top"), (0, 1, "center", "bottom"), (1, 0, "left", "center"),
            (-1, 0, "right", "center"), (1, -1, "left", "top"), (-1, 1, "right", "bottom"),
            (1, 1, "left", "bottom"), (-1, -1, "right", "top")]
    degree = dict(G.degree())
    order = sorted(nodes, key=lambda n: (-degree.get(n, 0), str(n)))
    points = _edge_points(ax, list(arcs), px)
    placed, texts = np.zeros((0, 4)), {}

    def annotate(n, gap, dx, dy, ha, va, far, leader=None):
        return ax.annotate(_label(G, n), pos[n], xytext=(dx * (gap + 1) * far, dy * gap * far),
                           textcoords="offset points", ha=ha, va=va, fontsize=fontsize, zorder=5,
                           arrowprops=leader,
                           bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})

    for n in order:
        gap = radius(n) + 2
        best = None
        for far in (1.0, 2.0):
            for dx, dy, ha, va in ring:
                t = annotate(n, gap, dx, dy, ha, va, far)
                box = t.get_window_extent(renderer).padded(2 * px)
                hard = _overlaps(box, placed)
                cover = _overlaps(box, markers) - _overlaps(box, markers[where[n]:where[n] + 1])
                crossed = 0.0
                if len(points):
                    inside = ((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                              & (points[:, 1] > box.y0) & (points[:, 1] < box.y1))
                    crossed = float(inside.sum())
                cost = (hard, cover + 40.0 * px * px * crossed)
                if best is None or cost < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (cost, t, box, cover, (n, gap, dx, dy, ha, va, far))
                else:
                    t.remove()
                if cost == (0, 0):
                    break
            if best[0][0] == 0 and best[3] == 0:  # beside its node, clear of labels and nodes
                break
        if best[0][0] > 0:  # no room: leave this one out rather than cover another
            best[1].remove()
            continue
        b, text, where_ = best[2], best[1], best[4]
        if where_[-1] > 1:  # set off from its node: a thin leader line says whose label it is
            text.remove()
            text = annotate(*where_, leader={"arrowstyle": "-", "color": "0.55", "lw": 0.6,
                                             "shrinkA": 0, "shrinkB": radius(n) + 1})
        placed = np.vstack([placed, [b.x0, b.y0, b.x1, b.y1]])
        texts[n] = text
    return texts


def _fit_legend(ax, legend) -> None:
    """Make the legend (beside the axes, on the right) fit inside the figure: smaller text if it
    is taller than the room below its top, then narrower axes until its right edge is inside."""
    if legend is None:
        return
    fig = ax.figure
    renderer = _renderer(fig)
    box, page = legend.get_window_extent(renderer), fig.bbox
    if box.y0 < page.y0:
        k = 0.97 * (box.y1 - page.y0) / box.height
        for t in legend.get_texts():
            t.set_fontsize(t.get_fontsize() * k)
        for h in legend.legend_handles:
            if hasattr(h, "set_markersize"):
                h.set_markersize(h.get_markersize() * k)
    for _ in range(4):
        box = legend.get_window_extent(renderer)
        over = box.x1 - page.x1 + 4
        if over <= 0:
            break
        p = ax.get_position()
        ax.set_position([p.x0, p.y0, max(0.2 * p.width, p.width - over / page.width), p.height])


class _ArrowHandler:
    """Legend handler that draws a family's arrow: its colour, line style and head."""

    def legend_artist(self, legend, orig_handle, fontsize, handlebox):
        from matplotlib.patches import FancyArrowPatch

        x0, y0 = handlebox.xdescent, handlebox.ydescent
        w, h = handlebox.width, handlebox.height
        style = orig_handle.style
        p = FancyArrowPatch((x0, y0 + h / 2), (x0 + w, y0 + h / 2), arrowstyle=style["arrow"],
                            mutation_scale=fontsize * 1.1, color=style["color"], lw=2,
                            linestyle=style["linestyle"], transform=handlebox.get_transform())
        handlebox.add_artist(p)
        return p


class _ArrowKey:
    """A legend entry standing for one family's arrow (drawn by :class:`_ArrowHandler`)."""

    def __init__(self, style):
        self.style = style

    def get_label(self):
        return ""


def _overlaps(box, boxes) -> float:
    """Total area ``box`` shares with the rows ``x0, y0, x1, y1`` of ``boxes``."""
    import numpy as np

    if not len(boxes):
        return 0.0
    w = np.minimum(box.x1, boxes[:, 2]) - np.maximum(box.x0, boxes[:, 0])
    h = np.minimum(box.y1, boxes[:, 3]) - np.maximum(box.y0, boxes[:, 1])
    return float((np.clip(w, 0, None) * np.clip(h, 0, None)).sum())


def _labelled(G, limit=_MAX_LABELS):
    if len(G) <= limit:
        return list(G)
    degree = dict(G.degree())
    return sorted(G, key=lambda n: (-degree[n], str(n)))[:limit]


def _legend(ax, sections, **kw):
    """One legend with a bold header per section: ``[(title, [(handle, label), ...]), ...]``."""
    from matplotlib.lines import Line2D

    handles, labels, headers = [], [], []
    for title, entries in sections:
        if not entries:
            continue
        headers.append(len(labels))
        handles.append(Line2D([], [], linestyle="none"))
        labels.append(title)
        for h, lab in entries:
            handles.append(h)
            labels.append(lab)
    if not handles:
        return None
    kw = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "frameon": False, "fontsize": 9,
          "handlelength": 2.6, "borderaxespad": 0.0, "handler_map": {_ArrowKey: _ArrowHandler()}, **kw}
    leg = ax.legend(handles, labels, **kw)
    for i in headers:
        leg.get_texts()[i].set_fontweight("bold")
    return leg


def _type_entries(G, color=None):
    from matplotlib.lines import Line2D

    present = {G.nodes[n].get("type") if G.nodes[n].get("type") in TYPE_STYLES else None for n in G}
    return [(Line2D([], [], linestyle="none", marker=s["marker"], markersize=9,
                    markerfacecolor=color or s["color"], markeredgecolor="white"), s["name"])
            for t, s in TYPE_STYLES.items() if t in present]


def _empty(ax, title):
    ax.set_axis_off()
    ax.set_title(title)
    return ax.text(0.5, 0.5, "no stances", ha="center", va="center", fontsize=14, color="#666666",
                   transform=ax.transAxes)


def _date_span(G) -> str:
    dates = sorted(d for _, _, d in G.edges(data="date") if d is not None)
    if not dates:
        return ""
    return f", {dates[0]}" if dates[0] == dates[-1] else f", {dates[0]} to {dates[-1]}"


# ------------------------------------------------------------------ stance graph
def draw_stances(G: nx.MultiDiGraph, pos: dict | None = None, *, ax=None, seed: int = 0,
                 title: str | None = None) -> dict:
    """Draw the stance graph: arrows coloured by relation family, nodes shaped by actor type.

    Stances of the same family between the same two actors share one arrow, thicker the more
    articles report them; each family has its colour (colour-blind safe), line style and arrow
    head. Different families between the same pair, and the two directions, curve apart so each
    stays visible. Nodes are larger the more stances they have. Labels sit beside their node on
    a white box, placed so they overlap neither each other nor other nodes; a label with no room
    is left out. One legend lists the families and actor types present and is kept inside the
    figure. Above 600 arrows the edges are drawn as thin straight lines, and above 100 actors
    only the 100 best connected may be labelled.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A stance graph (:func:`diplograph.graph.network.stance_graph`); edges need ``family``.
    pos : dict, optional
        node -> (x, y); default :func:`layout` with ``seed``.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    seed : int, optional
        Layout seed.
    title : str, optional
        Default: "Diplomatic stances: N actors, M stances".

    Returns
    -------
    dict
        ``nodes`` (collections), ``edges`` (patches or a collection), ``labels`` (node -> text)
        and ``legend``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("FRA", label="France", type="State")
    >>> G.add_node("AZE", label="Azerbaijan", type="State")
    >>> _ = G.add_edge("FRA", "AZE", relation="condemns", family="disapprove")
    >>> ax = Figure().add_subplot()
    >>> drawn = draw_stances(G, ax=ax)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Relation', 'disapprove (condemns)', 'Actor type', 'State']
    """
    from matplotlib.lines import Line2D

    ax = _ax(ax)
    n_edges = G.number_of_edges()
    if title is None:
        title = (f"Diplomatic stances: {len(G)} actor{'s' * (len(G) != 1)}, "
                 f"{n_edges} stance{'s' * (n_edges != 1)}{_date_span(G)}")
    if len(G) == 0:
        return {"nodes": [], "edges": [], "labels": {}, "legend": None, "empty": _empty(ax, title)}
    pos = layout(G, seed=seed) if pos is None else pos
    missing = [n for n in G if n not in pos]
    if missing:
        raise DiplographError(f"pos has no position for {missing[0]!r}")
    sizes = _node_sizes(G)
    ax.set_axis_off()
    ax.set_title(title, fontsize=12)
    _set_limits(ax, pos)

    groups = defaultdict(lambda: [0, None, set(), set()])  # (u, v, family) -> count, style, relations, articles
    for u, v, k, d in G.edges(keys=True, data=True):
        if u == v:
            continue
        fam = d.get("family")
        g = groups[u, v, fam]
        g[0] += 1
        g[1] = FAMILY_STYLES.get(fam, _OTHER_FAMILY)
        g[2].add(d.get("relation"))
        g[3].add(d.get("article") or ("statement", k))

    relations = defaultdict(set)
    for (_, _, fam), (_, _, rels, _) in groups.items():
        relations[fam] |= {r for r in rels if r}
    fams = [f for f in FAMILY_STYLES if f in relations] + sorted(f for f in relations if f not in FAMILY_STYLES and f)
    family_entries = [(_ArrowKey(FAMILY_STYLES.get(f, _OTHER_FAMILY)),
                       f"{f} ({', '.join(sorted(relations[f]))})" if relations[f] else f) for f in fams]
    sections = [("Relation", family_entries), ("Actor type", _type_entries(G))]
    if any(len(g[3]) > 1 for g in groups.values()):
        sections.append(("Line width", [(Line2D([], [], color="#777777", lw=4), "thicker: more articles")]))
    legend = _legend(ax, sections)
    _fit_legend(ax, legend)

    if len(groups) > _MAX_ARROWS:
        edges, arcs = _straight_edges(ax, pos, groups), []
    else:
        edges, arcs = _curved_edges(ax, pos, groups, sizes)
    nodes = _draw_nodes(ax, G, pos, sizes)
    labels = _place_labels(ax, G, pos, sizes, nodes=_labelled(G),
                           fontsize=9 if len(G) <= 30 else 7, arcs=arcs)
    return {"nodes": nodes, "edges": edges, "labels": labels, "legend": legend}


def _edge_width(articles: int, most: int, widest: float) -> float:
    """1.2 points for one article up to ``widest`` for the most reported arrow (log scale)."""
    if most <= 1:
        return 1.2
    return 1.2 + (widest - 1.2) * math.log(max(articles, 1)) / math.log(most)


def _curved_edges(ax, pos, groups, sizes):
    from matplotlib.patches import FancyArrowPatch

    by_pair = defaultdict(list)
    for (u, v, fam) in groups:
        by_pair[frozenset((u, v))].append((u, v, fam))
    order = list(FAMILY_STYLES)
    patches, arcs = [], []
    centres = {n: ax.transData.transform(xy) for n, xy in pos.items()}
    px = ax.figure.dpi / 72.0
    clearance = (max(math.sqrt(x) / 2 for x in sizes.values()) + 4) * px
    most = max(len(g[3]) for g in groups.values())
    dense = len(groups) > 150
    widest, alpha = (3.0, 0.6) if dense else (4.5, 0.85)
    for keys in by_pair.values():
        keys.sort(key=lambda k: (str(k[0]), order.index(k[2]) if k[2] in order else 99))
        per_dir = defaultdict(int)
        single = len(keys) == 1
        for u, v, fam in keys:
            i = per_dir[u, v]
            per_dir[u, v] += 1
            ru, rv = math.sqrt(sizes[u]) / 2, math.sqrt(sizes[v]) / 2
            rad = _clear_rad(centres, u, v, clearance) if single else 0.12 + 0.16 * i
            _, style, _, articles = groups[u, v, fam]
            lw = _edge_width(len(articles), most, widest) * (1.2 if fam == "force" else 1.0)
            p = FancyArrowPatch(pos[u], pos[v], arrowstyle=style["arrow"], mutation_scale=11 + 1.5 * lw,
                                connectionstyle=f"arc3,rad={rad}", color=style["color"],
                                linestyle=style["linestyle"], lw=lw, alpha=alpha,
                                shrinkA=ru + 1, shrinkB=rv + 3, zorder=2)
            ax.add_patch(p)
            patches.append(p)
            arcs.append((pos[u], pos[v], rad))
    return patches, arcs


def _clear_rad(centres, u, v, clearance, candidates=(0.0, 0.2, -0.2, 0.35, -0.35)):
    """The first curvature whose arc from ``u`` to ``v`` passes no other node closer than
    ``clearance`` pixels (else the one passing farthest), so no edge runs through a node."""
    import numpy as np

    others = np.array([c for n, c in centres.items() if n != u and n != v])
    if not len(others):
        return 0.0
    (x1, y1), (x2, y2) = centres[u], centres[v]
    t = np.linspace(0.1, 0.9, 17)[:, None]
    best = (-1.0, 0.0)
    for rad in candidates:
        cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
        pts = (1 - t) ** 2 * [x1, y1] + 2 * (1 - t) * t * [cx, cy] + t ** 2 * [x2, y2]
        gap = float(np.sqrt(((pts[:, None, :] - others[None, :, :]) ** 2).sum(-1)).min())
        if gap >= clearance:
            return rad
        best = max(best, (gap, rad))
    return best[1]


def _straight_edges(ax, pos, groups):
    from matplotlib.collections import LineCollection

    keys = list(groups)
    segs = [(pos[u], pos[v]) for (u, v, _) in keys]
    styles = [groups[k][1] for k in keys]
    lc = LineCollection(segs, colors=[st["color"] for st in styles],
                        linestyles=[st["linestyle"] for st in styles],
                        linewidths=[0.3 + 0.3 * math.log2(len(groups[k][3])) for k in keys], alpha=0.35, zorder=1)
    ax.add_collection(lc)
    return lc


# ------------------------------------------------------------------ alliance graph
def _bloc_colors(result) -> dict:
    colors, i = {}, 0
    for b, members in enumerate(result.blocs):
        if len(members) > 1:
            colors[b] = _BLOC_COLORS[i % len(_BLOC_COLORS)]
            i += 1
        else:
            colors[b] = _UNALIGNED
    return colors


def _bloc_name(A, members, limit=3) -> str:
    ranked = sorted(members, key=lambda n: (A.nodes[n].get("type") != "State", -A.degree(n),
                                            str(A.nodes[n].get("label") or n)))
    names = [str(A.nodes[n].get("label") or n) for n in ranked]
    text = ", ".join(names[:limit])
    return text + (f" +{len(names) - limit}" if len(names) > limit else "")


def draw_alliances(A: nx.Graph, pos: dict | None = None, *, ax=None, seed: int = 0, partition=None,
                   title: str | None = None) -> dict:
    """Draw the groups of actors that side together: nodes coloured by group, ties by sign.

    Ties of actors that side together are solid green, ties of actors that oppose each other
    dashed orange-red, thicker the stronger. Groups are found per conflict neighbourhood
    (:func:`diplograph.graph.analysis.blocs`); each neighbourhood is drawn on its own, its
    groups side by side and its actors in no group in a grey row below. The title says how many
    ties go against the groups. The legend sits right of the drawing and is kept inside the
    figure.

    Parameters
    ----------
    A : networkx.Graph
        A signed graph (:func:`diplograph.graph.analysis.alliance_graph`).
    pos : dict, optional
        node -> (x, y); default: groups side by side per neighbourhood.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    seed : int, optional
        Seed of the bloc search and the layout.
    partition : diplograph.graph.analysis.Blocs, optional
        Blocs to colour (default: ``blocs(A, seed=seed)``).

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``labels``, ``legend`` and ``blocs`` (the partition drawn).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> A = nx.Graph()
    >>> A.add_weighted_edges_from([("FRA", "ARM", 1.0), ("AZE", "TUR", 1.0), ("FRA", "AZE", -1.0)])
    >>> ax = Figure().add_subplot()
    >>> drawn = draw_alliances(A, ax=ax)
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:3]
    ['Groups that side together', 'FRA, ARM', 'AZE, TUR']
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from diplograph.graph.analysis import blocs as find_blocs

    ax = _ax(ax)
    result = find_blocs(A, seed=seed) if partition is None else partition
    custom_title = title is not None
    n_groups = sum(len(b) > 1 for b in result.blocs)
    if title is None:
        title = (f"Groups that side together: {n_groups} group{'s' * (n_groups != 1)} among {len(A)} actors\n"
                 f"{result.violations} of {A.number_of_edges()} ties go against the groups")
    if len(A) == 0:
        return {"nodes": [], "edges": [], "labels": {}, "legend": None, "blocs": result,
                "empty": _empty(ax, "Groups that side together: no stances")}
    pos = _bloc_layout(A, result, seed) if pos is None else pos
    size = _node_size(len(A))
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)
    _set_limits(ax, pos)
    colors = _bloc_colors(result)

    bloc_entries = []
    for b, members in enumerate(result.blocs):
        if len(members) > 1 and len(bloc_entries) < 10:
            bloc_entries.append((Line2D([], [], linestyle="none", marker="o", markersize=10,
                                        markerfacecolor=colors[b], markeredgecolor="white"),
                                 _bloc_name(A, members)))
    if n_groups > 10:
        bloc_entries.append((Line2D([], [], linestyle="none"), f"and {n_groups - 10} more groups"))
    alone = sum(len(b) == 1 for b in result.blocs)
    if alone:
        bloc_entries.append((Line2D([], [], linestyle="none", marker="o", markersize=10,
                                    markerfacecolor=_UNALIGNED, markeredgecolor="white"),
                             f"in no group ({alone})"))
    tie_entries = [(Line2D([], [], color=_SIDE_TOGETHER[0], lw=2), "side together"),
                   (Line2D([], [], color=_OPPOSE[0], lw=2, linestyle=_OPPOSE[1]), "oppose each other")]
    legend = _legend(ax, [("Groups that side together", bloc_entries), ("Ties", tie_entries),
                          ("Actor type", _type_entries(A, color="#777777"))])
    _fit_legend(ax, legend)

    weights = [abs(d.get("weight", 1.0)) for _, _, d in A.edges(data=True)] or [1.0]
    top = max(weights) or 1.0
    ties = [(u, v, float(d.get("weight", 1.0))) for u, v, d in A.edges(data=True)
            if u != v and float(d.get("weight", 1.0)) != 0]
    thin = len(ties) > _MAX_ARROWS
    if len(ties) > _MAX_TIES:  # a hairball hides the groups: keep the strongest ties
        ties = sorted(ties, key=lambda t: (-abs(t[2]), str(t[0]), str(t[1])))[:_MAX_TIES]
        if not custom_title:
            ax.set_title(f"{title}; the {_MAX_TIES} strongest of {A.number_of_edges()} ties are drawn",
                         fontsize=11)
    edges = []
    for positive, (color, style) in ((True, _SIDE_TOGETHER), (False, _OPPOSE)):
        es = [t for t in ties if (t[2] > 0) == positive]
        if not es:
            continue
        lc = LineCollection([(pos[u], pos[v]) for u, v, _ in es], colors=color,
                            linewidths=[0.4 if thin else 0.8 + 2.4 * abs(w) / top for *_, w in es],
                            linestyles="solid" if thin else style,
                            alpha=0.3 if thin else (0.75 if positive else 0.4), zorder=1)
        ax.add_collection(lc)
        edges.append(lc)
    nodes = _draw_nodes(ax, A, pos, size, color_of=lambda n: colors[result.membership[n]])
    arcs = [] if thin else [(pos[u], pos[v], 0.0) for u, v in A.edges() if u != v]
    labels = _place_labels(ax, A, pos, size, nodes=_labelled(A), fontsize=9 if len(A) <= 30 else 7,
                           arcs=arcs)
    return {"nodes": nodes, "edges": edges, "labels": labels, "legend": legend, "blocs": result}


# ------------------------------------------------------------------ matrix
def draw_matrix(A: nx.Graph, *, ax=None, partition=None, seed: int = 0, title: str | None = None) -> dict:
    """Draw the alignment matrix as a heatmap, actors grouped by bloc, with a colour bar.

    Blue: the two actors side together, red: they oppose each other, white: no tie (a diverging
    palette that stays readable with colour-blindness); thin lines separate the groups that side
    together, and inside a group states come first. Actor names label the rows and columns up to 80 actors; up to 20
    actors each cell also shows its value.

    Parameters
    ----------
    A : networkx.Graph
        The alliance graph (:func:`diplograph.graph.analysis.alliance_graph`).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current axes).
    partition : diplograph.graph.analysis.Blocs, optional
        Blocs to order by (default: ``blocs(A, seed=seed)``).

    Returns
    -------
    dict
        ``image``, ``colorbar``, ``order`` (the actors, row by row) and ``matrix``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> A = nx.Graph([("FRA", "ARM", {"weight": 1.0}), ("FRA", "AZE", {"weight": -2.0})])
    >>> ax = Figure().add_subplot()
    >>> drawn = draw_matrix(A, ax=ax)
    >>> drawn["order"], drawn["matrix"][0].tolist()
    (['ARM', 'FRA', 'AZE'], [0.0, 1.0, 0.0])
    """
    from diplograph.graph.analysis import alignment_matrix
    from diplograph.graph.analysis import blocs as find_blocs

    ax = _ax(ax)
    if len(A) == 0:
        return {"image": None, "colorbar": None, "order": [], "matrix": None,
                "empty": _empty(ax, "Alignment matrix: no stances")}
    result = find_blocs(A, seed=seed) if partition is None else partition
    kinds = list(TYPE_STYLES)
    order = sorted(A, key=lambda n: (result.membership[n], kinds.index(A.nodes[n].get("type"))
                                     if A.nodes[n].get("type") in kinds else len(kinds),
                                     str(A.nodes[n].get("label") or n)))
    M, order = alignment_matrix(A, order)
    top = float(abs(M).max()) or 1.0
    im = ax.imshow(M, cmap="RdBu", vmin=-top, vmax=top, interpolation="nearest")
    cbar = ax.figure.colorbar(im, ax=ax, shrink=0.8, pad=0.02)
    cbar.set_label("blue: side together, red: oppose each other")
    n = len(order)
    if n <= 80:
        names = [str(A.nodes[x].get("label") or x) for x in order]
        fs = 9 if n <= 25 else 7 if n <= 50 else 5
        ax.set_xticks(range(n), names, rotation=90, fontsize=fs)
        ax.set_yticks(range(n), names, fontsize=fs)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    if n <= 20:  # small matrices show their values
        for i in range(n):
            for j in range(n):
                if M[i, j]:
                    ax.text(j, i, f"{M[i, j]:g}", ha="center", va="center", fontsize=8,
                            color="white" if abs(M[i, j]) > 0.6 * top else "#222222")
    edges = [i for i in range(1, n) if result.membership[order[i]] != result.membership[order[i - 1]]
             and len(result.blocs[result.membership[order[i - 1]]]) > 1]
    for i in edges:
        ax.axhline(i - 0.5, color="#333333", lw=0.8)
        ax.axvline(i - 0.5, color="#333333", lw=0.8)
    ax.set_title(title or f"Who sides with whom: {n} actors, in groups that side together", fontsize=11)
    return {"image": im, "colorbar": cbar, "order": order, "matrix": M}


# ------------------------------------------------------------------ files
def _figsize(kind: str, n: int) -> tuple[float, float]:
    if kind == "matrix":
        side = min(22.0, max(7.0, 0.28 * n + 3))
        return side + 1.5, side
    w = min(24.0, max(10.0, 2.6 * math.sqrt(max(n, 1))))
    return w, w * 0.72


def save_picture(rdf_graph, path: str | os.PathLike, *, kind: str = "stance", seed: int = 0,
                 rollup: bool = False, filters: dict | None = None) -> Path:
    """Draw the stance graph, the alliance graph or the alignment matrix of an RDF graph to a file.

    The format follows the suffix: ``.png`` (150 dpi), ``.svg`` or ``.pdf``. The file is written
    to a temporary name and renamed, so a failure leaves no half-written picture. A graph
    without stances gives a picture that says "no stances".

    Parameters
    ----------
    rdf_graph : rdflib.Graph
        The graph (a store or parsed files).
    path : str or path-like
        Where to write.
    kind : {"stance", "alliance", "matrix"}, optional
        Which picture.
    seed : int, optional
        Layout (and bloc search) seed.
    rollup : bool, optional
        Merge people and organs into their state or organisation first.
    filters : dict, optional
        Keywords of :func:`diplograph.graph.network.filter_graph` (``since``, ``until``,
        ``actor``, ``depth``, ``relations``, ``families``, ``min_articles``, ``top``), applied
        after the roll-up.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    DiplographError
        For an unknown kind or suffix, or a bad filter.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> from diplograph.graph.store import open_graph
    >>> out = pathlib.Path(tmp.name) / "empty.svg"
    >>> save_picture(open_graph(), out).suffix
    '.svg'
    >>> save_picture(open_graph(), out.with_suffix(".gif"))
    Traceback (most recent call last):
    ...
    diplograph.loaders.records.DiplographError: ...empty.gif: unknown picture type '.gif' (use .png, .svg or .pdf)
    >>> tmp.cleanup()
    """
    import matplotlib
    from matplotlib.figure import Figure

    from diplograph.graph.analysis import alliance_graph
    from diplograph.graph.network import filter_graph, stance_graph
    from diplograph.graph.store import atomic_write

    path = Path(path)
    fmt = PICTURE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DiplographError(f"{path}: unknown picture type {path.suffix!r} (use .png, .svg or .pdf)")
    if kind not in KINDS:
        raise DiplographError(f"unknown picture kind {kind!r}; choose one of {', '.join(KINDS)}")
    G = stance_graph(rdf_graph, rollup=rollup)
    if filters:
        G = filter_graph(G, **filters)
    fig = Figure(figsize=_figsize(kind, len(G)), dpi=100, layout=None)
    ax = fig.add_subplot()
    if kind == "stance":
        draw_stances(G, ax=ax, seed=seed)
    else:
        A = alliance_graph(G)
        (draw_alliances if kind == "alliance" else draw_matrix)(A, ax=ax, seed=seed)
    with atomic_write(path, "wb") as fh, matplotlib.rc_context(RC_PARAMS):
        fig.savefig(fh, format=fmt, dpi=150 if fmt == "png" else None, bbox_inches="tight", metadata=None)
    return path
