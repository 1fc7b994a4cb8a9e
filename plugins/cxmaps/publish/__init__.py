"""A checked site to the pages and assets to publish, the same for every generator: one
pipeline, templates, URLs, the canvas, curves and diagrams, and the review of a diff."""
