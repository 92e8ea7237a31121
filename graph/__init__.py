"""The ontology, the store, SPARQL, networkx analysis, drawing and the ``diplograph`` command."""
