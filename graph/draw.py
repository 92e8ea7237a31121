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
    "KINDS",
    "PICTURE_FORMATS",
    "TYPE_STYLES",
    "draw_alliances",
    "draw_matrix",
    "draw_stances",
    "layout",
    "save_picture",
]

#: Edge colour of each relation family (the legend lists them in this order).
FAMILY_COLORS = {
    "support": "#1b9e46",
    "mediate": "#1f78b4",
    "appeal": "#e6a100",
    "consult": "#8c8c8c",
    "disapprove": "#e0403a",
    "reject": "#8e44ad",
    "force": "#1a1a1a",
}
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

_BLOC_COLORS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3",
                "#8c8c8c", "#ccb974", "#64b5cd"]
_UNALIGNED = "#c8c8c8"
_MAX_ARROWS = 600      # above this many drawn edges: straight lines without arrow heads
_MAX_LABELS = 60       # above this many nodes: label only the best connected ones
_MAX_TIES = 3000       # the alliance picture draws at most this many ties, the strongest


# ------------------------------------------------------------------ layout
def layout(G: nx.Graph, seed: int = 0, *, iterations: int = 60) -> dict:
    """Force-directed positions (Fruchterman-Reingold), the same for the same graph and seed.

    Edge direction, multiplicity and sign are ignored: two actors with any stance between them
    attract each other. NumPy only (no SciPy), so it also runs on graphs of thousands of nodes.

    Parameters
    ----------
    G : networkx.Graph
        Any graph.
    seed : int, optional
        Seed of the initial positions.
    iterations : int, optional
        Number of cooling steps.

    Returns
    -------
    dict
        node -> numpy array ``[x, y]``, scaled into [-1, 1].

    Examples
    --------
    >>> G = nx.path_graph(4)
    >>> pos = layout(G, seed=1)
    >>> sorted(pos) == [0, 1, 2, 3] and all(abs(c) <= 1 for p in pos.values() for c in p)
    True
    >>> all((layout(G, seed=1)[n] == pos[n]).all() for n in G)
    True
    """
    import numpy as np

    nodes = sorted(G, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: np.zeros(2)}
    index = {u: i for i, u in enumerate(nodes)}
    A = np.zeros((n, n))
    for u, v in G.edges():
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
    if scale > 0:
        pos /= scale
    return {u: pos[index[u]] for u in nodes}


def _bloc_layout(A: nx.Graph, membership: dict, seed: int) -> dict:
    """Blocs side by side (on a circle), each laid out on its own; actors in no bloc in a row below."""
    import numpy as np

    groups = defaultdict(list)
    for node, b in membership.items():
        groups[b].append(node)
    real = sorted((b for b, g in groups.items() if len(g) > 1), key=lambda b: (-len(groups[b]), b))
    alone = sorted((g[0] for b, g in groups.items() if len(g) == 1), key=str)
    pos = {}
    biggest = max((len(groups[b]) for b in real), default=1)
    for i, b in enumerate(real):
        if len(real) == 1:
            center = np.zeros(2)
        else:
            angle = math.pi - 2 * math.pi * i / len(real)
            center = 1.6 * np.array([math.cos(angle), math.sin(angle) * (0.75 if len(real) > 2 else 0)])
        members = groups[b]
        if len(members) <= 16:  # small blocs: a ring, states first, so no two members collide
            ring = sorted(members, key=lambda n: (A.nodes[n].get("type") != "State",
                                                  str(A.nodes[n].get("label") or n)))
            inner = {n: np.array([math.cos(math.pi / 2 + 2 * math.pi * i / len(ring)),
                                  math.sin(math.pi / 2 + 2 * math.pi * i / len(ring))])
                     for i, n in enumerate(ring)}
        else:
            sub = A.subgraph(members)
            positive = nx.Graph((u, v) for u, v, d in sub.edges(data=True) if d.get("weight", 1) > 0)
            positive.add_nodes_from(sub)
            inner = layout(positive, seed=seed)
        radius = 0.6 * math.sqrt(len(members) / biggest)
        for node, p in inner.items():
            pos[node] = center + radius * p
    if alone:
        ys = [p[1] for p in pos.values()]
        y = (min(ys) if ys else 0.0) - 0.7
        xs = [p[0] for p in pos.values()] or [0.0]
        lo, hi = (min(xs), max(xs)) if len(xs) > 1 and max(xs) > min(xs) else (-1.0, 1.0)
        per_row = max(4, int(2 * math.sqrt(len(alone))) + 1)
        for i, node in enumerate(alone):
            row, col = divmod(i, per_row)
            width = min(per_row, len(alone) - row * per_row)
            x = (lo + hi) / 2 if width == 1 else lo + (hi - lo) * col / (width - 1)
            pos[node] = np.array([x, y - 0.45 * row])
    return pos


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
    """One scatter per actor type (its marker); colour by type unless ``color_of`` says otherwise."""
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
        out.append(ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=size,
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

    Labels are tried below, above, right and left of the node, then farther out; the best
    connected actors choose first. Overlapping another label or a node costs most, lying over
    an edge (``arcs``: ``(xy_a, xy_b, rad)``) costs less; the cheapest place wins. A white box
    under each label keeps the edges that still cross it from hiding it.
    """
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = _renderer(fig)
    nodes = list(G) if nodes is None else list(nodes)
    radius = math.sqrt(size) / 2  # points
    px = fig.dpi / 72.0
    to_px = ax.transData.transform
    marker_boxes = {}
    for n in G:
        x, y = to_px(pos[n])
        r = radius * px
        marker_boxes[n] = Bbox.from_extents(x - r, y - r, x + r, y + r)
    gap = radius + 2
    candidates = [(0, -gap, "center", "top"), (0, gap, "center", "bottom"),
                  (gap + 1, 0, "left", "center"), (-gap - 1, 0, "right", "center"),
                  (gap, -gap, "left", "top"), (-gap, gap, "right", "bottom"),
                  (gap, gap, "left", "bottom"), (-gap, -gap, "right", "top")]
    candidates += [(dx * 2.2, dy * 2.2, ha, va) for dx, dy, ha, va in candidates]
    degree = dict(G.degree())
    order = sorted(nodes, key=lambda n: (-degree.get(n, 0), str(n)))
    points = _edge_points(ax, list(arcs), px)
    placed, texts = [], {}
    for n in order:
        best = None
        for dx, dy, ha, va in candidates:
            t = ax.annotate(_label(G, n), pos[n], xytext=(dx, dy), textcoords="offset points",
                            ha=ha, va=va, fontsize=fontsize, zorder=5,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
            box = t.get_window_extent(renderer).padded(2 * px)
            cost = sum(_overlap(box, b) for b in placed)
            cost += sum(_overlap(box, b) for m, b in marker_boxes.items() if m != n)
            if len(points):
                inside = ((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                          & (points[:, 1] > box.y0) & (points[:, 1] < box.y1))
                cost += 40.0 * px * px * float(inside.sum())
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, t, box)
            else:
                t.remove()
            if cost == 0:
                break
        placed.append(best[2])
        texts[n] = best[1]
    return texts


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


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
          "handlelength": 2.2, "borderaxespad": 0.0, **kw}
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

    Stances of the same relation between the same two actors share one arrow, thicker the more
    there are; different relations between the same pair, and the two directions, curve apart
    so each stays visible. Labels sit beside their node on a white box, placed so they overlap
    neither each other nor other nodes. One legend lists the families and actor types present.
    Above 600 arrows the edges are drawn as thin straight lines, and above 60 actors only the
    60 best connected are labelled.

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
    size = _node_size(len(G))
    ax.set_axis_off()
    ax.set_title(title, fontsize=12)
    _set_limits(ax, pos)

    groups = defaultdict(lambda: [0, None, set()])  # (u, v, family) -> count, colour, relations
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        fam = d.get("family")
        g = groups[u, v, fam]
        g[0] += 1
        g[1] = FAMILY_COLORS.get(fam, "#555555")
        g[2].add(d.get("relation"))
    if len(groups) > _MAX_ARROWS:
        edges, arcs = _straight_edges(ax, pos, groups), []
    else:
        edges, arcs = _curved_edges(ax, pos, groups, size)
    nodes = _draw_nodes(ax, G, pos, size)
    labels = _place_labels(ax, G, pos, size, nodes=_labelled(G),
                           fontsize=9 if len(G) <= 30 else 7, arcs=arcs)

    from matplotlib.lines import Line2D

    relations = defaultdict(set)
    for (_, _, fam), (_, _, rels) in groups.items():
        relations[fam] |= {r for r in rels if r}
    fams = [f for f in FAMILY_COLORS if f in relations] + sorted(f for f in relations if f not in FAMILY_COLORS and f)
    family_entries = [(Line2D([], [], color=FAMILY_COLORS.get(f, "#555555"), lw=2.5),
                       f"{f} ({', '.join(sorted(relations[f]))})" if relations[f] else f) for f in fams]
    legend = _legend(ax, [("Relation", family_entries), ("Actor type", _type_entries(G))])
    return {"nodes": nodes, "edges": edges, "labels": labels, "legend": legend}


def _curved_edges(ax, pos, groups, size):
    from matplotlib.patches import FancyArrowPatch

    by_pair = defaultdict(list)
    for (u, v, fam) in groups:
        by_pair[frozenset((u, v))].append((u, v, fam))
    radius = math.sqrt(size) / 2
    order = list(FAMILY_COLORS)
    patches, arcs = [], []
    centres = {n: ax.transData.transform(xy) for n, xy in pos.items()}
    clearance = (radius + 4) * ax.figure.dpi / 72.0
    for keys in by_pair.values():
        keys.sort(key=lambda k: (str(k[0]), order.index(k[2]) if k[2] in order else 99))
        per_dir = defaultdict(int)
        single = len(keys) == 1
        for u, v, fam in keys:
            i = per_dir[u, v]
            per_dir[u, v] += 1
            rad = _clear_rad(centres, u, v, clearance) if single else 0.12 + 0.16 * i
            count, color, _ = groups[u, v, fam]
            p = FancyArrowPatch(pos[u], pos[v], arrowstyle="-|>", mutation_scale=14,
                                connectionstyle=f"arc3,rad={rad}", color=color,
                                lw=1.4 + 1.1 * math.log2(count), alpha=0.9,
                                shrinkA=radius + 1, shrinkB=radius + 3, zorder=2)
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

    segs = [(pos[u], pos[v]) for (u, v, _) in groups]
    colors = [c for (_, c, _) in groups.values()]
    lc = LineCollection(segs, colors=colors, linewidths=0.4, alpha=0.35, zorder=1)
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
    """Draw the alliance graph with its blocs: nodes coloured by bloc, ties by sign.

    Aligned ties are solid green, opposed ties dashed red, thicker the stronger; blocs are laid
    out side by side and actors in no bloc sit in a grey row below. The title gives the
    frustration: how many ties go against the blocs.

    Parameters
    ----------
    A : networkx.Graph
        A signed graph (:func:`diplograph.graph.analysis.alliance_graph`).
    pos : dict, optional
        node -> (x, y); default: blocs side by side, each laid out with :func:`layout`.
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
    ['Blocs', 'FRA, ARM', 'AZE, TUR']
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from diplograph.graph.analysis import blocs as find_blocs

    ax = _ax(ax)
    result = find_blocs(A, seed=seed) if partition is None else partition
    custom_title = title is not None
    if title is None:
        title = (f"Alliances: {sum(len(b) > 1 for b in result.blocs)} bloc(s) among {len(A)} actors; "
                 f"{result.violations} of {A.number_of_edges()} ties go against them "
                 f"(frustration {result.frustration:g})")
    if len(A) == 0:
        return {"nodes": [], "edges": [], "labels": {}, "legend": None, "blocs": result,
                "empty": _empty(ax, "Alliances: no stances")}
    pos = _bloc_layout(A, result.membership, seed) if pos is None else pos
    size = _node_size(len(A))
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)
    _set_limits(ax, pos)
    colors = _bloc_colors(result)
    weights = [abs(d.get("weight", 1.0)) for _, _, d in A.edges(data=True)] or [1.0]
    top = max(weights) or 1.0
    ties = [(u, v, float(d.get("weight", 1.0))) for u, v, d in A.edges(data=True)
            if u != v and float(d.get("weight", 1.0)) != 0]
    thin = len(ties) > _MAX_ARROWS
    if len(ties) > _MAX_TIES:  # a hairball hides the blocs: keep the strongest ties
        ties = sorted(ties, key=lambda t: (-abs(t[2]), str(t[0]), str(t[1])))[:_MAX_TIES]
        if not custom_title:
            ax.set_title(f"{title}\nthe {_MAX_TIES} strongest of {A.number_of_edges()} ties are drawn",
                         fontsize=11)
    edges = []
    for positive, color, style in ((True, "#1b9e46", "solid"), (False, "#d7301f", (0, (4, 3)))):
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

    bloc_entries = []
    for b, members in enumerate(result.blocs):
        if len(members) > 1 and len(bloc_entries) < 10:
            bloc_entries.append((Line2D([], [], linestyle="none", marker="o", markersize=10,
                                        markerfacecolor=colors[b], markeredgecolor="white"),
                                 _bloc_name(A, members)))
    alone = sum(len(b) == 1 for b in result.blocs)
    if alone:
        bloc_entries.append((Line2D([], [], linestyle="none", marker="o", markersize=10,
                                    markerfacecolor=_UNALIGNED, markeredgecolor="white"),
                             f"in no bloc ({alone})"))
    tie_entries = [(Line2D([], [], color="#1b9e46", lw=2), "aligned"),
                   (Line2D([], [], color="#d7301f", lw=2, linestyle=(0, (4, 3))), "opposed")]
    legend = _legend(ax, [("Blocs", bloc_entries), ("Ties", tie_entries),
                          ("Actor type", _type_entries(A, color="#777777"))])
    return {"nodes": nodes, "edges": edges, "labels": labels, "legend": legend, "blocs": result}


# ------------------------------------------------------------------ matrix
def draw_matrix(A: nx.Graph, *, ax=None, partition=None, seed: int = 0, title: str | None = None) -> dict:
    """Draw the alignment matrix as a heatmap, actors grouped by bloc, with a colour bar.

    Blue is aligned, red opposed, white no tie; thin lines separate the blocs, and inside a
    bloc states come first. Actor names label the rows and columns up to 80 actors; up to 20
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
    cbar.set_label("alignment (+ aligned, − opposed)")
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
    ax.set_title(title or f"Alignment matrix: {n} actors, grouped by bloc", fontsize=11)
    return {"image": im, "colorbar": cbar, "order": order, "matrix": M}


# ------------------------------------------------------------------ files
def _figsize(kind: str, n: int) -> tuple[float, float]:
    if kind == "matrix":
        side = min(22.0, max(7.0, 0.28 * n + 3))
        return side + 1.5, side
    w = min(24.0, max(10.0, 2.6 * math.sqrt(max(n, 1))))
    return w, w * 0.72


def save_picture(rdf_graph, path: str | os.PathLike, *, kind: str = "stance", seed: int = 0,
                 rollup: bool = False) -> Path:
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

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    DiplographError
        For an unknown kind or suffix.

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
    from matplotlib.figure import Figure

    from diplograph.graph.analysis import alliance_graph
    from diplograph.graph.network import stance_graph
    from diplograph.graph.store import atomic_write

    path = Path(path)
    fmt = PICTURE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DiplographError(f"{path}: unknown picture type {path.suffix!r} (use .png, .svg or .pdf)")
    if kind not in KINDS:
        raise DiplographError(f"unknown picture kind {kind!r}; choose one of {', '.join(KINDS)}")
    G = stance_graph(rdf_graph, rollup=rollup)
    fig = Figure(figsize=_figsize(kind, len(G)), dpi=100, layout=None)
    ax = fig.add_subplot()
    if kind == "stance":
        draw_stances(G, ax=ax, seed=seed)
    else:
        A = alliance_graph(G)
        (draw_alliances if kind == "alliance" else draw_matrix)(A, ax=ax, seed=seed)
    with atomic_write(path, "wb") as fh:
        fig.savefig(fh, format=fmt, dpi=150 if fmt == "png" else None, bbox_inches="tight", metadata=None)
    return path
