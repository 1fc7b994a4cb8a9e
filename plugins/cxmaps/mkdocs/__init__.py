"""The MkDocs adapter: a thin plugin over the cxmaps core (the only place MkDocs is
imported)."""
