"""Pictures: legends, colours, labels that do not overlap, files in each format."""

import random

import matplotlib
import networkx as nx
import numpy as np
import pytest
import scenarios
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from diplograph.graph import draw
from diplograph.graph.analysis import alignment_matrix, alliance_graph, blocs
from diplograph.graph.network import stance_graph
from diplograph.graph.store import open_graph
from diplograph.loaders.records import DiplographError


@pytest.fixture(scope="module")
def G():
    return stance_graph(scenarios.rdf())


def axes(size=(12, 8.5)):
    return Figure(figsize=size).add_subplot()


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def label_boxes(ax, texts):
    renderer = ax.figure.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts]


def test_stance_picture_legend_title_and_edges(G):
    ax = axes()
    drawn = draw.draw_stances(G, ax=ax)
    assert legend_texts(ax) == [
        "Relation", "support (supports)", "mediate (mediates)", "appeal (appeals, demands)",
        "consult (consults)", "disapprove (accuses, condemns)", "force (attacks)",
        "Actor type", "State", "Person", "Organisation", "Non-state actor"]
    assert ax.get_title() == "Diplomatic stances: 12 actors, 22 stances, 2023-09-19"
    # one arrow per (subject, object, family); colour by family
    groups = {(u, v, d["family"]) for u, v, d in G.edges(data=True)}
    assert len(drawn["edges"]) == len(groups) == 21
    assert all(isinstance(p, FancyArrowPatch) for p in drawn["edges"])
    colours = {matplotlib.colors.to_hex(p.get_edgecolor()) for p in drawn["edges"]}
    assert colours == {draw.FAMILY_COLORS[f] for *_, f in groups}
    # node markers by type: one scatter per type present
    assert len(drawn["nodes"]) == 4
    assert sorted(drawn["labels"]) == sorted(G)
    assert drawn["labels"]["FRA"].get_text() == "France"


def test_parallel_stances_of_different_families_curve_apart(G):
    ax = axes()
    drawn = draw.draw_stances(G, ax=ax)
    pos = draw.layout(G, seed=0)
    macron = [p for p in drawn["edges"]
              if np.allclose(p._posA_posB[0], pos["emmanuel-macron"]) and np.allclose(p._posA_posB[1], pos["AZE"])]
    rads = sorted(p.get_connectionstyle().rad for p in macron)
    assert len(macron) == 2 and rads[0] != rads[1] and rads[0] > 0


def test_labels_do_not_overlap_each_other_or_hide_under_edges(G):
    ax = axes()
    drawn = draw.draw_stances(G, ax=ax)
    boxes = label_boxes(ax, drawn["labels"].values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    arrow_z = max(p.get_zorder() for p in drawn["edges"])
    assert all(t.get_zorder() > arrow_z and t.get_bbox_patch() is not None for t in drawn["labels"].values())


def test_alliance_picture_colours_blocs(G):
    A = alliance_graph(G)
    ax = axes()
    drawn = draw.draw_alliances(A, ax=ax)
    texts = legend_texts(ax)
    assert texts[:4] == ["Groups that side together", "Armenia, France, Antony Blinken +3",
                         "Azerbaijan, Russia, Turkey +2", "in no group (1)"]
    assert texts[4:7] == ["Ties", "side together", "oppose each other"]
    assert ax.get_title() == "Groups that side together: 2 groups among 12 actors\n0 of 28 ties go against the groups"
    boxes = label_boxes(ax, drawn["labels"].values())
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])

    pos = draw.layout(A, seed=0)
    drawn = draw.draw_alliances(A, pos, ax=axes())
    colour = {}
    for coll in drawn["nodes"]:
        for xy, c in zip(coll.get_offsets(), coll.get_facecolors()):
            node = next(n for n in A if np.allclose(pos[n], xy))
            colour[node] = matplotlib.colors.to_hex(c)
    assert colour["FRA"] == colour["ARM"] == colour["emmanuel-macron"] != colour["AZE"]
    assert colour["AZE"] == colour["TUR"] == colour["recep-tayyip-erdogan"]
    assert colour["NKS"] == "#c8c8c8"


def test_matrix_picture_has_colour_bar_and_labels(G):
    A = alliance_graph(G)
    fig = Figure(figsize=(10, 9))
    ax = fig.add_subplot()
    drawn = draw.draw_matrix(A, ax=ax)
    assert len(fig.axes) == 2 and drawn["colorbar"].ax in fig.axes
    assert drawn["colorbar"].ax.get_ylabel() == "blue: side together, red: oppose each other"
    order = drawn["order"]
    M, _ = alignment_matrix(A, order)
    assert (drawn["image"].get_array() == M).all()
    assert [t.get_text() for t in ax.get_yticklabels()][:1] == [A.nodes[order[0]]["label"]]
    # grouped by bloc: members of a bloc are contiguous rows
    member = blocs(A).membership
    seq = [member[n] for n in order]
    assert seq == sorted(seq)


def test_layout_is_deterministic(G):
    a, b, c = draw.layout(G, seed=3), draw.layout(G, seed=3), draw.layout(G, seed=4)
    assert all((a[n] == b[n]).all() for n in G)
    assert any((a[n] != c[n]).any() for n in G)
    assert draw.layout(nx.Graph()) == {}


def test_big_graph_draws_lines_and_labels_the_hubs():
    rng = random.Random(1)
    G = nx.MultiDiGraph()
    for i in range(150):
        G.add_node(f"a{i}", label=f"Actor {i}", type=rng.choice(["State", "Person", "Organization", "NonState"]))
    fams = list(draw.FAMILY_COLORS)
    for _ in range(900):
        G.add_edge(f"a{rng.randrange(150)}", f"a{rng.randrange(150)}", family=rng.choice(fams), relation="x")
    ax = axes((20, 14))
    drawn = draw.draw_stances(G, ax=ax)
    assert isinstance(drawn["edges"], LineCollection)
    degree = dict(G.degree())
    assert 0 < len(drawn["labels"]) <= 100  # the hubs, as many as fit
    hubs = sorted(G, key=lambda n: (-degree[n], n))[:5]
    assert all(n in drawn["labels"] for n in hubs)


def test_empty_graph_says_no_stances():
    ax = axes()
    drawn = draw.draw_stances(nx.MultiDiGraph(), ax=ax)
    assert drawn["empty"].get_text() == "no stances"
    assert draw.draw_alliances(nx.Graph(), ax=axes())["empty"].get_text() == "no stances"
    assert draw.draw_matrix(nx.Graph(), ax=axes())["empty"].get_text() == "no stances"


def test_draws_on_the_current_axes_without_showing():
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    try:
        drawn = draw.draw_stances(nx.MultiDiGraph([("a", "b", {"family": "support"})]))
        assert drawn["legend"] is plt.gca().get_legend()
    finally:
        plt.close(fig)


def test_missing_position_is_an_error(G):
    with pytest.raises(DiplographError, match="no position"):
        draw.draw_stances(G, {"FRA": (0, 0)}, ax=axes())


MAGIC = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}


@pytest.mark.parametrize("kind", draw.KINDS)
@pytest.mark.parametrize("suffix", sorted(MAGIC))
def test_save_picture_writes_each_format(tmp_path, kind, suffix):
    out = draw.save_picture(scenarios.rdf(), tmp_path / f"k{suffix}", kind=kind)
    assert out.read_bytes()[:5].startswith(MAGIC[suffix])
    assert [p.name for p in tmp_path.iterdir()] == [f"k{suffix}"]  # no temporary left behind


def test_save_picture_rejects_bad_suffix_and_kind(tmp_path):
    with pytest.raises(DiplographError, match=r"unknown picture type '\.jpg'"):
        draw.save_picture(open_graph(), tmp_path / "k.jpg")
    with pytest.raises(DiplographError, match="unknown picture kind"):
        draw.save_picture(open_graph(), tmp_path / "k.png", kind="pie")
    assert list(tmp_path.iterdir()) == []


def test_save_picture_of_an_empty_graph_and_with_rollup(tmp_path):
    assert draw.save_picture(open_graph(), tmp_path / "e.png").stat().st_size > 0
    assert draw.save_picture(scenarios.rdf(), tmp_path / "r.png", kind="alliance", rollup=True).exists()


def test_an_edge_bends_around_a_node_in_its_way():
    G = nx.MultiDiGraph()
    G.add_nodes_from(["a", "b", "c"], type="State")
    G.add_edge("a", "c", family="mediate", relation="mediates")
    G.add_edge("a", "b", family="appeal", relation="appeals")
    pos = {"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (2.0, 0.0)}
    drawn = draw.draw_stances(G, pos, ax=axes())
    rads = {matplotlib.colors.to_hex(p.get_edgecolor()): p.get_connectionstyle().rad for p in drawn["edges"]}
    assert rads[draw.FAMILY_COLORS["appeal"]] == 0.0       # a -> b: nothing in the way
    assert abs(rads[draw.FAMILY_COLORS["mediate"]]) > 0.1  # a -> c would run through b
