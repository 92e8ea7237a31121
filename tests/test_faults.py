"""Fault injection: SIGKILL in the middle of an ingest leaves only whole articles, and a re-run completes."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import time

import pyoxigraph as ox
from test_corpus import DIPLOGRAPH, ROOT, load_make_corpus, run, summary

from diplograph.graph.ingest import article_payload
from diplograph.loaders.corpus import iter_corpus

N = 300
CONTENT_HASH = ox.NamedNode("https://w3id.org/diplograph/ontology#contentHash")


def kill_after(cmd, lines_wanted: int, deadline_s: float = 90.0) -> int:
    """Run ``cmd``, SIGKILL it once it has reported ``lines_wanted`` committed articles."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    seen, buf = 0, b""
    try:
        deadline = time.monotonic() + deadline_s
        while seen < lines_wanted and time.monotonic() < deadline and proc.poll() is None:
            ready, _, _ = select.select([proc.stderr], [], [], 0.5)
            if ready:
                buf += os.read(proc.stderr.fileno(), 65536)
                seen = buf.count(b" stances\n")
        assert proc.poll() is None, f"ingest ended before it could be killed: {buf.decode()[-500:]}"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return seen


def test_sigkill_mid_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path, extractor):
    corpus = load_make_corpus().write_corpus(tmp_path / "news.jsonl", N, "jsonl", seed=11)
    store = tmp_path / "store"
    seen = kill_after([*DIPLOGRAPH, "ingest", str(corpus), "--store", str(store), "-v", "-q",
                       "--batch-size", "4"], lines_wanted=40)

    db = ox.Store(str(store))  # opening after a kill replays the write-ahead log
    present = {q.object.value for q in db.quads_for_pattern(None, CONTENT_HASH, None)}
    assert seen <= len(present) < N  # every reported article was committed; the run was cut short
    stored = {str(q.triple) + " ." for q in db}
    articles = [a for a in iter_corpus([corpus]) if a.hash in present]
    assert len(articles) == len(present)
    for art in articles:  # each article present has every one of its triples
        payload = article_payload(art, extractor.extract(art), extractor.gazetteer)
        expected = ox.Store()  # stored the same way, so literals are canonical alike ("0.950" -> "0.95")
        expected.load("\n".join(payload.lines).encode(), format=ox.RdfFormat.N_TRIPLES)
        missing = [line for line in (str(q.triple) + " ." for q in expected) if line not in stored]
        assert not missing, (art.source, missing[:3])
    # and the edge counts were written with their statements, never behind them
    rows = db.query("""PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?e ?c (COUNT(?st) AS ?n) WHERE { ?e a dg:StanceEdge ; dg:count ?c ; dg:aggregates ?st }
        GROUP BY ?e ?c""")
    assert all(int(r["c"].value) == int(r["n"].value) for r in rows)
    del db, rows

    again = run("ingest", corpus, "--store", store, "-q")
    assert again.returncode == 0, again.stderr
    assert summary(again.stderr) == (N - len(present), len(present), 0)
    db = ox.Store.read_only(str(store))
    assert len(list(db.quads_for_pattern(None, CONTENT_HASH, None))) == N


def test_a_bad_row_in_the_middle_does_not_stop_the_rest(tmp_path):
    rows = [json.dumps({"text": f"France condemned Azerbaijan, report {i}.", "date": "2023-09-19"})
            for i in range(5)]
    rows.insert(2, '{"text": "cut off')
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(rows) + "\n")
    res = run("ingest", path, "--store", tmp_path / "store")
    assert res.returncode == 0 and summary(res.stderr) == (5, 0, 1)
    assert f"skipped {path}:3: malformed JSON" in res.stderr
