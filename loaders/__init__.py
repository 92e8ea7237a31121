"""Text to stance records to RDF: ``Article -> [ActorMention] -> [StanceMention] -> triples``."""
