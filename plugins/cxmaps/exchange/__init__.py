"""Maps out of cxmaps: the JSON and CSV exports and the JSON Schema of every file."""
