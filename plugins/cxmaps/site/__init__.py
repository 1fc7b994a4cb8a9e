"""A site root: its layout and options, discovery, parsing and the parse cache, the
loader, owners.yml, the rules across files, validation and its report."""
