"""One file's bytes to data: safe reading inside the site, front matter, the two YAML
parses, positions of values, and the check of fields against the model."""
