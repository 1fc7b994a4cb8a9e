"""cxmaps: customer journey maps as code.

The core (model, read, site, compare, publish, exchange, author) has no MkDocs import:
`cxmaps.mkdocs` and `cxmaps.cli` are thin adapters over it (see ARCHITECTURE.md).
"""

__version__ = "0.1.0"
