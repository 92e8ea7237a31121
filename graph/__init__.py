"""The ontology, the store, SPARQL, networkx analysis, drawing and the ``diplograph`` command."""

#: Environment variable that holds the update token (safer than ``--update-token`` on a shared
#: machine): ``serve`` asks for it and the HTTP opener of graph/store.py sends it. It lives here,
#: in the package, so that neither module has to import the other (the server's workers would load
#: rdflib with graph/store.py; every command that opens a store would load the server).
UPDATE_TOKEN_ENV = "DIPLOGRAPH_UPDATE_TOKEN"
