"""cxmaps: customer journey maps as code.

The core (model, load, validate, render, diff) has no MkDocs import: `cxmaps.mkdocs` and
`cxmaps.cli` are thin adapters over it.
"""

__version__ = "0.1.0"
