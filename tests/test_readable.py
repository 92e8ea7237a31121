"""Pictures that stay readable: no overlapping labels at 40 actors, a palette that survives
colour-blindness and greyscale, legends inside the figure, text that stays text."""

import itertools
import math
import random

import networkx as nx
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from diplograph.graph import draw
from diplograph.graph.analysis import alliance_graph, blocs, neighbourhoods

# ---------------------------------------------------------------- colour vision
# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB.
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968],
                         [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868],
                       [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])
#: Smallest CIEDE2000 difference two family colours may have for a reader with the deficiency
#: (about 2 is just noticeable side by side; 10 is a difference seen at a glance on thin lines).
MIN_DELTA_E = 10.0


def _linear(rgb):
    rgb = np.asarray(rgb, float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _srgb(lin):
    lin = np.clip(lin, 0, 1)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)


def _rgb(hexcolour):
    h = hexcolour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)])


def simulate(hexcolour, matrix):
    return _srgb(matrix @ _linear(_rgb(hexcolour)))


def lab(rgb):
    """sRGB (0-1) -> CIELAB (D65)."""
    xyz = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                    [0.0193339, 0.1191920, 0.9503041]]) @ _linear(rgb) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1, lab2):
    (L1, a1, b1), (L2, a2, b2) = lab1, lab2
    C = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    G = 0.5 * (1 - np.sqrt(C ** 7 / (C ** 7 + 25 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    dh = 0.0 if C1p * C2p == 0 else (h2p - h1p + 180) % 360 - 180
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dh / 2))
    Lb, Cbp = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hb = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hb = (h1p + h2p) / 2
    else:
        hb = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (1 - 0.17 * np.cos(np.radians(hb - 30)) + 0.24 * np.cos(np.radians(2 * hb))
         + 0.32 * np.cos(np.radians(3 * hb + 6)) - 0.20 * np.cos(np.radians(4 * hb - 63)))
    SL = 1 + 0.015 * (Lb - 50) ** 2 / np.sqrt(20 + (Lb - 50) ** 2)
    SC, SH = 1 + 0.045 * Cbp, 1 + 0.015 * Cbp * T
    RT = -np.sin(np.radians(60 * np.exp(-(((hb - 275) / 25) ** 2)))) * 2 * np.sqrt(Cbp ** 7 / (Cbp ** 7 + 25 ** 7))
    dL, dC = (L2 - L1) / SL, (C2p - C1p) / SC
    return float(np.sqrt(dL ** 2 + dC ** 2 + (dHp / SH) ** 2 + RT * dC * (dHp / SH)))


def test_ciede2000_matches_the_published_test_pairs():
    # Sharma, Wu and Dalal (2005), pairs 1 and 7
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50.0, 0.0, 0.0), (50.0, -1.0, 2.0)) == pytest.approx(2.3669, abs=1e-4)


def closest_pair(palette, matrix):
    return min((ciede2000(lab(simulate(palette[a], matrix)), lab(simulate(palette[b], matrix))), a, b)
               for a, b in itertools.combinations(palette, 2))


@pytest.mark.parametrize("name, matrix", [("deuteranopia", DEUTERANOPIA), ("protanopia", PROTANOPIA)])
def test_family_colours_stay_apart_for_colour_blind_readers(name, matrix):
    delta, a, b = closest_pair(draw.FAMILY_COLORS, matrix)
    assert delta >= MIN_DELTA_E, f"{a} and {b} differ by only {delta:.1f} under {name}"


def test_the_simulation_catches_the_old_red_green_palette():
    old = {"support": "#1b9e46", "disapprove": "#e0403a"}
    assert closest_pair(old, DEUTERANOPIA)[0] < MIN_DELTA_E < closest_pair(old, np.eye(3))[0]


def test_families_differ_in_greyscale_by_line_style_and_head():
    looks = {(s["linestyle"], s["arrow"].split(",")[0]) for s in draw.FAMILY_STYLES.values()}
    assert len(looks) == len(draw.FAMILY_STYLES)


# ---------------------------------------------------------------- labels
def forty_actors(seed=7):
    """Two conflicts of 18 actors each and two small unrelated pairs: 40 actors, about 120 stances."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    names = [f"{rng.choice(['Republic of', 'Ministry of', 'President of', 'Kingdom of'])} "
             f"{rng.choice(['North', 'South', 'East', 'West', 'Upper'])} {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"]
    kinds = ["State", "Person", "Organization", "NonState"]
    for i, name in enumerate(names):
        G.add_node(f"n{i}", label=name, type=kinds[i % 4])
    fams = {"supports": "support", "condemns": "disapprove", "appeals": "appeal", "attacks": "force",
            "mediates": "mediate", "consults": "consult", "rejects": "reject"}
    for lo, hi, count in ((0, 18, 60), (18, 36, 60)):
        for k in range(count):
            u, v = rng.sample(range(lo, hi), 2)
            rel = rng.choice(sorted(fams))
            G.add_edge(f"n{u}", f"n{v}", relation=rel, family=fams[rel], article=f"a{k % 17}")
    G.add_edge("n36", "n37", relation="supports", family="support")
    G.add_edge("n38", "n39", relation="condemns", family="disapprove")
    return G


def boxes_of(ax, texts):
    """The boxes of the label texts (an annotation's own extent would include its leader line)."""
    renderer = ax.figure.canvas.get_renderer()
    return [Text.get_window_extent(t, renderer) for t in texts]


def overlapping(boxes):
    return [(i, j) for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2) if a.overlaps(b)]


@pytest.mark.parametrize("size", [(12.0, 8.5), (6.4, 4.8)])
def test_no_two_labels_overlap_on_a_40_actor_picture(size):
    G = forty_actors()
    assert len(G) == 40
    fig = Figure(figsize=size)
    ax = fig.add_subplot()
    drawn = draw.draw_stances(G, ax=ax)
    fig.canvas.draw()
    texts = list(drawn["labels"].values())
    assert not overlapping(boxes_of(ax, texts))
    # and the rule is not met by leaving the labels out: most actors are named on a big figure
    if size[0] >= 12:
        assert len(texts) >= 30


def test_a_label_set_off_from_its_node_has_a_leader_line_and_one_beside_it_has_none():
    G, pos = nx.Graph(), {}
    for i in range(5):  # a tight grid of long names: some labels must move out to the second ring
        for j in range(5):
            G.add_node((i, j), label=f"Actor number {i}{j}")
            pos[(i, j)] = (i * 0.5, j * 0.3)
    fig = Figure(figsize=(6.4, 4.8))
    ax = fig.add_subplot()
    ax.set_xlim(-1, 3)
    ax.set_ylim(-1, 2)
    size = 300.0
    texts = draw._place_labels(ax, G, pos, size)
    gap = math.sqrt(size) / 2 + 2  # points from the centre to the first ring of places
    far = {n for n, t in texts.items() if math.hypot(*t.xyann) > 1.7 * (gap + 1)}
    assert far and len(far) < len(texts)
    assert {n for n, t in texts.items() if t.arrow_patch is not None} == far


def test_no_two_labels_overlap_on_a_40_actor_alliance_picture():
    A = alliance_graph(forty_actors())
    fig = Figure(figsize=(12, 8.5))
    ax = fig.add_subplot()
    drawn = draw.draw_alliances(A, ax=ax)
    fig.canvas.draw()
    assert not overlapping(boxes_of(ax, drawn["labels"].values()))
    assert len(drawn["labels"]) >= 25


def test_unconnected_groups_sit_beside_the_main_one_not_in_far_corners():
    G = forty_actors()
    pos = draw.layout(G, seed=0)
    main = np.array([pos[f"n{i}"] for i in range(36)])
    pair = np.array([pos["n36"], pos["n37"]])
    # the pair is about one unit apart, like neighbours in the big components, not stretched
    spread = np.median([np.linalg.norm(pos[u] - pos[v]) for u, v in G.edges() if u != v])
    assert np.linalg.norm(pair[0] - pair[1]) < 2 * spread
    assert main.std(axis=0).min() > 0.2  # the main groups fill the picture, not a blob


# ---------------------------------------------------------------- legends and files
@pytest.mark.parametrize("kind", ["stance", "alliance"])
def test_the_legend_stays_inside_a_default_figure(kind):
    G = forty_actors()
    fig = Figure()  # matplotlib's default 6.4 x 4.8 inches
    ax = fig.add_subplot()
    drawn = (draw.draw_stances(G, ax=ax) if kind == "stance" else draw.draw_alliances(alliance_graph(G), ax=ax))
    fig.canvas.draw()
    box = drawn["legend"].get_window_extent(fig.canvas.get_renderer())
    page = fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1


def test_alliance_words_are_plain():
    fig = Figure(figsize=(12, 8))
    ax = fig.add_subplot()
    draw.draw_alliances(alliance_graph(forty_actors()), ax=ax)
    words = " ".join([ax.get_title()] + [t.get_text() for t in ax.get_legend().get_texts()]).lower()
    assert "groups that side together" in words
    assert not {"frustration", "bloc", "balance", "aligned"} & set(words.replace(",", " ").split())


def test_two_unrelated_conflicts_are_never_one_bloc():
    G = forty_actors()
    # a hub speaks about both conflicts: one connected component, two neighbourhoods
    for v in ("n1", "n2", "n20", "n21"):
        G.add_edge("hub", v, relation="supports", family="support")
    A = alliance_graph(G)
    assert nx.is_connected(A.subgraph(set(A) - {"n36", "n37", "n38", "n39"}))
    result = blocs(A, seed=0)
    first, second = {f"n{i}" for i in range(18)}, {f"n{i}" for i in range(18, 36)}
    assert all(not (b & first and b & second) for b in result.blocs)
    assert result.neighbourhoods == neighbourhoods(A, 0)
    # the component-only search would merge them
    merged = blocs(A, seed=0, by_neighbourhood=False)
    assert any(b & first and b & second for b in merged.blocs)


def test_svg_keeps_text_and_pdf_embeds_truetype(tmp_path):
    import scenarios

    svg = draw.save_picture(scenarios.rdf(), tmp_path / "s.svg").read_text()
    assert "<text" in svg and ">France<" in svg.replace("</tspan>", "<")
    pdf = draw.save_picture(scenarios.rdf(), tmp_path / "s.pdf").read_bytes()
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf


def test_the_page_has_search_dates_and_family_styles_and_stays_offline(tmp_path):
    import json
    import re

    from diplograph.graph.export import write_html

    G = forty_actors()
    for i, (u, v, k) in enumerate(G.edges(keys=True)):
        G.edges[u, v, k]["date"] = f"2023-09-{10 + i % 20:02d}"
    text = write_html(G, tmp_path / "p.html").read_text(encoding="utf-8")
    assert 'type="search"' in text and text.count('type="range"') == 2
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:|<link|@import""", text)
    data = json.loads(re.search(r'id="data">(.*?)</script>', text, re.DOTALL).group(1))
    assert {n["id"]: n["degree"] for n in data["nodes"]} == dict(G.degree())
    assert data["styles"]["support"] == {"color": draw.FAMILY_COLORS["support"], "dash": "", "head": "open"}
    assert data["styles"]["disapprove"]["head"] == "filled" and data["styles"]["disapprove"]["dash"]
    assert len({(s["dash"], s["head"]) for s in data["styles"].values()}) == len(data["styles"])
