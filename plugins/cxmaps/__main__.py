"""`python -m cxmaps` is the `cxmaps` command."""

from cxmaps.cli import main

main()
