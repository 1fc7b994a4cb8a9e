"""Pure renderers from the cxmaps model to HTML, SVG and Mermaid: no MkDocs imports."""
